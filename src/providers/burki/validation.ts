/**
 * Burki's rules for a schedule, checked before any call. Paths are neutral (core/runner.ts): `recurrence.oneTime.at`,
 * `fields.campaignId` (the caller's Burki input), …. The provider-neutral rules come first (a bad zone
 * or a malformed instant must never reach the zone maths): they already cover what Burki documents or the
 * issue asks for — time in the future, a known IANA zone, days only with weekly, day of month (1–31) only with
 * monthly, interval ≥ 1, end after start. Then Burki's own:
 * - one zone per schedule (no recipient-local times);
 * - times to the second (`scheduled_at` is `YYYY-MM-DDTHH:MM:SS`);
 * - a local time Burki is sent must mean the instant asked for: the first run of a recurring rule (sent as
 *   `scheduled_at`, mapping.ts B2) must not fall in a DST gap — refused with a clear message, never shifted —
 *   and a one-time send at the second occurrence of a repeated (fall-back) hour cannot be expressed (B1).
 *   (A one-time `at` and a `startDate` are instants — the DateTime scalar normalises them to UTC — so their
 *   own local time always exists; only `time` on a given day can fall in a gap.)
 * - at least one run between the start (or now) and the end date (Burki refuses an end before the start).
 */
import { InvalidStateError, issue, type ValidationIssue } from '../../core/errors.js';
import { under } from '../../core/result.js';
import type { Instant, RecurrenceSpec } from '../../core/model.js';
import { nextOccurrences } from '../../core/occurrences.js';
import { localDateTimeIssue, recurrenceFromSpec, validateRecurrenceSpec } from '../../core/recurrence-rules.js';
import { Temporal, earlierOccurrence, parseInstant, toZoned } from '../../core/time.js';
import type { BurkiTargetInput } from './input.js';
import type { BurkiCampaign } from './native.js';
import { BURKI_DEFAULT_TIME_ZONE, burkiRecurringStart, burkiZoneOf } from './mapping.js';

const KEYS = { ONE_TIME: 'oneTime', WEEKLY: 'weekly', INTERVAL: 'interval' } as const;

/**
 * The problems of sending an instant to Burki as a naive local time in `zone` (B1): sub-second precision, or
 * an instant Burki would read as the other occurrence of a repeated (fall-back) hour.
 */
function localTimeIssues(value: Instant, zone: string, path: string[], label: string): ValidationIssue[] {
  const instant = parseInstant(value);
  if (!instant) return [];
  if (instant.epochNanoseconds % 1_000_000_000n !== 0n) {
    return [issue(path, `Burki takes ${label}s to the second: give a ${label} without fractional seconds.`)];
  }
  const first = earlierOccurrence(instant, zone);
  if (first) {
    const local = toZoned(instant, zone).toPlainDateTime();
    return [
      issue(
        path,
        `The ${label} ${local.toString()} happens twice in ${zone} (the clocks fall back), and Burki reads it as the first ` +
          `time, ${first.toString()}. Burki cannot send at the second one; choose a time outside the repeated hour.`,
      ),
    ];
  }
  return [];
}

/** The issues of a recurrence for Burki, with paths from the operation's input (`recurrence.…`). */
export function burkiRecurrenceIssues(spec: RecurrenceSpec, now: Instant): ValidationIssue[] {
  const core = validateRecurrenceSpec(spec, { now });
  if (core.length > 0) return under(['recurrence'], core);
  const key = KEYS[spec.kind];
  const at = (field: string) => ['recurrence', key, field];
  const zone = burkiZoneOf(spec);
  if (spec.kind === 'ONE_TIME') return localTimeIssues(spec.at, zone, at('at'), 'send time');

  const issues: ValidationIssue[] = [];
  if (spec.kind === 'WEEKLY' && spec.recipientLocalTime) {
    issues.push(
      issue(
        at('recipientLocalTime'),
        `Burki reads a schedule's times in one time zone, not in each recipient's: turn off recipientLocalTime and give a timeZone (default ${BURKI_DEFAULT_TIME_ZONE}).`,
      ),
    );
    return issues;
  }
  // B2: the first run is what Burki is sent as the start; its wall-clock time must exist.
  const start = burkiRecurringStart(spec, now);
  if (start && start.nominal !== start.actual) {
    const gap = localDateTimeIssue(Temporal.PlainDateTime.from(start.nominal), zone, at(spec.startDate !== null ? 'startDate' : 'time'));
    if (gap) issues.push({ ...gap, message: `The first run, which Burki is sent as the schedule's start, falls in a gap. ${gap.message}` });
  }
  if (spec.endDate !== null) {
    const recurrence = recurrenceFromSpec(spec, { defaultTimeZone: BURKI_DEFAULT_TIME_ZONE });
    if (nextOccurrences(recurrence, { after: now, first: 1 }).length === 0) {
      issues.push(issue(at('endDate'), 'No run falls between the start (or now) and the end date: move the end date later.'));
    }
  }
  return issues;
}

