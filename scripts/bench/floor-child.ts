/**
 * Child process: the floor of a Node GraphQL layer over the same upstream — a bare graphql-yoga server with
 * no plugins of ours (no access check, limits, logging, metrics, redaction, deadlines, store), a hand-written
 * schema answering the bench's `schedule(id)` and page-of-100 documents with the same fields, one undici
 * call per upstream read, fields mapped by hand. Whatever the gateway costs beyond this is its own.
 *
 * Bench code only: never shipped, never a model for the gateway (it validates nothing an upstream sends).
 *
 * Env: BENCH_SANDBOXES (JSON `SandboxEndpoints`), BENCH_ACCOUNT_ZONE (Trackly's account zone, default UTC).
 */
import { createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';
import { Agent, request } from 'undici';
import { serveHttpChild } from './http-child.js';
import type { SandboxEndpoints } from './protocol.js';

const importedAtEpochMs = performance.timeOrigin + performance.now();
const endpoints = JSON.parse(process.env['BENCH_SANDBOXES'] ?? 'null') as SandboxEndpoints | null;
if (!endpoints) throw new Error('BENCH_SANDBOXES is not set');
const accountZone = process.env['BENCH_ACCOUNT_ZONE'] ?? 'UTC';
const trackly = endpoints.trackly;

// The gateway's default pool size per provider (UPSTREAM_CONNECTIONS).
const agent = new Agent({ connections: 32, keepAliveTimeout: 10_000 });
const headers = { 'x-api-key': trackly.apiKey, accept: 'application/json' };

async function get<T>(pathname: string): Promise<T | null> {
  const response = await request(`${trackly.baseUrl}${pathname}`, { method: 'GET', headers, dispatcher: agent });
  if (response.statusCode === 404) {
    await response.body.dump();
    return null;
  }
  if (response.statusCode !== 200) {
    await response.body.dump();
    throw new Error(`GET ${pathname}: HTTP ${response.statusCode}`);
  }
  return (await response.body.json()) as T;
}

// The Trackly wire fields the two documents read (see src/providers/trackly/native.ts), unchecked.
interface NativeSchedule {
  id: string;
  name: string;
  status: string;
  send_type: string;
  audiences?: string[] | null;
  source_lists?: number[] | null;
  is_repeating: boolean;
  send_time: string;
  use_local_time?: boolean | null;
  days_of_week?: Record<string, boolean> | null;
  blasts?: Array<{ variant_name?: string | null; percent_audience: number; offer_links?: Array<{ key: string; offer_id: string }> | null }> | null;
}
interface NativeAudience {
  id: string;
  name: string;
  cached_size?: number | null;
}
interface NativeOffer {
  id: string;
  name: string;
  tracking_url?: string | null;
}
interface NativeList {
  id: number;
  list_name?: string | null;
  contact_count?: number | null;
}

const STATUS: Record<string, string> = { draft: 'DRAFT', on: 'SCHEDULED', off: 'PAUSED', complete: 'COMPLETED', archive: 'ARCHIVED' };
const DAY_KEYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

const scheduleId = (nativeId: string) => Buffer.from(`Schedule:TRACKLY:${nativeId}`, 'utf8').toString('base64url');

function recurrence(native: NativeSchedule) {
  if (!native.is_repeating) return null;
  return {
    __typename: 'WeeklyRecurrence',
    days: DAY_KEYS.filter((day) => native.days_of_week?.[day] === true).map((day) => day.toUpperCase()),
    time: native.send_time.slice(0, 5),
    timeZone: native.use_local_time === true ? null : accountZone,
  };
}

/** One request's reads of shared entities: each distinct id fetched once, in parallel (what a DataLoader does). */
class Reads {
  private readonly cache = new Map<string, Promise<unknown>>();
  once<T>(pathname: string): Promise<T | null> {
    let found = this.cache.get(pathname) as Promise<T | null> | undefined;
    if (!found) {
      found = get<T>(pathname);
      this.cache.set(pathname, found);
    }
    return found;
  }
}

interface FloorContext {
  reads: Reads;
}

function schedule(native: NativeSchedule) {
  return {
    id: scheduleId(native.id),
    provider: 'TRACKLY',
    nativeId: native.id,
    name: native.name,
    status: STATUS[native.status] ?? 'DRAFT',
    nativeStatus: native.status,
    recurrence: recurrence(native),
    details: { __typename: 'TracklyScheduleDetails', native },
  };
}

const typeDefs = /* GraphQL */ `
  type Query {
    schedule(id: ID!): Schedule
    schedules(provider: Provider, first: Int): ScheduleConnection!
  }
  enum Provider { TRACKLY HEYMARKET BURKI }
  type Schedule { id: ID! provider: Provider! nativeId: ID! name: String! status: String! nativeStatus: String! recurrence: Recurrence details: ScheduleDetails! }
  union Recurrence = WeeklyRecurrence | OneTimeRecurrence
  type WeeklyRecurrence { days: [String!]! time: String! timeZone: String }
  type OneTimeRecurrence { at: String }
  union ScheduleDetails = TracklyScheduleDetails | OtherScheduleDetails
  type OtherScheduleDetails { provider: Provider! }
  type TracklyScheduleDetails { sendType: String! audiences: [Audience!]! sourceLists: [SourceList!]! variants: [Variant!]! }
  type Audience { id: ID! name: String! cachedSize: Int }
  type SourceList { id: Int! listName: String contactCount: Int }
  type Variant { name: String percentAudience: Float! offerLinks: [OfferLink!]! }
  type OfferLink { key: String! offer: Offer }
  type Offer { id: ID! name: String! trackingUrl: String }
  type ScheduleEdge { cursor: String! node: Schedule! }
  type ScheduleConnection { totalCount: Int! edges: [ScheduleEdge!]! }
`;

type Details = { native: NativeSchedule };
type Blast = NonNullable<NativeSchedule['blasts']>[number];
type Link = NonNullable<Blast['offer_links']>[number];

const yogaSchema = createSchema<FloorContext>({
  typeDefs,
  resolvers: {
    Query: {
      schedule: async (_root: unknown, args: { id: string }) => {
        const text = Buffer.from(args.id, 'base64url').toString('utf8');
        const prefix = 'Schedule:TRACKLY:';
        if (!text.startsWith(prefix)) return null;
        const native = await get<NativeSchedule>(`/schedules/${encodeURIComponent(text.slice(prefix.length))}`);
        return native ? schedule(native) : null;
      },
      schedules: async (_root: unknown, args: { first?: number | null }) => {
        const list = await get<{ schedules: NativeSchedule[] }>('/schedules');
        const all = list?.schedules ?? [];
        return {
          totalCount: all.length,
          edges: all.slice(0, args.first ?? 100).map((native) => ({ cursor: Buffer.from(native.id, 'utf8').toString('base64url'), node: schedule(native) })),
        };
      },
    },
    TracklyScheduleDetails: {
      sendType: ({ native }: Details) => (native.send_type === 'automated' ? 'AUTOMATED' : 'BLAST'),
      audiences: async ({ native }: Details, _args: unknown, { reads }: FloorContext) => {
        const found = await Promise.all((native.audiences ?? []).map((id) => reads.once<NativeAudience>(`/audiences/${encodeURIComponent(id)}`)));
        return found.flatMap((a) => (a ? [{ id: a.id, name: a.name, cachedSize: a.cached_size ?? null }] : []));
      },
      sourceLists: async ({ native }: Details, _args: unknown, { reads }: FloorContext) => {
        const found = await Promise.all((native.source_lists ?? []).map((id) => reads.once<NativeList>(`/lists/${id}`)));
        return found.flatMap((l) => (l ? [{ id: l.id, listName: l.list_name ?? null, contactCount: l.contact_count ?? null }] : []));
      },
      variants: ({ native }: Details) => native.blasts ?? [],
    },
    Variant: {
      name: (blast: Blast) => blast.variant_name ?? null,
      percentAudience: (blast: Blast) => blast.percent_audience,
      offerLinks: (blast: Blast) => blast.offer_links ?? [],
    },
    OfferLink: {
      offer: async (link: Link, _args: unknown, { reads }: FloorContext) => {
        const offer = await reads.once<NativeOffer>(`/offers/${encodeURIComponent(link.offer_id)}`);
        return offer ? { id: offer.id, name: offer.name, trackingUrl: offer.tracking_url ?? null } : null;
      },
    },
  },
});

const yoga = createYoga<object, FloorContext>({
  schema: yogaSchema,
  graphqlEndpoint: '/graphql',
  graphiql: false,
  landingPage: false,
  logging: false,
  context: () => ({ reads: new Reads() }),
});
const server = createServer(yoga);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const listeningAtEpochMs = performance.timeOrigin + performance.now();

serveHttpChild(server, { importedAtEpochMs, listeningAtEpochMs }, () => agent.close());
