/**
 * Graceful shutdown of the real entry point: `node --import tsx src/main.ts` on a free port in sandbox mode
 * with slow emulators; a request in flight when SIGTERM arrives still completes, then the process exits 0.
 */
import { spawn } from 'node:child_process';
import { expect, it } from 'vitest';
import { encodeScheduleId } from '../../src/core/global-id.js';
import { TRACKLY_SEED } from '../../src/providers/trackly/sandbox/index.js';
import { freePort } from '../support/child-process.js';
import { storeLocation } from '../support/store.js';

it('SIGTERM finishes the in-flight request, then exits 0', async () => {
  const port = await freePort();
  // A PostgreSQL database of its own: the entry point opens its store at start-up (and closes it on the way
  // out), and a fresh embedded one would spend the test's start-up budget creating its files.
  const store = await storeLocation('postgres');
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, PORT: String(port), SANDBOX_LATENCY_MS: '1500', LOG_LEVEL: 'info', GATEWAY_API_KEYS: '', ...store.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 40_000;
    while (!output.includes('schedule-gateway listening')) {
      if (Date.now() > deadline) throw new Error(`gateway did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(output).toMatch(/SANDBOX MODE/);
    expect(output).toMatch(/OPEN ACCESS/);

    const started = Date.now();
    const inFlight = fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ schedule(id: "${encodeScheduleId('TRACKLY', TRACKLY_SEED.schedules.oneTime)}") { name } }` }),
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill('SIGTERM');

    const response = await inFlight;
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data?: { schedule?: { name?: string } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data?.schedule?.name).toEqual(expect.any(String));
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);

    expect(await exited).toBe(0);
    expect(output).toMatch(/shutting down: finishing in-flight requests/);
    expect(output).toMatch(/"msg":"stopped"/);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await store.destroy();
  }
}, 70_000);
