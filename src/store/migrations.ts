/**
 * The store's schema, as numbered migrations applied in order at start-up, each once, in one transaction.
 * Several instances may start at the same moment: on PostgreSQL the whole run holds a transaction-level
 * advisory lock, so one instance applies the pending migrations and the others wait, then find nothing left
 * to do. SQLite has its own list (same ids and names, its own DDL) applied under `BEGIN IMMEDIATE`, which is
 * already the file's one write lock. A migration is never edited once released; a change is a new migration,
 * in both lists.
 *
 * Why not node-pg-migrate: it drives node-postgres connections only, and the embedded store (SQLite) is not
 * one; this runner is the same well-known pattern (a table of applied ids under a lock) in a page.
 */
import type { Backend, Database, Migration } from './database.js';
import { SQLITE_MIGRATIONS } from './sqlite-migrations.js';

const POSTGRES_MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'idempotency keys',
    sql: `
      CREATE TABLE idempotency_keys (
        scope       text        NOT NULL,
        key         text        NOT NULL,
        fingerprint text        NOT NULL,
        state       text        NOT NULL CHECK (state IN ('running', 'done')),
        outcome     jsonb,
        created_at  timestamptz NOT NULL DEFAULT now(),
        expires_at  timestamptz NOT NULL,
        PRIMARY KEY (scope, key)
      );
      CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
    `,
  },
  {
    id: 2,
    name: 'shared rate budgets',
    sql: `
      CREATE TABLE rate_budget_calls (
        bucket text        NOT NULL,
        at     timestamptz NOT NULL
      );
      CREATE INDEX rate_budget_calls_window ON rate_budget_calls (bucket, at);
    `,
  },
  {
    id: 3,
    name: 'schedule registry',
    sql: `
      CREATE TABLE schedule_changes (
        id        bigserial   PRIMARY KEY,
        provider  text        NOT NULL,
        native_id text        NOT NULL,
        action    text        NOT NULL CHECK (action IN ('CREATED', 'UPDATED', 'STATUS_CHANGED', 'DELETED')),
        scope     text        NOT NULL,
        actor     text        NOT NULL,
        sent      jsonb       NOT NULL,
        zone      text,
        at        timestamptz NOT NULL DEFAULT clock_timestamp()
      );
      CREATE INDEX schedule_changes_schedule ON schedule_changes (provider, native_id, id);
    `,
  },
];

/** Any 64-bit number the gateway alone uses: "sgw-migr" in ASCII. */
const MIGRATION_LOCK = '8315169372298586994';

const RUNNER: Record<Backend, { migrations: readonly Migration[]; lock: string | null; ledger: string; recordApplied: string }> = {
  postgres: {
    migrations: POSTGRES_MIGRATIONS,
    lock: 'SELECT pg_advisory_xact_lock($1::bigint)',
    ledger: `CREATE TABLE IF NOT EXISTS gateway_migrations (
      id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    recordApplied: 'INSERT INTO gateway_migrations (id, name) VALUES ($1, $2)',
  },
  embedded: {
    migrations: SQLITE_MIGRATIONS,
    lock: null,
    ledger: `CREATE TABLE IF NOT EXISTS gateway_migrations (
      id integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))`,
    recordApplied: 'INSERT INTO gateway_migrations (id, name) VALUES (?1, ?2)',
  },
};

export async function migrate(db: Database): Promise<number[]> {
  const runner = RUNNER[db.backend];
  return db.transaction(async (tx) => {
    if (runner.lock) await tx.query(runner.lock, [MIGRATION_LOCK]);
    await tx.exec(runner.ledger);
    const applied = new Set((await tx.query<{ id: number }>('SELECT id FROM gateway_migrations')).map((row) => Number(row.id)));
    const ran: number[] = [];
    for (const migration of runner.migrations) {
      if (applied.has(migration.id)) continue;
      await tx.exec(migration.sql);
      await tx.query(runner.recordApplied, [migration.id, migration.name]);
      ran.push(migration.id);
    }
    return ran;
  });
}
