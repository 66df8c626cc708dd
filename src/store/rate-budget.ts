/**
 * A sliding-window log in the gateway's database: one row per call sent, per bucket (`heymarket`). Taking a
 * slot runs in one transaction holding an advisory lock on the bucket, so instances sharing `DATABASE_URL`
 * take slots one at a time: rows older than the window are dropped, and a new row is written only while
 * fewer than `limit` remain. All times are the database's clock (`clock_timestamp()`), so instance clocks do
 * not matter. On the embedded store (one process) the transaction itself is the lock: it holds SQLite's write
 * lock and nothing else runs on the connection until it ends; times are SQLite's clock. A caller that finds
 * the window full sleeps until its oldest row leaves it (polling at least once a second), and stops waiting —
 * without a row — when its request ends.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { RateBudget } from '../core/rate-budget.js';
import type { Backend, Database } from './database.js';
import { SQLITE_NOW, sqliteNowPlusMs } from './sqlite-time.js';

export interface SharedRateBudgetOptions {
  bucket: string;
  /** Calls allowed in any window. */
  limit: number;
  /** The window; the provider's is a minute. */
  windowMs?: number;
}

const MAX_SLEEP_MS = 1_000;

/**
 * The statements, per backend. Parameters: lock (the lock's name); prune and usage (bucket, window ms);
 * take (bucket). `usage` answers `used` and `wait_ms`, how long until the oldest call leaves the window.
 */
const STATEMENTS: Record<Backend, { lock: string | null; prune: string; usage: string; take: string }> = {
  postgres: {
    lock: 'SELECT pg_advisory_xact_lock(hashtext($1))',
    prune: `DELETE FROM rate_budget_calls WHERE bucket = $1 AND at <= clock_timestamp() - $2::double precision * interval '1 millisecond'`,
    usage: `SELECT count(*)::int AS used,
                extract(epoch FROM (min(at) + $2::double precision * interval '1 millisecond' - clock_timestamp())) * 1000 AS wait_ms
         FROM rate_budget_calls WHERE bucket = $1`,
    take: 'INSERT INTO rate_budget_calls (bucket, at) VALUES ($1, clock_timestamp())',
  },
  embedded: {
    lock: null,
    prune: `DELETE FROM rate_budget_calls WHERE bucket = ?1 AND at <= ${sqliteNowPlusMs('-?2')}`,
    usage: `SELECT count(*) AS used, (unixepoch(min(at), 'subsec') - unixepoch('subsec')) * 1000 + ?2 AS wait_ms
         FROM rate_budget_calls WHERE bucket = ?1`,
    take: `INSERT INTO rate_budget_calls (bucket, at) VALUES (?1, ${SQLITE_NOW})`,
  },
};

export class SharedRateBudget implements RateBudget {
  private readonly windowMs: number;
  private readonly sql: (typeof STATEMENTS)[Backend];

  constructor(
    private readonly db: Database,
    private readonly options: SharedRateBudgetOptions,
  ) {
    this.windowMs = options.windowMs ?? 60_000;
    this.sql = STATEMENTS[db.backend];
  }

  async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const waitMs = await this.tryTake();
      if (waitMs === 0) return;
      await sleep(Math.min(Math.max(waitMs, 5), MAX_SLEEP_MS), undefined, signal ? { signal } : {});
    }
  }

  /** 0 when a slot was taken, else how long until the oldest call leaves the window. */
  private tryTake(): Promise<number> {
    const { bucket, limit } = this.options;
    const sql = this.sql;
    return this.db.transaction(async (tx) => {
      if (sql.lock) await tx.query(sql.lock, [`rate-budget:${bucket}`]);
      await tx.query(sql.prune, [bucket, this.windowMs]);
      const [row] = await tx.query<{ used: number | string; wait_ms: number | string | null }>(sql.usage, [bucket, this.windowMs]);
      if (Number(row?.used ?? 0) < limit) {
        await tx.query(sql.take, [bucket]);
        return 0;
      }
      return Math.max(1, Math.ceil(Number(row?.wait_ms ?? 1)));
    });
  }
}
