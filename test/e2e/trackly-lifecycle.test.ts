/**
 * Trackly read / update / status / delete over real HTTP, DataLoader call counts, and error masking.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeScheduleId } from '../../src/core/global-id.js';
import { TRACKLY_SEED } from '../../src/providers/trackly/sandbox/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const S = TRACKLY_SEED.schedules;
const A = TRACKLY_SEED.audiences;
const id = (nativeId: string) => encodeScheduleId('TRACKLY', nativeId);

const RESULT = /* GraphQL */ `
  __typename
  ... on Error { message code providerCode }
  ... on ValidationError { field }
`;
const UPDATE = `mutation($input: UpdateScheduleInput!) { updateSchedule(input: $input) { ${RESULT} ... on UpdateScheduleSuccess { schedule { name status nativeStatus } upstreamCalls { body } } } }`;
const STATUS = `mutation($input: SetScheduleStatusInput!) { setScheduleStatus(input: $input) { ${RESULT} ... on SetScheduleStatusSuccess { schedule { status nativeStatus } } } }`;
const DELETE = `mutation($input: DeleteScheduleInput!) { deleteSchedule(input: $input) { ${RESULT} ... on DeleteScheduleSuccess { schedule { status nativeStatus } } } }`;

let gw: TestGateway;
const puts = () => gw.sandboxes.trackly.requests.filter((r) => r.method === 'PUT');
const lastPutBody = () => puts().at(-1)?.body;

beforeAll(async () => {
  gw = await startTestGateway({ env: { TRACKLY_TIMEZONE: 'Europe/Paris' } });
});
afterAll(() => gw.close());
beforeEach(() => gw.sandboxes.trackly.clearFaults());

