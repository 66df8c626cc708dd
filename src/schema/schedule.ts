/**
 * `Schedule` (a Relay node), its provider `details` union, `Query.schedule` and `Query.schedules`.
 */
import { responsePathAsArray } from 'graphql';
import type { GatewayContext } from '../context.js';
import { GatewayError } from '../core/errors.js';
import { decodeScheduleId, parseScheduleKey } from '../core/global-id.js';
import type { ProviderName, Recurrence, Schedule, ScheduleDetails, ScheduleStatus } from '../core/model.js';
import { recurrenceFromSpec } from '../core/recurrence-rules.js';
import { PROVIDERS } from '../core/model.js';
import { nextOccurrences } from '../core/occurrences.js';
import { paginate, type Page } from '../core/pagination.js';
import { withZones } from '../core/sending-window.js';
import { recipientsOf } from '../providers/recipients.js';
import { builder } from './builder.js';
import { ProviderEnum, ScheduleStatusEnum } from './enums.js';
import { OccurrenceRef, RecurrenceUnion, clampFirst } from './recurrence.js';
import { PROVIDER_GRAPHQL } from './provider-types.js';
import { PROVIDER_MODULES } from '../providers/index.js';
import { ScheduleChangeRef } from './history.js';

const ScheduleDetailsUnion = builder.unionType('ScheduleDetails', {
  description: "The provider's own fields of a schedule, one type per provider.",
  types: PROVIDERS.map((name) => PROVIDER_GRAPHQL[name].details),
  resolveType: (details: ScheduleDetails) => PROVIDER_GRAPHQL[details.provider].details,
});

/** Loads a schedule from its global id through the provider session's loader; null when it does not exist. */
async function loadSchedule(ctx: GatewayContext, globalId: string): Promise<Schedule | null> {
  const decoded = decodeScheduleId(globalId);
  if (!decoded) return null;
  return ctx.sessions.get(decoded.provider).getSchedule(decoded.nativeId);
}

/** Providers whose read of a one-time send loses the zone the caller gave (they answer in UTC or an account zone). */
const ZONE_FORGETTING: ReadonlySet<ProviderName> = new Set(PROVIDERS.filter((name) => PROVIDER_MODULES[name].forgetsOneTimeZone));

/** A one-time send read back in the zone the caller scheduled it in, when the registry knows it (same instant). */
async function inCallersZone(ctx: GatewayContext, s: Schedule): Promise<Recurrence | null> {
  const recurrence = s.recurrence;
  if (!ctx.zones || recurrence?.kind !== 'ONE_TIME' || !ZONE_FORGETTING.has(s.provider)) return recurrence;
  // A read does not need the store: during its outage the provider's own zone is shown.
  const zone = await ctx.zones.load({ provider: s.provider, nativeId: s.nativeId }).catch(() => null);
  if (!zone || zone === recurrence.timeZone) return recurrence;
  return recurrenceFromSpec({ kind: 'ONE_TIME', at: recurrence.at, timeZone: zone }, { defaultTimeZone: zone });
}

const ScheduleObject = builder.objectRef<Schedule>('Schedule');

export const ScheduleRef = builder.node(ScheduleObject, {
  description: "A scheduled send at one provider, in the gateway's one model: what, when (`recurrence`), and its state.",
  id: { resolve: (schedule) => `${schedule.provider}:${schedule.nativeId}` },
  // The relay plugin decodes the global id to "PROVIDER:nativeId"; the session's loader batches and caches.
  loadOne: (id, ctx: GatewayContext) => {
    const key = parseScheduleKey(id);
    return key ? ctx.sessions.get(key.provider).getSchedule(key.nativeId) : null;
  },
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'nativeId' in value && 'details' in value,
});

