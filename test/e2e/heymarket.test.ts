/**
 * Heymarket over real HTTP: the gateway in front of the Heymarket emulator. The exact POST body per recipient
 * kind, every execute_at rule refused before the call, reads (`schedule`, `node`) with the inbox loaded once
 * per request, the full-body read-modify-write update, delete, JWT signing, request spacing under a burst,
 * 429 handling, and the operations Heymarket cannot do.
 */
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeScheduleId } from '../../src/core/global-id.js';
import { HEYMARKET_SEED } from '../../src/providers/heymarket/sandbox/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const QUARTER = 15 * 60_000;
const HOUR = 60 * 60_000;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
/** The next quarter hour after now, plus an hour: always a valid Heymarket send time. */
const validAt = (extraQuarters = 0) => iso(Math.ceil(Date.now() / QUARTER) * QUARTER + HOUR + extraQuarters * QUARTER);

const INBOX = HEYMARKET_SEED.inboxes.main;

const SCHEDULE_FIELDS = /* GraphQL */ `
  id provider nativeId name status nativeStatus createdAt
  recurrence { __typename ... on OneTimeRecurrence { at localDateTime timeZone recipientLocalTime } }
  details {
    __typename
    ... on HeymarketScheduleDetails {
      inboxId text templateId localId userId
      inbox { id name phone phones memberIds }
      recipient { kind phoneNumber conversationId listId }
      attachments { url name type }
    }
  }
`;

const ERROR_FIELDS = /* GraphQL */ `
  ... on Error { message code provider providerCode }
  ... on ValidationError { field issues { field message providerCode } }
  ... on UnsupportedRecurrenceError { supportedKinds supportedFrequencies }
  ... on UnsupportedOperationError { operation }
  ... on UpstreamError { httpStatus requestId retryAfterSeconds }
`;

const CREATE = /* GraphQL */ `
  mutation Create($input: CreateScheduleInput!) {
    createSchedule(input: $input) {
      __typename
      ... on CreateScheduleSuccess { dryRun upstreamCalls { method path body } schedule { ${SCHEDULE_FIELDS} } }
      ${ERROR_FIELDS}
    }
  }
`;

const UPDATE = /* GraphQL */ `
  mutation Update($input: UpdateScheduleInput!) {
    updateSchedule(input: $input) {
      __typename
      ... on UpdateScheduleSuccess { dryRun upstreamCalls { method path body } schedule { ${SCHEDULE_FIELDS} } }
      ${ERROR_FIELDS}
    }
  }
`;

const DELETE = /* GraphQL */ `
  mutation Delete($input: DeleteScheduleInput!) {
    deleteSchedule(input: $input) {
      __typename
      ... on DeleteScheduleSuccess { dryRun schedule { id } upstreamCalls { method path body } }
      ${ERROR_FIELDS}
    }
  }
`;

const SCHEDULE = /* GraphQL */ `query One($id: ID!) { schedule(id: $id) { ${SCHEDULE_FIELDS} } }`;

type Json = Record<string, unknown>;
type Result = Json & {
  __typename: string;
  code?: string;
  field?: string;
  providerCode?: string | null;
  issues?: Array<{ field: string; message: string; providerCode: string | null }>;
  schedule?: (Json & { id: string; nativeId: string; details: Json; recurrence: Json }) | null;
  upstreamCalls?: Array<{ method: string; path: string; body: string | null }>;
};

let gw: TestGateway;

const hm = () => gw.sandboxes.heymarket;
const count = (pattern: RegExp) => hm().count(pattern);
const POSTS = /^POST \/v1\/schedule$/;
const lastBody = (method: string) =>
  hm()
    .requests.filter((r) => r.method === method && r.path.startsWith('/v1/schedule'))
    .at(-1)?.body;

async function mutate(query: string, input: Json, field: string): Promise<Result> {
  const response = await gw.gql<Record<string, Result>>(query, { input });
  expect(response.errors).toBeUndefined();
  return response.data![field]!;
}

const create = (input: Json) => mutate(CREATE, input, 'createSchedule');
const update = (input: Json) => mutate(UPDATE, input, 'updateSchedule');

function message(overrides: Json = {}, recipient: Json = { phoneNumber: '+14155553434' }): Json {
  return { heymarket: { inboxId: INBOX, text: 'Your appointment is tomorrow at 2pm', recipient, ...overrides } };
}

const at = (value: string, timeZone?: string) => ({ oneTime: { at: value, ...(timeZone ? { timeZone } : {}) } });

