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

/** UTC with at most millisecond precision: the form upstreams and the gateway itself write instants in. */
const UTC_MILLIS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

/** `new Date(ms).toISOString()` without a `.000` fraction: the canonical wire form of a whole-second instant. */
function isoFromEpochMilliseconds(ms: number): Instant {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

/**
 * The fast path of `parseInstant` and `normaliseInstant`: a UTC instant with at most milliseconds, as epoch
 * milliseconds, taken only when Date reads the text back to exactly the same instant (so no leniency of
 * Date.parse leaks in); null for everything else (offsets, nanoseconds, odd dates), which Temporal reads.
 */
function utcMillisOf(value: string): number | null {
  if (!UTC_MILLIS.test(value)) return null;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return null;
  const dot = value.indexOf('.');
  const canonical = dot < 0 ? `${value.slice(0, -1)}.000Z` : `${value.slice(0, dot + 1)}${value.slice(dot + 1, -1).padEnd(3, '0')}Z`;
  return new Date(ms).toISOString() === canonical ? ms : null;
}

/** Parses an RFC 3339 date-time that carries an offset or `Z`; returns null for anything else. */
export function parseInstant(value: string): Temporal.Instant | null {
  // Why a fast path: parsing through the Temporal polyfill dominated a page of 100 schedules.
  const ms = utcMillisOf(value);
  if (ms !== null) return Temporal.Instant.fromEpochMilliseconds(ms);
  // Temporal.Instant.from demands an offset, which is exactly the RFC 3339 rule for a DateTime.
  try {
    return Temporal.Instant.from(value);
  } catch {
    return null;
  }
}

/** The canonical wire form of an instant: UTC, `Z`, no fractional seconds unless present. */
export function formatInstant(instant: Temporal.Instant): Instant {
  // Same text as Temporal's toString for whole milliseconds (the polyfill's formatter was the costliest
  // call of a page); sub-millisecond instants keep Temporal's formatting.
  if (instant.epochNanoseconds % 1_000_000n === 0n) return isoFromEpochMilliseconds(instant.epochMilliseconds);
  return instant.toString({ smallestUnit: instant.epochMilliseconds % 1000 === 0 ? 'second' : 'millisecond' });
}

/** The current instant in the canonical wire form (cheaper than going through Temporal on every request). */
export function nowInstant(): Instant {
  return isoFromEpochMilliseconds(Date.now());
}

/** An RFC 3339 date-time in the canonical wire form (`formatInstant`); null when it is not one. */
export function normaliseInstant(value: string): Instant | null {
  // Why not through Temporal when it can be avoided: every schedule read normalises its upstream dates, and
  // creating a polyfill Instant only to format it again was a few per cent of a schedule(id) request.
  const ms = utcMillisOf(value);
  if (ms !== null) return isoFromEpochMilliseconds(ms);
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

export type LocalResolution = { ok: true; instant: Temporal.Instant; zoned: Temporal.ZonedDateTime } | { ok: false; reason: 'NONEXISTENT'; message: string };

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

/**
 * Resolved wall-clock instants (runs, day bounds), most recently used last: each is a pure function of its key
 * while the process lives, and each resolution through the Temporal polyfill costs tenths of a millisecond —
 * mapping a page of schedules (or the same schedule again) resolves the same few dates on every request.
 */
const wallClockInstants = new Map<string, Instant | null>();
const WALL_CLOCK_CACHE_ENTRIES = 20_000;

function cachedInstant(key: string, resolve: () => Instant | null): Instant | null {
  const cached = wallClockInstants.get(key);
  if (cached !== undefined) {
    wallClockInstants.delete(key);
    wallClockInstants.set(key, cached);
    return cached;
  }
  let result: Instant | null;
  try {
    result = resolve();
  } catch {
    result = null;
  }
  wallClockInstants.set(key, result);
  if (wallClockInstants.size > WALL_CLOCK_CACHE_ENTRIES) wallClockInstants.delete(wallClockInstants.keys().next().value as string);
  return result;
}

/**
 * The instant at which a run at `time` ("HH:MM") on `date` ("YYYY-MM-DD") happens in `zone`, with recurring
 * runs' DST rule (a time in a spring-forward gap shifts forward; a repeated time takes its first occurrence);
 * null when the date or time is not a real one. Cached (see `wallClockInstants`).
 */
export function wallClockInstant(date: string, time: string, zone: string): Instant | null {
  return cachedInstant(`${date}T${time}|${zone}`, () => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !LOCAL_TIME.test(time)) return null;
    const local = Temporal.PlainDateTime.from(`${date}T${time}`, { overflow: 'reject' });
    return formatInstant(local.toZonedDateTime(zone, { disambiguation: 'compatible' }).toInstant());
  });
}

