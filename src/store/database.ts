/**
 * The gateway's database, whichever engine is behind it: PostgreSQL (`DATABASE_URL`, shared by every
 * instance) or embedded PGlite (`DATA_DIR`, one process). Both speak PostgreSQL's SQL, so every query and
 * migration is written once. A failure to reach the database becomes `StoreUnavailableError` here, in one place.
 */
import { StoreUnavailableError } from '../core/errors.js';

export type Row = Record<string, unknown>;

export interface Queryable {
  /** One statement with `$1…` parameters. */
  query<R extends Row = Row>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly backend: 'postgres' | 'embedded';
  /** Runs `work` in one transaction on one connection; rolled back if it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Errors from the database driver → the store's outage (connection refused or cut, server shutting down,
 * database not accepting connections, pool timeout, …). Only PostgreSQL's answers that mean our statement is
 * wrong (SQLSTATE classes 22 data, 23 constraint, 42 syntax/undefined object) stay as they are: they are bugs.
 */
export function storeFailure(error: unknown): Error {
  if (error instanceof StoreUnavailableError) return error;
  const sqlState = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  if (/^(22|23|42)[0-9A-Z]{3}$/.test(sqlState)) return error instanceof Error ? error : new Error(String(error));
  return new StoreUnavailableError("The gateway's store cannot be reached; nothing was sent. Retry later.");
}

/**
 * A `Queryable` over a driver's client (a PGlite database or transaction, a pg pool or pool client): rows out,
 * every driver failure typed by `storeFailure`, so both backends fail the same way.
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
