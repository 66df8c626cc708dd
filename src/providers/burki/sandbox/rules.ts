/**
 * The Burki schedule body rules: first the pydantic (v2) model validation that FastAPI turns into a 422 with a
 * `detail` array, then the handler's own checks that answer 400 "Invalid schedule configuration" or
 * "Scheduled time is in the past". Also the recurrence maths used by the start endpoint's `scheduled_time`.
 * Zone conversion is done with Temporal inside the emulator (it is an upstream; it does not share gateway code).
 */
import { Temporal } from 'temporal-polyfill';
import type { BurkiFrequency, BurkiRecurringConfigJson, BurkiScheduleRecord } from './store.js';

export type PydanticLoc = (string | number)[];

/** One entry of a FastAPI 422 `detail` array. */
export interface PydanticError {
  type: string;
  loc: PydanticLoc;
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

const INVALID_SCHEDULE = 'Invalid schedule configuration';
export const SCHEDULED_IN_PAST = 'Scheduled time is in the past';

type ScheduleType = 'immediate' | 'scheduled' | 'recurring';
const SCHEDULE_TYPES: readonly ScheduleType[] = ['immediate', 'scheduled', 'recurring'];
const FREQUENCIES: readonly BurkiFrequency[] = ['daily', 'weekly', 'monthly'];
const TIME_PATTERN = '^([01]\\d|2[0-3]):[0-5]\\d$';
const TIME_REGEX = new RegExp(TIME_PATTERN);

/** The body after model validation (types are right; semantics not yet checked). */
export interface ScheduleBody {
  schedule_type: ScheduleType;
  scheduled_at: string | null;
  timezone: string | null;
  recurring_config: RecurringConfigBody | null;
}

interface RecurringConfigBody {
  frequency: BurkiFrequency;
  interval: number;
  days_of_week: number[] | null;
  day_of_month: number | null;
  time: string | null;
  time_zone: string | null;
  end_date: string | null;
}

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function literalList(values: readonly string[]): string {
  const quoted = values.map((v) => `'${v}'`);
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1] ?? ''}`;
}

function missing(loc: PydanticLoc, input: unknown): PydanticError {
  return { type: 'missing', loc, msg: 'Field required', input };
}

/**
 * pydantic v2 lax `int` parsing from JSON: integral numbers, and strings of digits.
 * ASSUMPTION: booleans are refused (int_type) although pydantic's lax mode would coerce them.
 */
export function parseInt422(value: unknown, loc: PydanticLoc, errors: PydanticError[]): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    if (Number.isInteger(value)) return value;
    errors.push({ type: 'int_from_float', loc, msg: 'Input should be a valid integer, got a number with a fractional part', input: value });
    return undefined;
  }
  if (typeof value === 'string') {
    if (/^\s*[+-]?\d+\s*$/.test(value)) return Number.parseInt(value.trim(), 10);
    errors.push({ type: 'int_parsing', loc, msg: 'Input should be a valid integer, unable to parse string as an integer', input: value });
    return undefined;
  }
  errors.push({ type: 'int_type', loc, msg: 'Input should be a valid integer', input: value });
  return undefined;
}

function boundedInt(value: unknown, loc: PydanticLoc, errors: PydanticError[], ge: number, le?: number): number | undefined {
  const parsed = parseInt422(value, loc, errors);
  if (parsed === undefined) return undefined;
  if (parsed < ge) {
    errors.push({ type: 'greater_than_equal', loc, msg: `Input should be greater than or equal to ${ge}`, input: value, ctx: { ge } });
    return undefined;
  }
  if (le !== undefined && parsed > le) {
    errors.push({ type: 'less_than_equal', loc, msg: `Input should be less than or equal to ${le}`, input: value, ctx: { le } });
    return undefined;
  }
  return parsed;
}

function optionalString(obj: Obj, key: string, loc: PydanticLoc, errors: PydanticError[]): string | null {
  const value = obj[key];
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  errors.push({ type: 'string_type', loc: [...loc, key], msg: 'Input should be a valid string', input: value });
  return null;
}

function enumValue<T extends string>(obj: Obj, key: string, loc: PydanticLoc, values: readonly T[], errors: PydanticError[]): T | undefined {
  if (!(key in obj) || obj[key] === undefined) {
    errors.push(missing([...loc, key], obj));
    return undefined;
  }
  const value = obj[key];
  if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as T;
  // ASSUMPTION: the fields are `str` Enums in the upstream model, so pydantic reports type "enum" (a `Literal`
  // would say "literal_error" with the same message).
  const expected = literalList(values);
  errors.push({ type: 'enum', loc: [...loc, key], msg: `Input should be ${expected}`, input: value, ctx: { expected } });
  return undefined;
}

function validateRecurringConfig(value: unknown, errors: PydanticError[]): RecurringConfigBody | null {
  const loc: PydanticLoc = ['body', 'recurring_config'];
  if (value === undefined || value === null) return null;
  if (!isObject(value)) {
    // ASSUMPTION: the nested model is named RecurringConfig.
    errors.push({
      type: 'model_type',
      loc,
      msg: 'Input should be a valid dictionary or instance of RecurringConfig',
      input: value,
      ctx: { class_name: 'RecurringConfig' },
    });
    return null;
  }
  const before = errors.length;
  const frequency = enumValue(value, 'frequency', loc, FREQUENCIES, errors);

  // ASSUMPTION: interval is optional (default 1) and must be ≥ 1; no upper bound.
  let interval: number | undefined = 1;
  if (value['interval'] !== undefined && value['interval'] !== null) interval = boundedInt(value['interval'], [...loc, 'interval'], errors, 1);

  let daysOfWeek: number[] | null = null;
  const rawDays = value['days_of_week'];
  if (rawDays !== undefined && rawDays !== null) {
    if (!Array.isArray(rawDays)) {
      errors.push({ type: 'list_type', loc: [...loc, 'days_of_week'], msg: 'Input should be a valid list', input: rawDays });
    } else {
      daysOfWeek = [];
      rawDays.forEach((item: unknown, index) => {
        const day = boundedInt(item, [...loc, 'days_of_week', index], errors, 1, 7);
        if (day !== undefined) daysOfWeek?.push(day);
      });
    }
  }

  let dayOfMonth: number | null = null;
  if (value['day_of_month'] !== undefined && value['day_of_month'] !== null) {
    dayOfMonth = boundedInt(value['day_of_month'], [...loc, 'day_of_month'], errors, 1, 31) ?? null;
  }

  const time = optionalString(value, 'time', loc, errors);
  if (time !== null && !TIME_REGEX.test(time)) {
    errors.push({
      type: 'string_pattern_mismatch',
      loc: [...loc, 'time'],
      msg: `String should match pattern '${TIME_PATTERN}'`,
      input: time,
      ctx: { pattern: TIME_PATTERN },
    });
  }
  const timeZone = optionalString(value, 'time_zone', loc, errors);
  const endDate = optionalString(value, 'end_date', loc, errors);

  if (errors.length > before || frequency === undefined || interval === undefined) return null;
  return { frequency, interval, days_of_week: daysOfWeek, day_of_month: dayOfMonth, time, time_zone: timeZone, end_date: endDate };
}

/**
 * Model validation of the POST .../schedule body. Returns the typed body, or the pydantic errors (all of them,
 * as pydantic collects every error before failing). Unknown fields are ignored, as pydantic does by default.
 */
export function validateScheduleBody(body: unknown): { body: ScheduleBody } | { errors: PydanticError[] } {
  if (body === undefined) return { errors: [missing(['body'], null)] };
  if (!isObject(body)) {
    return {
      errors: [{ type: 'model_attributes_type', loc: ['body'], msg: 'Input should be a valid dictionary or object to extract fields from', input: body }],
    };
  }
  const errors: PydanticError[] = [];
  const scheduleType = enumValue(body, 'schedule_type', ['body'], SCHEDULE_TYPES, errors);
  // ASSUMPTION: `scheduled_at` is modelled as a string that the handler parses (an unparseable value is a 400
  // "Invalid schedule configuration", not a 422 datetime_parsing error).
  const scheduledAt = optionalString(body, 'scheduled_at', ['body'], errors);
  const timezone = optionalString(body, 'timezone', ['body'], errors);
  const recurringConfig = validateRecurringConfig(body['recurring_config'], errors);
  if (errors.length > 0 || scheduleType === undefined) return { errors };
  return { body: { schedule_type: scheduleType, scheduled_at: scheduledAt, timezone, recurring_config: recurringConfig } };
}

/** True for an IANA zone name Temporal knows. ASSUMPTION: fixed offsets such as "+02:00" are refused. */
function isKnownTimeZone(name: string): boolean {
  if (name.length === 0 || /^[+-]/.test(name)) return false;
  try {
    Temporal.Now.instant().toZonedDateTimeISO(name);
    return true;
  } catch {
    return false;
  }
}

/**
 * An ISO 8601 date-time: with an offset or `Z` it is an instant (ASSUMPTION: accepted, the docs only show naive
 * values); without one it is a wall-clock time in `zone`. A bare date means midnight. DST gaps/overlaps are
 * resolved with Temporal's "compatible" disambiguation (ASSUMPTION: a skipped time moves forward, an ambiguous one
 * takes the earlier instant). Returns null when unparseable or when it carries a bracketed zone annotation.
 */
function parseDateTimeIn(value: string, zone: string): Temporal.Instant | null {
  if (value.includes('[')) return null;
  try {
    return Temporal.Instant.from(value);
  } catch {
    // no offset: fall through to a naive reading
  }
  try {
    return Temporal.PlainDateTime.from(value).toZonedDateTime(zone, { disambiguation: 'compatible' }).toInstant();
  } catch {
    return null;
  }
}

export function formatUtc(instant: Temporal.Instant): string {
  return instant.toString({ smallestUnit: instant.epochMilliseconds % 1000 === 0 ? 'second' : 'millisecond' });
}

export type ScheduleDecision =
  | { kind: 'immediate' }
  | { kind: 'store'; record: Omit<BurkiScheduleRecord, 'saved_at'> }
  | { kind: 'error'; status: 400; detail: string };

const invalid: ScheduleDecision = { kind: 'error', status: 400, detail: INVALID_SCHEDULE };

/** The handler-level checks after model validation (400s), producing the record to store. */
export function decideSchedule(body: ScheduleBody, now: Date): ScheduleDecision {
  // ASSUMPTION: `immediate` ignores every other field (including an invalid timezone).
  if (body.schedule_type === 'immediate') return { kind: 'immediate' };
  const nowInstant = Temporal.Instant.fromEpochMilliseconds(now.getTime());
  const timezone = body.timezone ?? 'UTC';
  // ASSUMPTION: an unknown IANA zone (top-level or recurring) is a 400 "Invalid schedule configuration".
  if (!isKnownTimeZone(timezone)) return invalid;

  if (body.schedule_type === 'scheduled') {
    if (body.scheduled_at === null) return invalid;
    const instant = parseDateTimeIn(body.scheduled_at, timezone);
    if (!instant) return invalid;
    if (Temporal.Instant.compare(instant, nowInstant) <= 0) return { kind: 'error', status: 400, detail: SCHEDULED_IN_PAST };
    // ASSUMPTION: a `recurring_config` sent with a one-off schedule is ignored and not stored.
    return { kind: 'store', record: { schedule_type: 'scheduled', scheduled_at: formatUtc(instant), timezone, recurring_config: null } };
  }

  const rc = body.recurring_config;
  if (rc === null) return invalid;
  // ASSUMPTION: recurring_config.time_zone defaults to the top-level timezone (then UTC).
  const zone = rc.time_zone ?? timezone;
  if (!isKnownTimeZone(zone)) return invalid;
  // ASSUMPTION: days_of_week only with weekly, day_of_month only with monthly (an empty days_of_week list counts
  // as absent); weekly needs at least one day, monthly needs day_of_month.
  const days = rc.days_of_week !== null && rc.days_of_week.length > 0 ? rc.days_of_week : null;
  if (days !== null && rc.frequency !== 'weekly') return invalid;
  if (rc.day_of_month !== null && rc.frequency !== 'monthly') return invalid;
  if (rc.frequency === 'weekly' && days === null) return invalid;
  if (rc.frequency === 'monthly' && rc.day_of_month === null) return invalid;

  // ASSUMPTION: a naive recurring `scheduled_at` (the start) is read in the top-level `timezone` when one was
  // sent, else in recurring_config.time_zone.
  let start: Temporal.Instant | null = null;
  if (body.scheduled_at !== null) {
    start = parseDateTimeIn(body.scheduled_at, body.timezone !== null ? timezone : zone);
    if (!start) return invalid;
  }

  if (rc.end_date !== null) {
    const from = start ?? nowInstant;
    // ASSUMPTION: a date-only end_date is inclusive (that whole local day still runs); it must not be before the
    // start's local date. A date-time end_date must be after the start instant. Unparseable → 400.
    if (/^\d{4}-\d{2}-\d{2}$/.test(rc.end_date)) {
      let endDate: Temporal.PlainDate;
      try {
        endDate = Temporal.PlainDate.from(rc.end_date);
      } catch {
        return invalid;
      }
      if (Temporal.PlainDate.compare(endDate, from.toZonedDateTimeISO(zone).toPlainDate()) < 0) return invalid;
    } else {
      const end = parseDateTimeIn(rc.end_date, zone);
      if (!end || Temporal.Instant.compare(end, from) <= 0) return invalid;
    }
  }

  // ASSUMPTION: configuration errors are reported before the past-time check.
  if (start && Temporal.Instant.compare(start, nowInstant) <= 0) return { kind: 'error', status: 400, detail: SCHEDULED_IN_PAST };

  const echo: BurkiRecurringConfigJson = {
    frequency: rc.frequency,
    interval: rc.interval,
    // ASSUMPTION: days_of_week is echoed as sent (no sorting or de-duplication).
    days_of_week: rc.days_of_week,
    day_of_month: rc.day_of_month,
    time: rc.time,
    time_zone: zone,
    end_date: rc.end_date,
  };
  return { kind: 'store', record: { schedule_type: 'recurring', scheduled_at: start ? formatUtc(start) : null, timezone, recurring_config: echo } };
}

function endOk(rc: BurkiRecurringConfigJson, candidate: Temporal.ZonedDateTime): boolean {
  if (rc.end_date === null) return true;
  if (/^\d{4}-\d{2}-\d{2}$/.test(rc.end_date)) return Temporal.PlainDate.compare(candidate.toPlainDate(), Temporal.PlainDate.from(rc.end_date)) <= 0;
  const end = parseDateTimeIn(rc.end_date, rc.time_zone);
  return end !== null && Temporal.Instant.compare(candidate.toInstant(), end) <= 0;
}

/**
 * The first occurrence of a recurring schedule strictly after `now` (and not before its start), or null when the
 * end_date has passed. ASSUMPTION: the interval is counted from the start's local date (daily: days, weekly: ISO
 * weeks starting Monday, monthly: calendar months); a monthly day_of_month that a month lacks (31 in April) skips
 * that month; without `time` the start's wall-clock time is used, else midnight.
 */
export function nextOccurrence(record: BurkiScheduleRecord, now: Date): Temporal.Instant | null {
  const rc = record.recurring_config;
  if (!rc) return null;
  const zone = rc.time_zone;
  const nowInstant = Temporal.Instant.fromEpochMilliseconds(now.getTime());
  const anchor = Temporal.Instant.from(record.scheduled_at ?? record.saved_at).toZonedDateTimeISO(zone);
  const [hh, mm] = (rc.time ?? (record.scheduled_at ? `${anchor.hour}:${anchor.minute}` : '0:0')).split(':').map(Number);
  const time = new Temporal.PlainTime(hh ?? 0, mm ?? 0);
  const anchorDate = anchor.toPlainDate();
  const anchorMonday = anchorDate.subtract({ days: anchorDate.dayOfWeek - 1 });
  const startInstant = anchor.toInstant();
  const from = Temporal.Instant.compare(nowInstant, startInstant) > 0 ? nowInstant : startInstant;
  let date = from.toZonedDateTimeISO(zone).toPlainDate();
  for (let i = 0; i < 366 * 5 * Math.max(1, rc.interval); i++, date = date.add({ days: 1 })) {
    let matches = false;
    if (rc.frequency === 'daily') {
      matches = anchorDate.until(date, { largestUnit: 'days' }).days % rc.interval === 0;
    } else if (rc.frequency === 'weekly') {
      const weeks = Math.floor(anchorMonday.until(date, { largestUnit: 'days' }).days / 7);
      matches = weeks % rc.interval === 0 && (rc.days_of_week ?? []).includes(date.dayOfWeek);
    } else {
      const months = (date.year - anchorDate.year) * 12 + (date.month - anchorDate.month);
      matches = months % rc.interval === 0 && date.day === rc.day_of_month;
    }
    if (!matches) continue;
    const candidate = date.toZonedDateTime({ timeZone: zone, plainTime: time });
    if (!endOk(rc, candidate)) return null;
    const instant = candidate.toInstant();
    if (Temporal.Instant.compare(instant, startInstant) >= 0 && Temporal.Instant.compare(instant, nowInstant) > 0) return instant;
  }
  return null;
}
