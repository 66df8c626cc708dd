/**
 * The per-request deadline: one AbortSignal that aborts when `GATEWAY_REQUEST_TIMEOUT_MS` has passed or the
 * client went away, whichever comes first. Providers get it as `scope.signal` and pass it to every upstream
 * call, so a hanging upstream ends with `UPSTREAM_TIMEOUT` instead of holding the GraphQL request open.
 *
 * One controller and one timer per request, cleared when the response is sent: `AbortSignal.timeout` +
 * `AbortSignal.any` cost a timer that still fires (and builds a DOMException) long after the answer left.
 */
import { setMaxListeners } from 'node:events';

/** One request may run many upstream calls at once (list paging, loaders), each listening to the signal. */
const MAX_LISTENERS = 1_000;

export interface Deadline {
  signal: AbortSignal;
  /** Stops the timer and forgets the client signal; call once the response is sent. */
  dispose(): void;
}

export function requestDeadline(clientSignal: AbortSignal | undefined, timeoutMs: number): Deadline {
  const controller = new AbortController();
  setMaxListeners(MAX_LISTENERS, controller.signal);
  const timer = setTimeout(() => controller.abort(new DOMException(`The request took longer than ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
  timer.unref();
  const onClientGone = () => controller.abort(clientSignal?.reason);
  if (clientSignal?.aborted) onClientGone();
  else clientSignal?.addEventListener('abort', onClientGone, { once: true });
  return {
    signal: controller.signal,
    dispose: () => {
      clearTimeout(timer);
      clientSignal?.removeEventListener('abort', onClientGone);
    },
  };
}
