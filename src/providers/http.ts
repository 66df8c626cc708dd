/**
 * The one HTTP client of the gateway. Every upstream call of every provider goes through `UpstreamClient`:
 * keep-alive undici pools, connect/header/body timeouts, retries with exponential backoff and jitter for
 * idempotent reads only (a create is never re-sent), `Retry-After` on 429, and the translation of transport
 * failures, malformed JSON and HTTP statuses into typed `UpstreamError`s. Providers add only their own
 * error vocabulary on top (see each `client.ts`).
 */
import { ExponentialBackoff, type IBackoff } from 'cockatiel';
import { Pool, errors as undiciErrors } from 'undici';
import type { ProviderName } from '../core/model.js';
import { UpstreamError, type UpstreamErrorCode } from '../core/errors.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface UpstreamRequest {
  method: HttpMethod;
  /** Path below the provider's base URL, starting with `/`. */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Aborts the call (the GraphQL request's deadline or the client going away). */
  signal?: AbortSignal;
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON; undefined for an empty body. */
  body: unknown;
  /** The upstream's own request id header, when it sends one. */
  requestId: string | null;
}

export interface HttpTimeouts {
  connectMs: number;
  headersMs: number;
  bodyMs: number;
}

export interface RetryOptions {
  /** Extra attempts after the first, for idempotent reads only. */
  retries: number;
  initialDelayMs: number;
  maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited for: the caller gets the 429 instead. */
  maxRetryAfterMs: number;
}

export interface UpstreamClientOptions {
  provider: ProviderName;
  baseUrl: string;
  /** Headers that authenticate a call; called per attempt so short-lived tokens can be renewed. */
  authHeaders: () => Promise<Record<string, string>> | Record<string, string>;
  timeouts: HttpTimeouts;
  retry: RetryOptions;
  connections: number;
  /** Response header carrying the upstream's request id (Heymarket: `x-request-id`). */
  requestIdHeader?: string;
  /** Spaces calls to respect an upstream rate limit (Heymarket); runs each attempt through it. */
  schedule?: <T>(task: () => Promise<T>) => Promise<T>;
  /** Observes every attempt (metrics, tests); never receives headers, so no secret can leak through it. */
  onAttempt?: (event: UpstreamAttempt) => void;
}

export interface UpstreamAttempt {
  provider: ProviderName;
  method: HttpMethod;
  path: string;
  status: number | null;
  durationMs: number;
  errorCode: UpstreamErrorCode | null;
}

const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);

/** One status → error-code map for every provider; providers refine 400/404 with their own codes first. */
export function upstreamCodeForStatus(status: number): UpstreamErrorCode {
  if (status === 401) return 'UPSTREAM_UNAUTHORIZED';
  if (status === 403) return 'UPSTREAM_FORBIDDEN';
  if (status === 429) return 'UPSTREAM_RATE_LIMITED';
  if (status >= 500) return 'UPSTREAM_UNAVAILABLE';
  return 'UPSTREAM_REJECTED';
}

