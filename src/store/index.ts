/**
 * The gateway's own state: `openStore(config)` opens PostgreSQL (`DATABASE_URL`) or the embedded store
 * (`DATA_DIR`), applies the migrations, and hands out what lives in it (idempotency keys, …).
 */
import type { StoreConfig } from '../config.js';
import type { Database } from './database.js';
import { openEmbedded } from './embedded.js';
import { StoredIdempotency } from './idempotency.js';
import { migrate } from './migrations.js';
import { openPostgres } from './postgres.js';
import { SharedRateBudget } from './rate-budget.js';
import { ScheduleRegistry } from './registry.js';

export interface Store {
  db: Database;
  idempotency: StoredIdempotency;
  /** Every write the gateway made upstream (store/registry.ts). */
  schedules: ScheduleRegistry;
  /** A request budget shared by every instance on this database (Heymarket's per-minute limit). */
  rateBudget(bucket: string, limit: number): SharedRateBudget;
  /** Answers whether the database answers (for `/ready`). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

const HOUR_MS = 60 * 60 * 1000;

export interface StoreOptions {
  onRecordFailure?: (error: unknown) => void;
  /** The rate budgets' window (default a minute; tests shorten nothing else). */
  rateWindowMs?: number;
}

export async function openStore(config: StoreConfig, options: StoreOptions = {}): Promise<Store> {
  const db = config.databaseUrl ? openPostgres({ url: config.databaseUrl }) : await openEmbedded(config.dataDir);
  try {
    await migrate(db);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  const idempotency = new StoredIdempotency(db, {
    ttlMs: config.idempotencyTtlHours * HOUR_MS,
    ...(options.onRecordFailure ? { onRecordFailure: options.onRecordFailure } : {}),
  });
  const sweep = () => void idempotency.sweep().catch(() => undefined);
  sweep();
  const sweeper = setInterval(sweep, HOUR_MS);
  sweeper.unref();
  return {
    db,
    idempotency,
    schedules: new ScheduleRegistry(db),
    rateBudget: (bucket, limit) => new SharedRateBudget(db, { bucket, limit, ...(options.rateWindowMs ? { windowMs: options.rateWindowMs } : {}) }),
    ping: () =>
      db.query('SELECT 1').then(
        () => true,
        () => false,
      ),
    close: async () => {
      clearInterval(sweeper);
      await db.close();
    },
  };
}
