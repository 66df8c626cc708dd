/**
 * The store's schema, as numbered migrations applied in order at start-up, each once. Several instances may
 * start at the same moment: the whole run holds a PostgreSQL transaction-level advisory lock, so one instance
 * applies the pending migrations and the others wait, then find nothing left to do. A migration is never
 * edited once released; a change is a new migration.
 *
 * Why not node-pg-migrate: it drives node-postgres connections only, and the embedded store (PGlite) is not
 * one; this runner is the same well-known pattern (a table of applied ids under an advisory lock) in a page.
 */
import type { Database } from './database.js';

interface Migration {
  id: number;
  name: string;
  sql: string;
}

const MIGRATIONS: readonly Migration[] = [
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

export async function migrate(db: Database): Promise<number[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS gateway_migrations (
      id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const applied = new Set((await tx.query<{ id: number }>('SELECT id FROM gateway_migrations')).map((row) => Number(row.id)));
    const ran: number[] = [];
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.id)) continue;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO gateway_migrations (id, name) VALUES ($1, $2)', [migration.id, migration.name]);
      ran.push(migration.id);
    }
    return ran;
  });
}
