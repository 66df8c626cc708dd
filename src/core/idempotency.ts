/**
 * No double sends: a create repeated with the same idempotency key returns the first result without calling
 * the provider again; the same key with a different input is refused; concurrent duplicates wait for the
 * first. Keys belong to a caller (`scope`: one per gateway API key), so one caller can neither replay nor block
 * another's key.
 *
 * Two stores implement the same rules: the durable, shared one over the gateway's database
 * (`src/store/idempotency.ts`, used by `main.ts`) and the in-memory one below (a gateway built without a store:
 * scripts and tests that do not exercise durability).
 */
import { createHash } from 'node:crypto';
import { GatewayError, IdempotencyConflictError, IdempotencyInProgressError, UpstreamError } from './errors.js';

export interface IdempotentCall {
  /** Whose key it is: one scope per gateway API key (`anonymous` when access is open). */
  scope: string;
  key: string;
  /** `fingerprintOf` the input: the same key with another input is a conflict. */
  fingerprint: string;
  /**
   * The waiting caller's request signal (deadline, disconnect). It ends only this caller's wait — with
   * `IdempotencyInProgressError` — never the shared execution, which runs detached and finishes for everyone.
   */
  signal?: AbortSignal;
}

export interface IdempotencyStore {
  /**
   * Runs `execute` once per (scope, key). A later call with the same fingerprint gets the first call's
   * outcome — awaiting it if it is still running; a different fingerprint is a conflict. The outcome must be
   * plain JSON data (a durable store keeps it as JSON).
   */
  run<T>(call: IdempotentCall, execute: () => Promise<T>): Promise<T>;
  close?(): Promise<void>;
}

/** A stable hash of an input: key order does not matter, values do. */
export function fingerprintOf(value: unknown): string {
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .filter(([, inner]) => inner !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, inner]) => [k, canonical(inner)]),
      );
    }
    return v;
  };
  return createHash('sha256')
    .update(JSON.stringify(canonical(value)))
    .digest('hex');
}

/**
 * Which failures give the key back. A gateway refusal (validation, unsupported recurrence, unknown
 * reference, provider not configured, a provider's 400 on the input…) created nothing, so the key stays free
 * for the corrected input and a flood of refused inputs occupies nothing. An `UpstreamError` or an unexpected
 * failure may have reached the provider (a timed-out POST can still have created the schedule): it is kept and
 * replayed, because retrying it blindly could send twice.
 */
export function releasesKey(error: unknown): boolean {
  return error instanceof GatewayError && !(error instanceof UpstreamError);
}

export function conflictError(key: string): IdempotencyConflictError {
  return new IdempotencyConflictError(`The idempotency key "${key}" was already used with a different input; use a new key for a new schedule`);
}

export function inProgressError(key: string): IdempotencyInProgressError {
  return new IdempotencyInProgressError(`The first request with idempotency key "${key}" is still running; retry with the same key to get its outcome`);
}

/** Waits for `outcome`, or stops waiting (not the work) when the caller's signal ends its request. */
export function awaitFor<T>(outcome: Promise<T>, key: string, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return outcome;
  if (signal.aborted) return Promise.reject(inProgressError(key));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(inProgressError(key));
    signal.addEventListener('abort', onAbort, { once: true });
    outcome.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

interface Entry {
  fingerprint: string;
  result: Promise<unknown>;
  expiresAt: number;
}

export interface InMemoryIdempotencyOptions {
  /** How long a key is remembered (at least 24 h is promised). */
  ttlMs?: number;
  now?: () => number;
}

export class InMemoryIdempotencyStore implements IdempotencyStore {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: InMemoryIdempotencyOptions = {}) {
    this.ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
    this.now = options.now ?? Date.now;
  }

  run<T>(call: IdempotentCall, execute: () => Promise<T>): Promise<T> {
    const id = `${call.scope}\u0000${call.key}`;
    this.forgetExpired();
    const existing = this.entries.get(id);
    if (existing) {
      if (existing.fingerprint !== call.fingerprint) return Promise.reject(conflictError(call.key));
      return awaitFor(existing.result as Promise<T>, call.key, call.signal);
    }
    const result = execute();
    this.entries.set(id, { fingerprint: call.fingerprint, result, expiresAt: this.now() + this.ttlMs });
    result.catch((error: unknown) => {
      if (releasesKey(error) && this.entries.get(id)?.result === result) this.entries.delete(id);
    });
    return awaitFor(result, call.key, call.signal);
  }

  /** Keys leave only when their time is up: no count limit, so no flood can push another caller's key out. */
  private forgetExpired(): void {
    const now = this.now();
    for (const [id, entry] of this.entries) {
      if (entry.expiresAt > now) break; // insertion order = expiry order (one ttl for all)
      this.entries.delete(id);
    }
  }
}
