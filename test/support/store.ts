/**
 * Real stores for tests: a PostgreSQL database of its own per call (created through the `test` database on
 * 127.0.0.1 and dropped afterwards, so parallel test files never see each other's rows), or an embedded
 * store (a SQLite file) in a DATA_DIR of its own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { StoreConfig } from '../../src/config.js';
import { openStore, type Store } from '../../src/store/index.js';

/** The server's `test` database (trust auth); CI's `.ci/run` starts PostgreSQL when it is not running. */
const ADMIN_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type Backend = 'postgres' | 'embedded';
export const BACKENDS: Backend[] = ['postgres', 'embedded'];

/** Where one test's store lives; `open()` can be called again after a close (a restart). */
export interface StoreLocation {
  backend: Backend;
  config: StoreConfig;
  /** The database URL or data directory, for a second instance or a child process. */
  env: Record<string, string>;
  open(): Promise<Store>;
  destroy(): Promise<void>;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function storeLocation(backend: Backend, ttlHours = 24): Promise<StoreLocation> {
  if (backend === 'postgres') {
    const name = `sgw_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    await admin((client) => client.query(`CREATE DATABASE ${name}`));
    const url = new URL(ADMIN_DATABASE_URL);
    url.pathname = `/${name}`;
    const config: StoreConfig = { databaseUrl: url.toString(), dataDir: '', idempotencyTtlHours: ttlHours };
    return {
      backend,
      config,
      env: { DATABASE_URL: url.toString() },
      open: () => openStore(config),
      destroy: () => admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'sgw-store-'));
  const config: StoreConfig = { databaseUrl: null, dataDir: dir, idempotencyTtlHours: ttlHours };
  return {
    backend,
    config,
    env: { DATA_DIR: dir },
    open: () => openStore(config),
    destroy: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Cuts a PostgreSQL test database off (existing connections killed, new ones refused): a store outage. */
export async function cutOff(location: StoreLocation): Promise<void> {
  const name = new URL(location.config.databaseUrl ?? '').pathname.slice(1);
  await admin(async (client) => {
    await client.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
  });
}

/** Lets a database cut off by `cutOff` take connections again: the end of the outage. */
export async function reopen(location: StoreLocation): Promise<void> {
  const name = new URL(location.config.databaseUrl ?? '').pathname.slice(1);
  await admin((client) => client.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`));
}
