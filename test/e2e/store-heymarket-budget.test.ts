/**
 * Heymarket's per-minute budget shared through the store (issue 14 item 5): every instance on one database
 * together sends at most HEYMARKET_REQUESTS_PER_MINUTE calls in a 60-second window, counted at the one
 * upstream they share; calls that find the window full wait, and leave without a slot when their request's
 * deadline passes (issue 11 item 7), so the upstream never sees them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeScheduleId } from '../../src/core/global-id.js';
import { startSandboxes, type Sandboxes } from '../../src/sandbox/index.js';
import type { Store } from '../../src/store/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { BACKENDS, storeLocation, type StoreLocation } from '../support/store.js';

const LIMIT = 6;
const PER_INSTANCE = 8;
const ENV = { HEYMARKET_REQUESTS_PER_MINUTE: String(LIMIT), GATEWAY_REQUEST_TIMEOUT_MS: '6000', UPSTREAM_RETRIES: '0' };
const READ = `query($id: ID!) { schedule(id: $id) { id } }`;
const getOne = /^GET \/v1\/schedule\/\d+$/;

describe.each(BACKENDS)('the shared Heymarket budget in the %s store', (backend) => {
  // The embedded store belongs to one process: one instance; PostgreSQL: two, sharing the budget.
  const instances = backend === 'postgres' ? 2 : 1;
  let upstreams: Sandboxes;
  let location: StoreLocation;
  const stores: Store[] = [];
  const gateways: TestGateway[] = [];

  beforeAll(async () => {
    upstreams = await startSandboxes();
    location = await storeLocation(backend);
    for (let i = 0; i < instances; i += 1) {
      const store = await location.open();
      stores.push(store);
      gateways.push(await startTestGateway({ env: ENV, store, upstreams }));
    }
  }, 120_000);
  afterAll(async () => {
    for (const gw of gateways) await gw.close();
    for (const store of stores) await store.close();
    await upstreams?.close();
    await location?.destroy();
  }, 120_000);

  it(`a burst through ${instances} instance(s) sends exactly ${LIMIT} calls in the window; the rest leave at their deadline unsent`, async () => {
    const burst = gateways.flatMap((gw, g) =>
      Array.from({ length: PER_INSTANCE }, (_, i) => gw.gql(READ, { id: encodeScheduleId('HEYMARKET', String(5000 + g * 100 + i)) })),
    );
    const answers = await Promise.all(burst);
    const timedOut = answers.filter((r) => r.errors?.some((e) => e.extensions?.code === 'UPSTREAM_TIMEOUT'));
    expect(timedOut).toHaveLength(instances * PER_INSTANCE - LIMIT);
    await sleep(1_000);
    expect(upstreams.heymarket.count(getOne)).toBe(LIMIT);
    // The abandoned calls took no slot: the window holds exactly the calls that were sent.
    const [row] = await stores[0]!.db.query<{ n: number | string }>(`SELECT count(*) AS n FROM rate_budget_calls WHERE bucket = 'heymarket'`);
    expect(Number(row!.n)).toBe(LIMIT);
  }, 30_000);
});
