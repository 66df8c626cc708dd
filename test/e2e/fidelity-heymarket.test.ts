/**
 * Issue 12, items 1 and 2, end to end: the gateway over HTTP in front of the Heymarket emulator, which answers
 * reads exactly like the documented Scheduled object (every field present, zero values for what is not set:
 * `meta.conversation_id: 0`, `meta.list_id: 0`, `meta.content.template: 0`; held to the documented example by
 * test/sandbox/heymarket-documented-shape.test.ts).
 * 1. Zero is ABSENT: a phone message never reads as conversation 0, and an update PUTs the real recipient —
 *    never `conversation_id: 0`, never without `list_id: 5`, never `template: 0`.
 * 2. The sender is never dropped: the read carries no `user_id` and a PUT without it makes the team owner
 *    send, so an update must restate `userId`; restated, it is sent.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeScheduleId } from '../../src/core/global-id.js';
import { HEYMARKET_SEED } from '../../src/providers/heymarket/sandbox/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const QUARTER = 15 * 60_000;
const HOUR = 60 * 60_000;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const validAt = (extraQuarters = 0) => iso(Math.ceil(Date.now() / QUARTER) * QUARTER + 2 * HOUR + extraQuarters * QUARTER);
const INBOX = HEYMARKET_SEED.inboxes.main;
const ALICE = HEYMARKET_SEED.members.alice;

const DETAILS = /* GraphQL */ `
  id nativeId
  details { ... on HeymarketScheduleDetails { text templateId userId recipient { kind phoneNumber conversationId listId } } }
`;
const RESULT = /* GraphQL */ `
  __typename
  ... on Error { message code providerCode }
  ... on ValidationError { field issues { field message } }
`;
const CREATE = `mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { ${RESULT} ... on CreateScheduleSuccess { schedule { ${DETAILS} } } } }`;
const UPDATE = `mutation($input: UpdateScheduleInput!) { updateSchedule(input: $input) { ${RESULT} ... on UpdateScheduleSuccess { schedule { ${DETAILS} } } } }`;
const READ = `query($id: ID!) { schedule(id: $id) { ${DETAILS} } }`;

type Json = Record<string, unknown>;
type Schedule = { id: string; nativeId: string; details: Json & { recipient: Json | null } };
type Result = Json & { __typename: string; field?: string; schedule?: Schedule };

let gw: TestGateway;
const puts = () => gw.sandboxes.heymarket.requests.filter((r) => r.method === 'PUT');

async function mutate(query: string, input: Json, name: string): Promise<Result> {
  const response = await gw.gql<Record<string, Result>>(query, { input });
  expect(response.errors).toBeUndefined();
  return response.data![name]!;
}

async function createMessage(target: Json, at = validAt()): Promise<Schedule> {
  const result = await mutate(CREATE, { target: { heymarket: { inboxId: INBOX, ...target } }, recurrence: { oneTime: { at } } }, 'createSchedule');
  expect(result.__typename, JSON.stringify(result)).toBe('CreateScheduleSuccess');
  return result.schedule!;
}

async function read(id: string): Promise<Schedule> {
  const response = await gw.gql<{ schedule: Schedule }>(READ, { id });
  expect(response.errors).toBeUndefined();
  return response.data!.schedule;
}

beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());

