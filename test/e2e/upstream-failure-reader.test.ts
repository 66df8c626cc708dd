/**
 * One reader of a refused answer for every provider (issue 13): a provider that asks the gateway to wait
 * (`Retry-After`) is heard whichever provider it is and whichever status carries it. Before, Trackly dropped
 * Retry-After entirely and Burki kept it only on a 429. Each write below is refused once by the provider's
 * emulator with the header; the typed UpstreamError must carry it, and the write is sent exactly once.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BURKI_SEED } from '../../src/providers/burki/sandbox/store.js';
import { HEYMARKET_SEED } from '../../src/providers/heymarket/sandbox/store.js';
import { TRACKLY_SEED } from '../../src/providers/trackly/sandbox/store.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());
beforeEach(() => {
  for (const sandbox of [gw.sandboxes.trackly, gw.sandboxes.heymarket, gw.sandboxes.burki]) {
    sandbox.clearFaults();
    sandbox.clearRequests();
  }
});

const CREATE = `mutation C($input: CreateScheduleInput!) {
  createSchedule(input: $input) { __typename ... on UpstreamError { code provider httpStatus retryAfterSeconds } }
}`;

const inAWeek = () => {
  const quarter = 15 * 60 * 1000;
  return new Date(Math.ceil((Date.now() + 7 * 86_400_000) / quarter) * quarter).toISOString().replace(/\.\d{3}Z$/, 'Z');
};

const CASES = [
  {
    provider: 'TRACKLY',
    emulator: () => gw.sandboxes.trackly,
    write: /^POST \/api\/v2\/schedules$/,
    input: () => ({
      target: { trackly: { name: 'Wait', audienceIds: [TRACKLY_SEED.audiences.vipBuyers], variants: [{ message: 'Hi', percentAudience: 100 }] } },
      recurrence: { oneTime: { at: inAWeek() } },
    }),
  },
  {
    provider: 'HEYMARKET',
    emulator: () => gw.sandboxes.heymarket,
    write: /^POST \/v1\/schedule$/,
    input: () => ({
      target: { heymarket: { inboxId: HEYMARKET_SEED.inboxes.main, text: 'Hi', recipient: { phoneNumber: '+14155553434' } } },
      recurrence: { oneTime: { at: inAWeek() } },
    }),
  },
  {
    provider: 'BURKI',
    emulator: () => gw.sandboxes.burki,
    write: /^POST \/api\/v1\/campaigns\/\d+\/schedule$/,
    input: () => ({ target: { burki: { campaignId: BURKI_SEED.draftImmediate } }, recurrence: { oneTime: { at: inAWeek() } } }),
  },
] as const;

describe.each(CASES)('$provider', ({ provider, emulator, write, input }) => {
  it.each([
    [429, 'UPSTREAM_RATE_LIMITED'],
    [503, 'UPSTREAM_UNAVAILABLE'],
  ] as const)('a %i with Retry-After: 120 → retryAfterSeconds 120, one write', async (status, code) => {
    emulator().injectFault({ match: write, times: 1, fault: { kind: 'status', status, headers: { 'retry-after': '120' } } });
    const response = await gw.gql<{ createSchedule: Record<string, unknown> }>(CREATE, { input: input() });
    expect(response.errors).toBeUndefined();
    expect(response.data!.createSchedule).toEqual({ __typename: 'UpstreamError', code, provider, httpStatus: status, retryAfterSeconds: 120 });
    expect(emulator().count(write)).toBe(1);
  });
});
