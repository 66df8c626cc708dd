/**
 * Heymarket v1 REST calls over the shared `UpstreamClient`: the Bearer header (auth.ts), the client-side rate
 * limit, `X-Request-Id`, and Heymarket's errors turned into the gateway's typed errors in ONE function
 * (`heymarketFailure`). Everything returned is zod-checked.
 *
 * Rate limit: Heymarket allows 500 requests a minute. Every attempt (retries included) goes through a p-queue
 * limiter that lets `intervalCap` calls start per `interval` (sliding window), sized so a minute holds at most
 * `requestsPerMinute` calls and a burst is spread across it instead of hitting the upstream at once. Reads that
 * still meet a 429 are retried by `UpstreamClient` after `Retry-After`; writes never are.
 */
import PQueue from 'p-queue';
import type { z } from 'zod';
import type { PlannedRequest } from '../../core/runner.js';
import type { HeymarketAuth } from './config.js';
import { InvalidStateError, NotFoundError, StoreUnavailableError, ValidationError } from '../../core/errors.js';
import type { RateBudget } from '../../core/rate-budget.js';
import {
  UpstreamClient,
  parseUpstreamBody,
  plannedCallName,
  plannedUpstreamRequest,
  upstreamFailure,
  type UpstreamClientOptions,
  type UpstreamResponse,
} from '../http.js';
import { HeymarketAuthenticator, type HeymarketAuthOptions } from './auth.js';
import {
  heymarketInboxList,
  heymarketScheduled,
  heymarketWriteResponse,
  type HeymarketInbox,
  type HeymarketScheduled,
  type HeymarketWriteResponse,
} from './native.js';

export interface HeymarketApi {
  getSchedule(id: string, signal?: AbortSignal): Promise<HeymarketScheduled | null>;
  /**
   * Sends a planned write exactly as planned (core/runner.ts). `badData`: where a 400 points in the input (the
   * fields, or `recurrence` for a time-only change), or `state` for a DELETE. POST answers with the new message's id.
   */
  write(request: PlannedRequest, badData: BadDataMeaning | undefined, signal?: AbortSignal): Promise<HeymarketWriteResponse | null>;
  listInboxes(signal?: AbortSignal): Promise<HeymarketInbox[]>;
  close(): Promise<void>;
}

/**
 * What a 400 means for a call: on a write with a body, the input field it points at (a ValidationError); on a
 * DELETE, the message's state (an InvalidStateError); on a read, an upstream failure (null).
 */
export type BadDataMeaning = string[] | 'state' | null;

type ClientOptions = Omit<UpstreamClientOptions, 'provider' | 'authHeaders' | 'requestIdHeader' | 'schedule'> & {
  auth: HeymarketAuth;
  requestsPerMinute: number;
  authOptions?: HeymarketAuthOptions;
  /**
   * The budget shared by every instance on the store's database. With it, each call takes a slot there
   * instead of this process's own limiter; if the store cannot be reached, the process's limiter spaces the
   * call instead (reads keep working through a store outage, at this instance's share of the limit).
   */
  sharedBudget?: RateBudget;
};

/**
 * The limiter's window: `intervalCap` calls per `interval` ms, so that `intervalCap / interval` equals
 * `requestsPerMinute / 60 000 ms`. Windows of about a second (never less than one call) spread a burst over
 * the minute: 450/min → 7 calls per 934 ms, 120/min → 2 per second, 30/min → 1 per 2 s.
 */
export function rateWindow(requestsPerMinute: number): { intervalCap: number; interval: number } {
  const perMinute = Math.max(1, Math.floor(requestsPerMinute));
  const intervalCap = Math.max(1, Math.floor(perMinute / 60));
  return { intervalCap, interval: Math.ceil((60_000 * intervalCap) / perMinute) };
}

export class HeymarketClient implements HeymarketApi {
  private readonly http: UpstreamClient;
  private readonly auth: HeymarketAuthenticator;
  private readonly limiter: PQueue;

  constructor(options: ClientOptions) {
    const { auth, requestsPerMinute, authOptions, sharedBudget, ...rest } = options;
    this.auth = new HeymarketAuthenticator(auth, authOptions);
    this.limiter = new PQueue({ ...rateWindow(requestsPerMinute), strict: true });
    this.http = new UpstreamClient({
      ...rest,
      provider: 'HEYMARKET',
      authHeaders: () => this.auth.headers(),
      requestIdHeader: 'x-request-id',
      // With the call's signal p-queue drops a waiting call from the queue when its request's deadline passes
      // or its client disconnects: it never starts, so it uses no slot of the budget.
      schedule: (task, signal) => (sharedBudget ? this.shared(sharedBudget, task, signal) : this.local(task, signal)),
    });
  }

