/**
 * Burki REST calls over the shared `UpstreamClient`: Bearer auth, zod-checked answers, and FastAPI errors
 * (`{detail: "…"}` and 422 `{detail: [{loc, msg, type}]}`) turned into the gateway's typed errors by ONE
 * function, `burkiFailure`.
 */
import type { z } from 'zod';
import type { PlannedRequest } from '../../core/runner.js';
import { InvalidStateError, NotFoundError, ValidationError, type ValidationIssue } from '../../core/errors.js';
import {
  UpstreamClient,
  parseUpstreamBody,
  plannedCallName,
  plannedUpstreamRequest,
  upstreamFailure,
  type UpstreamClientOptions,
  type UpstreamResponse,
} from '../http.js';
import { campaignListPage, campaignListRequest, listAllCampaigns, type CampaignListItem } from './list.js';
import {
  burkiCampaign,
  burkiError,
  burkiPauseAnswer,
  burkiSaveAnswer,
  burkiScheduleRead,
  burkiStartAnswer,
  type BurkiCampaign,
  type BurkiScheduleRead,
} from './native.js';

/** What a call was, so an error answer can be mapped to the caller's input. */
export interface BurkiCall {
  /** `POST /api/v1/campaigns/{id}/schedule`, for messages. */
  label: string;
  /** `save`: a schedule write (400 = the input); `transition`: start/pause (400 = the campaign's state); `read`. */
  kind: 'read' | 'save' | 'transition';
  /** Input path of a 422 `loc` (mapping `body.…` to the mutation input); null keeps the loc verbatim. */
  inputPathOf?: (loc: ReadonlyArray<string | number>) => string[] | null;
  /** Input path a 400 "Scheduled time is in the past" points at (the `at` or `startDate` that was sent). */
  pastTimePath?: string[];
  /** Input path a 400 "Invalid schedule configuration" points at. */
  configurationPath?: string[];
}

/** Where a refused schedule write points in the input (the planner's part of a `BurkiCall`). */
export type BurkiBlame = Omit<BurkiCall, 'label' | 'kind'>;

export interface BurkiApi {
  listCampaigns(status: string | null, signal?: AbortSignal): Promise<CampaignListItem[]>;
  getCampaign(id: number, signal?: AbortSignal): Promise<BurkiCampaign | null>;
  getSchedule(id: number, signal?: AbortSignal): Promise<BurkiScheduleRead | null>;
  /** Sends a planned write (a schedule save, a start or a pause) exactly as planned (core/runner.ts). */
  write(request: PlannedRequest, blame: BurkiBlame | undefined, signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

type ClientOptions = Omit<UpstreamClientOptions, 'provider' | 'authHeaders'> & { apiKey: string };

export const campaignPath = (id: number) => `/api/v1/campaigns/${id}`;

export class BurkiClient implements BurkiApi {
  private readonly http: UpstreamClient;

  constructor(options: ClientOptions) {
    const { apiKey, ...rest } = options;
    this.http = new UpstreamClient({ ...rest, provider: 'BURKI', authHeaders: () => ({ authorization: `Bearer ${apiKey}` }) });
  }

  listCampaigns(status: string | null, signal?: AbortSignal): Promise<CampaignListItem[]> {
    return listAllCampaigns(async (skip, limit) => {
      const response = await this.http.send({ ...campaignListRequest(skip, limit, status), signal });
      return this.parse(response, campaignListPage, { label: 'GET /api/v1/campaigns', kind: 'read' });
    });
  }

  getCampaign(id: number, signal?: AbortSignal): Promise<BurkiCampaign | null> {
    return this.getOne(campaignPath(id), burkiCampaign, 'GET /api/v1/campaigns/{id}', signal);
  }

  getSchedule(id: number, signal?: AbortSignal): Promise<BurkiScheduleRead | null> {
    return this.getOne(`${campaignPath(id)}/schedule`, burkiScheduleRead, 'GET /api/v1/campaigns/{id}/schedule', signal);
  }

  async write(request: PlannedRequest, blame: BurkiBlame | undefined, signal?: AbortSignal): Promise<void> {
    const response = await this.http.send(plannedUpstreamRequest(request, signal));
    const label = plannedCallName(request);
    const action = request.path.slice(request.path.lastIndexOf('/') + 1);
    if (action === 'schedule') this.parse(response, burkiSaveAnswer, { ...blame, label, kind: 'save' });
    else this.parse(response, action === 'start' ? burkiStartAnswer : burkiPauseAnswer, { label, kind: 'transition' });
  }

  close(): Promise<void> {
    return this.http.close();
  }

  private async getOne<T>(path: string, schema: z.ZodType<T>, label: string, signal?: AbortSignal): Promise<T | null> {
    const response = await this.http.send({ method: 'GET', path, signal });
    if (response.status === 404) return null;
    return this.parse(response, schema, { label, kind: 'read' });
  }

  private parse<T>(response: UpstreamResponse, schema: z.ZodType<T>, call: BurkiCall): T {
    if (response.status >= 400) throw burkiFailure(response, call);
    return parseUpstreamBody('BURKI', response, schema, call.label);
  }
}

/**
 * ASSUMPTION B8: the schedule-save page documents only the *descriptions* of its 400s ("Scheduled time is in
 * the past", "Invalid schedule configuration"); the gateway takes them to be the `detail` texts too. Start and
 * pause document their texts ("No contacts found", "All contacts have already been processed", "Campaign is not
 * running", "Scheduled time is in the past"). A 400 whose text speaks of the campaign's state (running,
 * completed, status, contacts) is an InvalidStateError; any other 400 of a schedule write is the input's fault.
 */
const PAST_TIME = /in the past/i;
const STATE_TEXT = /not running|running campaign|complet|status|contacts|already been processed|cannot be started/i;

function detailText(body: unknown): string | ReadonlyArray<{ loc: ReadonlyArray<string | number>; msg: string; type: string }> | null {
  const parsed = burkiError.safeParse(body);
  return parsed.success ? parsed.data.detail : null;
}

/** Burki's FastAPI error answers → the gateway's error model, by status and call. */
export function burkiFailure(response: UpstreamResponse, call: BurkiCall): Error {
  const detail = detailText(response.body);
  const text = typeof detail === 'string' ? detail : null;
  const status = response.status;

  if (status === 422 && Array.isArray(detail) && detail.length > 0) {
    // One issue per item; the path is our input field when the loc maps to one, else the loc verbatim, and the
    // loc is kept in the message either way so it can be traced.
    const issues: ValidationIssue[] = detail.map((item) => {
      const loc = item.loc.map(String);
      return { path: call.inputPathOf?.(item.loc) ?? loc, message: `${item.msg} (Burki: ${loc.join('.')})`, providerCode: item.type, providerPath: loc };
    });
    return new ValidationError(issues, 'BURKI');
  }
  if (status === 404) return new NotFoundError(text ?? 'Campaign not found', 'BURKI');
  if (status === 400 && call.kind === 'transition') return new InvalidStateError(text ?? `Burki refused ${call.label}`, 'BURKI', null);
  if (status === 400 && call.kind === 'save') {
    const message = text ?? 'Invalid schedule configuration';
    if (STATE_TEXT.test(message)) return new InvalidStateError(message, 'BURKI', null);
    const path = PAST_TIME.test(message) ? call.pastTimePath : call.configurationPath;
    return ValidationError.single(path ?? ['recurrence'], message, 'BURKI', null);
  }
  return upstreamFailure('BURKI', response, `Burki refused ${call.label}: ${text ?? `HTTP ${status}`}`, null);
}
