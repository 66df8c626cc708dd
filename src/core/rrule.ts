/**
 * RFC 5545 text for a recurring schedule, so clients can hand it to a calendar (or an rrule library) and see
 * the same runs `nextOccurrences` computes. The unit tests cross-check the two with rrule.js.
 */
import type { Instant, IntervalRecurrence, WeeklyRecurrence } from './model.js';
import { anchorDate, firstNominalRun } from './occurrences.js';
import { Temporal, formatInstant, isoDayNumber, parseInstant, parseLocalTime } from './time.js';

const BYDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** `YYYYMMDDTHHMMSS`, the RFC 5545 DATE-TIME form without a zone designator. */
function basicDateTime(value: Temporal.PlainDateTime): string {
  return `${pad(value.year, 4)}${pad(value.month)}${pad(value.day)}T${pad(value.hour)}${pad(value.minute)}${pad(value.second)}`;
}

function byDay(days: readonly WeeklyRecurrence['days'][number][]): string {
  const numbers = [...new Set(days.map(isoDayNumber))].sort((a, b) => a - b);
  return numbers.map((n) => BYDAY_CODES[n - 1] ?? '').join(',');
}

/**
 * The RFC 5545 DTSTART and RRULE lines of a weekly or interval recurrence, joined with "\n".
 *
 * - DTSTART is the nominal wall-clock date-time of the first run (the first run on/after `startDate`), as
 *   `DTSTART;TZID=<zone>:…`, or a floating `DTSTART:…` for recipient-local runs (each recipient's own clock).
 *   A recurrence without a zone that is not recipient-local is read in UTC, like `nextOccurrences` does.
 * - Without a startDate there is nothing to count intervals from: DTSTART is then the first run strictly
 *   after `options.after` (default: now), intervals counting from `after`'s local date, exactly as
 *   `nextOccurrences({ after })` does; the rule describes runs from then on.
 * - UNTIL is the endDate in UTC (`…Z`), as RFC 5545 requires with a TZID; for a floating DTSTART it must be
 *   floating too, and is the endDate's UTC wall-clock fields without `Z` (the recipient-local reading).
 * - WKST=MO on interval-weekly rules, so "every N weeks" counts Monday-based weeks, as `nextOccurrences` does.
 * - If the rule never runs (day 31 every 12 months from April), DTSTART is the anchor date at `time`.
 */
export function toRRule(recurrence: WeeklyRecurrence | IntervalRecurrence, options: { after?: Instant } = {}): string {
  const after = options.after ?? formatInstant(Temporal.Now.instant());
  const time = parseLocalTime(recurrence.time);
  const dtstart = firstNominalRun(recurrence, { after }) ?? anchorDate(recurrence, { after }).toPlainDateTime(time);
  const floating = recurrence.recipientLocalTime;
  const zone = recurrence.timeZone ?? 'UTC';
  const dtstartLine = floating ? `DTSTART:${basicDateTime(dtstart)}` : `DTSTART;TZID=${zone}:${basicDateTime(dtstart)}`;

  const parts: string[] = [];
  if (recurrence.kind === 'WEEKLY') {
    parts.push('FREQ=WEEKLY', 'INTERVAL=1', `BYDAY=${byDay(recurrence.days)}`);
  } else {
    parts.push(`FREQ=${recurrence.frequency}`, `INTERVAL=${recurrence.interval}`);
    if (recurrence.frequency === 'WEEKLY') parts.push(`BYDAY=${byDay(recurrence.daysOfWeek ?? [])}`);
    if (recurrence.frequency === 'MONTHLY' && recurrence.dayOfMonth !== null) {
      parts.push(`BYMONTHDAY=${recurrence.dayOfMonth}`);
    }
  }
  parts.push(`BYHOUR=${time.hour}`, `BYMINUTE=${time.minute}`, 'BYSECOND=0');
  if (recurrence.kind === 'INTERVAL' && recurrence.frequency === 'WEEKLY') parts.push('WKST=MO');
  if (recurrence.endDate !== null) {
    const end = parseInstant(recurrence.endDate);
    if (!end) throw new RangeError(`endDate is not an RFC 3339 instant: ${recurrence.endDate}`);
    // Why truncate to the second: UNTIL has second precision and runs are on whole minutes, so a run is on or
    // before the endDate exactly when it is on or before the endDate truncated to the second.
    const utc = end.toZonedDateTimeISO('UTC').toPlainDateTime().round({ smallestUnit: 'second', roundingMode: 'floor' });
    parts.push(`UNTIL=${basicDateTime(utc)}${floating ? '' : 'Z'}`);
  }
  return `${dtstartLine}\nRRULE:${parts.join(';')}`;
}
