/**
 * Idempotency keys in the gateway's database, so they survive restarts and hold across every instance on one
 * `DATABASE_URL`. The row is the lock: the instance whose INSERT creates it (or takes over an expired one) is
 * the only one that sends; every other holder of the key reads the row — its recorded outcome, or, while it is
 * still `running`, polls it until the outcome is there or its own request ends (`IdempotencyInProgressError`).
 *
 * Order of events for the sender: claim the row (a store outage fails the create here, before anything is
 * sent) → send → record the outcome (or delete the row when the create was refused without reaching the
 * provider, so refused inputs never occupy a key). Duplicates on the same instance share the in-flight
 * promise instead of polling.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { UpstreamError, type UpstreamErrorCode } from '../core/errors.js';
import { awaitFor, conflictError, inProgressError, releasesKey, type IdempotencyStore, type IdempotentCall } from '../core/idempotency.js';
import { PROVIDERS, type ProviderName } from '../core/model.js';
import { jsonColumn, type Backend, type Database } from './database.js';
import { SQLITE_NOW, sqliteNowPlusMs } from './sqlite-time.js';

type StoredFailure =
  | {
      kind: 'upstream';
      code: UpstreamErrorCode;
      message: string;
      provider: ProviderName;
      providerCode: string | null;
      httpStatus: number | null;
      requestId: string | null;
      retryAfterSeconds: number | null;
    }
  | { kind: 'unexpected' };

type StoredOutcome = { ok: true; value: unknown } | { ok: false; error: StoredFailure };

function encodeFailure(error: unknown): StoredFailure {
  if (error instanceof UpstreamError) {
    const { code, message, provider, providerCode, httpStatus, requestId, retryAfterSeconds } = error;
    // An upstream error always comes from a provider; the fallback only satisfies the stored row's type.
    return { kind: 'upstream', code, message, provider: provider ?? PROVIDERS[0], providerCode, httpStatus, requestId, retryAfterSeconds };
  }
  return { kind: 'unexpected' };
}

function decodeFailure(failure: StoredFailure): Error {
  if (failure.kind === 'upstream') {
    return new UpstreamError(
      failure.code,
      failure.message,
      failure.provider,
      failure.providerCode,
      failure.httpStatus,
      failure.requestId,
      failure.retryAfterSeconds,
    );
  }
  // Masked like the original (an unexpected failure never shows its detail).
  return new Error('the first request with this idempotency key failed unexpectedly');
}

/**
 * The statements, per backend. Parameters: claim (scope, key, fingerprint, ttl ms); read (scope, key);
 * record (scope, key, fingerprint, outcome JSON text); release (scope, key, fingerprint).
 */
const STATEMENTS: Record<Backend, { sweep: string; claim: string; read: string; record: string; release: string }> = {
  postgres: {
    sweep: 'DELETE FROM idempotency_keys WHERE expires_at <= now()',
    claim: `INSERT INTO idempotency_keys (scope, key, fingerprint, state, expires_at)
       VALUES ($1, $2, $3, 'running', now() + $4::double precision * interval '1 millisecond')
       ON CONFLICT (scope, key) DO UPDATE
         SET fingerprint = EXCLUDED.fingerprint, state = 'running', outcome = NULL, created_at = now(), expires_at = EXCLUDED.expires_at
         WHERE idempotency_keys.expires_at <= now()
       RETURNING 1 AS claimed`,
    read: 'SELECT fingerprint, state, outcome FROM idempotency_keys WHERE scope = $1 AND key = $2 AND expires_at > now()',
    record: `UPDATE idempotency_keys SET state = 'done', outcome = $4::jsonb
         WHERE scope = $1 AND key = $2 AND fingerprint = $3 AND state = 'running'`,
    release: `DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND fingerprint = $3 AND state = 'running'`,
  },
  embedded: {
    sweep: `DELETE FROM idempotency_keys WHERE expires_at <= ${SQLITE_NOW}`,
    claim: `INSERT INTO idempotency_keys (scope, key, fingerprint, state, expires_at)
       VALUES (?1, ?2, ?3, 'running', ${sqliteNowPlusMs('?4')})
       ON CONFLICT (scope, key) DO UPDATE
         SET fingerprint = excluded.fingerprint, state = 'running', outcome = NULL, created_at = ${SQLITE_NOW}, expires_at = excluded.expires_at
         WHERE idempotency_keys.expires_at <= ${SQLITE_NOW}
       RETURNING 1 AS claimed`,
    read: `SELECT fingerprint, state, outcome FROM idempotency_keys WHERE scope = ?1 AND key = ?2 AND expires_at > ${SQLITE_NOW}`,
    record: `UPDATE idempotency_keys SET state = 'done', outcome = ?4
         WHERE scope = ?1 AND key = ?2 AND fingerprint = ?3 AND state = 'running'`,
    release: `DELETE FROM idempotency_keys WHERE scope = ?1 AND key = ?2 AND fingerprint = ?3 AND state = 'running'`,
  },
};

