/** The shared store: PostgreSQL through node-postgres (`pg`), a pool per instance. */
import pg from 'pg';
import { queryableOver, storeFailure, type Database, type Queryable } from './database.js';

export interface PostgresOptions {
  url: string;
  /** Connections this instance may hold. */
  max?: number;
  /** How long to wait for a connection before calling the store unavailable. */
  connectTimeoutMs?: number;
}

export function openPostgres(options: PostgresOptions): Database {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    // Each statement is bounded: a stuck database must not hold a GraphQL request past its deadline.
    statement_timeout: 10_000,
  });
  // An idle client losing its connection emits on the pool; without a listener that would crash the process.
  pool.on('error', () => undefined);
  const on = (client: pg.Pool | pg.PoolClient): Queryable => queryableOver(client, (sql) => client.query(sql));
  const direct = on(pool);
  return {
    backend: 'postgres',
    query: direct.query,
    exec: direct.exec,
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw storeFailure(error);
      }
      // A checked-out client whose connection dies between two statements (the database restarted, an admin
      // killed it) emits 'error' with no listener of the pool's to catch it, which would crash the process
      // (seen in the store-outage test under load). Kept here: the next statement then fails as a store
      // failure, and the broken client is destroyed on release instead of going back to the pool.
      let broken: Error | undefined;
      const onBroken = (error: Error) => {
        broken = error;
      };
      client.on('error', onBroken);
      const tx = on(client);
      try {
        await tx.exec('BEGIN');
        const result = await work(tx);
        await tx.exec('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.off('error', onBroken);
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
