/**
 * The schedule registry: every create, update, status change and delete the gateway made upstream, one row
 * per write (provider, native id, the caller's scope and actor name — never the key —, the request bodies sent,
 * and when). It answers what providers do not: which Heymarket messages exist (Heymarket cannot list), who
 * sends one (its read has no user_id), and a schedule's history. Rows are only written after the upstream
 * write succeeded; a dry run writes none.
 */
import type { ProviderName } from '../core/model.js';
import { jsonColumn, type Backend, type Database } from './database.js';

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

/**
 * The statements, per backend. A list of native ids is one array parameter: `ANY($2::text[])` on PostgreSQL,
 * its JSON text through `json_each` on SQLite. Parameters: record (provider, native id, action, scope, actor,
 * sent JSON text, zone); history, zones and bodies (provider, native ids); live (provider).
 */
const STATEMENTS: Record<Backend, { record: string; history: string; zones: string; live: string; bodies: string }> = {
  postgres: {
    record: 'INSERT INTO schedule_changes (provider, native_id, action, scope, actor, sent, zone) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)',
    history: 'SELECT native_id, action, actor, at, sent FROM schedule_changes WHERE provider = $1 AND native_id = ANY($2::text[]) ORDER BY id DESC',
    zones:
      'SELECT DISTINCT ON (native_id) native_id, zone FROM schedule_changes WHERE provider = $1 AND native_id = ANY($2::text[]) AND zone IS NOT NULL ORDER BY native_id, id DESC',
    live: `SELECT native_id FROM schedule_changes WHERE provider = $1 GROUP BY native_id
         HAVING bool_and(action <> 'DELETED') ORDER BY min(id)`,
    bodies: 'SELECT native_id, sent FROM schedule_changes WHERE provider = $1 AND native_id = ANY($2::text[]) ORDER BY id',
  },
  embedded: {
    record: 'INSERT INTO schedule_changes (provider, native_id, action, scope, actor, sent, zone) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)',
    history:
      'SELECT native_id, action, actor, at, sent FROM schedule_changes WHERE provider = ?1 AND native_id IN (SELECT value FROM json_each(?2)) ORDER BY id DESC',
    zones: `SELECT native_id, zone FROM (
           SELECT native_id, zone, row_number() OVER (PARTITION BY native_id ORDER BY id DESC) AS newest
           FROM schedule_changes WHERE provider = ?1 AND native_id IN (SELECT value FROM json_each(?2)) AND zone IS NOT NULL)
         WHERE newest = 1`,
    live: `SELECT native_id FROM schedule_changes WHERE provider = ?1 GROUP BY native_id
         HAVING max(action = 'DELETED') = 0 ORDER BY min(id)`,
    bodies: 'SELECT native_id, sent FROM schedule_changes WHERE provider = ?1 AND native_id IN (SELECT value FROM json_each(?2)) ORDER BY id',
  },
};

export class ScheduleRegistry {
  private readonly sql: (typeof STATEMENTS)[Backend];

  constructor(private readonly db: Database) {
    this.sql = STATEMENTS[db.backend];
  }

  async record(change: RecordedChange): Promise<void> {
    await this.db.query(this.sql.record, [
      change.provider,
      change.nativeId,
      change.action,
      change.scope,
      change.actor,
      JSON.stringify(change.sent),
      change.zone ?? null,
    ]);
  }

  /** The changes of each schedule, newest first; an empty list for one the gateway never wrote. */
  async history(provider: ProviderName, nativeIds: readonly string[]): Promise<ScheduleChange[][]> {
    const rows = await this.db.query<ChangeRow>(this.sql.history, [provider, [...nativeIds]]);
    const byId = new Map<string, ScheduleChange[]>(nativeIds.map((id) => [id, []]));
    for (const row of rows) byId.get(row.native_id)?.push({ action: row.action, actor: row.actor, at: new Date(row.at).toISOString() });
    return nativeIds.map((id) => byId.get(id) ?? []);
  }

  /** The zone the caller last gave each schedule's one-time send; '' or absent when none (see `zone`). */
  async zones(provider: ProviderName, nativeIds: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.db.query<{ native_id: string; zone: string }>(this.sql.zones, [provider, [...nativeIds]]);
    return new Map(rows.filter((row) => row.zone !== '').map((row) => [row.native_id, row.zone]));
  }

  /** The last body sent to one schedule, or undefined when the gateway never wrote one. */
  async lastBody(provider: ProviderName, nativeId: string): Promise<unknown> {
    const live = await this.bodies(provider, [nativeId]);
    return live.get(nativeId);
  }

  /** Every schedule of a provider the gateway wrote and did not delete, with its last body. */
  async live(provider: ProviderName): Promise<LiveSchedule[]> {
    const rows = await this.db.query<{ native_id: string }>(this.sql.live, [provider]);
    const ids = rows.map((row) => row.native_id);
    const bodies = await this.bodies(provider, ids);
    return ids.map((nativeId) => ({ nativeId, lastBody: bodies.get(nativeId) ?? null }));
  }

  /** The last non-null body sent to each schedule; absent for one the gateway never wrote. */
  async bodies(provider: ProviderName, nativeIds: readonly string[]): Promise<Map<string, unknown>> {
    const rows = await this.db.query<ChangeRow>(this.sql.bodies, [provider, [...nativeIds]]);
    const last = new Map<string, unknown>();
    for (const row of rows) {
      const recorded = jsonColumn(this.db.backend, row.sent);
      const sent = Array.isArray(recorded) ? recorded.filter((body) => body !== null) : [];
      if (sent.length > 0) last.set(row.native_id, sent[sent.length - 1]);
    }
    return last;
  }
}
