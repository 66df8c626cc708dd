/**
 * The per-request deadline: one AbortSignal that aborts when `GATEWAY_REQUEST_TIMEOUT_MS` has passed or the
 * client went away, whichever comes first. Providers get it as `scope.signal` and pass it to every upstream
 * call, so a hanging upstream ends with `UPSTREAM_TIMEOUT` instead of holding the GraphQL request open.
 */
import { setMaxListeners } from 'node:events';

/** One request may run many upstream calls at once (list paging, loaders), each listening to the signal. */
const MAX_LISTENERS = 1_000;

export function requestDeadline(clientSignal: AbortSignal | undefined, timeoutMs: number): AbortSignal {
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = clientSignal ? AbortSignal.any([clientSignal, deadline]) : deadline;
  setMaxListeners(MAX_LISTENERS, signal);
  return signal;
}
