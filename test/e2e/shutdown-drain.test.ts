/**
 * The shutdown drain, on the real entry point (`node --import tsx src/main.ts`, sandbox mode) as a load
 * balancer sees it: after SIGTERM `/ready` fails first while every other request is still served, and only
 * when the drain is over does the listener close — requests in flight then still finish and the process exits 0.
 *
 * No timing assertion: the first test's drain is long enough never to end by itself and is ended by a second
 * SIGTERM, and a request is known to be in flight because the server answered its `Expect: 100-continue`.
 */
import { request as httpRequest } from 'node:http';
import { afterEach, expect, it } from 'vitest';
import { encodeScheduleId } from '../../src/core/global-id.js';
import { TRACKLY_SEED } from '../../src/providers/trackly/sandbox/index.js';
import { freePort, logLines, startChild, type RunningChild } from '../support/child-process.js';
import { storeLocation, type StoreLocation } from '../support/store.js';

const scheduleQuery = JSON.stringify({ query: `{ schedule(id: "${encodeScheduleId('TRACKLY', TRACKLY_SEED.schedules.oneTime)}") { name } }` });

let running: RunningChild | null = null;
// A PostgreSQL database of its own: the entry point opens its store at start-up, and the default embedded
// store (./data) would be shared with every other process started from this checkout.
let store: StoreLocation | null = null;
afterEach(async () => {
  running?.kill();
  await store?.destroy();
  store = null;
});

async function startGateway(drainMs: string): Promise<{ gateway: RunningChild; base: string }> {
  const port = await freePort();
  store = await storeLocation('postgres');
  const gateway = startChild(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'info', GATEWAY_API_KEYS: '', GATEWAY_SHUTDOWN_DRAIN_MS: drainMs, ...store.env },
  });
  running = gateway;
  await gateway.waitFor(/schedule-gateway listening/);
  return { gateway, base: `http://127.0.0.1:${port}` };
}

async function querySchedule(base: string): Promise<{ status: number; connection: string | null; name: unknown }> {
  const response = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: scheduleQuery });
  const body = (await response.json()) as { data?: { schedule?: { name?: unknown } } };
  return { status: response.status, connection: response.headers.get('connection'), name: body.data?.schedule?.name };
}

/** A POST whose headers the server has read (it answered `100 Continue`) and whose body is sent on demand. */
async function requestInFlight(base: string): Promise<{ finish: () => Promise<{ status: number; body: string }> }> {
  const url = new URL(`${base}/graphql`);
  const request = httpRequest({
    host: url.hostname,
    port: url.port,
    method: 'POST',
    path: url.pathname,
    agent: false,
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(scheduleQuery), expect: '100-continue' },
  });
  const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request.once('error', reject);
    request.once('response', (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      response.on('error', reject);
    });
  });
  const continued = new Promise<void>((resolve, reject) => {
    request.once('continue', resolve);
    request.once('error', reject);
  });
  request.flushHeaders();
  await continued;
  return {
    finish: () => {
      request.end(scheduleQuery);
      return answered;
    },
  };
}

async function connectionError(base: string): Promise<string | undefined> {
  try {
    await fetch(`${base}/health`);
    return undefined;
  } catch (error) {
    return (error as { cause?: { code?: string } }).cause?.code;
  }
}

it('after SIGTERM /ready answers 503 while GraphQL is still served; the listener closes only when the drain ends', async () => {
  const { gateway, base } = await startGateway('600000');
  expect((await fetch(`${base}/ready`)).status).toBe(200);
  const before = await querySchedule(base);
  expect(before).toMatchObject({ status: 200, connection: 'keep-alive' });
  expect(before.name).toEqual(expect.any(String));

  gateway.signal('SIGTERM');
  await gateway.waitFor(/still serving during the drain/);

  const ready = await fetch(`${base}/ready`);
  expect(ready.status).toBe(503);
  expect(await ready.json()).toMatchObject({ status: 'unavailable', draining: true });
  expect((await fetch(`${base}/health`)).status).toBe(200);
  // New connections are still accepted and served; each answer tells keep-alive clients to reconnect elsewhere.
  const during = await Promise.all([querySchedule(base), querySchedule(base), querySchedule(base)]);
  expect(during.map((answer) => answer.status)).toEqual([200, 200, 200]);
  expect(during.map((answer) => answer.name)).toEqual([before.name, before.name, before.name]);
  expect(during.map((answer) => answer.connection)).toEqual(['close', 'close', 'close']);

  // A request in flight when the drain ends (its headers read, its body not yet sent) still completes.
  const inFlight = await requestInFlight(base);
  gateway.signal('SIGTERM');
  await gateway.waitFor(/finishing in-flight requests/);
  expect(['ECONNREFUSED', 'ECONNRESET']).toContain(await connectionError(base));
  const answer = await inFlight.finish();
  expect(answer.status).toBe(200);
  expect(JSON.parse(answer.body)).toEqual({ data: { schedule: { name: before.name } } });

  expect(await gateway.exited).toBe(0);
  const messages = logLines(gateway.output()).map((line) => line['msg']);
  const order = [
    'shutting down: /ready answers 503, still serving during the drain',
    'shutting down: drain ended early by a second signal',
    'shutting down: finishing in-flight requests',
    'stopped',
  ];
  expect(messages.filter((message) => order.includes(String(message)))).toEqual(order);
}, 90_000);

it('a drain that runs its course closes the listener by itself and exits 0', async () => {
  const { gateway } = await startGateway('500');
  gateway.signal('SIGTERM');
  expect(await gateway.exited).toBe(0);
  const lines = logLines(gateway.output());
  expect(lines.find((line) => line['msg'] === 'shutting down: /ready answers 503, still serving during the drain')).toMatchObject({
    signal: 'SIGTERM',
    drainMs: 500,
  });
  const messages = lines.map((line) => line['msg']);
  expect(messages).not.toContain('shutting down: drain ended early by a second signal');
  expect(messages.indexOf('shutting down: finishing in-flight requests')).toBeGreaterThan(
    messages.indexOf('shutting down: /ready answers 503, still serving during the drain'),
  );
  expect(messages.at(-1)).toBe('stopped');
}, 90_000);