/** The instant of a run at `time` on `day` in `zone`, with recurring runs' DST rule (see `wallClockInstant`). */
function runInstant(day: Temporal.PlainDate, time: LocalTime, zone: string): Temporal.Instant {
  // Why 'compatible': the same reading as core/occurrences (DST_RULE): a gap time runs shifted forward, a
  // repeated time at its first occurrence. Day bounds must compare the run as it really happens, or the days
  // sent upstream disagree with the gateway's own nextRuns / previewRecurrence (issue 12, item 3).
  return day.toPlainDateTime(parseLocalTime(time)).toZonedDateTime(zone, { disambiguation: 'compatible' }).toInstant();
}

/**
 * The first calendar day (in `zone`) whose run at `time` — as it really happens, after any DST shift — is not
 * before `bound`. Providers that count whole days (Trackly's start_date) meet the unified model's instant
 * bounds here: a start after the send time on its day starts the next day.
 */
export function firstRunDay(bound: Instant, time: LocalTime, zone: string): Temporal.PlainDate {
  const limit = Temporal.Instant.from(bound);
  // Why start a day early: a run is never more than a DST shift away from its nominal day, so the answer is
  // the bound's own local day or a neighbour; walking forward from the day before finds it in a few steps.
  let day = toZoned(limit, zone).toPlainDate().subtract({ days: 1 });
  while (Temporal.Instant.compare(runInstant(day, time, zone), limit) < 0) day = day.add({ days: 1 });
  return day;
}

/** The last calendar day (in `zone`) whose run at `time` — as it really happens — is not after `bound` (Trackly's end_date, Burki's end_date). */
export function lastRunDay(bound: Instant, time: LocalTime, zone: string): Temporal.PlainDate {
  const limit = Temporal.Instant.from(bound);
  let day = toZoned(limit, zone).toPlainDate().add({ days: 1 });
  while (Temporal.Instant.compare(runInstant(day, time, zone), limit) > 0) day = day.subtract({ days: 1 });
  return day;
}

/**
 * ASSUMPTION (README T2/B3, issue 12 item 6): how a whole-day bound that a provider stores (Trackly's
 * start_date/end_date, Burki's end_date) reads back as the unified model's instant bounds: the start day from
 * its first instant, the end day to its last second, in the schedule's zone. Reading the bound as the first
 * or last run's instant instead would tie it to the send time, and sending it back unchanged with a new time
 * would move the schedule by a day; whole-day instants are safe to send back with any time.
 */
export function startOfDayInstant(day: string, zone: string): Instant | null {
  return cachedInstant(`${day}|start|${zone}`, () =>
    formatInstant(Temporal.PlainDate.from(day, { overflow: 'reject' }).toZonedDateTime({ timeZone: zone }).toInstant()),
  );
}

/** The last whole second of `day` in `zone` (one second before the next day starts); see `startOfDayInstant`. */
export function endOfDayInstant(day: string, zone: string): Instant | null {
  return cachedInstant(`${day}|end|${zone}`, () => {
    const next = Temporal.PlainDate.from(day, { overflow: 'reject' }).add({ days: 1 });
    return formatInstant(next.toZonedDateTime({ timeZone: zone }).toInstant().subtract({ seconds: 1 }));
  });
}

/**
 * When the wall-clock date-time of `instant` in `zone` happens twice (the clocks fall back) and `instant` is its
 * SECOND occurrence, the first one: what a provider that is sent the naive local time would read (the
 * gateway's own DST rule). Null otherwise — the local time names `instant` unambiguously.
 */
export function earlierOccurrence(instant: Instant | Temporal.Instant, zone: string): Temporal.Instant | null {
  const exact = typeof instant === 'string' ? Temporal.Instant.from(instant) : instant;
  const local = toZoned(exact, zone).toPlainDateTime();
  const first = local.toZonedDateTime(zone, { disambiguation: 'earlier' }).toInstant();
  return first.equals(exact) ? null : first;
}

/** True when `instant` is the second occurrence of a repeated wall time in `zone` (see `earlierOccurrence`). */
export function isSecondOccurrence(instant: Instant, zone: string): boolean {
  return earlierOccurrence(instant, zone) !== null;
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
