/**
 * Expands a recurrence into its next runs. Every rule that decides *when* a run happens lives here (and is
 * mirrored by `rrule.ts`, whose RFC 5545 text must describe exactly the same runs). All zone maths goes
 * through Temporal (re-exported by `time.ts`): nothing here adds or subtracts UTC offsets by hand.
 *
 * How it works: a per-kind generator yields the *nominal* local dates of runs in ascending order (cheap
 * date arithmetic that jumps straight to the first period that can matter, so a sparse rule never loops day
 * by day over years); each date is combined with the wall-clock `time` and resolved to an instant, then
 * filtered by `after`, `startDate` and `endDate`.
 */
import type { Instant, IntervalRecurrence, LocalDateTime, OneTimeRecurrence, Recurrence, WeeklyRecurrence } from './model.js';
import { Temporal, formatInstant, formatLocalDateTime, isoDayNumber, parseInstant, parseLocalTime } from './time.js';

export interface Occurrence {
  /** The instant of the run; null for recipient-local runs, which happen at a different instant per recipient. */
  at: Instant | null;
  /** The wall-clock date-time of the run (after any DST shift) in `timeZone`, or in each recipient's zone. */
  localDateTime: LocalDateTime;
  /** The zone `localDateTime` is read in; null for recipient-local runs. */
  timeZone: string | null;
}

/** The most runs one call returns, whatever `first` asks for. */
export const MAX_OCCURRENCES = 100;

/** Shown in the schema docs: what a monthly rule does with a day the month does not have. */
export const MONTH_END_RULE =
  'A monthly run on a day of the month that a month does not have (the 31st in April, June, September and November; ' +
  'the 29th in February of a common year, the 30th and 31st in every February) is skipped for that month, not moved ' +
  'to the last day of the month. This is the RFC 5545 BYMONTHDAY rule, so calendar apps show the same runs.';

/** Shown in the schema docs: how runs behave around daylight-saving changes. */
export const DST_RULE =
  'A run whose wall-clock time does not exist because the clocks spring forward happens at that time shifted forward ' +
  'by the length of the gap (02:30 on 2026-03-08 in America/New_York runs at 03:30). A wall-clock time that happens ' +
  'twice because the clocks fall back runs once, at its first occurrence (the earlier instant). This is RFC 5545 ' +
  'and Temporal "compatible" disambiguation.';

/**
 * Why 400 years: the Gregorian calendar repeats every 400 years, so a monthly rule that has not matched in
 * 400 years of periods (day 31 every 12 months starting in April, day 29 of February every 12 months from a
 * year whose leap Februaries the interval never reaches) never will. Bounds the scan so it always terminates.
 */
const MONTH_SCAN_LIMIT = 400 * 12;

/** Why 9999: RFC 3339 (our `Instant`) has four-digit years, so no run beyond it can be expressed. */
const MAX_YEAR = 9999;

type RecurringRecurrence = WeeklyRecurrence | IntervalRecurrence;

/** Where a recurrence's wall-clock times are read, and what zone its occurrences report. */
interface Frame {
  readZone: string;
  outputZone: string | null;
  recipientLocal: boolean;
}

function frameOf(recurrence: Recurrence): Frame {
  // Why UTC for recipient-local runs: they happen at a different instant for every recipient, so there is no
  // instant to compare; their wall-clock date-time is compared with `after`/`startDate`/`endDate` read as UTC.
  if (recurrence.recipientLocalTime) return { readZone: 'UTC', outputZone: null, recipientLocal: true };
  // Why UTC when no zone is set: a recurrence without a zone or recipient-local flag has no other reading;
  // recurrenceFromSpec always fills the zone, so this only covers hand-built values.
  const zone = recurrence.timeZone ?? 'UTC';
  return { readZone: zone, outputZone: zone, recipientLocal: false };
}

function instantOf(value: Instant, what: string): Temporal.Instant {
  const parsed = parseInstant(value);
  if (!parsed) throw new RangeError(`${what} is not an RFC 3339 instant: ${value}`);
  return parsed;
}

/** A run: the date-time the rule asks for, and where it actually lands once DST is applied. */
interface Run {
  /** The rule's wall-clock date-time (may not exist, in a spring-forward gap). */
  nominal: Temporal.PlainDateTime;
  /** The wall-clock date-time the run actually happens at. */
  actual: Temporal.PlainDateTime;
  /** Its instant (for recipient-local runs: the wall-clock date-time read as UTC). */
  instant: Temporal.Instant;
}

