import { describe, expect, it } from 'vitest';
import { IdempotencyConflictError, UpstreamError, ValidationError } from '../../src/core/errors.js';
import { InMemoryIdempotencyStore, fingerprintOf } from '../../src/core/idempotency.js';

describe('InMemoryIdempotencyStore', () => {
  it('runs once per key; repeats get the first result', async () => {
    const store = new InMemoryIdempotencyStore();
    let calls = 0;
    const run = () => store.run({ scope: 's', key: 'k', fingerprint: 'f' }, async () => ++calls);
    expect(await run()).toBe(1);
    expect(await run()).toBe(1);
    expect(calls).toBe(1);
  });

  it('concurrent duplicates wait for the first', async () => {
    const store = new InMemoryIdempotencyStore();
    let calls = 0;
    const slow = () => store.run({ scope: 's', key: 'k', fingerprint: 'f' }, () => new Promise<number>((resolve) => setTimeout(() => resolve(++calls), 20)));
    expect(await Promise.all([slow(), slow(), slow()])).toEqual([1, 1, 1]);
    expect(calls).toBe(1);
  });

  it('the same key with another input is a conflict', async () => {
    const store = new InMemoryIdempotencyStore();
    await store.run({ scope: 's', key: 'k', fingerprint: 'f1' }, async () => 1);
    await expect(store.run({ scope: 's', key: 'k', fingerprint: 'f2' }, async () => 2)).rejects.toBeInstanceOf(IdempotencyConflictError);
  });

  it('a refused input frees the key; an upstream failure is replayed, never retried', async () => {
    const store = new InMemoryIdempotencyStore();
    await expect(
      store.run({ scope: 's', key: 'v', fingerprint: 'f' }, async () => Promise.reject(ValidationError.single(['x'], 'bad', null))),
    ).rejects.toBeInstanceOf(ValidationError);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await store.run({ scope: 's', key: 'v', fingerprint: 'f' }, async () => 'ok')).toBe('ok');

    let calls = 0;
    const failing = () =>
      store.run({ scope: 's', key: 'u', fingerprint: 'f' }, async () => {
        calls += 1;
        throw new UpstreamError('UPSTREAM_TIMEOUT', 'timed out', 'TRACKLY', null, null, null);
      });
    await expect(failing()).rejects.toBeInstanceOf(UpstreamError);
    await expect(failing()).rejects.toBeInstanceOf(UpstreamError);
    expect(calls).toBe(1);
  });

  it('keys expire after their time, and no number of other keys pushes one out before it', async () => {
    let now = 0;
    const store = new InMemoryIdempotencyStore({ ttlMs: 100, now: () => now });
    await store.run({ scope: 's', key: 'a', fingerprint: 'f' }, async () => 'a1');
    for (let i = 0; i < 20_000; i += 1) await store.run({ scope: 'flood', key: `k${i}`, fingerprint: 'f' }, async () => i);
    expect(await store.run({ scope: 's', key: 'a', fingerprint: 'f' }, async () => 'a2')).toBe('a1');
    now = 200;
    expect(await store.run({ scope: 's', key: 'a', fingerprint: 'f' }, async () => 'a3')).toBe('a3');
  });

  it('keys are per caller: the same key in two scopes runs twice, independently', async () => {
    const store = new InMemoryIdempotencyStore();
    expect(await store.run({ scope: 'alice', key: 'k', fingerprint: 'f1' }, async () => 'a')).toBe('a');
    expect(await store.run({ scope: 'bob', key: 'k', fingerprint: 'f2' }, async () => 'b')).toBe('b');
  });

  it('fingerprints ignore key order and undefined fields', () => {
    expect(fingerprintOf({ a: 1, b: { c: [1, 2], d: undefined } })).toBe(fingerprintOf({ b: { c: [1, 2] }, a: 1 }));
    expect(fingerprintOf({ a: 1 })).not.toBe(fingerprintOf({ a: 2 }));
  });
});
