/** The shared upstream-call settings every provider's client is built with, derived from `Config.http`. */
import type { HttpConfig } from '../config.js';
import type { HttpTimeouts, RetryOptions, UpstreamAttempt } from './http.js';

export interface HttpSettings {
  timeouts: HttpTimeouts;
  retry: RetryOptions;
  connections: number;
  onAttempt?: (event: UpstreamAttempt) => void;
}

export function httpSettings(config: HttpConfig, onAttempt?: (event: UpstreamAttempt) => void): HttpSettings {
  return {
    timeouts: { connectMs: config.connectTimeoutMs, headersMs: config.headersTimeoutMs, bodyMs: config.bodyTimeoutMs },
    retry: {
      retries: config.retries,
      initialDelayMs: config.retryInitialDelayMs,
      maxDelayMs: config.retryMaxDelayMs,
      maxRetryAfterMs: config.maxRetryAfterMs,
    },
    connections: config.connectionsPerProvider,
    ...(onAttempt ? { onAttempt } : {}),
  };
}
