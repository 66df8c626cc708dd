/**
 * No double sends: a create repeated with the same idempotency key returns the first result without calling
 * the provider again; the same key with a different input is refused; concurrent duplicates wait for the
 * first. The store is an interface so a shared store (several gateway instances) can replace the in-memory
 * one without touching callers.
 */
import { createHash } from 'node:crypto';
import { IdempotencyConflictError, ValidationError } from './errors.js';
import { OutsideSendingWindowError } from './sending-window.js';

export interface IdempotencyStore {
  /**
   * Runs `execute` once per key. A later call with the same key and fingerprint gets the first call's
   * result (or error) — awaiting it if it is still running; a different fingerprint is a conflict.
   */
  run<T>(key: string, fingerprint: string, execute: () => Promise<T>): Promise<T>;
}

/** A stable hash of an input: key order does not matter, values do. */
export function fingerprintOf(value: unknown): string {
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .filter(([, inner]) => inner !== undefined)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, inner]) => [k, canonical(inner)]),
      );
    }
    return v;
  };
  return createHash('sha256').update(JSON.stringify(canonical(value))).digest('hex');
}

interface Entry {
  fingerprint: string;
  result: Promise<unknown>;
  expiresAt: number;
}

export interface InMemoryIdempotencyOptions {
  /** How long a key is remembered. */
  ttlMs?: number;
  /** Oldest keys are forgotten beyond this many. */
  maxEntries?: number;
  now?: () => number;
}

export class InMemoryIdempotencyStore implements IdempotencyStore {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: InMemoryIdempotencyOptions = {}) {
    this.ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  run<T>(key: string, fingerprint: string, execute: () => Promise<T>): Promise<T> {
    const existing = this.entries.get(key);
    if (existing && existing.expiresAt > this.now()) {
      if (existing.fingerprint !== fingerprint) {
        return Promise.reject(new IdempotencyConflictError(`The idempotency key "${key}" was already used with a different input; use a new key for a new schedule`));
      }
      return existing.result as Promise<T>;
    }
    const result = execute();
    this.entries.set(key, { fingerprint, result, expiresAt: this.now() + this.ttlMs });
    // A refused input was never sent upstream, so the key stays free for the corrected input. Any other
    // failure may have reached the provider (a timed-out POST can still have created the schedule), so it
    // is remembered and replayed: retrying it blindly could send twice.
    result.catch((error: unknown) => {
      const refused = error instanceof ValidationError || error instanceof OutsideSendingWindowError;
      if (refused && this.entries.get(key)?.result === result) this.entries.delete(key);
    });
    this.evict();
    return result;
  }

  private evict(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && entry.expiresAt > now) break;
      this.entries.delete(key);
    }
  }
}
