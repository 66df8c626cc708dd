/**
 * The one HTTP client of the gateway. Every upstream call of every provider goes through `UpstreamClient`:
 * keep-alive undici pools, connect/header/body timeouts, retries with exponential backoff and jitter for
 * idempotent reads only (a create is never re-sent), `Retry-After` on 429, and the translation of transport
 * failures, malformed JSON and HTTP statuses into typed `UpstreamError`s. Providers add only their own
 * error vocabulary on top (see each `client.ts`).
 *
 * Two guards sit around every attempt: a per-provider circuit breaker (cockatiel `ConsecutiveBreaker`: after
 * N consecutive transport failures or 5xx the provider fails fast with `UPSTREAM_UNAVAILABLE` until a trial
 * call after the half-open delay succeeds), and the GraphQL request's deadline (`request.signal`): when it
 * aborts, the call in flight and any retry wait end at once with `UPSTREAM_TIMEOUT`.
 */
import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  IsolatedCircuitError,
  circuitBreaker,
  handleWhen,
  type CircuitBreakerPolicy,
  type IBackoff,
} from 'cockatiel';
import type { z } from 'zod';
import { Pool, errors as undiciErrors, type Dispatcher } from 'undici';
import { PROVIDERS, type ProviderName } from '../core/model.js';
import { UpstreamError, type UpstreamErrorCode } from '../core/errors.js';
import type { PlannedRequest } from '../core/runner.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface UpstreamRequest {
  method: HttpMethod;
  /** Path below the provider's base URL, starting with `/`. */
  path: string;
  /**
   * The path as a template (`/schedules/{id}`), for traces: never the raw id. When omitted, `routeTemplate`
   * derives it from `path`; a client whose ids are free-form strings passes it.
   */
  route?: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Aborts the call (the GraphQL request's deadline or the client going away). */
  signal?: AbortSignal;
}

/**
 * A planned write (core/runner.ts) as the request this client sends: the very method, path and body a dry run
 * reports, with no body at all (not `null`) when the plan has none.
 */
export function plannedUpstreamRequest(request: PlannedRequest, signal?: AbortSignal): UpstreamRequest {
  const { body, ...call } = request;
  return { ...call, ...(body === null ? {} : { body }), ...(signal ? { signal } : {}) };
}

/** How errors name a planned call (`PUT /schedules/{id}`): its route template when it has one, never a raw id. */
export function plannedCallName(request: PlannedRequest): string {
  return `${request.method} ${request.route ?? request.path}`;
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
  /**
   * Spaces calls to respect an upstream rate limit (Heymarket); runs each attempt through it. `signal` is
   * the call's request deadline / client disconnect: a call still waiting when it aborts must leave the
   * queue without using a slot of the provider's budget.
   */
  schedule?: <T>(task: () => Promise<T>, signal?: AbortSignal) => Promise<T>;
  /** Observes every attempt (metrics, tests); never receives headers, so no secret can leak through it. */
  onAttempt?: (event: UpstreamAttempt) => void;
  /** The gateway's circuit breakers; the client uses the one of its provider. None: no breaker. */
  circuits?: ProviderCircuits;
  /** The most body bytes read from one answer (`UPSTREAM_MAX_BODY_BYTES`); default `DEFAULT_MAX_BODY_BYTES`. */
  maxBodyBytes?: number;
  /** Opens a trace span around each attempt (ops/tracing.ts); absent when tracing is off, which costs nothing. */
  tracer?: UpstreamTracer;
}

/**
 * 8 MiB. The largest real answers are list pages: a page of 100 Trackly schedules, each with a few variants
 * and offer links, is well under 1 MB, and Burki pages are capped at 100 campaigns. 8 MiB leaves ~10× room and
 * still bounds what a broken or hostile upstream can make one read cost.
 */
const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * The body as text, read chunk by chunk and abandoned (the connection closed, nothing more buffered) as soon
 * as it passes `limit` bytes — or before reading anything when `Content-Length` already says it would.
 * Null when the body is over the cap.
 */
