/**
 * Admission control: at most `limit` requests are handled at once; the others wait their turn in arrival
 * order, each holding only its parsed request. A backstop against overload: every request in flight keeps its
 * context, loaders, upstream bodies and result alive, so without a bound a flood of clients makes one process
 * hold all of them at once. The default limit is high on purpose: in the bench, 64 cost 200 clients on
 * `schedule(id)` a fifth of their throughput and saved no memory (what grows there is garbage between
 * collections, not work in flight), so the limit is for floods, not for tuning.
 *
 * A request that waits longer than `maxWaitMs` is answered 503 with `Retry-After` (nothing was executed, so
 * a retry is safe); a client that disconnects while waiting leaves the queue. The health, readiness and
 * metrics paths never wait: a load balancer must see a busy gateway as alive.
 */
import type { Plugin } from 'graphql-yoga';

export interface AdmissionOptions {
  /** Requests handled at once. */
  limit: number;
  /** The longest a request waits for its turn before a 503. */
  maxWaitMs: number;
  /** Paths that are never queued. */
  bypassPaths: ReadonlySet<string>;
  /** The request's path, as the request tracker already parsed it (ops/requests.ts). */
  pathOf: (request: Request) => string;
  /** Told the queue to report (gauges read it at scrape time) and each 503. */
  metrics: { watchAdmission(state: { readonly inFlight: number; readonly queued: number }): void; busyRefusal(): void };
}

/** A counting semaphore whose waiters are served first come, first served, and can give up. */
class Turnstile {
  private active = 0;
  /** Insertion-ordered: the first entry is the longest waiter. */
  private readonly waiting = new Set<() => void>();

  constructor(private readonly limit: number) {}

  /** Resolves true once admitted (call `leave()` after), false if `signal` aborted or `maxWaitMs` passed first. */
  enter(signal: AbortSignal, maxWaitMs: number): Promise<boolean> {
    if (this.active < this.limit && this.waiting.size === 0) {
      this.active += 1;
      return Promise.resolve(true);
    }
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const settle = (admitted: boolean) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', giveUp);
        resolve(admitted);
      };
      const admit = () => settle(true);
      const giveUp = () => {
        this.waiting.delete(admit);
        settle(false);
      };
      const timer = setTimeout(giveUp, maxWaitMs);
      this.waiting.add(admit);
      signal.addEventListener('abort', giveUp, { once: true });
    });
  }

  leave(): void {
    const next = this.waiting.values().next();
    if (next.done) {
      this.active -= 1;
      return;
    }
    // The slot passes straight to the longest waiter: `active` is unchanged.
    this.waiting.delete(next.value);
    next.value();
  }

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.size;
  }
}

export function admissionPlugin(options: AdmissionOptions): Plugin {
  const turnstile = new Turnstile(options.limit);
  options.metrics.watchAdmission(turnstile);
  const refused = new WeakSet<Request>();
  return {
    instrumentation: {
      request: async ({ request }, wrapped) => {
        if (options.bypassPaths.has(options.pathOf(request))) return wrapped();
        const admitted = await turnstile.enter(request.signal, options.maxWaitMs);
        if (!admitted) {
          // Handled without executing anything: `onRequest` below answers the 503 (or the client has gone).
          if (!request.signal.aborted) options.metrics.busyRefusal();
          refused.add(request);
          return wrapped();
        }
        try {
          await wrapped();
        } finally {
          turnstile.leave();
        }
      },
    },
    onRequest({ request, endResponse, fetchAPI }) {
      if (!refused.has(request)) return;
      endResponse(
        new fetchAPI.Response(
          JSON.stringify({ errors: [{ message: 'The gateway is busy; nothing was executed. Retry shortly.', extensions: { code: 'BUSY' } }] }),
          {
            status: 503,
            headers: { 'content-type': 'application/json; charset=utf-8', 'retry-after': '1' },
          },
        ),
      );
    },
  };
}