/** The target's rules: a Burki campaign id is a positive integer. */
export function burkiTargetIssues(target: BurkiTargetInput): ValidationIssue[] {
  if (Number.isInteger(target.campaignId) && target.campaignId >= 1) return [];
  return [issue(['fields', 'campaignId'], 'A Burki campaign id is a whole number of at least 1.')];
}

/**
 * The operation-input path of a Burki 422 `loc` (`['body', 'recurring_config', 'interval']` →
 * `recurrence.interval.interval`), for the body built from `spec`; null when the loc names nothing the caller
 * gave (it is then kept verbatim). `campaignPath` is where the campaign id came from (`fields.campaignId`
 * or `id`). Day indexes are dropped: the gateway sends days sorted and de-duplicated, so Burki's index is not
 * the caller's.
 */
export function burkiInputPath(loc: ReadonlyArray<string | number>, spec: RecurrenceSpec | null, campaignPath: string[]): string[] | null {
  const [where, field, sub] = loc;
  if (where === 'path' && field === 'campaign_id') return campaignPath;
  if (where !== 'body' || spec === null) return null;
  const key = KEYS[spec.kind];
  const base = ['recurrence', key];
  switch (field) {
    case undefined:
    case 'schedule_type':
      return ['recurrence'];
    case 'scheduled_at':
      return [...base, startField(spec)];
    case 'timezone':
      return [...base, 'timeZone'];
    case 'recurring_config':
      break;
    default:
      return null;
  }
  switch (sub) {
    case undefined:
      return base;
    case 'frequency':
    case 'interval':
      return spec.kind === 'INTERVAL' ? [...base, sub] : base;
    case 'days_of_week':
      return [...base, spec.kind === 'WEEKLY' ? 'days' : 'daysOfWeek'];
    case 'day_of_month':
      return [...base, 'dayOfMonth'];
    case 'time':
      return [...base, 'time'];
    case 'time_zone':
      return [...base, 'timeZone'];
    case 'end_date':
      return [...base, 'endDate'];
    default:
      return null;
  }
}

/** The input field `scheduled_at` came from: the one-time `at`, the caller's `startDate`, or (no start given) `time`. */
function startField(spec: RecurrenceSpec): string {
  if (spec.kind === 'ONE_TIME') return 'at';
  return spec.startDate !== null ? 'startDate' : 'time';
}

/** Where a 400 "Scheduled time is in the past" / "Invalid schedule configuration" points in the input. */
export function burkiRejectionPaths(spec: RecurrenceSpec | null): { pastTimePath: string[]; configurationPath: string[] } {
  if (spec === null) return { pastTimePath: ['recurrence'], configurationPath: ['recurrence'] };
  const key = KEYS[spec.kind];
  return { pastTimePath: ['recurrence', key, startField(spec)], configurationPath: ['recurrence', key] };
}

/**
 * The documented start/pause prerequisites (upstreams.md 3.5), with Burki's own texts: start needs a contact
 * and a draft, scheduled or paused campaign; pause refuses what is plainly not running. Whether a
 * `scheduled` campaign can be paused is not documented, so Burki decides that one. Null: let Burki decide.
 */
export function burkiTransitionRefusal(campaign: BurkiCampaign, status: 'RUNNING' | 'PAUSED'): InvalidStateError | null {
  if (status === 'RUNNING') {
    if (campaign.status === 'running' || campaign.status === 'completed') {
      return new InvalidStateError(`Campaign cannot be started: it is ${campaign.status}`, 'BURKI', null);
    }
    return campaign.total_contacts === 0 ? new InvalidStateError('No contacts found', 'BURKI', null) : null;
  }
  if (campaign.status === 'draft' || campaign.status === 'paused' || campaign.status === 'completed') {
    return new InvalidStateError('Campaign is not running', 'BURKI', null);
  }
  return null;
}
