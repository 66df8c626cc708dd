/**
 * Upstream failures against the sandbox over real HTTP: 500s, hangs, resets, bad JSON, truncated bodies and
 * 429 with Retry-After. No crash, typed errors, reads retried (counted at the sandbox), creates sent exactly
 * once, the circuit breaker opening after N failures and failing fast (no further upstream calls while open),
 * and the request deadline ending a hanging upstream.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeScheduleId } from '../../src/core/global-id.js';
import { TRACKLY_SEED } from '../../src/providers/trackly/sandbox/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const S = TRACKLY_SEED.schedules;
const A = TRACKLY_SEED.audiences;
const id = (nativeId: string) => encodeScheduleId('TRACKLY', nativeId);
const READ = (nativeId: string) => `{ schedule(id: "${id(nativeId)}") { name } }`;
const CREATE = /* GraphQL */ `
  mutation($input: CreateScheduleInput!) {
    createSchedule(input: $input) {
      __typename
      ... on CreateScheduleSuccess { schedule { id } }
      ... on Error { message code provider }
      ... on UpstreamError { httpStatus }
    }
  }
`;
const createInput = {
  target: { trackly: { name: 'Fault test', audienceIds: [A.allSubscribers], variants: [{ message: 'Hi', percentAudience: 100 }] } },
  recurrence: { oneTime: { at: '2027-03-14T13:00:00Z' } },
};

const getOne = /^GET \/api\/v2\/schedules\/[^/]+$/;
const postSchedules = /^POST \/api\/v2\/schedules$/;

let gw: TestGateway;
const count = (match: RegExp) => gw.sandboxes.trackly.count(match);

async function create(): Promise<Record<string, unknown>> {
  const response = await gw.gql<{ createSchedule: Record<string, unknown> }>(CREATE, { input: createInput });
  expect(response.status).toBe(200);
  expect(response.errors).toBeUndefined();
  return response.data!.createSchedule;
}

beforeAll(async () => {
  gw = await startTestGateway({
    env: { UPSTREAM_RETRIES: '2', UPSTREAM_HEADERS_TIMEOUT_MS: '300', UPSTREAM_BODY_TIMEOUT_MS: '300', UPSTREAM_BREAKER_FAILURES: '50' },
  });
});
afterAll(() => gw.close());
beforeEach(() => {
  gw.sandboxes.trackly.clearFaults();
  gw.sandboxes.trackly.clearRequests();
});

describe('reads', () => {
  it('a 500 then success: retried, and the caller sees the data (2 upstream GETs)', async () => {
    gw.sandboxes.trackly.injectFault({ match: getOne, times: 1, fault: { kind: 'status', status: 500 } });
    const response = await gw.gql(READ(S.oneTime));
    expect(response.errors).toBeUndefined();
    expect(response.data).toMatchObject({ schedule: { name: expect.any(String) } });
    expect(count(getOne)).toBe(2);
  });

  it('500 every time: 1 + 2 retries, then a typed UPSTREAM_UNAVAILABLE with the HTTP status', async () => {
    gw.sandboxes.trackly.injectFault({ match: getOne, fault: { kind: 'status', status: 500 } });
    const response = await gw.gql(READ(S.oneTime));
    expect(response.status).toBe(200);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'TRACKLY', httpStatus: 500 });
    expect(count(getOne)).toBe(3);
  });

  it('a hang: each attempt times out (headers timeout), retried, then UPSTREAM_TIMEOUT', async () => {
    gw.sandboxes.trackly.injectFault({ match: getOne, fault: { kind: 'hang' } });
    const started = Date.now();
    const response = await gw.gql(READ(S.oneTime));
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', provider: 'TRACKLY' });
    expect(count(getOne)).toBe(3);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a connection reset: retried, then recovered', async () => {
    gw.sandboxes.trackly.injectFault({ match: getOne, times: 2, fault: { kind: 'reset' } });
    const response = await gw.gql(READ(S.oneTime));
    expect(response.errors).toBeUndefined();
    expect(count(getOne)).toBe(3);
  });

  it('resets every time: a typed UPSTREAM_UNAVAILABLE, no crash', async () => {
    gw.sandboxes.trackly.injectFault({ match: getOne, fault: { kind: 'reset' } });
    const response = await gw.gql(READ(S.oneTime));
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'TRACKLY' });
    expect(response.errors?.[0]?.message).not.toMatch(/Unexpected error/);
  });

  it('malformed JSON: a typed UPSTREAM_BAD_RESPONSE (not retried: the upstream did answer)', async () => {
    gw.sandboxes.trackly.injectFault({ match: getOne, fault: { kind: 'badJson' } });
    const response = await gw.gql(READ(S.oneTime));
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', provider: 'TRACKLY' });
    expect(count(getOne)).toBe(1);
  });

  it('a truncated body (connection cut mid-body): a typed UPSTREAM_UNAVAILABLE after retries', async () => {
    gw.sandboxes.trackly.injectFault({ match: /^GET \/api\/v2\/schedules$/, fault: { kind: 'truncate' } });
    const response = await gw.gql('{ schedules(provider: TRACKLY, first: 1) { totalCount } }');
    const codes = (response.errors ?? []).map((e) => e.extensions?.code);
    expect(codes).toContain('UPSTREAM_UNAVAILABLE');
    expect(response.errors?.some((e) => /Unexpected error/.test(e.message))).toBe(false);
    expect(count(/^GET \/api\/v2\/schedules$/)).toBe(3);
  });

  it('429 with Retry-After: waits as asked, then retries once and succeeds', async () => {
    gw.sandboxes.trackly.injectFault({ match: getOne, times: 1, fault: { kind: 'status', status: 429, headers: { 'retry-after': '1' } } });
    const started = Date.now();
    const response = await gw.gql(READ(S.oneTime));
    expect(response.errors).toBeUndefined();
    expect(count(getOne)).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('429 with a Retry-After longer than allowed: not waited for, typed UPSTREAM_RATE_LIMITED', async () => {
    gw.sandboxes.trackly.injectFault({ match: getOne, times: 1, fault: { kind: 'status', status: 429, headers: { 'retry-after': '3600' } } });
    const response = await gw.gql(READ(S.oneTime));
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', httpStatus: 429 });
    expect(count(getOne)).toBe(1);
  });
});

