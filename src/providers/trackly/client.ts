/**
 * Trackly SMS v2 REST calls over the shared `UpstreamClient`: auth header, envelopes, and Trackly's flat
 * `{error, code}` errors turned into the gateway's typed errors. Everything returned is zod-checked.
 */
import type { z } from 'zod';
import { InvalidStateError, NotFoundError, ValidationError } from '../../core/errors.js';
import type { Blame, PlannedRequest } from '../../core/runner.js';
import {
  UpstreamClient,
  parseUpstreamBody,
  plannedCallName,
  plannedUpstreamRequest,
  upstreamFailure,
  type UpstreamClientOptions,
  type UpstreamResponse,
} from '../http.js';
import {
  isTracklyId,
  tracklyAudience,
  tracklyDeleteEnvelope,
  tracklyError,
  tracklyOffer,
  tracklySchedule,
  tracklyScheduleEnvelope,
  tracklyScheduleList,
  tracklySourceList,
  type TracklyAudience,
  type TracklyOffer,
  type TracklySchedule,
  type TracklySourceList,
} from './native.js';

/** 404 codes that point at a bad reference in the caller's input rather than a missing schedule. */
const REFERENCE_CODES = new Set(['audience_not_found', 'source_list_not_found', 'offer_not_found']);

export interface TracklyApi {
  listSchedules(status: string | null, signal?: AbortSignal): Promise<TracklySchedule[]>;
  getSchedule(id: string, signal?: AbortSignal): Promise<TracklySchedule | null>;
  /** Sends a planned write exactly as planned (core/runner.ts); a refusal comes back as the gateway's typed error. */
  write(request: PlannedRequest, blame: Blame | undefined, signal?: AbortSignal): Promise<UpstreamResponse>;
  getAudience(id: string, signal?: AbortSignal): Promise<TracklyAudience | null>;
  getOffer(id: string, signal?: AbortSignal): Promise<TracklyOffer | null>;
  getSourceList(id: number, signal?: AbortSignal): Promise<TracklySourceList | null>;
  close(): Promise<void>;
}

type ClientOptions = Omit<UpstreamClientOptions, 'provider' | 'authHeaders'> & { apiKey: string };

export class TracklyClient implements TracklyApi {
  private readonly http: UpstreamClient;

  constructor(options: ClientOptions) {
    const { apiKey, ...rest } = options;
    // Trackly wants the key in X-Api-Key; the docs say it must not go in Authorization.
    this.http = new UpstreamClient({ ...rest, provider: 'TRACKLY', authHeaders: () => ({ 'x-api-key': apiKey }) });
  }

  async listSchedules(status: string | null, signal?: AbortSignal): Promise<TracklySchedule[]> {
    const response = await this.http.send({ method: 'GET', path: '/schedules', query: { status: status ?? undefined }, signal });
    return this.parse(response, tracklyScheduleList, 'GET /schedules').schedules;
  }

  async getSchedule(id: string, signal?: AbortSignal): Promise<TracklySchedule | null> {
    // T9: an id of another shape cannot exist, so it costs no call (and never reaches a URL path).
    if (!isTracklyId(id)) return null;
    const response = await this.http.send({ method: 'GET', path: `/schedules/${encodeURIComponent(id)}`, route: '/schedules/{id}', signal });
    if (response.status === 404) return null;
    return this.parse(response, tracklySchedule, 'GET /schedules/{id}');
  }

  async write(request: PlannedRequest, blame: Blame | undefined, signal?: AbortSignal): Promise<UpstreamResponse> {
    const response = await this.http.send(plannedUpstreamRequest(request, signal));
    if (response.status >= 400) throw tracklyFailure(response, plannedCallName(request), blame ?? null);
    return response;
  }

  getAudience(id: string, signal?: AbortSignal): Promise<TracklyAudience | null> {
    return this.getOne(`/audiences/${encodeURIComponent(id)}`, tracklyAudience, signal, '/audiences/{id}');
  }

  getOffer(id: string, signal?: AbortSignal): Promise<TracklyOffer | null> {
    return this.getOne(`/offers/${encodeURIComponent(id)}`, tracklyOffer, signal, '/offers/{id}');
  }

  getSourceList(id: number, signal?: AbortSignal): Promise<TracklySourceList | null> {
    return this.getOne(`/lists/${id}`, tracklySourceList, signal, '/lists/{id}');
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private async getOne<T>(path: string, schema: z.ZodType<T>, signal: AbortSignal | undefined, route: string): Promise<T | null> {
    const response = await this.http.send({ method: 'GET', path, route, signal });
    if (response.status === 404) return null;
    return this.parse(response, schema, `GET ${path}`);
  }

  private parse<T>(response: UpstreamResponse, schema: z.ZodType<T>, call: string): T {
    if (response.status >= 400) throw tracklyFailure(response, call);
    return parseUpstreamBody('TRACKLY', response, schema, call);
  }
}

/** A written schedule as Trackly answered it (`{schedule}`), zod-checked. */
export function tracklyWritten(response: UpstreamResponse, request: PlannedRequest): TracklySchedule {
  return parseUpstreamBody('TRACKLY', response, tracklyScheduleEnvelope, plannedCallName(request)).schedule;
}

/** DELETE's answer (`{message, id}`), zod-checked: only its shape is relied on. */
export function tracklyArchived(response: UpstreamResponse, request: PlannedRequest): void {
  parseUpstreamBody('TRACKLY', response, tracklyDeleteEnvelope, plannedCallName(request));
}

/**
 * Trackly's `{error, code}` → the gateway's error model, by status and documented code. `inputPathOf` is given
 * for writes (a coded 400 or a bad reference is then the input's fault); reads have none.
 */
function tracklyFailure(response: UpstreamResponse, call: string, inputPathOf: Blame | null = null): Error {
  const parsed = tracklyError.safeParse(response.body);
  const code = parsed.success ? (parsed.data.code ?? null) : null;
  const text = parsed.success ? (parsed.data.error ?? parsed.data.message ?? null) : null;
  const message = `Trackly refused ${call}: ${text ?? `HTTP ${response.status}`}`;
  if (response.status === 404 && code && inputPathOf && REFERENCE_CODES.has(code)) {
    return ValidationError.single(inputPathOf(code), text ?? message, 'TRACKLY', code);
  }
  if (response.status === 404) return new NotFoundError(text ?? 'Schedule not found', 'TRACKLY', code ?? 'not_found');
  if (response.status === 400 && code === 'schedule_complete') {
    return new InvalidStateError('The schedule is complete and can no longer be changed', 'TRACKLY', code);
  }
  if (response.status === 400 && code && inputPathOf) return ValidationError.single(inputPathOf(code), text ?? message, 'TRACKLY', code);
  return upstreamFailure('TRACKLY', response, message, code);
}
