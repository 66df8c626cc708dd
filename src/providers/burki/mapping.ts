/**
 * Burki ⇄ core translation. Pure functions: no HTTP, no GraphQL. All time-zone work goes through core/time
 * (and core/occurrences for "the first run").
 *
 * ASSUMPTIONS (Burki's docs are silent; each is named in the README and in the closing note of issue 4):
 * - B1 `scheduled_at` is sent as a naive local date-time (`YYYY-MM-DDTHH:MM:SS`) with the zone in the top-level
 *   `timezone`, as the docs' examples do; Burki reads a repeated (fall-back) local time as its FIRST occurrence.
 *   So the gateway refuses an instant that is the second occurrence of a repeated hour (validation.ts).
 * - B2 For `recurring`, `scheduled_at` is sent as the FIRST RUN (on/after the caller's startDate and after now),
 *   at `time`: the docs' recurring example sends `scheduled_at` 09:00 with `time` 09:00, and a first run is right
 *   whether Burki reads `scheduled_at` as a lower bound or as the first run. Burki is taken to count intervals
 *   from its local day / Monday-based week / month; the first run lies in the same phase as the caller's start
 *   (the gateway counts from the startDate's period), so the runs are the same. It is sent when the caller gave
 *   a startDate, or for an interval above 1 (without a start Burki would count from when the schedule was saved,
 *   which cannot be read back). Read back, `startDate` is the start of that first run's local day. A first run whose wall-clock time does
 *   not exist (DST gap) is refused (validation.ts), never shifted silently.
 * - B3 `end_date` is a calendar date (`YYYY-MM-DD`), inclusive: runs on that local date still happen. An
 *   instant `endDate` becomes the last local date whose run (at `time`, as it really happens after any DST
 *   shift) is not after it; read back, the `endDate` is the last second of that date in the zone (the same
 *   runs, and safe to send back unchanged with another `time`).
 * - B4 `GET …/schedule` has no top-level timezone, so a one-off schedule is read back in UTC (its instant is
 *   exact; `localDateTime` is the UTC wall clock). Recurring schedules carry `recurring_config.time_zone`.
 * - B5 A recurring config without `time` runs at the start's wall-clock time, else midnight; a monthly config
 *   without `day_of_month` runs on the start's day of the month.
 * - B6 Campaign statuses beyond draft/scheduled/running/paused/completed read as DRAFT, with the native
 *   status kept verbatim in `nativeStatus`.
 */
import type { BurkiDetails, DayOfWeek, Frequency, Instant, LocalDateTime, Recurrence, RecurrenceSpec, Schedule, ScheduleStatus } from '../../core/model.js';
import { nextOccurrences } from '../../core/occurrences.js';
import { recurrenceFromSpec } from '../../core/recurrence-rules.js';
import {
  Temporal,
  dayOfWeekFromIso,
  formatInstant,
  formatLocalDateTime,
  formatLocalTime,
  isValidLocalTime,
  isoDayNumber,
  lastRunDay,
  normaliseDays,
  normaliseInstant,
  parseInstant,
  parseLocalTime,
  endOfDayInstant,
  startOfDayInstant,
  toZoned,
} from '../../core/time.js';
import {
  BURKI_CAMPAIGN_TYPES,
  type BurkiCampaign,
  type BurkiCampaignStatus,
  type BurkiCampaignType,
  type BurkiFrequency,
  type BurkiRecurringConfig,
  type BurkiRecurringConfigBody,
  type BurkiScheduleBody,
  type BurkiScheduleRead,
} from './native.js';
import type { BurkiCampaignInfo } from './details.js';

/** Burki's default zone when a request gives none (seed 004: "If omitted, the system uses UTC"). */
export const BURKI_DEFAULT_TIME_ZONE = 'UTC';

export const BURKI_SUPPORTED_RECURRENCES =
  'no schedule (started by hand), one-time sends, weekly repeats on chosen days, and every N days, weeks (on chosen days) or months (on a day of the month)';

const STATUS_FROM_BURKI: Record<BurkiCampaignStatus, ScheduleStatus> = {
  draft: 'DRAFT',
  scheduled: 'SCHEDULED',
  running: 'RUNNING',
  paused: 'PAUSED',
  completed: 'COMPLETED',
};

/** B6: unknown statuses read as DRAFT. */
export function fromBurkiStatus(status: string): ScheduleStatus {
  return STATUS_FROM_BURKI[status as BurkiCampaignStatus] ?? 'DRAFT';
}

const FREQUENCY_TO_BURKI: Record<Frequency, BurkiFrequency> = { DAILY: 'daily', WEEKLY: 'weekly', MONTHLY: 'monthly' };
const FREQUENCY_FROM_BURKI: Record<BurkiFrequency, Frequency> = { daily: 'DAILY', weekly: 'WEEKLY', monthly: 'MONTHLY' };

/** The zone a spec's wall-clock fields are read in: its own, else Burki's default (UTC). */
export function burkiZoneOf(spec: RecurrenceSpec): string {
  return spec.timeZone ?? BURKI_DEFAULT_TIME_ZONE;
}