describe('item 1: Heymarket zero values are absent, never an id', () => {
  it('the emulator reads a phone message with the documented zero values (the premise)', async () => {
    const created = await createMessage({ text: 'Zero check', recipient: { phoneNumber: '+14155553434' } });
    const response = await fetch(`${gw.sandboxes.heymarket.url}/v1/schedule/${created.nativeId}`, {
      headers: { authorization: `Bearer ${gw.sandboxes.heymarket.apiKey}` },
    });
    const body = (await response.json()) as { meta: Json & { content: Json } };
    expect(body.meta).toMatchObject({ conversation_id: 0, list_id: 0 });
    expect(body.meta.content).toMatchObject({ template: 0, to: '14155553434' });
  });

  it('a phone message reads as its phone number, not conversation 0, and a text-only update PUTs the phone', async () => {
    const created = await createMessage({ text: 'Your appointment is tomorrow at 2pm', recipient: { phoneNumber: '+14155553434' } });
    const shown = await read(created.id);
    expect(shown.details.recipient).toEqual({ kind: 'PHONE_NUMBER', phoneNumber: '+14155553434', conversationId: null, listId: null });
    expect(shown.details.templateId).toBeNull();

    const result = await mutate(UPDATE, { id: created.id, patch: { heymarket: { text: 'Moved to 3pm', userId: ALICE } } }, 'updateSchedule');
    expect(result.__typename, JSON.stringify(result)).toBe('UpdateScheduleSuccess');
    const body = puts().at(-1)!.body as Json & { content: Json };
    expect(body.phone_number).toBe('14155553434');
    expect(body.content).toEqual({ text: 'Moved to 3pm', to: '14155553434' });
    expect(body).not.toHaveProperty('conversation_id');
    expect(body).not.toHaveProperty('list_id');
    expect(body.content).not.toHaveProperty('template');
    expect(result.schedule!.details.recipient).toMatchObject({ kind: 'PHONE_NUMBER', phoneNumber: '+14155553434' });
  });

  it('a list-5 message reads as list 5 and its update keeps list_id 5 (no conversation_id 0)', async () => {
    const created = await createMessage({ text: 'Invoices are due Friday', recipient: { listId: 5 } });
    expect((await read(created.id)).details.recipient).toEqual({ kind: 'LIST', phoneNumber: null, conversationId: null, listId: 5 });

    const result = await mutate(
      UPDATE,
      { id: created.id, recurrence: { oneTime: { at: validAt(4) } }, patch: { heymarket: { userId: ALICE } } },
      'updateSchedule',
    );
    expect(result.__typename, JSON.stringify(result)).toBe('UpdateScheduleSuccess');
    const body = puts().at(-1)!.body as Json & { content: Json };
    expect(body.list_id).toBe(5);
    expect(body).not.toHaveProperty('conversation_id');
    expect(body).not.toHaveProperty('phone_number');
    expect(body.content).not.toHaveProperty('template');
  });

  it('a conversation message keeps its conversation; template 0 is never sent back', async () => {
    const created = await createMessage({ text: 'Following up', recipient: { conversationId: 3301 } });
    await mutate(UPDATE, { id: created.id, patch: { heymarket: { text: 'Following up again', userId: ALICE } } }, 'updateSchedule');
    const body = puts().at(-1)!.body as Json & { content: Json };
    expect(body).toMatchObject({ conversation_id: 3301, content: { text: 'Following up again' } });
    expect(body).not.toHaveProperty('list_id');
    expect(body.content).not.toHaveProperty('template');
  });
});

describe('item 2: the sender (user_id) is never dropped on update', () => {
  it('an update that does not restate userId is refused with a clear error, and nothing is PUT', async () => {
    const created = await createMessage({ text: 'From Alice', recipient: { phoneNumber: '+14155553434' }, userId: ALICE });
    const before = puts().length;
    const result = await mutate(UPDATE, { id: created.id, patch: { heymarket: { text: 'Still from Alice?' } } }, 'updateSchedule');
    expect(result).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION_FAILED', field: 'patch.heymarket.userId' });
    expect(String(result.message)).toMatch(/team owner/);
    expect(puts().length).toBe(before);
  });

  it('a time-only update without a patch is refused too, pointing at `patch`, where the sender goes', async () => {
    const created = await createMessage({ text: 'From Alice', recipient: { phoneNumber: '+14155553434' }, userId: ALICE });
    const before = puts().length;
    const result = await mutate(UPDATE, { id: created.id, recurrence: { oneTime: { at: validAt(8) } } }, 'updateSchedule');
    expect(result).toMatchObject({ __typename: 'ValidationError', field: 'patch' });
    expect(puts().length).toBe(before);
  });

  it('restated, the sender is sent in the PUT', async () => {
    const created = await createMessage({ text: 'From Alice', recipient: { phoneNumber: '+14155553434' }, userId: ALICE });
    const result = await mutate(UPDATE, { id: created.id, patch: { heymarket: { text: 'Still from Alice', userId: ALICE } } }, 'updateSchedule');
    expect(result.__typename, JSON.stringify(result)).toBe('UpdateScheduleSuccess');
    expect(puts().at(-1)!.body).toMatchObject({ user_id: ALICE, content: { text: 'Still from Alice' } });
  });
});

/**
 * The same two items against a 127.0.0.1 server that answers exactly the documented Scheduled object
 * (upstreams.md §2.3: every field, zero values for what is not set) — independent of the emulator.
 */
