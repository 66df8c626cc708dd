import { describe, expect, it } from 'vitest';
import { IdempotencyConflictError, UpstreamError, ValidationError } from '../../src/core/errors.js';
import { InMemoryIdempotencyStore, fingerprintOf } from '../../src/core/idempotency.js';

describe('InMemoryIdempotencyStore', () => {
  it('runs once per key; repeats get the first result', async () => {
    const store = new InMemoryIdempotencyStore();
    let calls = 0;
    const run = () => store.run('k', 'f', async () => ++calls);
    expect(await run()).toBe(1);
    expect(await run()).toBe(1);
    expect(calls).toBe(1);
  });

  it('concurrent duplicates wait for the first', async () => {
    const store = new InMemoryIdempotencyStore();
    let calls = 0;
    const slow = () => store.run('k', 'f', () => new Promise<number>((resolve) => setTimeout(() => resolve(++calls), 20)));
    expect(await Promise.all([slow(), slow(), slow()])).toEqual([1, 1, 1]);
    expect(calls).toBe(1);
  });

  it('the same key with another input is a conflict', async () => {
    const store = new InMemoryIdempotencyStore();
    await store.run('k', 'f1', async () => 1);
    await expect(store.run('k', 'f2', async () => 2)).rejects.toBeInstanceOf(IdempotencyConflictError);
  });

  it('a refused input frees the key; an upstream failure is replayed, never retried', async () => {
    const store = new InMemoryIdempotencyStore();
    await expect(store.run('v', 'f', async () => Promise.reject(ValidationError.single(['x'], 'bad', null)))).rejects.toBeInstanceOf(ValidationError);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await store.run('v', 'f', async () => 'ok')).toBe('ok');

    let calls = 0;
    const failing = () => store.run('u', 'f', async () => {
      calls += 1;
      throw new UpstreamError('UPSTREAM_TIMEOUT', 'timed out', 'TRACKLY', null, null, null);
    });
    await expect(failing()).rejects.toBeInstanceOf(UpstreamError);
    await expect(failing()).rejects.toBeInstanceOf(UpstreamError);
    expect(calls).toBe(1);
  });

  it('keys expire and the oldest are evicted beyond the cap', async () => {
    let now = 0;
    const store = new InMemoryIdempotencyStore({ ttlMs: 100, maxEntries: 2, now: () => now });
    await store.run('a', 'f', async () => 'a1');
    now = 200;
    expect(await store.run('a', 'f', async () => 'a2')).toBe('a2');
    await store.run('b', 'f', async () => 'b');
    await store.run('c', 'f', async () => 'c');
    expect(await store.run('a', 'f', async () => 'a3')).toBe('a3');
  });

  it('fingerprints ignore key order and undefined fields', () => {
    expect(fingerprintOf({ a: 1, b: { c: [1, 2], d: undefined } })).toBe(fingerprintOf({ b: { c: [1, 2] }, a: 1 }));
    expect(fingerprintOf({ a: 1 })).not.toBe(fingerprintOf({ a: 2 }));
  });
});
