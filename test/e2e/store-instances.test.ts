/**
 * Several gateway instances on one PostgreSQL database (DATABASE_URL), each with its own connection pool and
 * its own in-process state, in front of one upstream: a key sent to both at once is one POST and one
 * schedule; a store outage refuses keyed creates with a typed error before anything is sent, while reads that
 * do not need the store keep working and `/ready` says the store is down.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeScheduleId } from '../../src/core/global-id.js';
import { startSandboxes, type Sandboxes } from '../../src/sandbox/index.js';
import { TRACKLY_SEED } from '../../src/providers/trackly/sandbox/index.js';
import type { Store } from '../../src/store/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { cutOff, storeLocation, type StoreLocation } from '../support/store.js';

const CREATE = `mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { __typename ... on CreateScheduleSuccess { schedule { id } } ... on Error { code message } } }`;
type Result = { createSchedule: { __typename: string; schedule?: { id: string }; code?: string } };
const input = (key: string) => ({
  idempotencyKey: key,
  target: { trackly: { name: 'Two instances', audienceIds: ['665fa1b2c3d4e5f6a7b8c901'], variants: [{ message: 'Hi', percentAudience: 100 }] } },
  recurrence: { oneTime: { at: '2027-05-01T10:00:00Z' } },
});

describe('two gateway instances on one DATABASE_URL', () => {
  let upstreams: Sandboxes;
  let location: StoreLocation;
  let stores: Store[] = [];
  let a: TestGateway;
  let b: TestGateway;
  const posts = () => upstreams.trackly.count(/^POST \/api\/v2\/schedules$/);

  beforeAll(async () => {
    upstreams = await startSandboxes();
    location = await storeLocation('postgres');
    stores = [await location.open(), await location.open()];
    a = await startTestGateway({ store: stores[0], upstreams });
    b = await startTestGateway({ store: stores[1], upstreams });
  }, 120_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    for (const store of stores) await store.close();
    await upstreams?.close();
    await location?.destroy();
  }, 120_000);

  it('the same key sent to both at once while the upstream is slow: one POST, one schedule, both callers get it', async () => {
    const before = posts();
    upstreams.trackly.latencyMs = 800;
    try {
      const answers = await Promise.all([a, b, a, b].map((gw) => gw.gql<Result>(CREATE, { input: input('both-at-once') })));
      const ids = answers.map((r) => r.data!.createSchedule.schedule?.id);
      expect(ids.every((id) => typeof id === 'string')).toBe(true);
      expect(new Set(ids).size).toBe(1);
      expect(posts()).toBe(before + 1);
    } finally {
      upstreams.trackly.latencyMs = 0;
    }
  });

  it('a store outage refuses keyed creates before sending, reads still work, and /ready reports it', async () => {
    await cutOff(location);
    const before = posts();
    const refused = await a.gql<Result>(CREATE, { input: input('during-outage') });
    expect(refused.data!.createSchedule).toMatchObject({ __typename: 'StoreUnavailableError', code: 'STORE_UNAVAILABLE' });
    expect(posts()).toBe(before);

    const read = await a.gql<{ schedule: { id: string } | null }>(`{ schedule(id: "${encodeScheduleId('TRACKLY', TRACKLY_SEED.schedules.oneTime)}") { id } }`);
    expect(read.errors).toBeUndefined();
    expect(read.data!.schedule).not.toBeNull();

    const ready = await fetch(`${a.origin}/ready`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { store: unknown }).store).toEqual({ backend: 'postgres', ready: false });
  }, 30_000);
});
