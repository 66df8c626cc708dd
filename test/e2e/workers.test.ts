/**
 * `WORKERS=N` on the real entry point (`node --import tsx src/main.ts`, sandbox mode, PostgreSQL store): two
 * workers share the port and answer queries over real HTTP, SIGTERM stops both and the primary exits 0, and
 * without `DATABASE_URL` more than one worker is refused at start-up with one clear line (the embedded SQLite
 * store is single-process). Counts only, no timing assertion.
 */
import { afterEach, expect, it } from 'vitest';
import { encodeScheduleId } from '../../src/core/global-id.js';
import { TRACKLY_SEED } from '../../src/providers/trackly/sandbox/index.js';
import { freePort, logLines, startChild, type RunningChild } from '../support/child-process.js';
import { storeLocation, type StoreLocation } from '../support/store.js';

const scheduleQuery = JSON.stringify({ query: `{ schedule(id: "${encodeScheduleId('TRACKLY', TRACKLY_SEED.schedules.oneTime)}") { name } }` });

let running: RunningChild | null = null;
let store: StoreLocation | null = null;
afterEach(async () => {
  running?.kill();
  running = null;
  await store?.destroy();
  store = null;
});

it('WORKERS=2 answers queries from two workers and stops cleanly on SIGTERM', async () => {
  const port = await freePort();
  store = await storeLocation('postgres');
  const gateway = startChild(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, PORT: String(port), WORKERS: '2', LOG_LEVEL: 'info', GATEWAY_API_KEYS: '', ...store.env },
  });
  running = gateway;
  await gateway.waitFor(/schedule-gateway listening[\s\S]*schedule-gateway listening/);
  const listening = logLines(gateway.output()).filter((line) => String(line.msg).startsWith('schedule-gateway listening'));
  expect(new Set(listening.map((line) => line.pid)).size).toBe(2);

  // A fresh connection per request, so the kernel spreads them over the workers; every one is answered.
  const answers = await Promise.all(
    Array.from({ length: 20 }, () =>
      fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', connection: 'close' },
        body: scheduleQuery,
      }).then(async (response) => ({ status: response.status, body: (await response.json()) as { data?: { schedule?: { name?: unknown } } } })),
    ),
  );
  expect(answers.filter((answer) => answer.status === 200 && typeof answer.body.data?.schedule?.name === 'string')).toHaveLength(20);

  gateway.signal('SIGTERM');
  expect(await gateway.exited).toBe(0);
  const lines = logLines(gateway.output());
  expect(lines.filter((line) => line.msg === 'stopped')).toHaveLength(2);
  expect(lines.filter((line) => line.msg === 'all workers stopped')).toHaveLength(1);
}, 60_000);

it('WORKERS=2 without DATABASE_URL is refused at start-up with one line', async () => {
  const port = await freePort();
  const gateway = startChild(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, PORT: String(port), WORKERS: '2', GATEWAY_API_KEYS: '', DATABASE_URL: '' },
  });
  running = gateway;
  expect(await gateway.exited).toBe(1);
  expect(gateway.output()).toMatch(/^schedule-gateway: invalid configuration: WORKERS=2 needs DATABASE_URL .*\n$/);
}, 60_000);