interface KeyRow {
  fingerprint: string;
  state: 'running' | 'done';
  outcome: StoredOutcome | null;
}

export interface StoredIdempotencyOptions {
  ttlMs: number;
  /** How often a duplicate looks at a key another instance is still running. */
  pollMs?: number;
  /** Told when an outcome could not be recorded (the key then stays `running` until it expires). */
  onRecordFailure?: (error: unknown) => void;
}

export class StoredIdempotency implements IdempotencyStore {
  private readonly inFlight = new Map<string, { fingerprint: string; result: Promise<unknown> }>();
  private readonly pollMs: number;
  private readonly sql: (typeof STATEMENTS)[Backend];

  constructor(
    private readonly db: Database,
    private readonly options: StoredIdempotencyOptions,
  ) {
    this.pollMs = options.pollMs ?? 50;
    this.sql = STATEMENTS[db.backend];
  }

  async run<T>(call: IdempotentCall, execute: () => Promise<T>): Promise<T> {
    const id = `${call.scope}\u0000${call.key}`;
    for (;;) {
      const local = this.inFlight.get(id);
      if (local) {
        if (local.fingerprint !== call.fingerprint) throw conflictError(call.key);
        return awaitFor(local.result as Promise<T>, call.key, call.signal);
      }
      if (call.signal?.aborted) throw inProgressError(call.key);
      if (await this.claim(call)) return awaitFor(this.execute(id, call, execute), call.key, call.signal);
      const row = await this.read(call);
      if (!row) continue; // released or expired since the claim: try again
      if (row.fingerprint !== call.fingerprint) throw conflictError(call.key);
      if (row.state === 'done' && row.outcome) {
        if (row.outcome.ok) return row.outcome.value as T;
        throw decodeFailure(row.outcome.error);
      }
      try {
        await sleep(this.pollMs, undefined, call.signal ? { signal: call.signal } : {});
      } catch {
        throw inProgressError(call.key);
      }
    }
  }

  /** Forgets keys whose time is up (they are also taken over on their next use). */
  async sweep(): Promise<void> {
    await this.db.query(this.sql.sweep);
  }

  private execute<T>(id: string, call: IdempotentCall, execute: () => Promise<T>): Promise<T> {
    const result = (async () => {
      try {
        const value = await execute();
        await this.record(call, { ok: true, value });
        return value;
      } catch (error) {
        if (releasesKey(error)) await this.release(call);
        else await this.record(call, { ok: false, error: encodeFailure(error) });
        throw error;
      }
    })();
    this.inFlight.set(id, { fingerprint: call.fingerprint, result });
    void result.catch(() => undefined).finally(() => this.inFlight.delete(id));
    return result;
  }

  /** True when this call now owns the key: a new row, or an expired one taken over. */
  private async claim(call: IdempotentCall): Promise<boolean> {
    const rows = await this.db.query(this.sql.claim, [call.scope, call.key, call.fingerprint, this.options.ttlMs]);
    return rows.length === 1;
  }

  private async read(call: IdempotentCall): Promise<KeyRow | null> {
    const rows = await this.db.query<{ fingerprint: string; state: 'running' | 'done'; outcome: unknown }>(this.sql.read, [call.scope, call.key]);
    const row = rows[0];
    if (!row) return null;
    return { fingerprint: row.fingerprint, state: row.state, outcome: jsonColumn(this.db.backend, row.outcome) as StoredOutcome | null };
  }

  private async record(call: IdempotentCall, outcome: StoredOutcome): Promise<void> {
    try {
      await this.db.query(this.sql.record, [call.scope, call.key, call.fingerprint, JSON.stringify(outcome)]);
    } catch (error) {
      // The send happened; its caller still gets the outcome. Duplicates will see `running` until expiry.
      this.options.onRecordFailure?.(error);
    }
  }

  private async release(call: IdempotentCall): Promise<void> {
    try {
      await this.db.query(this.sql.release, [call.scope, call.key, call.fingerprint]);
    } catch (error) {
      this.options.onRecordFailure?.(error);
    }
  }
}
