/**
 * What a database restart does to the gateway (issue 14 hardening): PostgreSQL kills the connection a transaction
 * holds, between two of its statements. A pg client checked out of the pool has no listener of the pool's then, so
 * its 'error' used to be an uncaught exception: the whole process would die (first seen as an unhandled
 * ECONNRESET on CI). Now the transaction fails as a typed store failure, the process lives, and the store answers
 * again once the database does. Real PostgreSQL, a real `pg_terminate_backend` — no mock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/core/errors.js';
import type { Store } from '../../src/store/index.js';
import { cutOff, reopen, storeLocation, type StoreLocation } from '../support/store.js';

let location: StoreLocation;
let store: Store;

beforeAll(async () => {
  location = await storeLocation('postgres');
  store = await location.open();
});
afterAll(async () => {
  await store.close().catch(() => undefined);
  await location.destroy();
});

describe('the connection a transaction holds is killed between two statements', () => {
  it('fails that transaction as STORE_UNAVAILABLE, without an uncaught error, and the store recovers', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const attempt = store.db.transaction(async (tx) => {
        await tx.query('SELECT 1');
        await cutOff(location);
        // Let the socket's reset arrive while the client is idle inside the transaction.
        await new Promise((resolve) => setTimeout(resolve, 300));
        return tx.query('SELECT 1');
      });
      await expect(attempt).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    await reopen(location);
    await expect(store.db.query('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
  });
});