/** B1: the naive local date-time Burki is sent for an instant, in `zone`. */
function burkiLocalDateTime(instant: Instant, zone: string): LocalDateTime {
  return formatLocalDateTime(toZoned(instant, zone).toPlainDateTime());
}

/** B3: the last local date whose run at `time` is not after `end`. */
export function burkiEndDate(end: Instant, time: string, zone: string): string {
  return lastRunDay(end, time, zone).toString();
}

export interface BurkiRecurringStart {
  /** The first run's wall-clock date-time as the rule asks for it (may not exist, in a DST gap). */
  nominal: LocalDateTime;
  /** Where it actually lands once DST is applied (equal to `nominal` unless it falls in a gap). */
  actual: LocalDateTime;
  at: Instant;
}

/**
 * B2: the first run Burki is sent as the recurring start, or null when no start is sent (no startDate and no
 * interval phase to keep, or no run left before the end date).
 */
export function burkiRecurringStart(spec: Exclude<RecurrenceSpec, { kind: 'ONE_TIME' }>, now: Instant): BurkiRecurringStart | null {
  const phased = spec.kind === 'INTERVAL' && spec.interval > 1;
  if (spec.startDate === null && !phased) return null;
  const recurrence = recurrenceFromSpec(spec, { defaultTimeZone: BURKI_DEFAULT_TIME_ZONE });
  const [first] = nextOccurrences(recurrence, { after: now, first: 1 });
  if (!first?.at) return null;
  return { nominal: `${first.localDateTime.slice(0, 10)}T${spec.time}:00`, actual: first.localDateTime, at: first.at };
}

/**
 * A validated spec (see validation.ts) → the body of `POST /api/v1/campaigns/{id}/schedule`. `null` (nothing
 * scheduled) is `immediate`: the campaign waits for the start endpoint.
 */
export function toBurkiScheduleBody(spec: RecurrenceSpec | null, now: Instant): BurkiScheduleBody {
  if (spec === null) return { schedule_type: 'immediate' };
  const zone = burkiZoneOf(spec);
  if (spec.kind === 'ONE_TIME') {
    return { schedule_type: 'scheduled', scheduled_at: burkiLocalDateTime(spec.at, zone), timezone: zone };
  }
  const config: BurkiRecurringConfigBody =
    spec.kind === 'WEEKLY'
      ? {
          frequency: 'weekly',
          interval: 1,
          days_of_week: normaliseDays(spec.days).map(isoDayNumber),
          time: spec.time,
          time_zone: zone,
        }
      : {
          frequency: FREQUENCY_TO_BURKI[spec.frequency],
          interval: spec.interval,
          ...(spec.frequency === 'WEEKLY' ? { days_of_week: normaliseDays(spec.daysOfWeek ?? []).map(isoDayNumber) } : {}),
          ...(spec.frequency === 'MONTHLY' && spec.dayOfMonth !== null ? { day_of_month: spec.dayOfMonth } : {}),
          time: spec.time,
          time_zone: zone,
        };
  if (spec.endDate !== null) config.end_date = burkiEndDate(spec.endDate, spec.time, zone);
  const start = burkiRecurringStart(spec, now);
  return {
    schedule_type: 'recurring',
    ...(start !== null ? { scheduled_at: start.actual } : {}),
    timezone: zone,
    recurring_config: config,
  };
}

// ---------------------------------------------------------------------------------------------- read side

/** A Burki date-time: with an offset/`Z` it is an instant; naive, it is a wall-clock time in `zone`. */
function instantFromBurki(value: string, zone: string): Temporal.Instant | null {
  const exact = parseInstant(value);
  if (exact) return exact;
  try {
    // A naive time in a DST gap is read as Burki (and RFC 5545) would run it: shifted forward.
    return Temporal.PlainDateTime.from(value).toZonedDateTime(zone, { disambiguation: 'compatible' }).toInstant();
  } catch {
    return null;
  }
}

function isDateOnly(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value);
}

function fromBurkiEnd(value: string | null | undefined, zone: string): Instant | null {
  if (!value) return null;
  // B3 (issue 12, item 6): the end date's last second in the zone, not the run's instant, so sending it back
  // unchanged with a new `time` keeps the same last day.
  if (isDateOnly(value)) return endOfDayInstant(value, zone);
  const instant = instantFromBurki(value, zone);
  return instant ? formatInstant(instant) : null;
}

function fromBurkiDays(days: readonly number[] | null | undefined): DayOfWeek[] {
  return normaliseDays((days ?? []).filter((d) => Number.isInteger(d) && d >= 1 && d <= 7).map(dayOfWeekFromIso));
}