function headerValue(value: string | string[] | undefined): string | null {
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

export class UpstreamClient {
  private readonly pool: Pool;
  private readonly basePath: string;
  private readonly origin: string;

  constructor(private readonly options: UpstreamClientOptions) {
    const url = new URL(options.baseUrl);
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.pool = new Pool(this.origin, {
      connections: options.connections,
      connectTimeout: options.timeouts.connectMs,
      headersTimeout: options.timeouts.headersMs,
      bodyTimeout: options.timeouts.bodyMs,
      keepAliveTimeout: 10_000,
    });
  }

  get provider(): ProviderName {
    return this.options.provider;
  }

  /** Sends a request; GETs are retried on transport failures, 5xx and 429. Never throws for an HTTP status. */
  async send(request: UpstreamRequest): Promise<UpstreamResponse> {
    const idempotent = request.method === 'GET';
    const { retry } = this.options;
    let backoff: IBackoff<unknown> | undefined;
    for (let attempt = 0; ; attempt += 1) {
      const canRetry = idempotent && attempt < retry.retries;
      try {
        const response = await this.attempt(request);
        if (!canRetry || !RETRYABLE_STATUSES.has(response.status)) return response;
        backoff = backoff ? backoff.next(undefined) : this.backoff().next();
        let delay = backoff.duration;
        if (response.status === 429) {
          const asked = retryAfterMs(headerValue(response.headers['retry-after']));
          if (asked !== null && asked > retry.maxRetryAfterMs) return response;
          if (asked !== null) delay = asked;
        }
        await sleep(delay, request.signal);
      } catch (error) {
        if (!(error instanceof UpstreamError) || !canRetry || !this.isTransient(error)) throw error;
        backoff = backoff ? backoff.next(undefined) : this.backoff().next();
        await sleep(backoff.duration, request.signal);
      }
    }
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  private backoff(): ExponentialBackoff<unknown> {
    return new ExponentialBackoff({ initialDelay: this.options.retry.initialDelayMs, maxDelay: this.options.retry.maxDelayMs });
  }

  private isTransient(error: UpstreamError): boolean {
    return error.code === 'UPSTREAM_UNAVAILABLE' || error.code === 'UPSTREAM_TIMEOUT';
  }

  private async attempt(request: UpstreamRequest): Promise<UpstreamResponse> {
    const run = () => this.perform(request);
    return this.options.schedule ? this.options.schedule(run) : run();
  }

  private async perform(request: UpstreamRequest): Promise<UpstreamResponse> {
    const started = performance.now();
    const report = (status: number | null, errorCode: UpstreamErrorCode | null) =>
      this.options.onAttempt?.({
        provider: this.options.provider,
        method: request.method,
        path: request.path,
        status,
        durationMs: performance.now() - started,
        errorCode,
      });
    const headers: Record<string, string> = { accept: 'application/json', ...(await this.options.authHeaders()) };
    const hasBody = request.body !== undefined;
    if (hasBody) headers['content-type'] = 'application/json';
    const query: Record<string, string> = {};
    for (const [key, value] of Object.entries(request.query ?? {})) if (value !== undefined) query[key] = String(value);

    let status: number;
    let responseHeaders: Record<string, string | string[] | undefined>;
    let text: string;
    try {
      const response = await this.pool.request({
        method: request.method,
        path: this.basePath + request.path,
        query,
        headers,
        body: hasBody ? JSON.stringify(request.body) : null,
        signal: request.signal ?? null,
      });
      status = response.statusCode;
      responseHeaders = response.headers;
      text = await response.body.text();
    } catch (error) {
      const failure = this.transportError(error, request);
      report(null, failure.code);
      throw failure;
    }

    const requestId = this.options.requestIdHeader ? headerValue(responseHeaders[this.options.requestIdHeader]) : null;
    let body: unknown;
    if (text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        report(status, 'UPSTREAM_BAD_RESPONSE');
        throw new UpstreamError(
          'UPSTREAM_BAD_RESPONSE',
          `${this.options.provider} answered ${request.method} ${request.path} with a body that is not JSON (HTTP ${status})`,
          this.options.provider,
          null,
          status,
          requestId,
        );
      }
    }
    report(status, status >= 400 ? upstreamCodeForStatus(status) : null);
    return { status, headers: responseHeaders, body, requestId };
  }

  private transportError(error: unknown, request: UpstreamRequest): UpstreamError {
    const where = `${this.options.provider} ${request.method} ${request.path}`;
    const timedOut =
      error instanceof undiciErrors.HeadersTimeoutError ||
      error instanceof undiciErrors.BodyTimeoutError ||
      error instanceof undiciErrors.ConnectTimeoutError ||
      (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError'));
    const code: UpstreamErrorCode = timedOut ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_UNAVAILABLE';
    const reason = timedOut ? 'timed out' : 'failed before a complete answer arrived (connection refused, reset or cut short)';
    return new UpstreamError(code, `${where} ${reason}`, this.options.provider, null, null, null);
  }
}
