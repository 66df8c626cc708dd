/**
 * HTTP handlers of the Trackly SMS v2 emulator, mounted under `/api/v2` (the gateway's `TRACKLY_BASE_URL` is the
 * v2 root). Envelopes follow upstreams.md §1.4: lists `{<plural>: [...]}` (+ `pagination` for audiences and
 * offers), get = the bare object, create/update `{success: true, schedule}`, delete `{success: true, archived: true}`;
 * errors are the flat `{error, code}` with no `success` key.
 */
import type { Route, SandboxRequest, SandboxResponse } from '../../../sandbox/server.js';
import { validateCreate, validateUpdate, type TracklyRuleError, type TracklyRuleLookups } from './rules.js';
import {
  TRACKLY_AUDIENCE_STATUSES,
  TRACKLY_LIST_STATUSES,
  TRACKLY_OFFER_STATUSES,
  TRACKLY_SCHEDULE_STATUSES,
  type TracklySchedule,
  type TracklyStore,
} from './store.js';

export const TRACKLY_API_ROOT = '/api/v2';

export function tracklyError(status: number, code: string, error: string): SandboxResponse {
  return { status, body: { error, code } };
}

const scheduleNotFound = () => tracklyError(404, 'not_found', 'Schedule not found');
const resourceNotFound = () => tracklyError(404, 'not_found', 'Resource not found');
const ruleError = (e: TracklyRuleError) => tracklyError(e.status, e.code, e.error);

/**
 * `?status=a,b` (or repeated `status`) parsed against the allowed values. Null when absent; an error response
 * for an unknown value (ASSUMPTION: the docs list no code for it, `invalid_status` is the one used elsewhere).
 */
function statusFilter<T extends string>(request: SandboxRequest, allowed: readonly T[]): Set<T> | null | SandboxResponse {
  const values = request.query
    .getAll('status')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
  if (values.length === 0) return null;
  const result = new Set<T>();
  for (const value of values) {
    if (!(allowed as readonly string[]).includes(value)) return tracklyError(400, 'invalid_status', `status must be one of: ${allowed.join(', ')}.`);
    result.add(value as T);
  }
  return result;
}

function isResponse(value: unknown): value is SandboxResponse {
  return typeof value === 'object' && value !== null && 'status' in value && typeof (value as { status: unknown }).status === 'number';
}

/**
 * `page` (default 1) and `per_page` (default 50, max 100) as in the v2 overview. ASSUMPTION: out-of-range or
 * non-numeric values are clamped rather than refused (no error code is documented for them).
 */
function paginate<T>(items: T[], request: SandboxRequest): { items: T[]; pagination: { page: number; per_page: number; total: number; total_pages: number } } {
  const intParam = (name: string, fallback: number): number => {
    const raw = request.query.get(name);
    const parsed = raw === null ? NaN : Number.parseInt(raw, 10);
    return Number.isFinite(parsed) ? parsed : fallback;
  };
  const page = Math.max(1, intParam('page', 1));
  const perPage = Math.min(100, Math.max(1, intParam('per_page', 50)));
  const total = items.length;
  return {
    items: items.slice((page - 1) * perPage, page * perPage),
    pagination: { page, per_page: perPage, total, total_pages: Math.ceil(total / perPage) },
  };
}