describe('reading', () => {
  it('schedule(id) and node(id) return the same weekly A/B schedule with audiences, variants and offers', async () => {
    const query = `query($id: ID!) {
      schedule(id: $id) { id provider nativeId name status nativeStatus
        recurrence { ... on WeeklyRecurrence { days time timeZone } }
        details { ... on TracklyScheduleDetails { sendType audiences { id name } sourceLists { id } variants { name percentAudience offerLinks { key offer { id name } urlParams { key value } } } } } }
      node(id: $id) { id ... on Schedule { name } }
    }`;
    const response = await gw.gql<{ schedule: Record<string, unknown>; node: Record<string, unknown> }>(query, { id: id(S.weeklyAb) });
    expect(response.errors).toBeUndefined();
    const schedule = response.data!.schedule;
    expect(schedule).toMatchObject({ id: id(S.weeklyAb), provider: 'TRACKLY', nativeId: S.weeklyAb, status: 'SCHEDULED', nativeStatus: 'on' });
    expect(schedule['recurrence']).toEqual({ days: ['FRIDAY', 'SATURDAY', 'SUNDAY'], time: '14:30', timeZone: 'Europe/Paris' });
    expect(schedule['details']).toMatchObject({
      sendType: 'BLAST',
      audiences: [{ id: A.allSubscribers }],
      variants: [{ percentAudience: 60, offerLinks: [{ key: 'link1', offer: { id: TRACKLY_SEED.offers.summerSale } }] }, { percentAudience: 40 }],
    });
    expect(response.data!.node).toEqual({ id: id(S.weeklyAb), name: schedule['name'] });
  });

  it('unknown ids are null, not errors', async () => {
    const response = await gw.gql(`{ schedule(id: "${id('ffffffffffffffffffffffff')}") { id } bogus: schedule(id: "nope") { id } }`);
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ schedule: null, bogus: null });
  });

  it('schedules(provider: TRACKLY) filters by status and pages with stable cursors', async () => {
    const all = await gw.gql<{ schedules: { totalCount: number; edges: Array<{ cursor: string; node: { nativeId: string } }> } }>(
      `{ schedules(provider: TRACKLY, first: 100) { totalCount edges { cursor node { nativeId status } } } }`,
    );
    const ids = all.data!.schedules.edges.map((e) => e.node.nativeId);
    expect(ids).not.toContain(S.archived);
    const archived = await gw.gql<{ schedules: { edges: Array<{ node: { nativeId: string } }> } }>(
      `{ schedules(provider: TRACKLY, status: [ARCHIVED]) { edges { node { nativeId } } } }`,
    );
    expect(archived.data!.schedules.edges.map((e) => e.node.nativeId)).toContain(S.archived);

    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const response: Awaited<
        ReturnType<typeof gw.gql<{ schedules: { edges: Array<{ node: { nativeId: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string } } }>>
      > = await gw.gql(
        `query($after: String) { schedules(provider: TRACKLY, first: 2, after: $after) { edges { node { nativeId } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      seen.push(...response.data!.schedules.edges.map((e) => e.node.nativeId));
      if (!response.data!.schedules.pageInfo.hasNextPage) break;
      after = response.data!.schedules.pageInfo.endCursor;
    }
    expect(seen).toEqual(ids);
  });

  it('a page of 50 schedules sharing 5 audiences makes one list call and 5 audience calls', async () => {
    const local = await startTestGateway({ sandboxes: { seed: false } });
    try {
      const store = local.sandboxes.trackly.store;
      const audiences = Array.from({ length: 5 }, (_, i) => store.addAudience({ name: `Audience ${i}` }).id);
      const offer = store.addOffer({ name: 'Shared offer' }).id;
      for (let i = 0; i < 50; i += 1) {
        store.addSchedule({
          name: `Schedule ${i}`,
          status: 'on',
          audiences: [audiences[i % 5]!, audiences[(i + 1) % 5]!],
          blasts: [
            {
              message: 'Hi {{l}}',
              percent_audience: 100,
              variant_name: 'A',
              mms_image_url: null,
              offer_links: [{ key: 'l', offer_id: offer, url_params: {} }],
            },
          ],
        });
      }
      local.sandboxes.trackly.clearRequests();
      const response = await local.gql<{ schedules: { edges: unknown[] } }>(
        `{ schedules(provider: TRACKLY, first: 50) { edges { node { details { ... on TracklyScheduleDetails { audiences { name } variants { offerLinks { offer { name } } } } } } } } }`,
      );
      expect(response.errors).toBeUndefined();
      expect(response.data!.schedules.edges).toHaveLength(50);
      expect(local.sandboxes.trackly.count(/^GET \/api\/v2\/schedules$/)).toBe(1);
      expect(local.sandboxes.trackly.count(/^GET \/api\/v2\/audiences\//)).toBe(5);
      expect(local.sandboxes.trackly.count(/^GET \/api\/v2\/offers\//)).toBe(1);
      expect(local.sandboxes.trackly.requests).toHaveLength(7);
    } finally {
      await local.close();
    }
  });
});

describe('partial updates', () => {
  it('a name change sends only the name', async () => {
    const response = await gw.gql<{ updateSchedule: Record<string, unknown> }>(UPDATE, {
      input: { id: id(S.weeklyAb), patch: { trackly: { name: 'Renamed' } } },
    });
    expect(response.data!.updateSchedule).toMatchObject({ __typename: 'UpdateScheduleSuccess', schedule: { name: 'Renamed' } });
    expect(lastPutBody()).toEqual({ name: 'Renamed' });
  });

  it('a variants change replaces all blasts; a recurrence change sends only timing fields', async () => {
    await gw.gql(UPDATE, { input: { id: id(S.weeklyAb), patch: { trackly: { variants: [{ name: 'Solo', message: 'Only one', percentAudience: 100 }] } } } });
    expect(lastPutBody()).toEqual({ blasts: [{ message: 'Only one', percent_audience: 100, variant_name: 'Solo', offer_links: [] }] });
    await gw.gql(UPDATE, { input: { id: id(S.weeklyAb), recurrence: { oneTime: { at: '2027-07-01T08:00:00Z' } } } });
    // 08:00Z is 10:00 in Paris in July.
    expect(lastPutBody()).toEqual({ is_repeating: false, send_date: '2027-07-01T00:00:00Z', send_time: '10:00', use_local_time: false });
  });

  it("setting a field to empty is refused with the update table's codes, before any PUT", async () => {
    const before = puts().length;
    for (const [patch, code] of [
      [{ name: '' }, 'missing_name'],
      [{ audienceIds: [] }, 'missing_audiences'],
      [{ variants: [] }, 'missing_blasts'],
      [{ variants: [{ message: 'x', percentAudience: 99 }] }, 'invalid_blast_percent'],
      [{ status: 'RUNNING' }, 'invalid_status'],
    ] as const) {
      const response = await gw.gql<{ updateSchedule: Record<string, unknown> }>(UPDATE, { input: { id: id(S.oneTime), patch: { trackly: patch } } });
      expect(response.data!.updateSchedule).toMatchObject({ __typename: 'ValidationError', providerCode: code });
    }
    expect(puts().length).toBe(before);
  });

  it('a complete schedule cannot be edited (schedule_complete, no PUT); an unknown one is not_found', async () => {
    const before = puts().length;
    const complete = await gw.gql<{ updateSchedule: Record<string, unknown> }>(UPDATE, { input: { id: id(S.complete), patch: { trackly: { name: 'x' } } } });
    expect(complete.data!.updateSchedule).toMatchObject({ __typename: 'InvalidStateError', code: 'INVALID_STATE', providerCode: 'schedule_complete' });
    const missing = await gw.gql<{ updateSchedule: Record<string, unknown> }>(UPDATE, {
      input: { id: id('aaaaaaaaaaaaaaaaaaaaaaaa'), patch: { trackly: { name: 'x' } } },
    });
    expect(missing.data!.updateSchedule).toMatchObject({ __typename: 'NotFoundError', providerCode: 'not_found' });
    expect(puts().length).toBe(before);
  });

  it('a patch for another provider is refused', async () => {
    const response = await gw.gql<{ updateSchedule: Record<string, unknown> }>(UPDATE, { input: { id: id(S.oneTime), patch: { heymarket: { text: 'x' } } } });
    expect(response.data!.updateSchedule).toMatchObject({ __typename: 'ValidationError', field: 'patch.heymarket' });
  });
});

describe('status and delete', () => {
  it('PAUSED → off, SCHEDULED → on, DRAFT → draft; RUNNING is unsupported', async () => {
    for (const [status, native] of [
      ['PAUSED', 'off'],
      ['SCHEDULED', 'on'],
      ['DRAFT', 'draft'],
    ] as const) {
      const response = await gw.gql<{ setScheduleStatus: Record<string, unknown> }>(STATUS, { input: { id: id(S.draftAutomated), status } });
      expect(response.data!.setScheduleStatus).toMatchObject({ __typename: 'SetScheduleStatusSuccess', schedule: { status, nativeStatus: native } });
      expect(lastPutBody()).toEqual({ status: native });
    }
    const running = await gw.gql<{ setScheduleStatus: Record<string, unknown> }>(STATUS, { input: { id: id(S.draftAutomated), status: 'RUNNING' } });
    expect(running.data!.setScheduleStatus).toMatchObject({ __typename: 'UnsupportedOperationError', code: 'UNSUPPORTED_OPERATION' });
  });

  it('delete archives the schedule and returns it archived', async () => {
    const response = await gw.gql<{ deleteSchedule: Record<string, unknown> }>(DELETE, { input: { id: id(S.localTime) } });
    expect(response.data!.deleteSchedule).toMatchObject({ __typename: 'DeleteScheduleSuccess', schedule: { status: 'ARCHIVED', nativeStatus: 'archive' } });
    expect(gw.sandboxes.trackly.count(new RegExp(`^DELETE /api/v2/schedules/${S.localTime}$`))).toBe(1);
  });
});

describe('failures the caller cannot fix', () => {
  it('reads are retried on 500 and succeed; malformed JSON is a typed UPSTREAM_BAD_RESPONSE', async () => {
    gw.sandboxes.trackly.injectFault({ match: /^GET \/api\/v2\/schedules\//, times: 1, fault: { kind: 'status', status: 503 } });
    const retried = await gw.gql(`{ schedule(id: "${id(S.oneTime)}") { name } }`);
    expect(retried.errors).toBeUndefined();
    gw.sandboxes.trackly.injectFault({ match: /^GET \/api\/v2\/schedules\//, times: 1, fault: { kind: 'badJson' } });
    const bad = await gw.gql(`{ schedule(id: "${id(S.oneTime)}") { name } }`);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', provider: 'TRACKLY' });
  });

  it('an unexpected internal failure is masked: no message, no stack, no key', async () => {
    const failing = await startTestGateway();
    try {
      // A real internal failure: the upstream-attempt observer (the metrics hook) throws mid-request.
      failing.attempts.push = () => {
        throw new Error(`observer exploded with ${failing.sandboxes.trackly.apiKey}`);
      };
      const response = await failing.gql(`{ schedule(id: "${id(S.oneTime)}") { name } }`);
      expect(response.errors?.[0]?.message).toBe('Unexpected error.');
      expect(JSON.stringify(response)).not.toContain(failing.sandboxes.trackly.apiKey);
      expect(JSON.stringify(response)).not.toContain('exploded');
      expect(JSON.stringify(response)).not.toMatch(/at .*\.ts:\d+/);
    } finally {
      await failing.close();
    }
  });
});