builder.objectFields(ScheduleRef, (t) => ({
  provider: t.field({ type: ProviderEnum, description: 'The provider the schedule lives in.', resolve: (s) => s.provider }),
  nativeId: t.exposeString('nativeId', { description: "The provider's own id for it (e.g. the campaign's id, where a schedule is a campaign's)." }),
  name: t.exposeString('name', { description: 'Its name (where the provider keeps none: the start of the message text).' }),
  status: t.field({ type: ScheduleStatusEnum, description: "Its state, in the gateway's words.", resolve: (s) => s.status }),
  nativeStatus: t.exposeString('nativeStatus', { description: "Its state in the provider's own word (`on`, `off`, `draft`, `scheduled`, …)." }),
  recurrence: t.field({
    type: RecurrenceUnion,
    nullable: true,
    description: 'When it sends; null when nothing is scheduled (e.g. a campaign left to be started by hand).',
    resolve: (s, _args, ctx) => inCallersZone(ctx, s),
  }),
  nextRuns: t.field({
    type: [OccurrenceRef],
    description: 'Its next send times, computed from `recurrence` (empty when nothing is scheduled or every run is past).',
    args: {
      first: t.arg.int({ description: 'How many (default 5, at most 100).' }),
      after: t.arg({ type: 'DateTime', description: 'Only runs after this instant; default now.' }),
    },
    resolve: async (s, args, ctx) => {
      // The same recurrence `recurrence` shows, so each run's local time is in the zone the caller scheduled in.
      const recurrence = await inCallersZone(ctx, s);
      const runs = recurrence ? nextOccurrences(recurrence, { after: args.after ?? ctx.now, first: clampFirst(args.first) }) : [];
      // Each run is judged in the zones its provider knows for the recipients (schema/sending-window.ts).
      return runs.length === 0 || ctx.sendingWindow.mode === 'off' ? runs : withZones(ctx.sendingWindow, await recipientsOf(s), runs);
    },
  }),
  createdAt: t.field({ type: 'DateTime', nullable: true, description: 'When it was created, if the provider says.', resolve: (s) => s.createdAt }),
  updatedAt: t.field({ type: 'DateTime', nullable: true, description: 'When it last changed, if the provider says.', resolve: (s) => s.updatedAt }),
  details: t.field({ type: ScheduleDetailsUnion, description: "The provider's own fields.", resolve: (s) => s.details }),
  history: t.field({
    type: [ScheduleChangeRef],
    description:
      'The writes made to it through the gateway (create, updates, status changes, delete), newest first. Empty for a schedule made elsewhere, or when the gateway runs without a store.',
    resolve: (s, _args, ctx) => (ctx.history ? ctx.history.load({ provider: s.provider, nativeId: s.nativeId }) : []),
  }),
}));

const ScheduleConnection = builder.connectionObject(
  {
    type: ScheduleRef,
    name: 'ScheduleConnection',
    description: 'A page of schedules, ordered by next run (soonest first; those with no upcoming run last).',
    fields: (t) => ({
      totalCount: t.int({ description: 'How many schedules match across all pages.', resolve: (page) => (page as unknown as Page<Schedule>).totalCount }),
    }),
  },
  { name: 'ScheduleEdge', description: 'A schedule in a page, with its cursor.' },
);

builder.queryField('schedule', (t) =>
  t.field({
    type: ScheduleRef,
    nullable: true,
    description: 'One schedule by its global id; null when it does not exist.',
    args: { id: t.arg.id({ required: true, description: "The schedule's global id." }) },
    resolve: (_root, args, ctx) => loadSchedule(ctx, args.id),
  }),
);

async function listProvider(ctx: GatewayContext, provider: ProviderName, statuses: ScheduleStatus[] | null): Promise<Schedule[]> {
  return ctx.sessions.get(provider).listSchedules({ statuses });
}

builder.queryField('schedules', (t) =>
  t.field({
    type: ScheduleConnection,
    description:
      "Schedules across providers as one Relay connection, ordered by next run. Providers are asked in parallel; when one fails, the others' schedules still come back and the failure is a GraphQL error naming the provider. A provider without a list endpoint (see `providers { notes }`): with a store the gateway lists the messages written through it (re-read from the provider; one the provider no longer has is COMPLETED once its time has passed, else left out); without a store asking for that provider alone is an UNSUPPORTED_OPERATION error.",
    args: {
      provider: t.arg({ type: ProviderEnum, description: 'Only this provider.' }),
      status: t.arg({ type: [ScheduleStatusEnum], description: 'Only these statuses (default: all but ARCHIVED).' }),
      first: t.arg.int({ description: 'Page size (default 20, at most 100).' }),
      after: t.arg.string({ description: 'Cursor of the last edge of the previous page.' }),
    },
    resolve: async (_root, args, ctx, info) => {
      const statuses = args.status ? [...args.status] : null;
      // Without a filter every configured provider is asked, including those that cannot list (Heymarket), so
      // their inability shows up as an error instead of an empty list that looks real.
      const providers = args.provider ? [args.provider] : PROVIDERS.filter((p) => ctx.sessions.isConfigured(p));
      const results = await Promise.allSettled(providers.map((p) => listProvider(ctx, p, statuses)));
      const schedules: Schedule[] = [];
      results.forEach((result) => {
        if (result.status === 'fulfilled') schedules.push(...result.value);
        else if (args.provider || !(result.reason instanceof GatewayError)) throw result.reason;
        // The field's real response path (its alias, e.g. `mine: schedules(…)` → ["mine"]), so a client finds
        // the error next to the data it belongs to (issue 12, item 8).
        else ctx.partialErrors.push({ path: responsePathAsArray(info.path).map(String), error: result.reason });
      });
      const visible = statuses ? schedules.filter((s) => statuses.includes(s.status)) : schedules.filter((s) => s.status !== 'ARCHIVED');
      return paginate(visible, { first: args.first ?? 20, after: args.after ?? null, now: ctx.now });
    },
  }),
);