describe('items 1 and 2 against a server answering the documented example verbatim', () => {
  const execute = validAt(6);
  const documented = (id: number, meta: Json, content: Json): Json => ({
    id,
    execute,
    inbox_id: INBOX,
    local_id: '',
    created: '2026-11-01T10:00:00Z',
    updated: '2026-11-01T10:00:00Z',
    op: 'create',
    rev: 1,
    meta: {
      campaign_id: 0,
      campaign_step_id: 0,
      campaign_target_phone: '',
      conversation_id: 0,
      list_id: 0,
      ...meta,
      content: { text: '', to: '', template: 0, attachments: [], gallery: [], local_day: 0, local_time: '', offset: 0, ...content },
    },
  });
  const messages: Record<string, Json> = {
    '501': documented(501, {}, { text: 'To a phone', to: '14155553434' }),
    '502': documented(502, { list_id: 5 }, { text: 'To list 5' }),
  };
  const received: Array<{ method: string; url: string; body: Json | null }> = [];
  let server: Server;
  let docGw: TestGateway;

  const bodyOf = (req: IncomingMessage) =>
    new Promise<Json | null>((resolve) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString()));
      req.on('end', () => resolve(text ? (JSON.parse(text) as Json) : null));
    });

  beforeAll(async () => {
    server = createServer((req, res) => {
      void bodyOf(req).then((body) => {
        received.push({ method: req.method ?? '', url: req.url ?? '', body });
        const send = (status: number, value: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(value));
        };
        const id = /^\/v1\/schedule\/(\d+)$/.exec(req.url ?? '')?.[1];
        if (req.url === '/v1/inboxes') return send(200, [{ id: INBOX, name: 'Main', members: [HEYMARKET_SEED.members.owner, ALICE] }]);
        if (id && messages[id] && req.method === 'GET') return send(200, messages[id]);
        if (id && messages[id] && req.method === 'PUT') return send(200, { id: Number(id), local_id: '' });
        return send(404, { error: 'not_found' });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    docGw = await startTestGateway({ adjust: (config) => ({ ...config, heymarket: { ...config.heymarket, baseUrl: url } }) });
  });
  afterAll(async () => {
    await docGw.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const update = async (input: Json): Promise<Result> => {
    const response = await docGw.gql<{ updateSchedule: Result }>(UPDATE, { input });
    expect(response.errors).toBeUndefined();
    return response.data!.updateSchedule;
  };
  const lastPut = () => received.filter((r) => r.method === 'PUT').at(-1)?.body as (Json & { content: Json }) | undefined;

  it('item 1: a phone message reads as the phone, not conversation 0; its update PUTs the phone, no conversation_id 0, no template 0', async () => {
    const id = encodeScheduleId('HEYMARKET', '501');
    const read = await docGw.gql<{ schedule: Schedule }>(READ, { id });
    expect(read.data!.schedule.details.recipient).toEqual({ kind: 'PHONE_NUMBER', phoneNumber: '+14155553434', conversationId: null, listId: null });
    expect(read.data!.schedule.details.templateId).toBeNull();
    const result = await update({ id, patch: { heymarket: { text: 'Moved', userId: ALICE } } });
    expect(result.__typename, JSON.stringify(result)).toBe('UpdateScheduleSuccess');
    expect(lastPut()).toEqual({
      inbox_id: INBOX,
      execute_at: execute,
      content: { text: 'Moved', to: '14155553434' },
      phone_number: '14155553434',
      user_id: ALICE,
    });
  });

  it('item 1: a list-5 message keeps list_id 5 in its update', async () => {
    const id = encodeScheduleId('HEYMARKET', '502');
    expect((await docGw.gql<{ schedule: Schedule }>(READ, { id })).data!.schedule.details.recipient).toMatchObject({ kind: 'LIST', listId: 5 });
    const result = await update({ id, patch: { heymarket: { text: 'Still to list 5', userId: ALICE } } });
    expect(result.__typename, JSON.stringify(result)).toBe('UpdateScheduleSuccess');
    expect(lastPut()).toEqual({ inbox_id: INBOX, execute_at: execute, content: { text: 'Still to list 5' }, list_id: 5, user_id: ALICE });
  });

  it('item 2: without the sender restated, nothing is PUT', async () => {
    const before = received.filter((r) => r.method === 'PUT').length;
    const result = await update({ id: encodeScheduleId('HEYMARKET', '501'), patch: { heymarket: { text: 'Who sends this?' } } });
    expect(result).toMatchObject({ __typename: 'ValidationError', field: 'patch.heymarket.userId' });
    expect(received.filter((r) => r.method === 'PUT').length).toBe(before);
  });
});