  private local<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.limiter.add(task, signal ? { signal } : {});
  }

  private async shared<T>(budget: RateBudget, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    try {
      await budget.take(signal);
    } catch (error) {
      if (error instanceof StoreUnavailableError) return this.local(task, signal);
      throw error;
    }
    return task();
  }

  async getSchedule(id: string, signal?: AbortSignal): Promise<HeymarketScheduled | null> {
    // Heymarket ids are integers: anything else cannot exist, so it costs no call.
    if (!/^\d{1,15}$/.test(id)) return null;
    const response = await this.send({ method: 'GET', path: `/v1/schedule/${id}`, signal });
    // ASSUMPTION H10: an unknown (or cancelled) id answers 404 (undocumented).
    if (response.status === 404) return null;
    return this.parse(response, heymarketScheduled, 'GET /v1/schedule/{id}', null);
  }

  async write(request: PlannedRequest, badData: BadDataMeaning | undefined, signal?: AbortSignal): Promise<HeymarketWriteResponse | null> {
    const response = await this.send(plannedUpstreamRequest(request, signal));
    const label = plannedCallName(request);
    if (request.method === 'POST') return this.parse(response, heymarketWriteResponse, label, badData ?? null);
    // H3: the answers of PUT and DELETE are undocumented (the docs print `"ok"`); only the status is relied on.
    if (response.status >= 400) throw heymarketFailure(response, label, badData ?? null);
    return null;
  }

  async listInboxes(signal?: AbortSignal): Promise<HeymarketInbox[]> {
    const response = await this.send({ method: 'GET', path: '/v1/inboxes', signal });
    return this.parse(response, heymarketInboxList, 'GET /v1/inboxes', null);
  }

  close(): Promise<void> {
    this.limiter.clear();
    return this.http.close();
  }

  private async send(request: Parameters<UpstreamClient['send']>[0]): Promise<UpstreamResponse> {
    const response = await this.http.send(request);
    // A refused JWT may be one the upstream's clock considers expired: sign a fresh one for the next call.
    if (response.status === 401) this.auth.invalidate();
    return response;
  }

  private parse<T>(response: UpstreamResponse, schema: z.ZodType<T>, call: string, badData: BadDataMeaning): T {
    if (response.status >= 400) throw heymarketFailure(response, call, badData);
    return parseUpstreamBody('HEYMARKET', response, schema, call);
  }
}

/**
 * ASSUMPTION H11: the JSON error body is undocumented ("read the error response body for details"). It is
 * read leniently, here only: a string body, `{message}`, `{error: "<text>"}`, `{error: {message}}`, or
 * `{error: "<label>", message}` (the label, e.g. `bad_data`, then becomes the providerCode).
 */
export function heymarketErrorBody(body: unknown): { message: string | null; label: string | null } {
  if (typeof body === 'string') return { message: body.trim() || null, label: null };
  if (typeof body !== 'object' || body === null) return { message: null, label: null };
  const record = body as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' && value.trim().length > 0 ? value : null);
  const message = text(record.message);
  const error = record.error;
  if (typeof error === 'object' && error !== null) {
    const nested = error as Record<string, unknown>;
    return { message: text(nested.message) ?? message, label: text(nested.code) };
  }
  const errorText = text(error);
  if (message && errorText) return { message, label: /^[a-z][a-z0-9_]*$/.test(errorText) ? errorText : null };
  return { message: message ?? errorText, label: null };
}

/**
 * Heymarket's failures → the gateway's error model, by documented status: 400 `bad_data` on a write →
 * ValidationError (nothing changed; the input must), on a DELETE → InvalidStateError; 404 → NotFoundError; 401/403/429/5xx (and a 400 on a
 * read) → UpstreamError carrying `X-Request-Id` and `Retry-After`.
 */
function heymarketFailure(response: UpstreamResponse, call: string, badData: BadDataMeaning): Error {
  const { message, label } = heymarketErrorBody(response.body);
  if (response.status === 400 && badData === 'state') {
    return new InvalidStateError(message ? `Heymarket refused: ${message}` : 'Heymarket refused to change this message (bad_data)', 'HEYMARKET', 'bad_data');
  }
  if (response.status === 400 && Array.isArray(badData)) {
    return ValidationError.single(
      badData,
      message ? `Heymarket refused the message: ${message}` : 'Heymarket refused the message (bad_data)',
      'HEYMARKET',
      'bad_data',
    );
  }
  if (response.status === 404) return new NotFoundError(message ?? 'Heymarket has no such scheduled message', 'HEYMARKET', label);
  return upstreamFailure(
    'HEYMARKET',
    response,
    `Heymarket refused ${call}: ${message ?? `HTTP ${response.status}`}`,
    response.status === 400 ? 'bad_data' : label,
  );
}
