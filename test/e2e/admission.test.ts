/**
 * Admission control seen from outside, over real HTTP against the sandboxes: with
 * GATEWAY_MAX_CONCURRENT_REQUESTS=1 and a slow upstream, a second request waits its turn (the gauges say so,
 * /health still answers at once), is answered 503 with Retry-After once it has waited
 * GATEWAY_MAX_QUEUE_WAIT_MS — having reached no upstream — and leaves the queue when its client hangs up.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const QUERY = JSON.stringify({ query: '{ schedules(provider: TRACKLY, first: 1) { totalCount } }' });
const HEADERS = { 'content-type': 'application/json' };

function gauge(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : Number.NaN;
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('admission control: GATEWAY_MAX_CONCURRENT_REQUESTS', () => {
  let gw: TestGateway | null = null;
  afterEach(async () => {
    await gw?.close();
    gw = null;
  });

  const start = async (env: Record<string, string>, latencyMs: number) => {
    gw = await startTestGateway({ env: { GATEWAY_MAX_CONCURRENT_REQUESTS: '1', ...env }, sandboxes: { latencyMs } });
    return gw;
  };
  const post = (g: TestGateway, signal?: AbortSignal) => fetch(g.url, { method: 'POST', headers: HEADERS, body: QUERY, ...(signal ? { signal } : {}) });
  const metrics = async (g: TestGateway) => (await fetch(`${g.origin}/metrics`)).text();

  it('a second request waits while the first is in flight, /health does not, and both are answered in turn', async () => {
    const g = await start({ GATEWAY_MAX_QUEUE_WAIT_MS: '30000' }, 400);
    const first = post(g);
    await until(async () => gauge(await metrics(g), 'gateway_requests_in_flight') === 1, 'the first request to be in flight');
    const second = post(g);
    await until(async () => gauge(await metrics(g), 'gateway_requests_queued') === 1, 'the second request to queue');

    const health = await fetch(`${g.origin}/health`);
    expect(health.status).toBe(200);
    // Only the first request has reached the upstream so far.
    expect(g.attempts.length).toBeLessThanOrEqual(1);

    const answers = await Promise.all([first, second]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    for (const answer of answers) expect(((await answer.json()) as { data: unknown }).data).toEqual({ schedules: { totalCount: expect.any(Number) } });
    expect(g.attempts).toHaveLength(2);
    const after = await metrics(g);
    expect(gauge(after, 'gateway_requests_queued')).toBe(0);
    expect(gauge(after, 'gateway_requests_in_flight')).toBe(0);
  });

  it('a request that waits longer than GATEWAY_MAX_QUEUE_WAIT_MS gets 503 + Retry-After and never reaches the upstream', async () => {
    const g = await start({ GATEWAY_MAX_QUEUE_WAIT_MS: '50' }, 600);
    const first = post(g);
    await until(async () => gauge(await metrics(g), 'gateway_requests_in_flight') === 1, 'the first request to be in flight');
    const refused = await post(g);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    const body = (await refused.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0]?.extensions.code).toBe('BUSY');
    expect(body.errors[0]?.message).toMatch(/nothing was executed/);

    expect((await first).status).toBe(200);
    expect(g.attempts).toHaveLength(1);
    expect(gauge(await metrics(g), 'gateway_requests_refused_busy_total')).toBe(1);
  });

  it('a client that hangs up while waiting leaves the queue and its query never runs', async () => {
    const g = await start({ GATEWAY_MAX_QUEUE_WAIT_MS: '30000' }, 400);
    const first = post(g);
    await until(async () => gauge(await metrics(g), 'gateway_requests_in_flight') === 1, 'the first request to be in flight');
    const hangUp = new AbortController();
    const abandoned = post(g, hangUp.signal).catch((error: unknown) => error);
    await until(async () => gauge(await metrics(g), 'gateway_requests_queued') === 1, 'the second request to queue');
    hangUp.abort();
    await until(async () => gauge(await metrics(g), 'gateway_requests_queued') === 0, 'the abandoned request to leave the queue');
    expect(await abandoned).toBeInstanceOf(Error);

    expect((await first).status).toBe(200);
    // The next request is admitted at once: the abandoned one did not keep the slot.
    expect((await post(g)).status).toBe(200);
    expect(g.attempts).toHaveLength(2);
    expect(gauge(await metrics(g), 'gateway_requests_refused_busy_total')).toBe(0);
  });
});
