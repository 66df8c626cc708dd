/**
 * The schedule registry (issue 14 items 3, 4), on both store backends, over real HTTP to two gateway
 * instances sharing one store and one set of sandboxes: Heymarket messages become listable across instances,
 * a text-only update keeps the sender the gateway wrote, a message Heymarket no longer has is reconciled
 * instead of failing the list, and `history` names the caller without revealing its key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeScheduleId } from '../../src/core/global-id.js';
import { startSandboxes, type Sandboxes } from '../../src/sandbox/index.js';
import { HEYMARKET_SEED } from '../../src/providers/heymarket/sandbox/index.js';
import { BURKI_SEED } from '../../src/providers/burki/sandbox/index.js';
import type { Store } from '../../src/store/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { BACKENDS, cutOff, storeLocation, type StoreLocation } from '../support/store.js';

const KEY = 'sgw_registry_key_7f3a9c1e5b';
/** Configured as `ops-team=<key>`: its changes are shown under that label. */
const TEAM_KEY = 'sgw_team_key_2c8e4a6f0d1b';
const INBOX = HEYMARKET_SEED.inboxes.main;
type Json = Record<string, unknown>;
type Change = { action: string; at: string; actor: string };
type Listed = { id: string; status: string; details: { userId: number | null } };

const FIELDS = `id status details { ... on HeymarketScheduleDetails { userId text } } history { action at actor }`;
const CREATE = `mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { __typename ... on CreateScheduleSuccess { schedule { ${FIELDS} } } ... on Error { message } } }`;
const UPDATE = `mutation($input: UpdateScheduleInput!) { updateSchedule(input: $input) { __typename ... on UpdateScheduleSuccess { schedule { ${FIELDS} } } ... on Error { message } } }`;
const DELETE = `mutation($input: DeleteScheduleInput!) { deleteSchedule(input: $input) { __typename ... on Error { message } } }`;
const READ = `query($id: ID!) { schedule(id: $id) { ${FIELDS} } }`;
const LIST = `query($provider: Provider) { schedules(provider: $provider, first: 100) { edges { node { ${FIELDS} } } } }`;

/** A quarter hour at least `hours` ahead (Heymarket's rule), as RFC 3339 UTC. */
function sendAt(hours: number): string {
  const at = new Date(Date.now() + hours * 3_600_000);
  at.setUTCMinutes(0, 0, 0);
  return at.toISOString().replace('.000Z', 'Z');
}

const message = (text: string, userId?: number): Json => ({
  target: { heymarket: { inboxId: INBOX, text, recipient: { phoneNumber: '+14155553434' }, ...(userId ? { userId } : {}) } },
  recurrence: { oneTime: { at: sendAt(3) } },
});