describe('creates are sent exactly once', () => {
  it.each([
    ['a 500', { kind: 'status', status: 500 } as const, 'UPSTREAM_UNAVAILABLE'],
    ['a 503', { kind: 'status', status: 503 } as const, 'UPSTREAM_UNAVAILABLE'],
    ['a 429 with Retry-After', { kind: 'status', status: 429, headers: { 'retry-after': '0' } } as const, 'UPSTREAM_RATE_LIMITED'],
    ['a hang', { kind: 'hang' } as const, 'UPSTREAM_TIMEOUT'],
    ['a reset', { kind: 'reset' } as const, 'UPSTREAM_UNAVAILABLE'],
    ['malformed JSON', { kind: 'badJson' } as const, 'UPSTREAM_BAD_RESPONSE'],
    ['a truncated body', { kind: 'truncate' } as const, 'UPSTREAM_UNAVAILABLE'],
  ])('%s: one POST, a typed UpstreamError result', async (_name, fault, code) => {
    gw.sandboxes.trackly.injectFault({ match: postSchedules, fault });
    const result = await create();
    expect(result).toMatchObject({ __typename: 'UpstreamError', code, provider: 'TRACKLY' });
    expect(count(postSchedules)).toBe(1);
  });
});

describe('circuit breaker', () => {
  let live: TestGateway;
  const KEY = 'gw_fault_key_0123456789abcdef';

  beforeAll(async () => {
    // A half-open delay far above one request's time even on a loaded CI machine (at 400 ms, five requests at
    // 100–200 ms each under load outlived it and the test flaked).
    live = await startTestGateway({
      env: { GATEWAY_API_KEYS: KEY, UPSTREAM_RETRIES: '0', UPSTREAM_BREAKER_FAILURES: '3', UPSTREAM_BREAKER_HALF_OPEN_MS: '3000' },
      headers: { authorization: `Bearer ${KEY}` },
      // Treat Trackly as live (still pointed at its emulator) so that /ready reflects its circuit.
      adjust: (config) => ({ ...config, mode: 'live', trackly: { ...config.trackly, mode: 'live' } }),
    });
  });
  afterAll(() => live.close());

  it('opens after 3 consecutive 5xx, then fails fast with no upstream call; /ready is 503 until it recovers', async () => {
    const trackly = live.sandboxes.trackly;
    trackly.injectFault({ match: getOne, fault: { kind: 'status', status: 502 } });
    for (let i = 0; i < 3; i += 1) {
      const failed = await live.gql(READ(S.oneTime));
      expect(failed.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', httpStatus: 502 });
    }
    expect(trackly.count(getOne)).toBe(3);

    const before = trackly.requests.length;
    for (let i = 0; i < 5; i += 1) {
      const fast = await live.gql(READ(S.oneTime));
      expect(fast.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'TRACKLY' });
      expect(fast.errors?.[0]?.message).toMatch(/circuit open/);
    }
    // A create is refused the same way, never sent.
    const refused = await live.gql<{ createSchedule: Record<string, unknown> }>(CREATE, { input: createInput });
    expect(refused.data?.createSchedule).toMatchObject({ __typename: 'UpstreamError', code: 'UPSTREAM_UNAVAILABLE' });
    expect(trackly.requests.length).toBe(before);

    const notReady = await fetch(`${live.origin}/ready`);
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toMatchObject({ status: 'unavailable', providers: { TRACKLY: { mode: 'live', ready: false, circuit: 'open' } } });

    const metrics = await (await fetch(`${live.origin}/metrics`, { headers: { authorization: `Bearer ${KEY}` } })).text();
    expect(metrics).toMatch(/gateway_upstream_circuit_refusals_total\{provider="TRACKLY"\} 6/);
    expect(metrics).toMatch(/gateway_upstream_requests_total\{provider="TRACKLY",method="GET",status="502"\} 3/);
    expect(metrics).toMatch(/gateway_upstream_circuit_state\{provider="TRACKLY"\} 1/);

    // The provider recovers; after the half-open delay one trial call closes the circuit again.
    trackly.clearFaults();
    await new Promise((resolve) => setTimeout(resolve, 3100));
    expect((await fetch(`${live.origin}/ready`)).status).toBe(200);
    const recovered = await live.gql(READ(S.oneTime));
    expect(recovered.errors).toBeUndefined();
    expect(trackly.requests.length).toBe(before + 1);
    expect(await (await fetch(`${live.origin}/ready`)).json()).toMatchObject({ providers: { TRACKLY: { circuit: 'closed' } } });
  });

  it('4xx answers do not open the circuit', async () => {
    const trackly = live.sandboxes.trackly;
    trackly.clearFaults();
    trackly.injectFault({ match: getOne, times: 6, fault: { kind: 'status', status: 403 } });
    for (let i = 0; i < 6; i += 1) await live.gql(READ(S.oneTime));
    const ok = await live.gql(READ(S.oneTime));
    expect(ok.errors).toBeUndefined();
  });
});