function resolveRun(nominal: Temporal.PlainDateTime, frame: Frame): Run {
  // Why 'compatible': DST_RULE — a gap time is shifted forward by the gap, a repeated time takes its first
  // (earlier) occurrence; the same reading RFC 5545 gives a DTSTART/RRULE, so rrule text and runs agree.
  const zoned = nominal.toZonedDateTime(frame.readZone, { disambiguation: 'compatible' });
  return { nominal, actual: zoned.toPlainDateTime(), instant: zoned.toInstant() };
}

function mondayOf(date: Temporal.PlainDate): Temporal.PlainDate {
  return date.subtract({ days: date.dayOfWeek - 1 });
}

function requireInterval(recurrence: IntervalRecurrence): number {
  if (!Number.isInteger(recurrence.interval) || recurrence.interval < 1) {
    throw new RangeError(`interval must be a whole number of at least 1, got ${recurrence.interval}`);
  }
  return recurrence.interval;
}

/**
 * The nominal local dates of a recurring rule, ascending, on or after `from` (which is on or after
 * `anchor`). Each generator computes the first period that can reach `from` arithmetically.
 */
function* candidateDates(recurrence: RecurringRecurrence, anchor: Temporal.PlainDate, from: Temporal.PlainDate): Generator<Temporal.PlainDate> {
  if (recurrence.kind === 'WEEKLY') {
    // Why no anchor: a plain weekly rule runs every week, so there is nothing to count from.
    yield* weeklyDates(recurrence.days.map(isoDayNumber), from, 1, mondayOf(from));
    return;
  }
  const interval = requireInterval(recurrence);
  switch (recurrence.frequency) {
    case 'DAILY': {
      // Why from the anchor: "every N days" counts N-day steps from the anchor date (the start's local date).
      const offset = anchor.until(from, { largestUnit: 'day' }).days;
      for (let step = Math.ceil(offset / interval); ; step += 1) {
        const date = anchor.add({ days: step * interval });
        if (date.year > MAX_YEAR) return;
        yield date;
      }
    }
    case 'WEEKLY': {
      // Why Monday-based weeks from the anchor's week: "every N weeks" counts whole ISO weeks (Monday first)
      // from the week that contains the anchor — the RFC 5545 WKST=MO reading that toRRule emits.
      yield* weeklyDates((recurrence.daysOfWeek ?? []).map(isoDayNumber), from, interval, mondayOf(anchor));
      return;
    }
    case 'MONTHLY': {
      yield* monthlyDates(recurrence, interval, anchor, from);
      return;
    }
  }
}

function* weeklyDates(isoDays: number[], from: Temporal.PlainDate, interval: number, anchorMonday: Temporal.PlainDate): Generator<Temporal.PlainDate> {
  const days = [...new Set(isoDays)].sort((a, b) => a - b);
  // Why stop: a weekly rule without days never runs (validation refuses it; hand-built values get nothing).
  if (days.length === 0) return;
  const weeksToFrom = anchorMonday.until(mondayOf(from), { largestUnit: 'day' }).days / 7;
  for (let week = Math.ceil(weeksToFrom / interval) * interval; ; week += interval) {
    const monday = anchorMonday.add({ days: week * 7 });
    if (monday.year > MAX_YEAR) return;
    for (const day of days) {
      const date = monday.add({ days: day - 1 });
      if (Temporal.PlainDate.compare(date, from) >= 0) yield date;
    }
  }
}

function* monthlyDates(recurrence: IntervalRecurrence, interval: number, anchor: Temporal.PlainDate, from: Temporal.PlainDate): Generator<Temporal.PlainDate> {
  const day = recurrence.dayOfMonth;
  if (day === null || !Number.isInteger(day) || day < 1 || day > 31) {
    throw new RangeError(`a monthly recurrence needs a dayOfMonth from 1 to 31, got ${String(day)}`);
  }
  // Why from the anchor's month: "every N months" counts calendar months from the month of the anchor date.
  const anchorMonth = anchor.toPlainYearMonth();
  const monthsToFrom = (from.year - anchor.year) * 12 + (from.month - anchor.month);
  let misses = 0;
  for (let step = Math.ceil(monthsToFrom / interval); ; step += 1) {
    const month = anchorMonth.add({ months: step * interval });
    if (month.year > MAX_YEAR) return;
    // Why skip: MONTH_END_RULE — a month without the day has no run (RFC 5545 BYMONTHDAY), never a clamp.
    if (day > month.daysInMonth) {
      misses += 1;
      // Why stop: see MONTH_SCAN_LIMIT — 400 years of periods without the day means it never comes.
      if (misses * interval > MONTH_SCAN_LIMIT) return;
      continue;
    }
    misses = 0;
    const date = month.toPlainDate({ day });
    if (Temporal.PlainDate.compare(date, from) >= 0) yield date;
  }
}

