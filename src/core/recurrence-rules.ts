/**
 * Provider-neutral checks and normalisation of a requested recurrence. Providers add their own limits on top
 * (supported kinds, frequencies, …); these are the rules every recurrence must satisfy whoever runs it.
 * Issue paths are relative to the `RecurrenceInput`: `['oneTime', 'at']`, `['weekly', 'days']`,
 * `['interval', 'dayOfMonth']`, …
 */
import type { ValidationIssue } from './errors.js';
import type { DayOfWeek, Instant, IntervalRecurrence, Recurrence, RecurrenceKind, RecurrenceSpec } from './model.js';
import { Temporal, formatInstant, formatLocalDateTime, isValidLocalTime, isValidTimeZone, normaliseDays, parseInstant, resolveLocal } from './time.js';

const INPUT_KEYS: Record<RecurrenceKind, string> = { ONE_TIME: 'oneTime', WEEKLY: 'weekly', INTERVAL: 'interval' };

export const MIN_INTERVAL = 1;
export const MAX_INTERVAL = 1000;

function issue(path: string[], message: string): ValidationIssue {
  return { path, message, providerCode: null };
}

/**
 * An issue when a naive wall-clock date-time does not exist in `timeZone` (it falls in a spring-forward
 * gap), for providers that send local times (Burki) to call on one-off sends; null when it exists. A
 * repeated (fall-back) time exists: it resolves to its first occurrence.
 */
export function localDateTimeIssue(local: Temporal.PlainDateTime, timeZone: string, path: string[]): ValidationIssue | null {
  const resolution = resolveLocal(local, timeZone);
  if (resolution.ok) return null;
  return issue(
    path,
    `The time ${formatLocalDateTime(local)} does not exist in ${timeZone}: the clocks skip that hour for daylight ` +
      'saving time. Choose a time outside the skipped hour.',
  );
}

interface InstantCheck {
  value: Temporal.Instant | null;
}

function checkInstant(value: Instant, path: string[], label: string, issues: ValidationIssue[]): InstantCheck {
  const parsed = parseInstant(value);
  if (!parsed) {
    issues.push(issue(path, `The ${label} must be an RFC 3339 date-time with a time-zone offset, such as 2026-05-01T09:00:00Z.`));
  }
  return { value: parsed };
}

function checkTimeZone(timeZone: string | null, key: string, issues: ValidationIssue[]): void {
  if (timeZone !== null && !isValidTimeZone(timeZone)) {
    issues.push(issue([key, 'timeZone'], `"${timeZone}" is not a known IANA time zone, such as Europe/Paris or America/New_York.`));
  }
}

function checkTime(time: string, key: string, issues: ValidationIssue[]): void {
  if (!isValidLocalTime(time)) {
    issues.push(issue([key, 'time'], `The time "${time}" must be a 24-hour time written HH:MM, such as 09:30.`));
  }
}

function checkBounds(startDate: Instant | null, endDate: Instant | null, key: string, now: Temporal.Instant, issues: ValidationIssue[]): void {
  const start = startDate === null ? null : checkInstant(startDate, [key, 'startDate'], 'start date', issues).value;
  const end = endDate === null ? null : checkInstant(endDate, [key, 'endDate'], 'end date', issues).value;
  if (!end) return;
  if (start && Temporal.Instant.compare(end, start) <= 0) {
    issues.push(issue([key, 'endDate'], 'The end date must be after the start date.'));
  }
  if (Temporal.Instant.compare(end, now) <= 0) {
    issues.push(issue([key, 'endDate'], 'The end date must be in the future.'));
  }
}

function isEmpty(days: readonly DayOfWeek[] | null): boolean {
  return days === null || days.length === 0;
}

/**
 * The provider-neutral problems of a requested recurrence; empty when it is acceptable. A weekly or interval
 * `time` that does not exist on some day (a DST gap) is not a problem: recurring runs shift per DST_RULE.
 */