describe.each(BACKENDS)('the schedule registry (%s)', (backend) => {
  let upstreams: Sandboxes;
  let location: StoreLocation;
  let stores: Store[] = [];
  let a: TestGateway;
  let b: TestGateway;
  /** A gateway with no store on the same sandboxes: writes made there are "outside" the registry. */
  let outsider: TestGateway;
  const puts = () => upstreams.heymarket.requests.filter((r) => r.method === 'PUT');

  beforeAll(async () => {
    upstreams = await startSandboxes();
    location = await storeLocation(backend);
    stores = [await location.open(), await location.open()];
    const env = { GATEWAY_API_KEYS: `${KEY}, ops-team=${TEAM_KEY}` };
    const headers = { authorization: `Bearer ${KEY}` };
    a = await startTestGateway({ store: stores[0], upstreams, env, headers });
    // The embedded store is one process's: the second "instance" shares that same store object.
    b = await startTestGateway({ store: backend === 'postgres' ? stores[1] : stores[0], upstreams, env, headers });
    outsider = await startTestGateway({ upstreams, env, headers });
  }, 120_000);
  afterAll(async () => {
    for (const gw of [a, b, outsider]) await gw?.close();
    for (const store of stores) await store.close();
    await upstreams?.close();
    await location?.destroy();
  }, 120_000);

  async function create(gw: TestGateway, input: Json): Promise<Listed & { history: Change[] }> {
    const response = await gw.gql<{ createSchedule: { __typename: string; schedule: Listed & { history: Change[] } } }>(CREATE, { input });
    expect(response.data?.createSchedule.__typename, JSON.stringify(response)).toBe('CreateScheduleSuccess');
    return response.data!.createSchedule.schedule;
  }
  async function list(gw: TestGateway, provider: string | null): Promise<Listed[]> {
    const response = await gw.gql<{ schedules: { edges: Array<{ node: Listed }> } }>(LIST, { provider });
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    return response.data!.schedules.edges.map((edge) => edge.node);
  }

  it('a Heymarket message created through instance A is listed, read and deleted through instance B', async () => {
    const created = await create(a, message('Listed across instances'));
    expect((await list(b, 'HEYMARKET')).map((s) => s.id)).toContain(created.id);
    expect((await list(b, null)).map((s) => s.id)).toContain(created.id);
    const read = await b.gql<{ schedule: Listed | null }>(READ, { id: created.id });
    expect(read.data!.schedule).toMatchObject({ id: created.id, status: 'SCHEDULED' });

    const deleted = await b.gql<{ deleteSchedule: { __typename: string } }>(DELETE, { input: { id: created.id } });
    expect(deleted.data!.deleteSchedule.__typename).toBe('DeleteScheduleSuccess');
    expect((await list(a, 'HEYMARKET')).map((s) => s.id)).not.toContain(created.id);
  });

  it('a text-only update keeps the sender the gateway wrote: no restated userId, the PUT carries the original user_id', async () => {
    const created = await create(a, message('Sent by Alice', HEYMARKET_SEED.members.alice));
    const before = puts().length;
    const response = await b.gql<{ updateSchedule: { __typename: string; schedule: Listed } }>(UPDATE, {
      input: { id: created.id, patch: { heymarket: { text: 'Still sent by Alice' } } },
    });
    expect(response.data!.updateSchedule.__typename, JSON.stringify(response)).toBe('UpdateScheduleSuccess');
    expect(puts()).toHaveLength(before + 1);
    expect(puts().at(-1)!.body).toMatchObject({ user_id: HEYMARKET_SEED.members.alice, content: { text: 'Still sent by Alice' } });
    expect(response.data!.updateSchedule.schedule.details.userId).toBe(HEYMARKET_SEED.members.alice);
    const listed = (await list(a, 'HEYMARKET')).find((s) => s.id === created.id);
    expect(listed?.details.userId).toBe(HEYMARKET_SEED.members.alice);
    // Heymarket's read has no user_id; the registry supplies it on a read by id, on either instance.
    const read = await a.gql<{ schedule: Listed }>(READ, { id: created.id });
    expect(read.data!.schedule.details.userId).toBe(HEYMARKET_SEED.members.alice);
  });

  it('a message written elsewhere still needs its sender restated (the registry does not know it)', async () => {
    const elsewhere = await create(outsider, message('Written without a store'));
    const response = await a.gql<{ updateSchedule: { __typename: string } }>(UPDATE, {
      input: { id: elsewhere.id, patch: { heymarket: { text: 'Changed' } } },
    });
    expect(response.data!.updateSchedule.__typename).toBe('ValidationError');
  });

  it('a message deleted upstream before its time leaves the list; one whose time has passed is COMPLETED; neither is an error', async () => {
    const cancelled = await create(a, message('Cancelled outside the gateway'));
    const gone = await outsider.gql<{ deleteSchedule: { __typename: string } }>(DELETE, { input: { id: cancelled.id } });
    expect(gone.data!.deleteSchedule.__typename).toBe('DeleteScheduleSuccess');

    // A message the gateway sent for yesterday, which Heymarket no longer has (sent, then purged).
    const store = stores[0]!;
    await store.schedules.record({
      provider: 'HEYMARKET',
      nativeId: '987654',
      action: 'CREATED',
      scope: 'anonymous',
      actor: 'anonymous',
      sent: [{ inbox_id: INBOX, execute_at: '2026-01-05T09:00:00Z', content: { text: 'Yesterday', to: '14155553434' }, phone_number: '14155553434' }],
    });

    const listed = await list(b, 'HEYMARKET');
    expect(listed.map((s) => s.id)).not.toContain(cancelled.id);
    expect(listed.find((s) => s.id === encodeScheduleId('HEYMARKET', '987654'))).toMatchObject({ status: 'COMPLETED', details: { text: 'Yesterday' } });
    expect((await list(b, null)).map((s) => s.id)).not.toContain(cancelled.id);
  });

  it('a zone survives: a message scheduled "in Europe/Paris" reads back in Paris through the other instance, after a text-only update too', async () => {
    const at = sendAt(5);
    const zoned = { ...message('In Paris'), recurrence: { oneTime: { at, timeZone: 'Europe/Paris' } } };
    const created = await create(a, zoned);
    await b.gql(UPDATE, { input: { id: created.id, patch: { heymarket: { text: 'Still in Paris' } } } });
    const read = await b.gql<{ schedule: { recurrence: { at: string; timeZone: string; localDateTime: string } } }>(
      `query($id: ID!) { schedule(id: $id) { recurrence { ... on OneTimeRecurrence { at timeZone localDateTime } } } }`,
      { id: created.id },
    );
    const paris = new Date(at).toLocaleString('sv-SE', { timeZone: 'Europe/Paris' }).replace(' ', 'T');
    expect(read.data!.schedule.recurrence).toEqual({ at, timeZone: 'Europe/Paris', localDateTime: paris });
  });

  it("Burki's one-time zone survives too: the campaign's schedule reads back in New York, not UTC", async () => {
    const at = '2027-03-14T13:00:00Z';
    const response = await a.gql<{ createSchedule: { __typename: string } }>(CREATE, {
      input: { target: { burki: { campaignId: BURKI_SEED.draftImmediate } }, recurrence: { oneTime: { at, timeZone: 'America/New_York' } } },
    });
    expect(response.data!.createSchedule.__typename, JSON.stringify(response)).toBe('CreateScheduleSuccess');
    const read = await b.gql<{ schedule: { recurrence: Json; history: Change[] } }>(
      `query($id: ID!) { schedule(id: $id) { recurrence { ... on OneTimeRecurrence { at timeZone localDateTime } } nextRuns(first: 1, after: "2027-01-01T00:00:00Z") { at timeZone localDateTime } history { action } } }`,
      { id: encodeScheduleId('BURKI', String(BURKI_SEED.draftImmediate)) },
    );
    // nextRuns is computed from the same recurrence, so the run's local time is New York's too.
    expect(read.data!.schedule).toEqual({
      recurrence: { at, timeZone: 'America/New_York', localDateTime: '2027-03-14T09:00:00' },
      nextRuns: [{ at, timeZone: 'America/New_York', localDateTime: '2027-03-14T09:00:00' }],
      history: [{ action: 'CREATED' }],
    });
  });

  it('history lists create then update, newest first, with an actor that is not the key', async () => {
    const created = await create(a, message('With a history'));
    expect(created.history.map((c) => c.action)).toEqual(['CREATED']);
    await b.gql(UPDATE, { input: { id: created.id, patch: { heymarket: { text: 'Changed once' } } } });
    await b.gql(UPDATE, { input: { id: created.id, patch: { heymarket: { text: 'Changed' } }, dryRun: true } });
    const read = await b.gql<{ schedule: { history: Change[] } }>(READ, { id: created.id });
    const history = read.data!.schedule.history;
    expect(history.map((c) => c.action)).toEqual(['UPDATED', 'CREATED']);
    expect(Date.parse(history[0]!.at)).toBeGreaterThanOrEqual(Date.parse(history[1]!.at));
    for (const change of history) {
      expect(change.actor).toMatch(/^key:[0-9a-f]{12}$/);
      expect(change.actor).not.toContain(KEY);
    }
  });

  it('a key configured with a label is shown by that label, on every instance; the other key by its fingerprint', async () => {
    const asTeam = { authorization: `Bearer ${TEAM_KEY}` };
    const created = await a.gql<{ createSchedule: { schedule: { id: string; history: Change[] } } }>(CREATE, { input: message('From the ops team') }, asTeam);
    await b.gql(UPDATE, { input: { id: created.data!.createSchedule.schedule.id, patch: { heymarket: { text: 'Changed by the other key' } } } });
    const read = await b.gql<{ schedule: { history: Change[] } }>(READ, { id: created.data!.createSchedule.schedule.id }, asTeam);
    const history = read.data!.schedule.history;
    expect(history.map((c) => [c.action, c.actor.startsWith('key:') ? 'fingerprint' : c.actor])).toEqual([
      ['UPDATED', 'fingerprint'],
      ['CREATED', 'ops-team'],
    ]);
    expect(JSON.stringify(history)).not.toContain(TEAM_KEY);
    expect(JSON.stringify(history)).not.toContain(KEY);
  });

  // Last: it cuts the store off for the rest of this block.
  it.runIf(backend === 'postgres')("during a store outage, reads by id still answer (the provider's own zone and no recorded sender)", async () => {
    const created = await create(a, message('Read during an outage', HEYMARKET_SEED.members.alice));
    await cutOff(location);
    const query = `query($h: ID!, $b: ID!) { h: schedule(id: $h) { id details { ... on HeymarketScheduleDetails { text } } recurrence { ... on OneTimeRecurrence { timeZone } } } b: schedule(id: $b) { id recurrence { ... on OneTimeRecurrence { timeZone } } } }`;
    const read = await b.gql<{ h: { id: string } | null; b: { id: string } | null }>(query, {
      h: created.id,
      b: encodeScheduleId('BURKI', String(BURKI_SEED.draftImmediate)),
    });
    expect(read.errors, JSON.stringify(read.errors)).toBeUndefined();
    expect(read.data!.h).toMatchObject({ id: created.id, details: { text: 'Read during an outage' } });
    expect(read.data!.b).not.toBeNull();
  });
});
