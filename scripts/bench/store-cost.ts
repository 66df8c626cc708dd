/**
 * The store's cost on `createSchedule` with an idempotency key, and the embedded store's cold start. Part of
 * `npm run bench` (scenario `store`); alone: `tsx scripts/bench/store-cost.ts [creates]`. One gateway
 * in-process over HTTP against the sandboxes, the same sequential keyed creates with no store (keys in
 * memory), PostgreSQL (TEST_DATABASE_URL's server, a database of its own) and embedded SQLite (a fresh
 * DATA_DIR, then reopened).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { sandboxConfig, startSandboxes } from '../../src/sandbox/index.js';
import { createGateway } from '../../src/server.js';
import { openStore, type Store } from '../../src/store/index.js';
import { storeLocation } from '../../test/support/store.js';

const CREATE = `mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { __typename } }`;
const WARMUP = 20;

export interface StoreCreateCost {
  backend: 'memory' | 'postgres' | 'embedded';
  creates: number;
  p50Ms: number;
  p99Ms: number;
}

export interface StoreCost {
  creates: StoreCreateCost[];
  /** Opening the embedded store on a new DATA_DIR (SQLite creates its file, migrations run). */
  embeddedColdStartNewDirMs: number;
  /** Opening it again on that directory: every later start. */
  embeddedColdStartExistingDirMs: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function measure(backend: StoreCreateCost['backend'], store: Store | undefined, creates: number): Promise<StoreCreateCost> {
  const sandboxes = await startSandboxes();
  const config = sandboxConfig(loadConfig({ PORT: '0', LOG_LEVEL: 'silent' }), sandboxes);
  const gateway = createGateway(config, { logger: createLogger({ level: 'silent' }), ...(store ? { store } : {}) });
  const server = createServer(gateway.yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const times: number[] = [];
  try {
    for (let i = 0; i < creates + WARMUP; i += 1) {
      const input = {
        idempotencyKey: `bench-${backend}-${i}`,
        target: { trackly: { name: 'Bench', audienceIds: ['665fa1b2c3d4e5f6a7b8c901'], variants: [{ message: 'Hi', percentAudience: 100 }] } },
        recurrence: { oneTime: { at: '2027-05-01T10:00:00Z' } },
      };
      const started = performance.now();
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: CREATE, variables: { input } }),
      });
      const text = await response.text();
      if (!text.includes('CreateScheduleSuccess')) throw new Error(`store cost (${backend}): a create failed: ${text.slice(0, 200)}`);
      if (i >= WARMUP) times.push(performance.now() - started);
    }
  } finally {
    server.close();
    await gateway.close();
    await sandboxes.close();
  }
  times.sort((a, b) => a - b);
  return { backend, creates, p50Ms: percentile(times, 50), p99Ms: percentile(times, 99) };
}

export async function measureStoreCost(creates: number, progress: (line: string) => void = () => undefined): Promise<StoreCost> {
  const results: StoreCreateCost[] = [];
  const report = (result: StoreCreateCost) => {
    results.push(result);
    progress(
      `${result.backend.padEnd(10)} createSchedule with a key: p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms (${creates} sequential)`,
    );
  };
  report(await measure('memory', undefined, creates));

  const postgres = await storeLocation('postgres');
  const pgStore = await postgres.open();
  try {
    report(await measure('postgres', pgStore, creates));
  } finally {
    await pgStore.close();
    await postgres.destroy();
  }

  const dir = mkdtempSync(join(tmpdir(), 'sgw-bench-'));
  try {
    let started = performance.now();
    const fresh = await openStore({ databaseUrl: null, dataDir: dir, idempotencyTtlHours: 24 });
    const embeddedColdStartNewDirMs = performance.now() - started;
    progress(`embedded   cold start, new DATA_DIR (creates the database files): ${embeddedColdStartNewDirMs.toFixed(0)} ms`);
    await fresh.close();
    started = performance.now();
    const embedded = await openStore({ databaseUrl: null, dataDir: dir, idempotencyTtlHours: 24 });
    const embeddedColdStartExistingDirMs = performance.now() - started;
    progress(`embedded   cold start, existing DATA_DIR (every later start): ${embeddedColdStartExistingDirMs.toFixed(0)} ms`);
    try {
      report(await measure('embedded', embedded, creates));
    } finally {
      await embedded.close();
    }
    return { creates: results, embeddedColdStartNewDirMs, embeddedColdStartExistingDirMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await measureStoreCost(Number(process.argv[2] ?? 200), (line) => console.log(line));
}
