/**
 * The embedded store's own rules, on a real SQLite file in a temporary DATA_DIR (no mock): one connection
 * serialises every statement, so nothing from another request runs inside an open transaction and a failed
 * one leaves nothing behind; SQLite's answers are typed as PostgreSQL's are (a statement bug stays a bug, a
 * store that cannot be written or is closed is STORE_UNAVAILABLE, over HTTP too, before anything is sent);
 * parameters SQLite has no type for are bound as the statements expect; instants expire by SQLite's clock.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../../src/core/errors.js';
import { startSandboxes, type Sandboxes } from '../../src/sandbox/index.js';
import { StoredIdempotency } from '../../src/store/idempotency.js';
import type { Store } from '../../src/store/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { storeLocation, type StoreLocation } from '../support/store.js';

let location: StoreLocation;
let store: Store;

beforeAll(async () => {
  location = await storeLocation('embedded');
  store = await location.open();
  await store.db.exec('CREATE TABLE probe (n integer PRIMARY KEY, label text)');
});
afterAll(async () => {
  await store?.close();
  await location?.destroy();
});

describe('one connection, one statement at a time', () => {
  it('a statement from elsewhere waits for an open transaction and sees its commit, never its middle', async () => {
    const seen: number[] = [];
    const transaction = store.db.transaction(async (tx) => {
      await tx.query('INSERT INTO probe (n, label) VALUES (?1, ?2)', [1, 'first']);
      await sleep(100);
      await tx.query('INSERT INTO probe (n, label) VALUES (?1, ?2)', [2, 'second']);
    });
    await sleep(20);
    const counted = store.db.query<{ n: number }>('SELECT count(*) AS n FROM probe').then((rows) => seen.push(rows[0]!.n));
    await Promise.all([transaction, counted]);
    expect(seen).toEqual([2]);
  });

  it('a transaction whose work throws is rolled back, and the store goes on', async () => {
    const failing = store.db.transaction(async (tx) => {
      await tx.query('INSERT INTO probe (n, label) VALUES (?1, ?2)', [3, 'rolled back']);
      await sleep(20);
      throw new Error('the work failed');
    });
    const during = store.db.query<{ n: number }>('SELECT count(*) AS n FROM probe WHERE n = 3');
    await expect(failing).rejects.toThrow('the work failed');
    expect(await during).toEqual([{ n: 0 }]);
    expect(await store.db.query('SELECT n FROM probe ORDER BY n')).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('rows are plain column objects (no driver metadata)', async () => {
    expect(await store.db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });
});

describe('parameters', () => {
  it('numbered ?N, each used where named: ?10 is not ?1 followed by 0', async () => {
    const params = Array.from({ length: 10 }, (_, i) => `p${i + 1}`);
    expect(await store.db.query('SELECT ?10 AS ten, ?1 AS one, ?2 AS two, ?1 AS again', params)).toEqual([{ ten: 'p10', one: 'p1', two: 'p2', again: 'p1' }]);
  });

  it('an array is its JSON text (read with json_each), a boolean 1 or 0, undefined NULL', async () => {
    expect(await store.db.query('SELECT value FROM json_each(?1) ORDER BY value', [['b', 'a', "it's"]])).toEqual([
      { value: 'a' },
      { value: 'b' },
      { value: "it's" },
    ]);
    expect(await store.db.query('SELECT ?1 AS yes, ?2 AS no, ?3 AS absent', [true, false, undefined])).toEqual([{ yes: 1, no: 0, absent: null }]);
  });

  it('a value SQLite cannot take is a TypeError of ours, not a store outage', async () => {
    await expect(store.db.query('SELECT ?1 AS at', [new Date()])).rejects.toThrow(TypeError);
    await expect(store.db.query('SELECT ?1 AS at', [{ an: 'object' }])).rejects.toThrow(/\?1 cannot be a object/);
  });
});

describe('errors', () => {
  it('a constraint or syntax error is a bug and stays as it is', async () => {
    const duplicate = store.db.query('INSERT INTO probe (n, label) VALUES (?1, ?2)', [1, 'again']);
    await expect(duplicate).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
    await expect(duplicate).rejects.not.toBeInstanceOf(StoreUnavailableError);
    await expect(store.db.query('SELEC 1')).rejects.toMatchObject({ code: 'SQLITE_ERROR' });
    const badState = store.db.query(`INSERT INTO idempotency_keys (scope, key, fingerprint, state, expires_at) VALUES ('s', 'k', 'f', 'lost', 'x')`);
    await expect(badState).rejects.toMatchObject({ code: expect.stringMatching(/^SQLITE_CONSTRAINT/) });
  });

  it('a store that cannot be written is STORE_UNAVAILABLE; reads go on', async () => {
    await store.db.exec('PRAGMA query_only = ON');
    try {
      await expect(store.db.query('INSERT INTO probe (n, label) VALUES (?1, ?2)', [9, 'refused'])).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.db.transaction((tx) => tx.query('SELECT 1 AS one'))).rejects.toBeInstanceOf(StoreUnavailableError);
      expect(await store.db.query('SELECT count(*) AS n FROM probe')).toEqual([{ n: 2 }]);
    } finally {
      await store.db.exec('PRAGMA query_only = OFF');
    }
  });
});

describe('time', () => {
  it('a key expires by SQLite’s clock: an expired key is taken over by the next caller', async () => {
    const shortLived = new StoredIdempotency(store.db, { ttlMs: 200 });
    const call = { scope: 'time-test', key: 'short-lived', fingerprint: 'first' };
    expect(await shortLived.run(call, async () => 'first answer')).toBe('first answer');
    expect(await shortLived.run(call, async () => 'not run')).toBe('first answer');
    await sleep(300);
    expect(await shortLived.run({ ...call, fingerprint: 'second' }, async () => 'second answer')).toBe('second answer');
    const [row] = await store.db.query<{ created_at: string; expires_at: string }>(
      `SELECT created_at, expires_at FROM idempotency_keys WHERE scope = 'time-test'`,
    );
    expect(row!.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(row!.expires_at) - Date.parse(row!.created_at)).toBe(200);
  });

  it('history instants are RFC 3339 UTC, from the moment of the write', async () => {
    const before = Date.now();
    await store.schedules.record({ provider: 'TRACKLY', nativeId: 'time-1', action: 'CREATED', scope: 's', actor: 'a', sent: [{ name: 'x' }] });
    const change = (await store.schedules.history('TRACKLY', ['time-1']))[0]?.[0];
    expect(change!.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Math.abs(Date.parse(change!.at) - before)).toBeLessThan(5_000);
    expect(await store.schedules.lastBody('TRACKLY', 'time-1')).toEqual({ name: 'x' });
  });
});

describe('over HTTP', () => {
  let upstreams: Sandboxes;
  let gw: TestGateway;
  const CREATE = `mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { __typename ... on Error { code } } }`;
  const input = (key: string) => ({
    idempotencyKey: key,
    target: { trackly: { name: 'Refused', audienceIds: ['665fa1b2c3d4e5f6a7b8c901'], variants: [{ message: 'Hi', percentAudience: 100 }] } },
    recurrence: { oneTime: { at: '2027-05-01T10:00:00Z' } },
  });
  const posts = () => upstreams.trackly.count(/^POST \/api\/v2\/schedules$/);

  beforeAll(async () => {
    upstreams = await startSandboxes();
    gw = await startTestGateway({ store, upstreams });
  });
  afterAll(async () => {
    await gw?.close();
    await upstreams?.close();
  });

  it('a keyed create on a store that cannot be written answers STORE_UNAVAILABLE and sends nothing', async () => {
    await store.db.exec('PRAGMA query_only = ON');
    try {
      const before = posts();
      const refused = await gw.gql<{ createSchedule: { __typename: string; code?: string } }>(CREATE, { input: input('read-only') });
      expect(refused.data!.createSchedule).toEqual({ __typename: 'StoreUnavailableError', code: 'STORE_UNAVAILABLE' });
      expect(posts()).toBe(before);
    } finally {
      await store.db.exec('PRAGMA query_only = OFF');
    }
    const accepted = await gw.gql<{ createSchedule: { __typename: string } }>(CREATE, { input: input('read-only') });
    expect(accepted.data!.createSchedule.__typename).toBe('CreateScheduleSuccess');
  });

  // Last: it closes the store for the rest of this file.
  it('a closed store: keyed creates answer STORE_UNAVAILABLE before sending, and /ready says the store is down', async () => {
    await store.close();
    const before = posts();
    const refused = await gw.gql<{ createSchedule: { __typename: string; code?: string } }>(CREATE, { input: input('closed') });
    expect(refused.data!.createSchedule).toEqual({ __typename: 'StoreUnavailableError', code: 'STORE_UNAVAILABLE' });
    expect(posts()).toBe(before);
    const ready = await fetch(`${gw.origin}/ready`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { store: unknown }).store).toEqual({ backend: 'embedded', ready: false });
  });
});
