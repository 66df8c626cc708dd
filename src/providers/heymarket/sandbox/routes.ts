/**
 * The Heymarket v1 routes the gateway uses: schedule create/get/update/delete, inboxes and team. Every
 * handler first authenticates and rate-limits (see auth.ts for why this is not the framework hook).
 */
import type { Route, RouteHandler, SandboxRequest, SandboxResponse } from '../../../sandbox/server.js';
import { authenticateHeymarket, type HeymarketCredentials, type RateLimiter } from './auth.js';
import { heymarketError, validateScheduleBody } from './rules.js';
import type { HeymarketScheduleRecord, HeymarketStore } from './store.js';

export interface HeymarketRouteDeps {
  store: HeymarketStore;
  credentials: HeymarketCredentials;
  rateLimiter: RateLimiter;
  now: () => Date;
  /** Receives the claims of every accepted JWT. */
  onJwtAccepted: (claims: Record<string, unknown>) => void;
}

type Lookup = { ok: true; record: HeymarketScheduleRecord } | { ok: false; response: SandboxResponse };

function lookup(store: HeymarketStore, rawId: string | undefined): Lookup {
  // ASSUMPTION: an unknown or non-integer schedule id is 404 not_found (undocumented).
  const id = rawId !== undefined && /^\d{1,15}$/.test(rawId) ? Number(rawId) : NaN;
  const record = Number.isSafeInteger(id) ? store.getSchedule(id) : undefined;
  if (!record) return { ok: false, response: heymarketError('not_found', `scheduled message ${rawId ?? ''} not found`) };
  return { ok: true, record };
}

export function buildHeymarketRoutes(deps: HeymarketRouteDeps): Route[] {
  const { store, now } = deps;

  const guarded =
    (handler: (request: SandboxRequest, at: Date) => SandboxResponse): RouteHandler =>
    async (request) => {
      const at = now();
      const auth = await authenticateHeymarket(request, deps.credentials, at);
      if (!auth.ok) return auth.response;
      const limited = deps.rateLimiter.take(auth.credential, at);
      if (limited) return limited;
      if (auth.claims) deps.onJwtAccepted(auth.claims);
      return handler(request, at);
    };

  return [
    {
      method: 'POST',
      pattern: '/v1/schedule',
      handler: guarded((request, at) => {
        const result = validateScheduleBody(request.body, store, at);
        if (!result.ok) return result.response;
        const record = store.createSchedule(result.value, at);
        // ASSUMPTION: create answers 200 with exactly `{id, local_id}` as in the doc example.
        return { status: 200, body: { id: record.id, local_id: record.localId } };
      }),
    },
    {
      method: 'GET',
      pattern: '/v1/schedule/:id',
      handler: guarded((request) => {
        const found = lookup(store, request.params.id);
        if (!found.ok) return found.response;
        // ASSUMPTION: a message whose execute time has passed (sent) can still be read.
        return { status: 200, body: store.toScheduledObject(found.record) };
      }),
    },
    {
      method: 'PUT',
      pattern: '/v1/schedule/:id',
      handler: guarded((request, at) => {
        const found = lookup(store, request.params.id);
        if (!found.ok) return found.response;
        // ASSUMPTION: a sent message can no longer be changed: 400 bad_data "already sent".
        if (store.isSent(found.record, at)) return heymarketError('bad_data', `scheduled message ${found.record.id} already sent`);
        // PUT "accepts the same body as the create endpoint": a full replacement, validated by the same rules.
        const result = validateScheduleBody(request.body, store, at);
        if (!result.ok) return result.response;
        const record = store.replaceSchedule(found.record.id, result.value, at);
        if (!record) return heymarketError('not_found', `scheduled message ${found.record.id} not found`);
        // ASSUMPTION: update answers 200 with `{id, local_id}` like create.
        return { status: 200, body: { id: record.id, local_id: record.localId } };
      }),
    },
    {
      method: 'DELETE',
      pattern: '/v1/schedule/:id',
      handler: guarded((request, at) => {
        const found = lookup(store, request.params.id);
        if (!found.ok) return found.response;
        // ASSUMPTION: a sent message can no longer be cancelled: 400 bad_data "already sent".
        if (store.isSent(found.record, at)) return heymarketError('bad_data', `scheduled message ${found.record.id} already sent`);
        store.deleteSchedule(found.record.id);
        // The doc prints `"ok"` after the DELETE example: a JSON string body.
        return { status: 200, body: 'ok' };
      }),
    },
    {
      method: 'GET',
      pattern: '/v1/inboxes',
      handler: guarded(() => ({ status: 200, body: store.listInboxes() })),
    },
    {
      method: 'GET',
      pattern: '/v1/team',
      // ASSUMPTION: team members are `{id, name, email}` (member object undocumented).
      handler: guarded(() => ({ status: 200, body: store.team })),
    },
  ];
}
