/**
 * Instants in the embedded store. SQLite has no timestamp type: it keeps them as ISO 8601 UTC text with
 * milliseconds (`2026-05-01T10:00:00.000Z`, `toISOString()`'s form), which `new Date()` parses and which
 * compares as text in time order, so expiry and window tests are plain `<=`. Every instant comes from SQLite's
 * clock ('now' is fixed for one statement): the store is one process, so there is no other clock to agree with.
 */
const ISO = `'%Y-%m-%dT%H:%M:%fZ'`;

/** The current instant. */
export const SQLITE_NOW = `strftime(${ISO}, 'now')`;

/** The current instant moved by a number of milliseconds (a SQL expression, e.g. a parameter `?4` or `-?2`). */
export function sqliteNowPlusMs(milliseconds: string): string {
  return `strftime(${ISO}, 'now', printf('%+.3f seconds', (${milliseconds}) / 1000.0))`;
}
