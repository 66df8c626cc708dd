/**
 * The schedule registry: every create, update, status change and delete the gateway made upstream, one row
 * per write (provider, native id, the caller's scope and actor name — never the key —, the request bodies sent,
 * and when). It answers what providers do not: which Heymarket messages exist (Heymarket cannot list), who
 * sends one (its read has no user_id), and a schedule's history. Rows are only written after the upstream
 * write succeeded; a dry run writes none.
 */
import type { ProviderName } from '../core/model.js';
import type { Database } from './database.js';
import { storeFailure } from './database.js';

export type ChangeAction = 'CREATED' | 'UPDATED' | 'STATUS_CHANGED' | 'DELETED';

export interface ScheduleChange {
  action: ChangeAction;
  /** RFC 3339 UTC instant of the write. */
  at: string;
  actor: string;
}

export interface RecordedChange {
  provider: ProviderName;
  nativeId: string;
  action: ChangeAction;
  scope: string;
  actor: string;
  /** The upstream request bodies sent by this write, in order (null for a body-less call such as DELETE). */
  sent: unknown[];
  /**
   * The zone the caller gave a one-time send (Heymarket and Burki do not keep it): null when this write did
   * not set the time, '' when it set one without a zone (the provider's default applies again).
   */
  zone?: string | null;
}

/** A schedule the registry knows and has not seen deleted, with the last body written to it. */
export interface LiveSchedule {
  nativeId: string;
  /** The last non-null body sent to it (the create's or the latest update's). */
  lastBody: unknown;
}

interface ChangeRow extends Record<string, unknown> {
  native_id: string;
  action: ChangeAction;
  actor: string;
  at: Date | string;
  sent: unknown;
}

export class ScheduleRegistry {
  constructor(private readonly db: Database) {}

  async record(change: RecordedChange): Promise<void> {
    await this.db
      .query('INSERT INTO schedule_changes (provider, native_id, action, scope, actor, sent, zone) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)', [
        change.provider,
        change.nativeId,
        change.action,
        change.scope,
        change.actor,
        JSON.stringify(change.sent),
        change.zone ?? null,
      ])
      .catch((error: unknown) => Promise.reject(storeFailure(error)));
  }

  /** The changes of each schedule, newest first; an empty list for one the gateway never wrote. */
  async history(provider: ProviderName, nativeIds: readonly string[]): Promise<ScheduleChange[][]> {
    const rows = await this.db
      .query<ChangeRow>(
        'SELECT native_id, action, actor, at, sent FROM schedule_changes WHERE provider = $1 AND native_id = ANY($2::text[]) ORDER BY id DESC',
        [provider, [...nativeIds]],
      )
      .catch((error: unknown) => Promise.reject(storeFailure(error)));
    const byId = new Map<string, ScheduleChange[]>(nativeIds.map((id) => [id, []]));
    for (const row of rows) byId.get(row.native_id)?.push({ action: row.action, actor: row.actor, at: new Date(row.at).toISOString() });
    return nativeIds.map((id) => byId.get(id) ?? []);
  }

  /** The zone the caller last gave each schedule's one-time send; '' or absent when none (see `zone`). */
  async zones(provider: ProviderName, nativeIds: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.db
      .query<{ native_id: string; zone: string }>(
        'SELECT DISTINCT ON (native_id) native_id, zone FROM schedule_changes WHERE provider = $1 AND native_id = ANY($2::text[]) AND zone IS NOT NULL ORDER BY native_id, id DESC',
        [provider, [...nativeIds]],
      )
      .catch((error: unknown) => Promise.reject(storeFailure(error)));
    return new Map(rows.filter((row) => row.zone !== '').map((row) => [row.native_id, row.zone]));
  }

  /** The last body sent to one schedule, or undefined when the gateway never wrote one. */
  async lastBody(provider: ProviderName, nativeId: string): Promise<unknown> {
    const live = await this.bodies(provider, [nativeId]);
    return live.get(nativeId);
  }

  /** Every schedule of a provider the gateway wrote and did not delete, with its last body. */
  async live(provider: ProviderName): Promise<LiveSchedule[]> {
    const rows = await this.db
      .query<{ native_id: string }>(
        `SELECT native_id FROM schedule_changes WHERE provider = $1 GROUP BY native_id
         HAVING bool_and(action <> 'DELETED') ORDER BY min(id)`,
        [provider],
      )
      .catch((error: unknown) => Promise.reject(storeFailure(error)));
    const ids = rows.map((row) => row.native_id);
    const bodies = await this.bodies(provider, ids);
    return ids.map((nativeId) => ({ nativeId, lastBody: bodies.get(nativeId) ?? null }));
  }

  /** The last non-null body sent to each schedule; absent for one the gateway never wrote. */
  async bodies(provider: ProviderName, nativeIds: readonly string[]): Promise<Map<string, unknown>> {
    const rows = await this.db
      .query<ChangeRow>('SELECT native_id, sent FROM schedule_changes WHERE provider = $1 AND native_id = ANY($2::text[]) ORDER BY id', [
        provider,
        [...nativeIds],
      ])
      .catch((error: unknown) => Promise.reject(storeFailure(error)));
    const last = new Map<string, unknown>();
    for (const row of rows) {
      const sent = Array.isArray(row.sent) ? row.sent.filter((body) => body !== null) : [];
      if (sent.length > 0) last.set(row.native_id, sent[sent.length - 1]);
    }
    return last;
  }
}
