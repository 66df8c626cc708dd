/**
 * The embedded store: one SQLite file, `<DATA_DIR>/gateway.sqlite`, through libsql (a better-sqlite3
 * compatible driver with prebuilt N-API binaries). One process only: several instances must share PostgreSQL
 * (`DATABASE_URL`) instead. Anything else in `DATA_DIR` (an older gateway's PGlite files) is left alone.
 *
 * libsql answers synchronously on one connection while `transaction(work)` takes async work, so every
 * statement goes through one queue: while a transaction is open, no statement of another request runs inside
 * it. A transaction's own statements use its `tx`; calling the database itself from inside `work` would wait
 * for the transaction to end, that is forever.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Libsql from 'libsql';
import { storeFailure, type Database, type Queryable } from './database.js';
import { sqliteParameters } from './sqlite-parameters.js';

const EMBEDDED_FILE = 'gateway.sqlite';

/**
 * How long a statement waits for a lock another process holds before the store counts as unavailable. Only a
 * second process on the same file (a misconfiguration) can hold one, and the wait blocks the event loop, so
 * it is short.
 */
const BUSY_TIMEOUT_MS = 2_000;

type Row = Record<string, unknown>;

export async function openEmbedded(dataDir: string): Promise<Database> {
  const connection = connect(dataDir, join(dataDir, EMBEDDED_FILE));
  let queue: Promise<unknown> = Promise.resolve();
  /** Runs `work` once everything queued before it has finished, whether that succeeded or not. */
  const serialised = <T>(work: () => Promise<T>): Promise<T> => {
    const result = queue.then(work);
    queue = result.catch(() => undefined);
    return result;
  };
  const tx: Queryable = {
    query: async <R extends Row>(sql: string, params: unknown[] = []) => {
      // Outside `run`: a value SQLite cannot take is our bug, not the store being out.
      const bound = sqliteParameters(params);
      return run(() => rowsOf<R>(connection.prepare(sql).all(bound)));
    },
    exec: async (sql: string) => run(() => void connection.exec(sql)),
  };
  return {
    backend: 'embedded',
    query: (sql, params) => serialised(() => tx.query(sql, params)),
    exec: (sql) => serialised(() => tx.exec(sql)),
    transaction: (work) =>
      serialised(async () => {
        // IMMEDIATE takes the write lock at the start, so a transaction never fails half-way to upgrade it.
        await tx.exec('BEGIN IMMEDIATE');
        try {
          const result = await work(tx);
          await tx.exec('COMMIT');
          return result;
        } catch (error) {
          // A failed ROLLBACK (the file is gone, the connection closed) must not hide why the work failed.
          if (connection.inTransaction) await tx.exec('ROLLBACK').catch(() => undefined);
          throw error;
        }
      }),
    close: () =>
      serialised(async () => {
        if (!connection.open) return;
        // libsql leaves the WAL beside the file on close: fold it in, so that after a clean stop the file
        // alone (a copy of it, a backup) is the whole store.
        await tx.exec('PRAGMA wal_checkpoint(TRUNCATE)').catch(() => undefined);
        connection.close();
      }),
  };
}

/** Opens the file and reads it once, so a directory that cannot hold it or a file that is not SQLite fails here, by name. */
function connect(dataDir: string, file: string): Libsql.Database {
  let connection: Libsql.Database | undefined;
  try {
    mkdirSync(dataDir, { recursive: true });
    connection = new Libsql(file, { timeout: BUSY_TIMEOUT_MS });
    connection.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a commit is durable across a crash of the process; a power loss or OS crash can lose
    // the last commits (never corrupt the file). The same exposure PGlite's relaxedDurability had, and what an
    // idempotency outcome recorded just after its send risks anyway.
    connection.pragma('synchronous = NORMAL');
    return connection;
  } catch (error) {
    connection?.close();
    throw new Error(`the embedded store ${file} cannot be opened: ${reasonOf(error)}`, { cause: error });
  }
}

function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code !== '' ? `${error.message} (${code})` : error.message;
}

/** A driver call with its failure typed; synchronous underneath, so it runs to the end before anything else. */
async function run<T>(call: () => T): Promise<T> {
  try {
    return call();
  } catch (error) {
    throw storeFailure(error);
  }
}

/** Rows as plain column → value objects: libsql adds its timing under `_metadata` to some (`get()`'s). */
function rowsOf<R extends Row>(rows: unknown[]): R[] {
  for (const row of rows as Row[]) delete row._metadata;
  return rows as R[];
}