/**
 * The runs of a recurring rule strictly after `after` (and on/after `startDate`, on/before `endDate` unless
 * `ignoreEnd`), ascending.
 */
function* recurringRuns(recurrence: RecurringRecurrence, after: Temporal.Instant, options: { ignoreEnd?: boolean } = {}): Generator<Run> {
  const frame = frameOf(recurrence);
  const time = parseLocalTime(recurrence.time);
  const start = recurrence.startDate === null ? null : instantOf(recurrence.startDate, 'startDate');
  const end = recurrence.endDate === null || options.ignoreEnd ? null : instantOf(recurrence.endDate, 'endDate');
  // Why `after` as fallback anchor: without a startDate there is nothing to count intervals from, so they
  // count from the local date of `after` (documented; a caller wanting stable phases sets a startDate).
  const anchor = (start ?? after).toZonedDateTimeISO(frame.readZone).toPlainDate();
  // Why a day before `after`'s local date: a run nominally on the previous day can land after `after` once a
  // DST gap shifts it forward; starting one day early (and filtering on instants) never misses it.
  const afterDate = after.toZonedDateTimeISO(frame.readZone).toPlainDate().subtract({ days: 1 });
  const from = Temporal.PlainDate.compare(afterDate, anchor) > 0 ? afterDate : anchor;
  let previous: Temporal.Instant | null = null;
  for (const date of candidateDates(recurrence, anchor, from)) {
    const run = resolveRun(date.toPlainDateTime(time), frame);
    // Why: strictly after `after`; startDate is an inclusive lower bound on the run's instant.
    if (Temporal.Instant.compare(run.instant, after) <= 0) continue;
    if (start && Temporal.Instant.compare(run.instant, start) < 0) continue;
    // Why stop rather than skip: endDate is an inclusive upper bound and runs only get later.
    if (end && Temporal.Instant.compare(run.instant, end) > 0) return;
    // Why: a run shifted into the next day by a gap may land on the next run's instant; runs are distinct.
    if (previous && Temporal.Instant.compare(run.instant, previous) <= 0) continue;
    previous = run.instant;
    yield run;
  }
}

function toOccurrence(run: Run, frame: Frame): Occurrence {
  return {
    // Why null: a recipient-local run happens at a different instant in each recipient's zone.
    at: frame.recipientLocal ? null : formatInstant(run.instant),
    localDateTime: formatLocalDateTime(run.actual),
    timeZone: frame.outputZone,
  };
}

function oneTimeOccurrences(recurrence: OneTimeRecurrence, after: Temporal.Instant): Occurrence[] {
  const frame = frameOf(recurrence);
  if (frame.recipientLocal) {
    // Why the wall-clock time read as UTC: as for recurring recipient-local runs, there is no single instant.
    const local = Temporal.PlainDateTime.from(recurrence.localDateTime);
    const instant = local.toZonedDateTime('UTC').toInstant();
    if (Temporal.Instant.compare(instant, after) <= 0) return [];
    return [{ at: null, localDateTime: formatLocalDateTime(local), timeZone: null }];
  }
  const at = instantOf(recurrence.at, 'at');
  // Why: the single run counts only if it is strictly after `after`.
  if (Temporal.Instant.compare(at, after) <= 0) return [];
  // Why recompute the local date-time: it is derived from `at` and the zone, so it can never disagree.
  const local = at.toZonedDateTimeISO(frame.readZone).toPlainDateTime();
  return [{ at: formatInstant(at), localDateTime: formatLocalDateTime(local), timeZone: frame.outputZone }];
}

/**
 * The next runs of a recurrence strictly after `after`, at most `first` of them (capped at
 * {@link MAX_OCCURRENCES}). Rules: {@link DST_RULE}, {@link MONTH_END_RULE}; startDate/endDate are
 * inclusive bounds on the run's instant; without a startDate, intervals count from the local date of `after`.
 */
