/**
 * All time-zone arithmetic of the gateway lives here (and in the other `core/` modules that import it), on
 * the TC39 Temporal API via `temporal-polyfill`: DST gaps and overlaps are resolved by the spec's rules
 * rather than by hand-written offset maths. Providers call these helpers; they never do zone maths.
 */
import { Temporal } from 'temporal-polyfill';
import type { DayOfWeek, Instant, LocalDateTime, LocalTime } from './model.js';
import { DAYS_OF_WEEK } from './model.js';

export { Temporal };

const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const OFFSET_ZONE = /^[+-]\d{2}(:?\d{2})?$/;

/** True for an IANA zone name this runtime knows (`Europe/Paris`, `UTC`); false for offsets and junk. */
export function isValidTimeZone(name: string): boolean {
  if (name.length === 0 || name.length > 64 || OFFSET_ZONE.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export function isValidLocalTime(value: string): boolean {
  return LOCAL_TIME.test(value);
}

/** Parses an RFC 3339 date-time that carries an offset or `Z`; returns null for anything else. */
export function parseInstant(value: string): Temporal.Instant | null {
  // Temporal.Instant.from demands an offset, which is exactly the RFC 3339 rule for a DateTime.
  try {
    return Temporal.Instant.from(value);
  } catch {
    return null;
  }
}

/** The canonical wire form of an instant: UTC, `Z`, no fractional seconds unless present. */
export function formatInstant(instant: Temporal.Instant): Instant {
  return instant.toString({ smallestUnit: instant.epochMilliseconds % 1000 === 0 ? 'second' : 'millisecond' });
}

/** The current instant in the canonical wire form (cheaper than going through Temporal on every request). */
export function nowInstant(): Instant {
  const iso = new Date().toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

export function normaliseInstant(value: string): Instant | null {
  const parsed = parseInstant(value);
  return parsed ? formatInstant(parsed) : null;
}

export function toZoned(instant: Instant | Temporal.Instant, timeZone: string): Temporal.ZonedDateTime {
  const parsed = typeof instant === 'string' ? Temporal.Instant.from(instant) : instant;
  return parsed.toZonedDateTimeISO(timeZone);
}

export function formatLocalDateTime(value: Temporal.PlainDateTime): LocalDateTime {
  return value.toString({ smallestUnit: 'second' });
}

export function formatLocalTime(value: Temporal.PlainTime | Temporal.PlainDateTime): LocalTime {
  return `${String(value.hour).padStart(2, '0')}:${String(value.minute).padStart(2, '0')}`;
}

export type LocalResolution =
  | { ok: true; instant: Temporal.Instant; zoned: Temporal.ZonedDateTime }
  | { ok: false; reason: 'NONEXISTENT'; message: string };

/**
 * The instant at which a wall-clock time happens in a zone. A wall-clock time that falls in a DST gap
 * (02:30 on a spring-forward day in America/New_York) does not exist and is refused rather than shifted;
 * one that happens twice (the fall-back hour) resolves to its first occurrence.
 */
export function resolveLocal(local: Temporal.PlainDateTime, timeZone: string): LocalResolution {
  const zoned = local.toZonedDateTime(timeZone, { disambiguation: 'compatible' });
  if (!Temporal.PlainDateTime.compare(zoned.toPlainDateTime(), local)) {
    return { ok: true, instant: zoned.toInstant(), zoned };
  }
  return {
    ok: false,
    reason: 'NONEXISTENT',
    message: `${formatLocalDateTime(local)} does not exist in ${timeZone}: the clocks skip that hour for daylight saving time`,
  };
}

export function parseLocalTime(value: LocalTime): Temporal.PlainTime {
  return Temporal.PlainTime.from(value);
}

/** ISO day number: Monday = 1 … Sunday = 7. */
export function isoDayNumber(day: DayOfWeek): number {
  return DAYS_OF_WEEK.indexOf(day) + 1;
}

export function dayOfWeekFromIso(dayNumber: number): DayOfWeek {
  const day = DAYS_OF_WEEK[dayNumber - 1];
  if (!day) throw new RangeError(`not an ISO day number: ${dayNumber}`);
  return day;
}

/** Sorts and de-duplicates days into Monday-first order, so equal sets compare equal. */
export function normaliseDays(days: readonly DayOfWeek[]): DayOfWeek[] {
  return DAYS_OF_WEEK.filter((day) => days.includes(day));
}
