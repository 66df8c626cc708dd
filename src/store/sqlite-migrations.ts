/**
 * The embedded store's schema: the PostgreSQL migrations of migrations.ts with the same ids and names, in
 * SQLite's DDL. JSON is text, instants are ISO 8601 text (sqlite-time.ts), an `INTEGER PRIMARY KEY` stands for
 * bigserial. Released migrations are never edited; a change is a new migration here and in migrations.ts.
 */
import type { Migration } from './database.js';
import { SQLITE_NOW } from './sqlite-time.js';

export const SQLITE_MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'idempotency keys',
    sql: `
      CREATE TABLE idempotency_keys (
        scope       text NOT NULL,
        key         text NOT NULL,
        fingerprint text NOT NULL,
        state       text NOT NULL CHECK (state IN ('running', 'done')),
        outcome     text CHECK (outcome IS NULL OR json_valid(outcome)),
        created_at  text NOT NULL DEFAULT (${SQLITE_NOW}),
        expires_at  text NOT NULL,
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
        bucket text NOT NULL,
        at     text NOT NULL
      );
      CREATE INDEX rate_budget_calls_window ON rate_budget_calls (bucket, at);
    `,
  },
  {
    id: 3,
    name: 'schedule registry',
    sql: `
      CREATE TABLE schedule_changes (
        id        integer PRIMARY KEY,
        provider  text NOT NULL,
        native_id text NOT NULL,
        action    text NOT NULL CHECK (action IN ('CREATED', 'UPDATED', 'STATUS_CHANGED', 'DELETED')),
        scope     text NOT NULL,
        actor     text NOT NULL,
        sent      text NOT NULL CHECK (json_valid(sent)),
        zone      text,
        at        text NOT NULL DEFAULT (${SQLITE_NOW})
      );
      CREATE INDEX schedule_changes_schedule ON schedule_changes (provider, native_id, id);
    `,
  },
];