async function createOk(input: Json): Promise<NonNullable<Result['schedule']>> {
  const result = await create(input);
  expect(result.__typename, JSON.stringify(result)).toBe('CreateScheduleSuccess');
  return result.schedule!;
}

beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());
beforeEach(() => hm().clearFaults());

describe('create → the exact POST body per recipient kind', () => {
  it('phone number: E.164 without + in phone_number and content.to, execute_at, inbox_id, local_id', async () => {
    const when = validAt();
    const schedule = await createOk({ target: message({ localId: 'appt-42' }), recurrence: at(when) });
    expect(lastBody('POST')).toEqual({
      inbox_id: INBOX,
      execute_at: when,
      content: { text: 'Your appointment is tomorrow at 2pm', to: '14155553434' },
      phone_number: '14155553434',
      local_id: 'appt-42',
    });
    expect(schedule).toMatchObject({
      provider: 'HEYMARKET',
      name: 'Your appointment is tomorrow at 2pm',
      status: 'SCHEDULED',
      nativeStatus: 'scheduled',
      recurrence: { __typename: 'OneTimeRecurrence', at: when, timeZone: 'UTC', recipientLocalTime: false },
      details: { inboxId: INBOX, localId: 'appt-42', recipient: { kind: 'PHONE_NUMBER', phoneNumber: '+14155553434' } },
    });
    expect(schedule.createdAt).toEqual(expect.any(String));
  });

  it('conversation: conversation_id and no content.to; a time given in a zone is sent in UTC', async () => {
    const when = validAt(1);
    const local = new Date(Date.parse(when) - 5 * HOUR).toISOString().replace('.000Z', '-05:00');
    await createOk({ target: message({}, { conversationId: HEYMARKET_SEED.conversationId }), recurrence: at(local, 'America/New_York') });
    expect(lastBody('POST')).toEqual({
      inbox_id: INBOX,
      execute_at: when,
      content: { text: 'Your appointment is tomorrow at 2pm' },
      conversation_id: HEYMARKET_SEED.conversationId,
    });
  });

  it('list: list_id, with attachments, template and sender (user_id)', async () => {
    const when = validAt(2);
    const schedule = await createOk({
      target: message(
        {
          text: null,
          templateId: 12,
          userId: HEYMARKET_SEED.members.alice,
          localId: 'bcast-1',
          attachments: [{ url: 'https://files.example.com/menu.pdf', name: 'menu.pdf', type: 'application/pdf' }],
        },
        { listId: HEYMARKET_SEED.listId },
      ),
      recurrence: at(when),
    });
    expect(lastBody('POST')).toEqual({
      inbox_id: INBOX,
      execute_at: when,
      content: { template: 12, attachments: [{ url: 'https://files.example.com/menu.pdf', name: 'menu.pdf', type: 'application/pdf' }] },
      list_id: HEYMARKET_SEED.listId,
      local_id: 'bcast-1',
      user_id: HEYMARKET_SEED.members.alice,
    });
    expect(schedule).toMatchObject({ name: 'Template 12', details: { templateId: 12, recipient: { kind: 'LIST', listId: HEYMARKET_SEED.listId } } });
  });

  it('a dry run plans the POST without sending it', async () => {
    const before = count(POSTS);
    const result = await create({ target: message(), recurrence: at(validAt()), dryRun: true });
    expect(result).toMatchObject({ __typename: 'CreateScheduleSuccess', dryRun: true, schedule: null });
    expect(JSON.parse(result.upstreamCalls![0]!.body!)).toMatchObject({ phone_number: '14155553434', inbox_id: INBOX });
    expect(count(POSTS)).toBe(before);
  });
});