export function validateRecurrenceSpec(spec: RecurrenceSpec, options: { now: Instant }): ValidationIssue[] {
  const now = parseInstant(options.now);
  if (!now) throw new RangeError(`now is not an RFC 3339 instant: ${options.now}`);
  const key = INPUT_KEYS[spec.kind];
  const issues: ValidationIssue[] = [];
  checkTimeZone(spec.timeZone, key, issues);

  switch (spec.kind) {
    case 'ONE_TIME': {
      const at = checkInstant(spec.at, [key, 'at'], 'send time', issues).value;
      if (at && Temporal.Instant.compare(at, now) <= 0) {
        issues.push(issue([key, 'at'], 'The send time must be in the future.'));
      }
      break;
    }
    case 'WEEKLY': {
      if (spec.days.length === 0) {
        issues.push(issue([key, 'days'], 'Choose at least one day of the week.'));
      }
      checkTime(spec.time, key, issues);
      if (spec.recipientLocalTime && spec.timeZone !== null) {
        issues.push(
          issue(
            [key, 'recipientLocalTime'],
            "A schedule in each recipient's local time cannot also have a time zone: leave the time zone empty or turn off recipient-local time.",
          ),
        );
      }
      checkBounds(spec.startDate, spec.endDate, key, now, issues);
      break;
    }
    case 'INTERVAL': {
      if (!Number.isInteger(spec.interval) || spec.interval < MIN_INTERVAL || spec.interval > MAX_INTERVAL) {
        issues.push(issue([key, 'interval'], `The interval must be a whole number from ${MIN_INTERVAL} to ${MAX_INTERVAL}.`));
      }
      switch (spec.frequency) {
        case 'DAILY':
          if (!isEmpty(spec.daysOfWeek)) {
            issues.push(issue([key, 'daysOfWeek'], 'Days of the week apply only to a weekly interval; leave them empty for a daily one.'));
          }
          if (spec.dayOfMonth !== null) {
            issues.push(issue([key, 'dayOfMonth'], 'A day of the month applies only to a monthly interval; leave it empty for a daily one.'));
          }
          break;
        case 'WEEKLY':
          if (isEmpty(spec.daysOfWeek)) {
            issues.push(issue([key, 'daysOfWeek'], 'Choose at least one day of the week for a weekly interval.'));
          }
          if (spec.dayOfMonth !== null) {
            issues.push(issue([key, 'dayOfMonth'], 'A day of the month applies only to a monthly interval; leave it empty for a weekly one.'));
          }
          break;
        case 'MONTHLY':
          if (spec.dayOfMonth === null) {
            issues.push(issue([key, 'dayOfMonth'], 'Choose the day of the month (1 to 31) for a monthly interval.'));
          } else if (!Number.isInteger(spec.dayOfMonth) || spec.dayOfMonth < 1 || spec.dayOfMonth > 31) {
            issues.push(issue([key, 'dayOfMonth'], 'The day of the month must be a whole number from 1 to 31.'));
          }
          if (!isEmpty(spec.daysOfWeek)) {
            issues.push(issue([key, 'daysOfWeek'], 'Days of the week apply only to a weekly interval; leave them empty for a monthly one.'));
          }
          break;
      }
      checkTime(spec.time, key, issues);
      checkBounds(spec.startDate, spec.endDate, key, now, issues);
      break;
    }
  }
  return issues;
}

function normalisedInstant(value: Instant, what: string): Instant {
  const parsed = parseInstant(value);
  if (!parsed) throw new RangeError(`${what} is not an RFC 3339 instant: ${value} (validate the spec first)`);
  return formatInstant(parsed);
}

function normalisedOptionalInstant(value: Instant | null, what: string): Instant | null {
  return value === null ? null : normalisedInstant(value, what);
}

/**
 * A validated spec as a normalised core recurrence: instants in canonical UTC form, days de-duplicated in
 * Monday-first order, fields that do not apply to a frequency nulled, the zone filled with `defaultTimeZone`
 * (then UTC) unless runs are recipient-local, and a one-off's local date-time computed in its zone.
 * Call `validateRecurrenceSpec` first: an unparseable instant throws a RangeError here.
 */
export function recurrenceFromSpec(spec: RecurrenceSpec, options: { defaultTimeZone: string | null }): Recurrence {
  const zone = spec.timeZone ?? options.defaultTimeZone ?? 'UTC';
  switch (spec.kind) {
    case 'ONE_TIME': {
      const at = normalisedInstant(spec.at, 'at');
      const local = Temporal.Instant.from(at).toZonedDateTimeISO(zone).toPlainDateTime();
      return { kind: 'ONE_TIME', at, localDateTime: formatLocalDateTime(local), timeZone: zone, recipientLocalTime: false };
    }
    case 'WEEKLY':
      return {
        kind: 'WEEKLY',
        days: normaliseDays(spec.days),
        time: spec.time,
        // Why null: recipient-local runs are read in each recipient's zone, never in one zone.
        timeZone: spec.recipientLocalTime ? null : zone,
        recipientLocalTime: spec.recipientLocalTime,
        startDate: normalisedOptionalInstant(spec.startDate, 'startDate'),
        endDate: normalisedOptionalInstant(spec.endDate, 'endDate'),
      };
    case 'INTERVAL': {
      const recurrence: IntervalRecurrence = {
        kind: 'INTERVAL',
        frequency: spec.frequency,
        interval: spec.interval,
        daysOfWeek: spec.frequency === 'WEEKLY' ? normaliseDays(spec.daysOfWeek ?? []) : null,
        dayOfMonth: spec.frequency === 'MONTHLY' ? spec.dayOfMonth : null,
        time: spec.time,
        timeZone: zone,
        recipientLocalTime: false,
        startDate: normalisedOptionalInstant(spec.startDate, 'startDate'),
        endDate: normalisedOptionalInstant(spec.endDate, 'endDate'),
      };
      return recurrence;
    }
  }
}