export function nextOccurrences(recurrence: Recurrence, options: { after: Instant; first: number }): Occurrence[] {
  // Why cap: one call must stay cheap whatever a client asks for; NaN and negatives mean none.
  const limit = Number.isFinite(options.first) ? Math.min(Math.max(Math.floor(options.first), 0), MAX_OCCURRENCES) : 0;
  if (limit === 0) return [];
  // Why a cache: expanding a recurrence through the Temporal polyfill costs ~0.3 ms, and ordering a merged
  // list expands every schedule on every request. The runs of a recurrence form one fixed sequence, so the
  // runs after a later `after` are a suffix of those cached for an earlier one: a cached list answers while it
  // still holds `limit` runs past `after` (or the rule has no more). Rules whose runs depend on `after` itself
  // (an interval above 1 with no startDate counts from `after`'s date) are never cached.
  if (!cacheable(recurrence)) return expand(recurrence, options.after, limit);
  const key = JSON.stringify(recurrence);
  const afterMs = runMillis({ at: options.after, localDateTime: '', timeZone: null });
  const cached = runCache.get(key);
  if (cached && afterMs >= cached.afterMs) {
    const rest = cached.runs.filter((run) => runMillis(run) > afterMs);
    if (rest.length >= limit || cached.exhausted) {
      runCache.delete(key);
      runCache.set(key, cached); // most recently used last
      return rest.slice(0, limit);
    }
  }
  const size = Math.max(limit, CACHED_RUNS);
  const runs = expand(recurrence, options.after, size);
  runCache.set(key, { afterMs, runs, exhausted: runs.length < size });
  if (runCache.size > RUN_CACHE_ENTRIES) runCache.delete(runCache.keys().next().value as string);
  return runs.slice(0, limit);
}

/** Runs kept per cached recurrence (enough for a few `nextRuns` pages as time passes). */
const CACHED_RUNS = 8;
/** Recurrences kept; least recently used dropped first. */
const RUN_CACHE_ENTRIES = 10_000;
const runCache = new Map<string, { afterMs: number; runs: Occurrence[]; exhausted: boolean }>();

function cacheable(recurrence: Recurrence): boolean {
  return recurrence.kind !== 'INTERVAL' || recurrence.interval === 1 || recurrence.startDate !== null;
}

/** The instant a run is compared with `after` by: its own, or (recipient-local) its wall clock read as UTC. */
function runMillis(run: Occurrence): number {
  return Date.parse(run.at ?? `${run.localDateTime}Z`);
}

function expand(recurrence: Recurrence, afterText: Instant, limit: number): Occurrence[] {
  const after = instantOf(afterText, 'after');
  if (recurrence.kind === 'ONE_TIME') return oneTimeOccurrences(recurrence, after).slice(0, limit);
  const frame = frameOf(recurrence);
  const result: Occurrence[] = [];
  for (const run of recurringRuns(recurrence, after)) {
    result.push(toOccurrence(run, frame));
    if (result.length >= limit) break;
  }
  return result;
}

/**
 * The nominal wall-clock date-time (before any DST shift) of the first run of a recurring rule, ignoring its
 * endDate: the first run on/after `startDate`, or, without a startDate, the first run strictly after `after`.
 * This is the RFC 5545 DTSTART of the rule; null when the rule never runs.
 */
export function firstNominalRun(recurrence: WeeklyRecurrence | IntervalRecurrence, options: { after: Instant }): Temporal.PlainDateTime | null {
  const lower =
    recurrence.startDate === null
      ? instantOf(options.after, 'after')
      : // Why one nanosecond earlier: startDate is inclusive, recurringRuns' bound is exclusive.
        instantOf(recurrence.startDate, 'startDate').subtract({ nanoseconds: 1 });
  for (const run of recurringRuns(recurrence, lower, { ignoreEnd: true })) return run.nominal;
  return null;
}

/**
 * The anchor date intervals count from: the local date of `startDate` in the recurrence's zone (UTC for
 * recipient-local), or of `after` when there is no startDate.
 */
export function anchorDate(recurrence: WeeklyRecurrence | IntervalRecurrence, options: { after: Instant }): Temporal.PlainDate {
  const frame = frameOf(recurrence);
  const from = instantOf(recurrence.startDate ?? options.after, recurrence.startDate === null ? 'after' : 'startDate');
  return from.toZonedDateTimeISO(frame.readZone).toPlainDate();
}
