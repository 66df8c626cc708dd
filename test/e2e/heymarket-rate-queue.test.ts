/**
 * Issue 11 item 7: a Heymarket call waiting behind the rate limiter leaves the queue when its request's
 * deadline passes (or its client goes away) and uses no slot of the provider's budget. Counted at the sandbox:
 * the abandoned calls never reach it, and a later caller gets the next slot instead of queueing behind them.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { setTimeout as sleep } from 'node:timers/promises';
import { encodeScheduleId } from '../../src/core/global-id.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

// 30 a minute = one call per 2 s window; each GraphQL request may run 1 s.
const RPM = '30';
const DEADLINE_MS = '1000';
const READ = `query($id: ID!) { schedule(id: $id) { id } }`;
const getOne = /^GET \/v1\/schedule\/\d+$/;
let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway({ env: { HEYMARKET_REQUESTS_PER_MINUTE: RPM, GATEWAY_REQUEST_TIMEOUT_MS: DEADLINE_MS } });
});
afterAll(() => gw.close());

it('queued reads whose deadline passed leave the queue: the upstream never sees them, and the next caller is not stuck behind them', async () => {
  const burst = Promise.all([1, 2, 3, 4, 5].map((n) => gw.gql(READ, { id: encodeScheduleId('HEYMARKET', String(700 + n)) })));

  // The next window opens 2 s after the first call. Had the four abandoned calls kept their places, this one
  // would wait four windows (8 s) and miss its 1 s deadline; with them gone it is sent at once.
  await sleep(2_300);
  const next = await gw.gql(READ, { id: encodeScheduleId('HEYMARKET', '88') });
  expect(next.errors).toBeUndefined();
  expect(next.data).toMatchObject({ schedule: { id: expect.any(String) } });

  const timedOut = (await burst).filter((r) => r.errors?.some((e) => e.extensions?.code === 'UPSTREAM_TIMEOUT'));
  // One call took the first window's slot; the four behind it ran out of time while waiting.
  expect(timedOut).toHaveLength(4);
  await sleep(500);
  expect(gw.sandboxes.heymarket.count(getOne)).toBe(2);
});