describe('execute_at rules are enforced before the call', () => {
  const pastQuarter = () => iso(Math.floor(Date.now() / QUARTER) * QUARTER - QUARTER);
  const fourteenAhead = () => iso(Date.now() + 14 * 60_000);
  const sevenPast = () => iso(Math.ceil(Date.now() / HOUR) * HOUR + 2 * HOUR + 7 * 60_000);

  it.each([
    ['in the past', pastQuarter, /in the past/],
    ['14 minutes ahead', fourteenAhead, /at least 15 minutes ahead/],
    [':07 past the hour', sevenPast, /quarter hour/],
  ])('%s → ValidationError at recurrence.oneTime.at with bad_data, zero POSTs', async (_label, when, text) => {
    const before = count(POSTS);
    const result = await create({ target: message(), recurrence: at(when()) });
    expect(result).toMatchObject({
      __typename: 'ValidationError',
      code: 'VALIDATION_FAILED',
      provider: 'HEYMARKET',
      field: 'recurrence.oneTime.at',
      providerCode: 'bad_data',
    });
    expect(result.issues!.map((i) => i.message).join(' ')).toMatch(text);
    expect(count(POSTS)).toBe(before);
  });

  it('a valid one (next quarter hour + 1 h) is sent', async () => {
    const before = count(POSTS);
    await createOk({ target: message(), recurrence: at(validAt()) });
    expect(count(POSTS)).toBe(before + 1);
  });

  it('no recurrence, no text or template, an unknown inbox: ValidationErrors with zero POSTs', async () => {
    const before = count(POSTS);
    expect(await create({ target: message() })).toMatchObject({ __typename: 'ValidationError', field: 'recurrence', providerCode: 'bad_data' });
    expect(await create({ target: message({ text: '  ' }), recurrence: at(validAt()) })).toMatchObject({
      field: 'target.heymarket.text',
      providerCode: 'bad_data',
    });
    expect(await create({ target: message({ inboxId: 999 }), recurrence: at(validAt()) })).toMatchObject({
      field: 'target.heymarket.inboxId',
      providerCode: 'bad_data',
    });
    expect(count(POSTS)).toBe(before);
  });

  it.each([
    ['weekly', { weekly: { days: ['MONDAY'], time: '09:00' } }],
    ['interval', { interval: { frequency: 'DAILY', interval: 1, time: '09:00' } }],
  ])('%s → UnsupportedRecurrenceError listing ONE_TIME', async (_label, recurrence) => {
    const before = count(POSTS);
    const result = await create({ target: message(), recurrence });
    expect(result).toMatchObject({
      __typename: 'UnsupportedRecurrenceError',
      code: 'UNSUPPORTED_RECURRENCE',
      supportedKinds: ['ONE_TIME'],
      supportedFrequencies: [],
    });
    expect(count(POSTS)).toBe(before);
  });

  it.each([['+1415555'], ['14155553434'], ['+15555555555']])('invalid phone number %s → ValidationError', async (phoneNumber) => {
    const before = count(POSTS);
    const result = await create({ target: message({}, { phoneNumber }), recurrence: at(validAt()) });
    expect(result).toMatchObject({ __typename: 'ValidationError', field: 'target.heymarket.recipient.phoneNumber', providerCode: 'bad_data' });
    expect(count(POSTS)).toBe(before);
  });
});

describe('reads', () => {
  it('schedule(id) and node(id) map the read shape into a OneTimeRecurrence with details and the inbox object', async () => {
    const when = validAt(3);
    const created = await createOk({ target: message({ localId: 'read-1' }), recurrence: at(when) });
    const one = await gw.gql<{ schedule: Json }>(SCHEDULE, { id: created.id });
    expect(one.errors).toBeUndefined();
    expect(one.data!.schedule).toMatchObject({
      id: created.id,
      status: 'SCHEDULED',
      recurrence: { __typename: 'OneTimeRecurrence', at: when, timeZone: 'UTC' },
      details: {
        __typename: 'HeymarketScheduleDetails',
        text: 'Your appointment is tomorrow at 2pm',
        localId: 'read-1',
        inbox: { id: INBOX, name: 'Main Line', phone: `+${HEYMARKET_SEED.phones.main}` },
        recipient: { kind: 'PHONE_NUMBER', phoneNumber: '+14155553434' },
      },
    });
    const node = await gw.gql<{ node: Json }>(`query N($id: ID!) { node(id: $id) { id ... on Schedule { ${SCHEDULE_FIELDS} } } }`, { id: created.id });
    expect(node.errors).toBeUndefined();
    expect(node.data!.node).toEqual(one.data!.schedule);
  });

  it('inboxes are loaded ONCE per request however many Heymarket schedules are read', async () => {
    const ids = Object.values(HEYMARKET_SEED.schedules).map((id) => encodeScheduleId('HEYMARKET', String(id)));
    const before = count(/^GET \/v1\/inboxes$/);
    const response = await gw.gql<Record<string, { details: { inbox: { name: string } } }>>(
      `query Three($a: ID!, $b: ID!, $c: ID!) {
        a: schedule(id: $a) { details { ... on HeymarketScheduleDetails { inbox { name } } } }
        b: schedule(id: $b) { details { ... on HeymarketScheduleDetails { inbox { name } } } }
        c: schedule(id: $c) { details { ... on HeymarketScheduleDetails { inbox { name } } } }
      }`,
      { a: ids[0], b: ids[1], c: ids[2] },
    );
    expect(response.errors).toBeUndefined();
    expect(['a', 'b', 'c'].map((key) => response.data![key]!.details.inbox.name)).toEqual(['Main Line', 'Main Line', 'Billing']);
    expect(count(/^GET \/v1\/inboxes$/)).toBe(before + 1);
  });

  it('an unknown id is null', async () => {
    const response = await gw.gql<{ schedule: Json | null }>(SCHEDULE, { id: encodeScheduleId('HEYMARKET', '424242') });
    expect(response.errors).toBeUndefined();
    expect(response.data!.schedule).toBeNull();
  });

  it('schedules(provider: HEYMARKET) is an UNSUPPORTED_OPERATION error, not an empty list', async () => {
    const response = await gw.gql(`{ schedules(provider: HEYMARKET) { totalCount } }`);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'UNSUPPORTED_OPERATION', provider: 'HEYMARKET' });
    expect(response.errors?.[0]?.message).toMatch(/no endpoint that lists/);
  });
});