async function readCapped(body: Dispatcher.ResponseData['body'], declaredLength: string | string[] | undefined, limit: number): Promise<string | null> {
  const declared = Number(headerValue(declaredLength) ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) {
    body.destroy();
    return null;
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limit) {
      body.destroy();
      return null;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

/** One upstream attempt as a trace sees it: no path with ids, no query, no header. */
export interface TracedAttempt {
  provider: ProviderName;
  method: HttpMethod;
  /** The route template, e.g. `/schedules/{id}`. */
  route: string;
  /** The provider's origin (`https://api.example.com`), without path or credentials. */
  origin: string;
  /** 0 for the first attempt, then 1, 2, … for retries. */
  retry: number;
}

export interface UpstreamTracer {
  /** Starts the attempt's span; the headers it returns (W3C `traceparent`) go with the request. */
  start(attempt: TracedAttempt): { headers: Record<string, string>; end(status: number | null, errorCode: UpstreamErrorCode | null): void };
}

const STATIC_SEGMENT = /^(?:[a-z]+(?:[-_][a-z]+)*|v\d+)$/;

/** `/v1/schedule/123` → `/v1/schedule/{id}`: any segment that is not a plain lower-case word or a version is an id. */
function routeTemplate(path: string): string {
  return path
    .split('/')
    .map((segment) => (segment === '' || STATIC_SEGMENT.test(segment) ? segment : '{id}'))
    .join('/');
}

type CircuitStatus = 'closed' | 'open' | 'halfOpen';

export interface CircuitOptions {
  /** Consecutive failures (transport errors, timeouts, 5xx) that open the circuit. */
  failures: number;
  /** How long an open circuit fails fast before one trial call is let through. */
  halfOpenAfterMs: number;
}

export interface CircuitSnapshot {
  state: CircuitStatus;
  /** When an open circuit lets a trial call through (epoch ms); null unless open. */
  retryAt: number | null;
}

export type CircuitEvent =
  | { kind: 'state'; provider: ProviderName; state: CircuitStatus }
  | { kind: 'rejected'; provider: ProviderName; method: HttpMethod; path: string };

/** Marks failures that must not count against a provider (the caller's deadline or disconnect). */
const callerAborted = new WeakSet<object>();
/** Marks fail-fast refusals of an open circuit, which are never retried. */
const circuitRefusals = new WeakSet<object>();

/**
 * One cockatiel circuit breaker per provider, shared by every `UpstreamClient` of that provider. Owned by
 * the gateway (one set per gateway instance, so tests do not share state), which reads `snapshot` for
 * `/ready` and listens for state changes and refusals for metrics and logs.
 */
export class ProviderCircuits {
  private readonly breakers = new Map<ProviderName, { policy: CircuitBreakerPolicy; openedAt: number | null }>();
  private readonly listeners: Array<(event: CircuitEvent) => void> = [];

  constructor(readonly options: CircuitOptions) {}

  for(provider: ProviderName): CircuitBreakerPolicy {
    const existing = this.breakers.get(provider);
    if (existing) return existing.policy;
    // Only a provider's outage counts: transport failures and timeouts it caused (not our deadline or a
    // caller going away) and 5xx answers. 4xx, 429 and malformed bodies are answers, not outages.
    const policy = circuitBreaker(
      handleWhen((error) => error instanceof UpstreamError && isOutage(error)).orWhenResult((result) => isUpstreamResponse(result) && result.status >= 500),
      { halfOpenAfter: this.options.halfOpenAfterMs, breaker: new ConsecutiveBreaker(this.options.failures) },
    );
    const entry = { policy, openedAt: null as number | null };
    policy.onStateChange((state) => {
      entry.openedAt = state === CircuitState.Open ? Date.now() : null;
      this.emit({ kind: 'state', provider, state: statusOf(state) });
    });
    this.breakers.set(provider, entry);
    return policy;
  }

  /** The provider's breaker as `/ready` sees it; an open circuit past its half-open delay counts as half-open. */
  snapshot(provider: ProviderName, now = Date.now()): CircuitSnapshot {
    const entry = this.breakers.get(provider);
    if (!entry) return { state: 'closed', retryAt: null };
    const state = statusOf(entry.policy.state);
    if (state !== 'open' || entry.openedAt === null) return { state, retryAt: null };
    const retryAt = entry.openedAt + this.options.halfOpenAfterMs;
    return retryAt <= now ? { state: 'halfOpen', retryAt: null } : { state: 'open', retryAt };
  }

  onEvent(listener: (event: CircuitEvent) => void): void {
    this.listeners.push(listener);
  }

  /** @internal Called by `UpstreamClient` when the open circuit refused a call. */
  refused(provider: ProviderName, method: HttpMethod, path: string): void {
    this.emit({ kind: 'rejected', provider, method, path });
  }

  private emit(event: CircuitEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

function statusOf(state: CircuitState): CircuitStatus {
  if (state === CircuitState.Closed) return 'closed';
  if (state === CircuitState.HalfOpen) return 'halfOpen';
  return 'open';
}

function isOutage(error: UpstreamError): boolean {
  return (error.code === 'UPSTREAM_UNAVAILABLE' || error.code === 'UPSTREAM_TIMEOUT') && !callerAborted.has(error) && !circuitRefusals.has(error);
}

function isUpstreamResponse(value: unknown): value is UpstreamResponse {
  return typeof value === 'object' && value !== null && typeof (value as { status?: unknown }).status === 'number';
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
function upstreamCodeForStatus(status: number): UpstreamErrorCode {
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

const PROVIDER_LABELS = Object.fromEntries(PROVIDERS.map((name) => [name, name.charAt(0) + name.slice(1).toLowerCase()])) as Record<ProviderName, string>;

/**
 * A successful answer's body checked against the provider's wire schema (zod): a body of an unexpected shape
 * is a typed `UPSTREAM_BAD_RESPONSE`, not a crash deeper in the mapping. Each client maps error statuses
 * with its own vocabulary before calling this.
 */
export function parseUpstreamBody<T>(provider: ProviderName, response: UpstreamResponse, schema: z.ZodType<T>, call: string): T {
  const parsed = schema.safeParse(response.body);
  if (!parsed.success) {
    throw new UpstreamError(
      'UPSTREAM_BAD_RESPONSE',
      `${PROVIDER_LABELS[provider]} answered ${call} with an unexpected shape`,
      provider,
      null,
      response.status,
      response.requestId,
    );
  }
  return parsed.data;
}

/**
 * The one reader of a refused answer for every provider, after the provider has matched its own documented codes
 * (a 400 that blames a field, a 404, a state): an `UpstreamError` by status carrying the provider's code and
 * message verbatim, the seconds `Retry-After` asked for and the upstream's request id, whichever provider it is.
 */
export function upstreamFailure(provider: ProviderName, response: UpstreamResponse, message: string, providerCode: string | null): UpstreamError {
  const retryMs = retryAfterMs(headerValue(response.headers['retry-after']));
  return new UpstreamError(
    upstreamCodeForStatus(response.status),
    message,
    provider,
    providerCode,
    response.status,
    response.requestId,
    retryMs === null ? null : Math.ceil(retryMs / 1000),
  );
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. */
function retryAfterMs(value: string | null, now = Date.now()): number | null {
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
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Why a path cannot be sent, or null when every segment is safe. A segment is refused when it is empty, when
 * it decodes to `.` or `..` (also as `%2e`), or when it holds `/`, `\\`, `?`, `#`, `%` (double encoding),
 * whitespace or control characters once decoded: a URL parser or a normalising proxy would collapse or re-route
 * such a path (`/schedules/..` → `/`), and the provider key would go with it. Ids are built into paths with
 * `encodeURIComponent`, which leaves `.` alone, so this is checked here, on every call, whatever built the path.
 */
function unsafePathSegment(path: string): string | null {
  if (!path.startsWith('/')) return path;
  for (const segment of path.slice(1).split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return segment;
    }
    if (decoded === '' || decoded === '.' || decoded === '..' || /[/\\?#%\s\p{Cc}]/u.test(decoded)) return segment;
  }
  return null;
}

export class UpstreamClient {
  private readonly pool: Pool;
  private readonly breaker: CircuitBreakerPolicy | null;
  private readonly basePath: string;
  private readonly origin: string;
  private readonly maxBodyBytes: number;

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
    this.breaker = options.circuits?.for(options.provider) ?? null;
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  }

  get provider(): ProviderName {
    return this.options.provider;
  }

  /** Sends a request; GETs are retried on transport failures, 5xx and 429. Never throws for an HTTP status. */
  async send(request: UpstreamRequest): Promise<UpstreamResponse> {
    const unsafe = unsafePathSegment(request.path);
    if (unsafe !== null) {
      // Never sent: ids from callers are checked before this; what gets here is a provider's own answer
      // naming an id no URL can carry safely (e.g. an audience `..` in a schedule body).
      throw new UpstreamError(
        'UPSTREAM_BAD_RESPONSE',
        `${this.options.provider} ${request.method} was not sent: ${JSON.stringify(unsafe)} is not a usable id in a URL path`,
        this.options.provider,
        null,
        null,
        null,
      );
    }
    const idempotent = request.method === 'GET';
    const { retry } = this.options;
    let backoff: IBackoff<unknown> | undefined;
    for (let attempt = 0; ; attempt += 1) {
      const canRetry = idempotent && attempt < retry.retries;
      try {
        const response = await this.attempt(request, attempt);
        if (!canRetry || !RETRYABLE_STATUSES.has(response.status)) return response;
        backoff = backoff ? backoff.next(undefined) : this.backoff().next();
        let delay = backoff.duration;
        if (response.status === 429) {
          const asked = retryAfterMs(headerValue(response.headers['retry-after']));
          if (asked !== null && asked > retry.maxRetryAfterMs) return response;
          if (asked !== null) delay = asked;
        }
        await this.wait(delay, request);
      } catch (error) {
        if (!(error instanceof UpstreamError) || !canRetry || !this.isTransient(error)) throw error;
        backoff = backoff ? backoff.next(undefined) : this.backoff().next();
        await this.wait(backoff.duration, request);
      }
    }
  }

  /** A retry's pause; the request's deadline ends it with a typed timeout rather than a bare AbortError. */
  private async wait(ms: number, request: UpstreamRequest): Promise<void> {
    try {
      await sleep(ms, request.signal);
    } catch {
      throw this.abandoned(request);
    }
  }

  /** The error of a call given up because the GraphQL request's deadline passed or its client went away. */
  private abandoned(request: UpstreamRequest): UpstreamError {
    const reason: unknown = request.signal?.reason;
    const deadline = reason instanceof Error && reason.name === 'TimeoutError';
    const error = new UpstreamError(
      'UPSTREAM_TIMEOUT',
      deadline
        ? `${this.options.provider} ${request.method} ${request.path} was abandoned: the request's deadline passed`
        : `${this.options.provider} ${request.method} ${request.path} was abandoned: the request was cancelled`,
      this.options.provider,
      null,
      null,
      null,
    );
    callerAborted.add(error);
    return error;
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  private backoff(): ExponentialBackoff<unknown> {
    return new ExponentialBackoff({ initialDelay: this.options.retry.initialDelayMs, maxDelay: this.options.retry.maxDelayMs });
  }

  private isTransient(error: UpstreamError): boolean {
    if (callerAborted.has(error) || circuitRefusals.has(error)) return false;
    return error.code === 'UPSTREAM_UNAVAILABLE' || error.code === 'UPSTREAM_TIMEOUT';
  }

  private async attempt(request: UpstreamRequest, retry: number): Promise<UpstreamResponse> {
    if (request.signal?.aborted) throw this.abandoned(request);
    const run = () => this.perform(request, retry);
    const scheduled = async (): Promise<UpstreamResponse> => {
      if (!this.options.schedule) return run();
      try {
        return await this.options.schedule(run, request.signal);
      } catch (error) {
        // Left the limiter's queue (or its race) because the request ended: the caller's abandonment, typed.
        if (request.signal?.aborted && !(error instanceof UpstreamError)) throw this.abandoned(request);
        throw error;
      }
    };
    if (!this.breaker) return scheduled();
    try {
      return await this.breaker.execute(scheduled);
    } catch (error) {
      if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) {
        this.options.circuits?.refused(this.options.provider, request.method, request.path);
        const refusal = new UpstreamError(
          'UPSTREAM_UNAVAILABLE',
          `${this.options.provider} is failing: circuit open after repeated upstream failures, so ${request.method} ${request.path} was not sent`,
          this.options.provider,
          null,
          null,
          null,
        );
        circuitRefusals.add(refusal);
        throw refusal;
      }
      throw error;
    }
  }

  private async perform(request: UpstreamRequest, retry: number): Promise<UpstreamResponse> {
    const started = performance.now();
    const span = this.options.tracer?.start({
      provider: this.options.provider,
      method: request.method,
      route: request.route ?? routeTemplate(request.path),
      origin: this.origin,
      retry,
    });
    const report = (status: number | null, errorCode: UpstreamErrorCode | null) => {
      span?.end(status, errorCode);
      this.options.onAttempt?.({
        provider: this.options.provider,
        method: request.method,
        path: request.path,
        status,
        durationMs: performance.now() - started,
        errorCode,
      });
    };
    const headers: Record<string, string> = { accept: 'application/json', ...span?.headers, ...(await this.options.authHeaders()) };
    const hasBody = request.body !== undefined;
    if (hasBody) headers['content-type'] = 'application/json';
    const query: Record<string, string> = {};
    for (const [key, value] of Object.entries(request.query ?? {})) if (value !== undefined) query[key] = String(value);

    let status: number;
    let responseHeaders: Record<string, string | string[] | undefined>;
    let text: string;
    let tooLarge = false;
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
      const read = await readCapped(response.body, response.headers['content-length'], this.maxBodyBytes);
      tooLarge = read === null;
      text = read ?? '';
    } catch (error) {
      const failure = this.transportError(error, request);
      report(null, failure.code);
      throw failure;
    }

    const requestId = this.options.requestIdHeader ? headerValue(responseHeaders[this.options.requestIdHeader]) : null;
    if (tooLarge) {
      report(status, 'UPSTREAM_BAD_RESPONSE');
      throw new UpstreamError(
        'UPSTREAM_BAD_RESPONSE',
        `${this.options.provider} answered ${request.method} ${request.path} with a body larger than ${this.maxBodyBytes} bytes (UPSTREAM_MAX_BODY_BYTES); it was not read`,
        this.options.provider,
        null,
        status,
        requestId,
      );
    }
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
    if (request.signal?.aborted) return this.abandoned(request);
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