export function tracklyRoutes(store: TracklyStore): Route[] {
  const lookups: TracklyRuleLookups = {
    audienceIsActive: (id) => store.audiences.get(id)?.status === 'active',
    listExists: (id) => {
      const list = store.lists.get(id);
      return list !== undefined && list.status !== 'deleted';
    },
    offerExists: (id) => store.offers.has(id),
  };
  const root = TRACKLY_API_ROOT;

  return [
    // ----- schedules -------------------------------------------------------------------------------------------
    {
      method: 'GET',
      pattern: `${root}/schedules`,
      handler: (request) => {
        // Not paginated. Default: everything but `archive`; `status=archive` (or a list including it) shows archived ones.
        const filter = statusFilter(request, TRACKLY_SCHEDULE_STATUSES);
        if (isResponse(filter)) return filter;
        const schedules = [...store.schedules.values()].filter((s) => (filter ? filter.has(s.status) : s.status !== 'archive'));
        return { status: 200, body: { schedules } };
      },
    },
    {
      method: 'GET',
      pattern: `${root}/schedules/:id`,
      handler: (request) => {
        const schedule = store.schedules.get(request.params.id ?? '');
        return schedule ? { status: 200, body: schedule } : scheduleNotFound();
      },
    },
    {
      method: 'POST',
      pattern: `${root}/schedules`,
      handler: (request) => {
        const result = validateCreate(request.body, lookups);
        if (!result.ok) return ruleError(result.error);
        const stamp = store.timestamp();
        let id = store.newId();
        while (store.schedules.has(id)) id = store.newId();
        const schedule: TracklySchedule = { id, ...result.fields, created_at: stamp, updated_at: stamp };
        store.schedules.set(id, schedule);
        // ASSUMPTION: 201. The create page does not say; the v1 global error page says POSTs answer 201 Created.
        return { status: 201, body: { success: true, schedule } };
      },
    },
    {
      method: 'PUT',
      pattern: `${root}/schedules/:id`,
      handler: (request) => {
        const existing = store.schedules.get(request.params.id ?? '');
        if (!existing) return scheduleNotFound();
        const result = validateUpdate(existing, request.body, lookups);
        if (!result.ok) return ruleError(result.error);
        const schedule: TracklySchedule = { id: existing.id, ...result.fields, created_at: existing.created_at, updated_at: store.timestamp() };
        store.schedules.set(schedule.id, schedule);
        return { status: 200, body: { success: true, schedule } };
      },
    },
    {
      method: 'DELETE',
      pattern: `${root}/schedules/:id`,
      handler: (request) => {
        const existing = store.schedules.get(request.params.id ?? '');
        if (!existing) return scheduleNotFound();
        // Soft delete. ASSUMPTION: deleting an already archived (or complete) schedule succeeds the same way.
        store.schedules.set(existing.id, { ...existing, status: 'archive', updated_at: store.timestamp() });
        return { status: 200, body: { success: true, archived: true } };
      },
    },

    // ----- audiences (paginated; default excludes archived) ---------------------------------------------------
    {
      method: 'GET',
      pattern: `${root}/audiences`,
      handler: (request) => {
        const filter = statusFilter(request, TRACKLY_AUDIENCE_STATUSES);
        if (isResponse(filter)) return filter;
        const all = [...store.audiences.values()].filter((a) => (filter ? filter.has(a.status) : a.status !== 'archived'));
        const { items, pagination } = paginate(all, request);
        return { status: 200, body: { audiences: items, pagination } };
      },
    },
    {
      method: 'GET',
      pattern: `${root}/audiences/:id`,
      handler: (request) => {
        // Archived audiences stay readable by id (soft delete).
        const audience = store.audiences.get(request.params.id ?? '');
        return audience ? { status: 200, body: audience } : tracklyError(404, 'not_found', 'Audience not found');
      },
    },

    // ----- offers (paginated; default excludes archived) ------------------------------------------------------
    {
      method: 'GET',
      pattern: `${root}/offers`,
      handler: (request) => {
        const filter = statusFilter(request, TRACKLY_OFFER_STATUSES);
        if (isResponse(filter)) return filter;
        const all = [...store.offers.values()].filter((o) => (filter ? filter.has(o.status) : o.status !== 'archived'));
        const { items, pagination } = paginate(all, request);
        return { status: 200, body: { offers: items, pagination } };
      },
    },
    {
      method: 'GET',
      pattern: `${root}/offers/:id`,
      handler: (request) => {
        const offer = store.offers.get(request.params.id ?? '');
        return offer ? { status: 200, body: offer } : tracklyError(404, 'not_found', 'Offer not found');
      },
    },

    // ----- sending lists (read-only, not paginated; default excludes deleted) ---------------------------------
    {
      method: 'GET',
      pattern: `${root}/lists`,
      handler: (request) => {
        const filter = statusFilter(request, TRACKLY_LIST_STATUSES);
        if (isResponse(filter)) return filter;
        const lists = [...store.lists.values()].filter((l) => (filter ? filter.has(l.status) : l.status !== 'deleted'));
        return { status: 200, body: { lists } };
      },
    },
    {
      method: 'GET',
      pattern: `${root}/lists/:id`,
      handler: (request) => {
        const raw = request.params.id ?? '';
        const list = /^\d+$/.test(raw) ? store.lists.get(Number(raw)) : undefined;
        // Deleted lists answer 404 like unknown ones (documented on the get-list page).
        return list && list.status !== 'deleted' ? { status: 200, body: list } : tracklyError(404, 'not_found', 'List not found');
      },
    },
  ];
}

/** Unknown routes: the general `not_found` of the v2 error page. */
export function tracklyNotFound(): SandboxResponse {
  return resourceNotFound();
}
