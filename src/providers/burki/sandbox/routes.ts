/**
 * HTTP surface of the Burki emulator (FastAPI conventions: `{"detail": "..."}` errors, 422 detail arrays),
 * on the shared sandbox framework.
 */
import { randomUUID } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';
import type { Route, SandboxRequest, SandboxResponse } from '../../../sandbox/server.js';
import {
  decideSchedule,
  formatUtc,
  nextOccurrence,
  parseInt422,
  SCHEDULED_IN_PAST,
  validateScheduleBody,
  type PydanticError,
  type PydanticLoc,
} from './rules.js';
import type { BurkiCampaignRecord, BurkiCampaignStatus, BurkiStore } from './store.js';

export interface BurkiRouteContext {
  store: BurkiStore;
  now: () => Date;
  apiKey: string;
  /** The organization the API key belongs to. */
  organizationId: number;
}

const PREFIX = '/api/v1';

function detail(status: number, message: string, headers?: Record<string, string>): SandboxResponse {
  return headers ? { status, body: { detail: message }, headers } : { status, body: { detail: message } };
}

function unprocessable(errors: PydanticError[]): SandboxResponse {
  return { status: 422, body: { detail: errors } };
}

/** `Authorization: Bearer <key>`. ASSUMPTION: a non-Bearer scheme counts as missing ("Not authenticated"). */
export function burkiAuthenticate(apiKey: string): (request: SandboxRequest) => SandboxResponse | null {
  return (request) => {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) return detail(401, 'Not authenticated', { 'www-authenticate': 'Bearer' });
    if (match[1] !== apiKey) return detail(401, 'Invalid API key', { 'www-authenticate': 'Bearer' });
    return null;
  };
}

/** Parses the `campaign_id` path parameter as pydantic would (errors appended). */
function pathCampaignId(request: SandboxRequest, errors: PydanticError[]): number | undefined {
  return parseInt422(request.params['campaign_id'] ?? '', ['path', 'campaign_id'], errors);
}

/** An optional integer query parameter with bounds, pydantic style. */
function queryInt(request: SandboxRequest, name: string, fallback: number, ge: number, le: number | null, errors: PydanticError[]): number {
  const raw = request.query.get(name);
  if (raw === null) return fallback;
  const loc: PydanticLoc = ['query', name];
  const value = parseInt422(raw, loc, errors);
  if (value === undefined) return fallback;
  if (value < ge) {
    errors.push({ type: 'greater_than_equal', loc, msg: `Input should be greater than or equal to ${ge}`, input: raw, ctx: { ge } });
  } else if (le !== null && value > le) {
    errors.push({ type: 'less_than_equal', loc, msg: `Input should be less than or equal to ${le}`, input: raw, ctx: { le } });
  }
  return value;
}