describe('request deadline', () => {
  it('a hanging upstream ends at GATEWAY_REQUEST_TIMEOUT_MS with UPSTREAM_TIMEOUT (headers timeout far longer)', async () => {
    const slow = await startTestGateway({
      env: { GATEWAY_REQUEST_TIMEOUT_MS: '600', UPSTREAM_HEADERS_TIMEOUT_MS: '30000', UPSTREAM_BODY_TIMEOUT_MS: '30000' },
    });
    try {
      slow.sandboxes.trackly.injectFault({ match: getOne, fault: { kind: 'hang' } });
      const started = Date.now();
      const response = await slow.gql(READ(S.oneTime));
      const elapsed = Date.now() - started;
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', provider: 'TRACKLY' });
      expect(response.errors?.[0]?.message).toMatch(/deadline/);
      expect(elapsed).toBeGreaterThanOrEqual(550);
      expect(elapsed).toBeLessThan(2_500);

      slow.sandboxes.trackly.injectFault({ match: postSchedules, fault: { kind: 'hang' } });
      const created = await slow.gql<{ createSchedule: Record<string, unknown> }>(CREATE, { input: createInput });
      expect(created.data?.createSchedule).toMatchObject({ __typename: 'UpstreamError', code: 'UPSTREAM_TIMEOUT' });
      expect(slow.sandboxes.trackly.count(postSchedules)).toBe(1);
    } finally {
      await slow.close();
    }
  });

  it('a deadline passing during a retry wait ends it too (typed, not masked)', async () => {
    const slow = await startTestGateway({
      env: { GATEWAY_REQUEST_TIMEOUT_MS: '500', UPSTREAM_RETRY_INITIAL_DELAY_MS: '5000', UPSTREAM_RETRY_MAX_DELAY_MS: '5000' },
    });
    try {
      slow.sandboxes.trackly.injectFault({ match: getOne, fault: { kind: 'status', status: 503 } });
      const started = Date.now();
      const response = await slow.gql(READ(S.oneTime));
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT' });
      expect(Date.now() - started).toBeLessThan(2_500);
    } finally {
      await slow.close();
    }
  });
});
