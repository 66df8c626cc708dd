/** The shared upstream-call settings every provider's client is built with, derived from `Config.http`. */
import type { HttpConfig } from '../config-parts.js';
import { ProviderCircuits, type HttpTimeouts, type RetryOptions, type UpstreamAttempt, type UpstreamTracer } from './http.js';

export interface HttpSettings {
  timeouts: HttpTimeouts;
  retry: RetryOptions;
  connections: number;
  /** The most body bytes read from one upstream answer. */
  maxBodyBytes: number;
  onAttempt?: (event: UpstreamAttempt) => void;
  /** One circuit breaker per provider (`UpstreamClient` picks its provider's). */
  circuits: ProviderCircuits;
  /** Trace spans around upstream attempts; absent when tracing is off. */
  tracer?: UpstreamTracer;
}

/**
 * What the gateway hands the provider registry to observe upstream calls: a plain attempt callback, which
 * may also carry the gateway's circuit breakers so that `/ready` and the metrics see the very breakers the
 * providers use. A plain function (tests, scripts) gets fresh breakers per registry.
 */
export type UpstreamObserver = ((event: UpstreamAttempt) => void) & { readonly circuits?: ProviderCircuits; readonly tracer?: UpstreamTracer };

export function upstreamObserver(onAttempt: (event: UpstreamAttempt) => void, circuits: ProviderCircuits, tracer?: UpstreamTracer): UpstreamObserver {
  return Object.assign((event: UpstreamAttempt) => onAttempt(event), { circuits, ...(tracer ? { tracer } : {}) });
}

export function circuitsFor(config: HttpConfig): ProviderCircuits {
  return new ProviderCircuits({ failures: config.breakerFailures, halfOpenAfterMs: config.breakerHalfOpenMs });
}

export function httpSettings(config: HttpConfig, onAttempt?: UpstreamObserver): HttpSettings {
  return {
    timeouts: { connectMs: config.connectTimeoutMs, headersMs: config.headersTimeoutMs, bodyMs: config.bodyTimeoutMs },
    retry: {
      retries: config.retries,
      initialDelayMs: config.retryInitialDelayMs,
      maxDelayMs: config.retryMaxDelayMs,
      maxRetryAfterMs: config.maxRetryAfterMs,
    },
    connections: config.connectionsPerProvider,
    maxBodyBytes: config.maxBodyBytes,
    circuits: onAttempt?.circuits ?? circuitsFor(config),
    ...(onAttempt ? { onAttempt } : {}),
    ...(onAttempt?.tracer ? { tracer: onAttempt.tracer } : {}),
  };
}