function fromBurkiRecurring(config: BurkiRecurringConfig, scheduledAt: string | null | undefined): Recurrence | null {
  const frequency = FREQUENCY_FROM_BURKI[config.frequency as BurkiFrequency];
  if (!frequency) return null;
  const zone = config.time_zone ?? BURKI_DEFAULT_TIME_ZONE;
  const start = scheduledAt ? instantFromBurki(scheduledAt, zone) : null;
  const startLocal = start ? toZoned(start, zone) : null;
  // B5: without `time`, the start's wall-clock time, else midnight.
  const time =
    config.time && isValidLocalTime(config.time)
      ? parseLocalTime(config.time)
      : startLocal
        ? new Temporal.PlainTime(startLocal.hour, startLocal.minute)
        : new Temporal.PlainTime(0, 0);
  // B2 (issue 12, item 6): a start that is the first run (its wall clock is `time`) reads back as the start of
  // its day, which holds the same runs and stays right when sent back with another `time`.
  const startDate =
    start && startLocal
      ? Temporal.PlainTime.compare(startLocal.toPlainTime(), time) === 0
        ? startOfDayInstant(startLocal.toPlainDate().toString(), zone)
        : formatInstant(start)
      : null;
  const endDate = fromBurkiEnd(config.end_date, zone);
  const interval = config.interval ?? 1;
  const days = fromBurkiDays(config.days_of_week);
  const base = { time: formatLocalTime(time), timeZone: zone, recipientLocalTime: false, startDate, endDate };
  if (frequency === 'WEEKLY' && interval === 1 && days.length > 0) return { kind: 'WEEKLY', days, ...base };
  return {
    kind: 'INTERVAL',
    frequency,
    interval,
    daysOfWeek: frequency === 'WEEKLY' ? days : null,
    // B5: a monthly echo without day_of_month (the doc's echo list omits it) runs on the start's day.
    dayOfMonth: frequency === 'MONTHLY' ? (config.day_of_month ?? startLocal?.day ?? null) : null,
    ...base,
  };
}

/** `GET …/schedule` → the unified recurrence; null for `immediate` (nothing scheduled: started by hand). */
export function fromBurkiSchedule(schedule: BurkiScheduleRead): Recurrence | null {
  switch (schedule.schedule_type) {
    case 'scheduled': {
      // B4: the read has no timezone; `scheduled_at` is UTC, so the one-off is shown in UTC.
      const at = schedule.scheduled_at ? instantFromBurki(schedule.scheduled_at, BURKI_DEFAULT_TIME_ZONE) : null;
      if (!at) return null;
      const instant = formatInstant(at);
      return {
        kind: 'ONE_TIME',
        at: instant,
        localDateTime: burkiLocalDateTime(instant, BURKI_DEFAULT_TIME_ZONE),
        timeZone: BURKI_DEFAULT_TIME_ZONE,
        recipientLocalTime: false,
      };
    }
    case 'recurring':
      return schedule.recurring_config ? fromBurkiRecurring(schedule.recurring_config, schedule.scheduled_at) : null;
    default:
      return null;
  }
}

/** A campaign and its schedule → the unified schedule; the global id carries the campaign id. */
export function fromBurkiCampaign(campaign: BurkiCampaign, schedule: BurkiScheduleRead): Schedule<BurkiDetails> {
  return {
    provider: 'BURKI',
    nativeId: String(campaign.id),
    name: campaign.name,
    status: fromBurkiStatus(campaign.status),
    nativeStatus: campaign.status,
    recurrence: fromBurkiSchedule(schedule),
    createdAt: campaign.created_at ? normaliseInstant(campaign.created_at) : null,
    updatedAt: campaign.updated_at ? normaliseInstant(campaign.updated_at) : null,
    details: { provider: 'BURKI', campaignId: campaign.id, scheduleType: schedule.schedule_type },
  };
}

const CAMPAIGN_TYPE: Record<BurkiCampaignType, 'CALL' | 'SMS' | 'MIXED'> = { call: 'CALL', sms: 'SMS', mixed: 'MIXED' };

export function toBurkiCampaignInfo(native: BurkiCampaign): BurkiCampaignInfo {
  const known = (BURKI_CAMPAIGN_TYPES as readonly string[]).includes(native.campaign_type);
  return {
    id: native.id,
    name: native.name,
    description: native.description ?? null,
    campaignType: known ? CAMPAIGN_TYPE[native.campaign_type as BurkiCampaignType] : null,
    nativeCampaignType: native.campaign_type,
    status: native.status,
    assistantId: native.assistant_id ?? null,
    assistantName: native.assistant_name ?? null,
    totalContacts: native.total_contacts ?? 0,
    completedContacts: native.completed_contacts ?? 0,
    failedContacts: native.failed_contacts ?? 0,
    maxAttempts: native.max_attempts ?? null,
    retryDelayMinutes: native.retry_delay_minutes ?? null,
    smsMessageTemplate: native.sms_message_template ?? null,
    welcomeMessageTemplate: native.welcome_message_template ?? null,
    lastImportFileName: native.last_import_file_name ?? null,
    lastImportRowCount: native.last_import_row_count ?? null,
    createdAt: native.created_at ? normaliseInstant(native.created_at) : null,
    updatedAt: native.updated_at ? normaliseInstant(native.updated_at) : null,
  };
}
