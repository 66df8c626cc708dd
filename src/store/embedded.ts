/**
 * The embedded store: PGlite (PostgreSQL compiled to WebAssembly, no native build, no server) persisting to
 * `DATA_DIR`. One process only: several instances must share PostgreSQL (`DATABASE_URL`) instead.
 */
import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { queryableOver, type Database, type Queryable } from './database.js';

export async function openEmbedded(dataDir: string): Promise<Database> {
  mkdirSync(dataDir, { recursive: true });
  // relaxedDurability: PGlite flushes its files after answering instead of before; a crash can lose the last
  // few milliseconds of writes, which is what an idempotency record written after the send risks anyway.
  const db = await PGlite.create(dataDir, { relaxedDurability: true });
  const on = (client: PGlite | Transaction): Queryable => queryableOver(client, (sql) => client.exec(sql));
  const direct = on(db);
  return {
    backend: 'embedded',
    query: direct.query,
    exec: direct.exec,
    transaction: (work) => db.transaction((tx) => work(on(tx))),
    close: () => db.close(),
  };
}