describe('update: read-modify-write with the full body', () => {
  it('changing only the text (sender restated, H14) PUTs content + inbox_id + execute_at + target + user_id', async () => {
    const when = validAt(4);
    const created = await createOk({ target: message({ localId: 'rmw-1' }), recurrence: at(when) });
    const result = await update({ id: created.id, patch: { heymarket: { text: 'Moved to 3pm', userId: HEYMARKET_SEED.members.owner } } });
    expect(result.__typename, JSON.stringify(result)).toBe('UpdateScheduleSuccess');
    expect(lastBody('PUT')).toEqual({
      inbox_id: INBOX,
      execute_at: when,
      content: { text: 'Moved to 3pm', to: '14155553434' },
      phone_number: '14155553434',
      local_id: 'rmw-1',
      user_id: HEYMARKET_SEED.members.owner,
    });
    expect(result.schedule).toMatchObject({ name: 'Moved to 3pm', details: { text: 'Moved to 3pm' }, recurrence: { at: when } });
  });

  it('moving it sends the new execute_at with everything else unchanged', async () => {
    const created = await createOk({ target: message({}, { conversationId: HEYMARKET_SEED.conversationId }), recurrence: at(validAt(5)) });
    const later = validAt(9);
    const result = await update({ id: created.id, recurrence: at(later), patch: { heymarket: { userId: HEYMARKET_SEED.members.owner } } });
    expect(result.__typename).toBe('UpdateScheduleSuccess');
    expect(lastBody('PUT')).toEqual({
      inbox_id: INBOX,
      execute_at: later,
      content: { text: 'Your appointment is tomorrow at 2pm' },
      conversation_id: HEYMARKET_SEED.conversationId,
      user_id: HEYMARKET_SEED.members.owner,
    });
    expect(result.schedule!.recurrence).toMatchObject({ at: later });
  });

  it('an invalid new time is refused before the PUT', async () => {
    const created = await createOk({ target: message(), recurrence: at(validAt()) });
    const before = count(/^PUT /);
    const result = await update({ id: created.id, recurrence: at(iso(Date.now() + 5 * 60_000)) });
    expect(result).toMatchObject({ __typename: 'ValidationError', field: 'recurrence.oneTime.at', providerCode: 'bad_data' });
    expect(count(/^PUT /)).toBe(before);
  });
});

describe('delete', () => {
  it('DELETE, result null, then schedule(id) is null', async () => {
    const created = await createOk({ target: message(), recurrence: at(validAt()) });
    const result = await mutate(DELETE, { id: created.id }, 'deleteSchedule');
    expect(result).toMatchObject({
      __typename: 'DeleteScheduleSuccess',
      schedule: null,
      upstreamCalls: [{ method: 'DELETE', path: `/v1/schedule/${created.nativeId}`, body: null }],
    });
    const read = await gw.gql<{ schedule: Json | null }>(SCHEDULE, { id: created.id });
    expect(read.data!.schedule).toBeNull();
    const again = await mutate(DELETE, { id: created.id }, 'deleteSchedule');
    expect(again).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND' });
  });

  it('setScheduleStatus → UnsupportedOperationError', async () => {
    const id = encodeScheduleId('HEYMARKET', String(HEYMARKET_SEED.schedules.phone));
    const response = await gw.gql<{ setScheduleStatus: Result }>(
      `mutation S($input: SetScheduleStatusInput!) { setScheduleStatus(input: $input) { __typename ${ERROR_FIELDS} } }`,
      { input: { id, status: 'PAUSED' } },
    );
    expect(response.data!.setScheduleStatus).toMatchObject({
      __typename: 'UnsupportedOperationError',
      code: 'UNSUPPORTED_OPERATION',
      operation: 'setScheduleStatus',
    });
  });
});

