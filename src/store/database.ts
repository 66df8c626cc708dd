/**
 * The gateway's database, whichever engine is behind it: PostgreSQL (`DATABASE_URL`, shared by every
 * instance) or the embedded SQLite file (`DATA_DIR`, one process). Their SQL differs, so each store module
 * keeps one statement per backend next to the code that runs it and picks its set once by `backend`. A
 * failure to reach the database becomes `StoreUnavailableError` here, in one place.
 */
import { StoreUnavailableError } from '../core/errors.js';

type Row = Record<string, unknown>;

export type Backend = 'postgres' | 'embedded';

export interface Queryable {
  /**
   * One statement with positional parameters: `$1…` on PostgreSQL, `?1…` on SQLite. On SQLite an array
   * parameter is bound as its JSON text (a statement reads it with `json_each`), a boolean as 1 or 0.
   */
  query<R extends Row = Row>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly backend: Backend;
  /** Runs `work` in one transaction on one connection; rolled back if it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** One numbered schema change, applied once (migrations.ts; SQLite's in sqlite-migrations.ts). */
export interface Migration {
  id: number;
  name: string;
  sql: string;
}

/**
 * Answers that mean our statement or its data is wrong, not that the store is out: bugs, left as they are.
 * PostgreSQL's SQLSTATE classes 22 (data), 23 (constraint) and 42 (syntax, undefined object).
 */
const POSTGRES_STATEMENT_BUG = /^(22|23|42)[0-9A-Z]{3}$/;

/**
 * The same for SQLite, by primary result code (the low byte of the extended code libsql gives as `rawCode`;
 * its `code` names some extended codes only as UNKNOWN_SQLITE_ERROR_<n>): SQLITE_ERROR (syntax, no such table
 * or column), SQLITE_TOOBIG, SQLITE_CONSTRAINT, SQLITE_MISMATCH and SQLITE_RANGE (a parameter index).
 */
const SQLITE_STATEMENT_BUG = new Set([1, 18, 19, 20, 25]);

function isStatementBug(error: object): boolean {
  const { code, rawCode } = error as { code?: unknown; rawCode?: unknown };
  if (typeof rawCode === 'number') return SQLITE_STATEMENT_BUG.has(rawCode & 0xff);
  return POSTGRES_STATEMENT_BUG.test(String(code ?? ''));
}

/**
 * Errors from the database driver → the store's outage. PostgreSQL: connection refused or cut, server
 * shutting down, database not accepting connections, pool timeout, … SQLite: the file cannot be opened, read
 * or written (SQLITE_CANTOPEN, SQLITE_IOERR_*, SQLITE_FULL, SQLITE_READONLY, SQLITE_CORRUPT, SQLITE_NOTADB),
 * another process kept it locked past the busy timeout (SQLITE_BUSY), or the connection is closed.
 */
export function storeFailure(error: unknown): Error {
  if (error instanceof StoreUnavailableError) return error;
  if (typeof error === 'object' && error !== null && isStatementBug(error)) return error instanceof Error ? error : new Error(String(error));
  return new StoreUnavailableError("The gateway's store cannot be reached; nothing was sent. Retry later.");
}

/**
 * A JSON column's value as the callers use it: PostgreSQL's jsonb arrives parsed, SQLite keeps JSON as text.
 * By backend rather than by the value's type, so a jsonb holding a string is never parsed a second time.
 */
export function jsonColumn(backend: Backend, value: unknown): unknown {
  return backend === 'embedded' && value !== null ? JSON.parse(String(value)) : value;
}

/**
 * A `Queryable` over a node-postgres client (the pool or a pool client): rows out, every driver failure typed
 * by `storeFailure`.
 */
export function queryableOver(
  client: { query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }> },
  runScript: (sql: string) => Promise<unknown>,
): Queryable {
  return {
    async query<R extends Row>(sql: string, params: unknown[] = []): Promise<R[]> {
      try {
        return (await client.query(sql, params)).rows as R[];
      } catch (error) {
        throw storeFailure(error);
      }
    },
    async exec(sql: string): Promise<void> {
      try {
        await runScript(sql);
      } catch (error) {
        throw storeFailure(error);
      }
    },
  };
}
