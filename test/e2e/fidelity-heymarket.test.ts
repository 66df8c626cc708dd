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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEYMARKET_SEED } from '../../src/sandbox/heymarket/index.js';
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

    const result = await mutate(UPDATE, { id: created.id, recurrence: { oneTime: { at: validAt(4) } }, patch: { heymarket: { userId: ALICE } } }, 'updateSchedule');
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