describe('auth: signed JWT', () => {
  it('iss = secret id, iat ≈ now, and the same token is reused across calls', async () => {
    const from = hm().requests.length;
    const claimsFrom = hm().acceptedJwtClaims.length;
    await createOk({ target: message(), recurrence: at(validAt()) });
    await gw.gql(SCHEDULE, { id: encodeScheduleId('HEYMARKET', String(HEYMARKET_SEED.schedules.list)) });
    const claims = hm().acceptedJwtClaims.slice(claimsFrom);
    expect(claims.length).toBeGreaterThanOrEqual(3);
    for (const claim of claims) {
      expect(claim.iss).toBe(hm().secretId);
      expect(Math.abs((claim.iat as number) - Date.now() / 1000)).toBeLessThan(5 * 60);
    }
    const tokens = new Set(
      hm()
        .requests.slice(from)
        .map((r) => r.headers.authorization),
    );
    expect(tokens.size).toBe(1);
    const [token] = [...tokens];
    expect(token).toMatch(/^Bearer ey/);
    expect(decodeJwt(token!.slice('Bearer '.length))).toEqual({ iss: hm().secretId, iat: expect.any(Number) });
    expect(token).not.toContain(hm().secretKey);
  });
});

describe('429 handling', () => {
  it('a GET answered 429 with Retry-After: 1 is retried and succeeds (2 GETs)', async () => {
    const id = HEYMARKET_SEED.schedules.conversation;
    const path = new RegExp(`^GET /v1/schedule/${id}$`);
    const before = count(path);
    hm().injectFault({
      fault: { kind: 'status', status: 429, headers: { 'retry-after': '1' }, body: { error: 'rate_limited', message: 'slow down' } },
      match: path,
      times: 1,
    });
    const started = Date.now();
    const response = await gw.gql<{ schedule: Json }>(SCHEDULE, { id: encodeScheduleId('HEYMARKET', String(id)) });
    expect(response.errors).toBeUndefined();
    expect(response.data!.schedule).toMatchObject({ nativeId: String(id) });
    expect(count(path)).toBe(before + 2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('a POST answered 429 is NOT re-sent: exactly 1 POST, UpstreamError UPSTREAM_RATE_LIMITED with requestId', async () => {
    const before = count(POSTS);
    hm().injectFault({
      fault: { kind: 'status', status: 429, headers: { 'retry-after': '1' }, body: { error: 'rate_limited', message: 'slow down' } },
      match: POSTS,
      times: 1,
    });
    const result = await create({ target: message(), recurrence: at(validAt()) });
    expect(result).toMatchObject({ __typename: 'UpstreamError', code: 'UPSTREAM_RATE_LIMITED', provider: 'HEYMARKET', httpStatus: 429, retryAfterSeconds: 1 });
    expect(result.requestId).toMatch(/^hm-req-/);
    expect(count(POSTS)).toBe(before + 1);
  });
});

describe('request spacing under a burst', () => {
  it('at 120 requests a minute, 6 reads in one request are spread 2 per second', async () => {
    const slow = await startTestGateway({ env: { HEYMARKET_REQUESTS_PER_MINUTE: '120' } });
    try {
      const ids = [88, 89, 90, 91, 92, 93];
      const variables = Object.fromEntries(ids.map((id, i) => [`v${i}`, encodeScheduleId('HEYMARKET', String(id))]));
      const query = `query Burst(${ids.map((_, i) => `$v${i}: ID!`).join(', ')}) { ${ids.map((_, i) => `s${i}: schedule(id: $v${i}) { nativeId }`).join(' ')} }`;
      const response = await slow.gql(query, variables);
      expect(response.errors).toBeUndefined();
      const times = slow.sandboxes.heymarket.requests
        .filter((r) => r.path.startsWith('/v1/schedule/'))
        .map((r) => r.at)
        .sort((a, b) => a - b);
      expect(times).toHaveLength(6);
      // 2 per 1000 ms window: the 6 calls span at least two windows, and no 3 fall within one second.
      expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(1900);
      for (let i = 0; i + 2 < times.length; i += 1) expect(times[i + 2]! - times[i]!).toBeGreaterThanOrEqual(950);
    } finally {
      await slow.close();
    }
  });
});
