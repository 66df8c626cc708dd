/** No double sends: createSchedule with an idempotency key over real HTTP, counting POSTs at the sandbox. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const CREATE = `mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { __typename ... on CreateScheduleSuccess { schedule { id } } ... on Error { code message } } }`;

let gw: TestGateway;
const posts = () => gw.sandboxes.trackly.count(/^POST \/api\/v2\/schedules$/);
const input = (key: string, name = 'Idempotent') => ({
  idempotencyKey: key,
  target: { trackly: { name, audienceIds: ['665fa1b2c3d4e5f6a7b8c901'], variants: [{ message: 'Hi', percentAudience: 100 }] } },
  recurrence: { oneTime: { at: '2027-05-01T10:00:00Z' } },
});
type Result = { createSchedule: { __typename: string; schedule?: { id: string }; code?: string } };

beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());

describe('idempotencyKey', () => {
  it('a repeat with the same key and input returns the first schedule without a second POST', async () => {
    const before = posts();
    const first = await gw.gql<Result>(CREATE, { input: input('key-1') });
    const second = await gw.gql<Result>(CREATE, { input: input('key-1') });
    expect(first.data!.createSchedule.__typename).toBe('CreateScheduleSuccess');
    expect(second.data!.createSchedule.schedule!.id).toBe(first.data!.createSchedule.schedule!.id);
    expect(posts()).toBe(before + 1);
  });

  it('the same key with a different input is a conflict, and nothing is sent', async () => {
    await gw.gql<Result>(CREATE, { input: input('key-2') });
    const before = posts();
    const conflict = await gw.gql<Result>(CREATE, { input: input('key-2', 'Another name') });
    expect(conflict.data!.createSchedule).toMatchObject({ __typename: 'IdempotencyConflictError', code: 'IDEMPOTENCY_CONFLICT' });
    expect(posts()).toBe(before);
  });

  it('concurrent duplicates wait for the first: ten requests, one POST, one schedule', async () => {
    const before = posts();
    gw.sandboxes.trackly.latencyMs = 100;
    const results = await Promise.all(Array.from({ length: 10 }, () => gw.gql<Result>(CREATE, { input: input('key-3') })));
    gw.sandboxes.trackly.latencyMs = 0;
    expect(new Set(results.map((r) => r.data!.createSchedule.schedule!.id)).size).toBe(1);
    expect(posts()).toBe(before + 1);
  });

  it('a refused input does not burn the key', async () => {
    const bad = { ...input('key-4'), recurrence: { oneTime: { at: '2020-01-01T00:00:00Z' } } };
    expect((await gw.gql<Result>(CREATE, { input: bad })).data!.createSchedule.__typename).toBe('ValidationError');
    expect((await gw.gql<Result>(CREATE, { input: input('key-4') })).data!.createSchedule.__typename).toBe('CreateScheduleSuccess');
  });
});
