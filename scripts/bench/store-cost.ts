/**
 * The store's cost on `createSchedule` with an idempotency key, and the embedded store's cold start:
 * `tsx scripts/bench/store-cost.ts [creates]`. One gateway in-process over HTTP against the sandboxes, the
 * same sequential keyed creates with no store (keys in memory), PostgreSQL (TEST_DATABASE_URL's server, a
 * database of its own) and embedded PGlite (a fresh directory, then reopened). Prints p50/p99 per backend.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { sandboxConfig, startSandboxes } from '../../src/sandbox/index.js';
import { createGateway } from '../../src/server.js';
import { openStore, type Store } from '../../src/store/index.js';
import { storeLocation } from '../../test/support/store.js';

const CREATES = Number(process.argv[2] ?? 200);
const CREATE = `mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { __typename } }`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function measure(label: string, store: Store | undefined): Promise<void> {
  const sandboxes = await startSandboxes();
  const config = sandboxConfig(loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }), sandboxes);
  const gateway = createGateway(config, { logger: createLogger({ level: 'silent' }), ...(store ? { store } : {}) });
  const server = createServer(gateway.yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const times: number[] = [];
  for (let i = 0; i < CREATES + 20; i += 1) {
    const input = {
      idempotencyKey: `bench-${label}-${i}`,
      target: { trackly: { name: 'Bench', audienceIds: ['665fa1b2c3d4e5f6a7b8c901'], variants: [{ message: 'Hi', percentAudience: 100 }] } },
      recurrence: { oneTime: { at: '2027-05-01T10:00:00Z' } },
    };
    const started = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: CREATE, variables: { input } }),
    });
    await response.text();
    if (i >= 20) times.push(performance.now() - started); // the first 20 warm up
  }
  times.sort((a, b) => a - b);
  console.log(
    `${label.padEnd(10)} createSchedule with a key: p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms (${CREATES} sequential)`,
  );
  server.close();
  await gateway.close();
  await sandboxes.close();
}

await measure('memory', undefined);

const postgres = await storeLocation('postgres');
const pgStore = await postgres.open();
await measure('postgres', pgStore);
await pgStore.close();
await postgres.destroy();

const dir = mkdtempSync(join(tmpdir(), 'sgw-bench-'));
let started = performance.now();
const fresh = await openStore({ databaseUrl: null, dataDir: dir, idempotencyTtlHours: 24 });
console.log(`embedded   cold start, new DATA_DIR (creates the database files): ${(performance.now() - started).toFixed(0)} ms`);
await fresh.close();
started = performance.now();
const embedded = await openStore({ databaseUrl: null, dataDir: dir, idempotencyTtlHours: 24 });
console.log(`embedded   cold start, existing DATA_DIR (every later start): ${(performance.now() - started).toFixed(0)} ms`);
await measure('embedded', embedded);
await embedded.close();
rmSync(dir, { recursive: true, force: true });