export function burkiRoutes(ctx: BurkiRouteContext): Route[] {
  const { store, now } = ctx;

  /** 404, then 403 (ASSUMPTION: existence is revealed to other organizations, as the documented 403 implies). */
  function access(id: number): BurkiCampaignRecord | SandboxResponse {
    const record = store.record(id);
    if (!record) return detail(404, 'Campaign not found');
    // ASSUMPTION: the 403 detail text.
    if (record.organizationId !== ctx.organizationId) return detail(403, 'Campaign belongs to another organization');
    return record;
  }

  function withCampaign(handler: (record: BurkiCampaignRecord, request: SandboxRequest) => SandboxResponse) {
    return (request: SandboxRequest): SandboxResponse => {
      const errors: PydanticError[] = [];
      const id = pathCampaignId(request, errors);
      if (id === undefined) return unprocessable(errors);
      const found = access(id);
      if ('status' in found) return found;
      return handler(found, request);
    };
  }

  const listCampaigns = (request: SandboxRequest): SandboxResponse => {
    const errors: PydanticError[] = [];
    // ASSUMPTION (undocumented contract): bare JSON array ordered by id; skip ≥ 0 (default 0), 1 ≤ limit ≤ 1000
    // (default 100); `status` filters by exact value (an unknown value simply matches nothing); only the caller's
    // organization is listed.
    const skip = queryInt(request, 'skip', 0, 0, null, errors);
    const limit = queryInt(request, 'limit', 100, 1, 1000, errors);
    if (errors.length > 0) return unprocessable(errors);
    const status = request.query.get('status') ?? undefined;
    return { status: 200, body: store.listCampaigns(ctx.organizationId, status).slice(skip, skip + limit) };
  };

  const getCampaign = withCampaign((record) => ({ status: 200, body: store.getCampaign(record.campaign.id) }));

  const readSchedule = withCampaign((record) => {
    const schedule = store.getSchedule(record.campaign.id);
    if (!schedule) return { status: 200, body: { schedule_type: 'immediate', scheduled_at: null, recurring_config: null } };
    // ASSUMPTION: the echo also carries day_of_month (the doc's list omits it; monthly could not be read back).
    return { status: 200, body: { schedule_type: schedule.schedule_type, scheduled_at: schedule.scheduled_at, recurring_config: schedule.recurring_config } };
  });

  const saveSchedule = (request: SandboxRequest): SandboxResponse => {
    // FastAPI validates path and body together and reports every error in one 422.
    const errors: PydanticError[] = [];
    const id = pathCampaignId(request, errors);
    const validated = validateScheduleBody(request.body);
    if ('errors' in validated) errors.push(...validated.errors);
    if (id === undefined || 'errors' in validated) return unprocessable(errors);
    const found = access(id);
    if ('status' in found) return found;
    const status = found.campaign.status;
    // ASSUMPTION: a running or completed campaign's schedule cannot be changed (detail text too).
    if (status === 'running' || status === 'completed') return detail(400, 'Cannot change schedule of a running campaign');
    const decision = decideSchedule(validated.body, now());
    if (decision.kind === 'error') return detail(decision.status, decision.detail);
    if (decision.kind === 'immediate') {
      store.clearSchedule(id);
      if (status === 'scheduled') store.setStatus(id, 'draft');
    } else {
      store.setSchedule(id, { ...decision.record, saved_at: formatUtc(Temporal.Instant.fromEpochMilliseconds(now().getTime())) });
      store.setStatus(id, 'scheduled');
    }
    return { status: 200, body: { success: true, message: 'Schedule saved' } };
  };

  const start = withCampaign((record) => {
    const id = record.campaign.id;
    const contacts = store.listContacts(id);
    // ASSUMPTION: the contact checks come before the status check.
    if (contacts.length === 0) return detail(400, 'No contacts found');
    if (!contacts.some((c) => c.status === 'pending')) return detail(400, 'All contacts have already been processed');
    const current = record.campaign.status;
    const startable: BurkiCampaignStatus[] = ['draft', 'scheduled', 'paused'];
    // ASSUMPTION: the detail text for a non-startable status.
    if (!startable.includes(current)) return detail(400, `Campaign cannot be started in status ${current}`);

    const schedule = store.getSchedule(id);
    const nowDate = now();
    let scheduledTime: string | null = null;
    if (schedule?.schedule_type === 'scheduled' && schedule.scheduled_at !== null) {
      if (Date.parse(schedule.scheduled_at) > nowDate.getTime()) scheduledTime = schedule.scheduled_at;
      // ASSUMPTION: a one-off time that has passed is the documented 400 "Scheduled time is in the past", except
      // when resuming a paused campaign, which then simply runs.
      else if (current !== 'paused') return detail(400, SCHEDULED_IN_PAST);
    } else if (schedule?.schedule_type === 'recurring') {
      const next = nextOccurrence(schedule, nowDate);
      // ASSUMPTION: a recurring schedule whose end_date has passed cannot be started.
      if (!next) return detail(400, SCHEDULED_IN_PAST);
      scheduledTime = formatUtc(next);
    }
    // ASSUMPTION: resuming a paused campaign goes back to `scheduled` when its schedule still lies ahead, else to
    // `running`; messages are not documented.
    const status: BurkiCampaignStatus = scheduledTime !== null ? 'scheduled' : 'running';
    store.setStatus(id, status);
    const message =
      current === 'paused' ? 'Campaign resumed successfully' : status === 'scheduled' ? 'Campaign scheduled successfully' : 'Campaign started successfully';
    // ASSUMPTION: task_id is a random UUID (a Celery-style id); the doc only says string.
    // ASSUMPTION: an immediate start answers status "running" (the doc's immediate example shows "scheduled").
    const body: Record<string, unknown> = { success: true, message, task_id: randomUUID(), campaign_id: id, status };
    if (scheduledTime !== null) body['scheduled_time'] = scheduledTime;
    return { status: 200, body };
  });

  const pause = withCampaign((record) => {
    // ASSUMPTION: a scheduled campaign can be paused too (its schedule record is kept).
    if (record.campaign.status !== 'running' && record.campaign.status !== 'scheduled') return detail(400, 'Campaign is not running');
    store.setStatus(record.campaign.id, 'paused');
    return { status: 200, body: { message: 'Campaign paused successfully' } };
  });

  const listContacts = withCampaign((record, request) => {
    const errors: PydanticError[] = [];
    const page = queryInt(request, 'page', 1, 1, null, errors);
    const perPage = queryInt(request, 'per_page', 50, 1, 1000, errors);
    if (errors.length > 0) return unprocessable(errors);
    const all = store.listContacts(record.campaign.id);
    // ASSUMPTION: body is `{contacts, pagination}`; total_pages is 0 when there are no contacts.
    const totalPages = Math.ceil(all.length / perPage);
    return {
      status: 200,
      body: {
        contacts: all.slice((page - 1) * perPage, page * perPage),
        pagination: { page, per_page: perPage, total_items: all.length, total_pages: totalPages, has_next: page < totalPages, has_prev: page > 1 },
      },
    };
  });

  return [
    { method: 'GET', pattern: `${PREFIX}/campaigns`, handler: listCampaigns },
    { method: 'GET', pattern: `${PREFIX}/campaigns/:campaign_id`, handler: getCampaign },
    { method: 'GET', pattern: `${PREFIX}/campaigns/:campaign_id/schedule`, handler: readSchedule },
    { method: 'POST', pattern: `${PREFIX}/campaigns/:campaign_id/schedule`, handler: saveSchedule },
    { method: 'POST', pattern: `${PREFIX}/campaigns/:campaign_id/start`, handler: start },
    { method: 'POST', pattern: `${PREFIX}/campaigns/:campaign_id/pause`, handler: pause },
    { method: 'GET', pattern: `${PREFIX}/campaigns/:campaign_id/contacts`, handler: listContacts },
  ];
}

/** FastAPI's 404 `{"detail":"Not Found"}`, or 405 `{"detail":"Method Not Allowed"}` when the path exists. */
export function burkiNotFound(routes: Route[]): (request: SandboxRequest) => SandboxResponse {
  const compiled = routes.map((route) => ({
    method: route.method,
    regex: new RegExp(
      `^${route.pattern
        .split('/')
        .map((s) => (s.startsWith(':') ? '[^/]+' : s))
        .join('/')}/?$`,
    ),
  }));
  return (request) => {
    const allowed = compiled.filter((r) => r.regex.test(request.path)).map((r) => r.method);
    if (allowed.length > 0) return detail(405, 'Method Not Allowed', { allow: [...new Set(allowed)].join(', ') });
    return detail(404, 'Not Found');
  };
}
