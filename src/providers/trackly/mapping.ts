/**
 * Trackly ⇄ core translation. Pure functions: no HTTP, no GraphQL. Time-zone work is delegated to core/time.
 *
 * ASSUMPTIONS (Trackly's docs are silent; each is named in the README):
 * - T1 `send_date`, `start_date`, `end_date` are calendar dates: their date part (`YYYY-MM-DD`) is the day in
 *   the account's zone (TRACKLY_TIMEZONE) — or, for `use_local_time`, the day in each recipient's zone — and
 *   the gateway always sends them as `YYYY-MM-DDT00:00:00Z`, as the docs' examples do.
 * - T2 A repeating schedule runs on every selected weekday from `start_date` to `end_date`, both inclusive,
 *   at `send_time`.
 * - T3 `send_time` has minute precision, so a one-time `at` with seconds cannot be expressed exactly.
 * - T5 Trackly reads a `send_time` that happens twice on its day (the clocks fall back) as its FIRST
 *   occurrence, as the gateway's own runs do (core/occurrences DST_RULE): recurring runs in the repeated hour
 *   are published at the first occurrence, and a one-time send at the SECOND occurrence cannot be expressed
 *   and is refused (`send_time` cannot say which one), never sent an hour early.
 * - T6 Read back, `start_date`/`end_date` become the first instant of the start day and the last second of
 *   the end day in the schedule's zone (core/time `startOfDayInstant`/`endOfDayInstant`), not the first/last
 *   run's instant: sending them back unchanged with a new `time` keeps the same days.
 */
import type { DayOfWeek, Recurrence, RecurrenceSpec, Schedule, ScheduleStatus, TracklyDetails, TracklyVariant } from '../../core/model.js';
import { DAYS_OF_WEEK } from '../../core/model.js';
import { UnsupportedRecurrenceError, type ValidationIssue } from '../../core/errors.js';
import type { Result } from '../../core/result.js';
import {
  Temporal,
  firstRunDay,
  formatLocalTime,
  isValidLocalTime,
  lastRunDay,
  normaliseDays,
  endOfDayInstant,
  isSecondOccurrence,
  normaliseInstant,
  startOfDayInstant,
  toZoned,
  wallClockInstant,
} from '../../core/time.js';
import type { TracklyPatchInput, TracklyTargetInput, TracklyVariantInput } from './input.js';
import type { TracklyAudienceInfo, TracklyOfferInfo, TracklySourceListInfo } from './details.js';
import {
  TRACKLY_DAY_KEYS,
  type TracklyAudience,
  type TracklyDayKey,
  type TracklyOffer,
  type TracklySchedule,
  type TracklySourceList,
  type TracklyStatus,
  type TracklyWriteBody,
} from './native.js';

const STATUS_TO_TRACKLY: Partial<Record<ScheduleStatus, TracklyStatus>> = {
  DRAFT: 'draft',
  SCHEDULED: 'on',
  PAUSED: 'off',
  COMPLETED: 'complete',
  ARCHIVED: 'archive',
};

const STATUS_FROM_TRACKLY: Record<TracklyStatus, ScheduleStatus> = {
  draft: 'DRAFT',
  on: 'SCHEDULED',
  off: 'PAUSED',
  complete: 'COMPLETED',
  archive: 'ARCHIVED',
};

/** The unified status as Trackly spells it; null when Trackly has no such status (RUNNING). */
export function toTracklyStatus(status: ScheduleStatus): TracklyStatus | null {
  return STATUS_TO_TRACKLY[status] ?? null;
}

function fromTracklyStatus(status: string): ScheduleStatus {
  return STATUS_FROM_TRACKLY[status as TracklyStatus] ?? 'DRAFT';
}

export const TRACKLY_SUPPORTED_RECURRENCES = 'one-time sends, and weekly repeats on chosen days (an interval of every 1 day or every 1 week)';

/** The fields of a Trackly body that say when it sends. */
export type TracklyTiming = Pick<TracklyWriteBody, 'is_repeating' | 'send_time' | 'send_date' | 'start_date' | 'end_date' | 'days_of_week' | 'use_local_time'>;

function daysOfWeekObject(days: readonly DayOfWeek[]): Record<TracklyDayKey, boolean> {
  const result = {} as Record<TracklyDayKey, boolean>;
  TRACKLY_DAY_KEYS.forEach((key, i) => {
    result[key] = days.includes(DAYS_OF_WEEK[i] as DayOfWeek);
  });
  return result;
}

function tracklyDate(date: Temporal.PlainDate): string {
  return `${date.toString()}T00:00:00Z`;
}

/**
 * A unified recurrence → Trackly's timing fields. `accountZone` is TRACKLY_TIMEZONE. Throws
 * `UnsupportedRecurrenceError` for what Trackly cannot express; returns issues for what the caller can fix.
 */
export function toTracklyTiming(spec: RecurrenceSpec, accountZone: string): Result<TracklyTiming> {
  if (spec.kind === 'ONE_TIME') {
    const zoned = toZoned(spec.at, accountZone);
    if (zoned.second !== 0 || zoned.millisecond !== 0) {
      return {
        ok: false,
        issues: [{ path: ['oneTime', 'at'], message: 'Trackly sends on whole minutes: give a time with zero seconds', providerCode: null }],
      };
    }
    if (isSecondOccurrence(spec.at, accountZone)) {
      // T5: send_date + send_time name a wall-clock time, and this one happens twice.
      const local = `${zoned.toPlainDate().toString()} ${formatLocalTime(zoned.toPlainTime())}`;
      return {
        ok: false,
        issues: [
          {
            path: ['oneTime', 'at'],
            message:
              `${spec.at} is the second ${local} in ${accountZone} (the clocks fall back, so that local time happens twice). ` +
              "Trackly's send_time cannot say which one is meant and runs the first, an hour earlier: choose a time outside the repeated hour.",
            providerCode: null,
          },
        ],
      };
    }
    return {
      ok: true,
      value: {
        is_repeating: false,
        send_date: tracklyDate(zoned.toPlainDate()),
        send_time: formatLocalTime(zoned.toPlainTime()),
        use_local_time: false,
      },
    };
  }

  let days: DayOfWeek[];
  let recipientLocal = false;
  let branch: 'weekly' | 'interval';
  if (spec.kind === 'WEEKLY') {
    branch = 'weekly';
    days = normaliseDays(spec.days);
    recipientLocal = spec.recipientLocalTime;
  } else {
    branch = 'interval';
    if (spec.interval !== 1 || spec.frequency === 'MONTHLY') {
      throw new UnsupportedRecurrenceError(
        `Trackly cannot send every ${spec.interval} ${spec.frequency.toLowerCase()} period(s); it supports ${TRACKLY_SUPPORTED_RECURRENCES}`,
        'TRACKLY',
        ['ONE_TIME', 'WEEKLY', 'INTERVAL'],
        ['DAILY', 'WEEKLY'],
      );
    }
    days = spec.frequency === 'DAILY' ? [...DAYS_OF_WEEK] : normaliseDays(spec.daysOfWeek ?? []);
  }

  const issues: ValidationIssue[] = [];
  if (!recipientLocal && spec.timeZone !== null && spec.timeZone !== accountZone) {
    issues.push({
      path: [branch, 'timeZone'],
      message: `Trackly reads send times in the account's time zone (${accountZone}); omit timeZone, give ${accountZone}, or send in each recipient's local time`,
      providerCode: null,
    });
  }
  if (spec.startDate === null) {
    issues.push({ path: [branch, 'startDate'], message: 'Trackly needs a start date for a repeating schedule', providerCode: 'missing_start_date' });
  }
  if (spec.endDate === null) {
    issues.push({ path: [branch, 'endDate'], message: 'Trackly needs an end date for a repeating schedule', providerCode: 'missing_end_date' });
  }
  if (days.length === 0) {
    issues.push({
      path: [branch, branch === 'weekly' ? 'days' : 'daysOfWeek'],
      message: 'Select at least one day of the week',
      providerCode: 'no_days_selected',
    });
  }
  if (issues.length > 0 || spec.startDate === null || spec.endDate === null) return { ok: false, issues };

  // Recipient-local schedules have no zone of their own; their calendar days are read in UTC (T1).
  const zone = recipientLocal ? 'UTC' : accountZone;
  const firstDay = firstRunDay(spec.startDate, spec.time, zone);
  const lastDay = lastRunDay(spec.endDate, spec.time, zone);
  if (Temporal.PlainDate.compare(firstDay, lastDay) > 0) {
    return {
      ok: false,
      issues: [{ path: [branch, 'endDate'], message: 'No send time falls between startDate and endDate', providerCode: null }],
    };
  }
  return {
    ok: true,
    value: {
      is_repeating: true,
      send_time: spec.time,
      start_date: tracklyDate(firstDay),
      end_date: tracklyDate(lastDay),
      days_of_week: daysOfWeekObject(days),
      use_local_time: recipientLocal,
    },
  };
}

function toTracklyBlasts(variants: readonly TracklyVariantInput[]): NonNullable<TracklyWriteBody['blasts']> {
  return variants.map((variant) => ({
    message: variant.message,
    percent_audience: variant.percentAudience,
    ...(variant.name ? { variant_name: variant.name } : {}),
    ...(variant.mmsImageUrl ? { mms_image_url: variant.mmsImageUrl } : {}),
    offer_links: (variant.offerLinks ?? []).map((link) => ({
      key: link.key,
      offer_id: link.offerId,
      url_params: Object.fromEntries((link.urlParams ?? []).map(({ key, value }) => [key, value])),
    })),
  }));
}

/** The non-timing fields a caller set, in Trackly's names; omitted and null fields are left out. */
function toTracklyFields(input: TracklyPatchInput): TracklyWriteBody {
  const body: TracklyWriteBody = {};
  if (input.name != null) body.name = input.name;
  if (input.sendType != null) body.send_type = input.sendType === 'BLAST' ? 'blast' : 'automated';
  if (input.audienceIds != null) body.audiences = [...input.audienceIds];
  if (input.sourceListIds != null) body.source_lists = [...input.sourceListIds];
  if (input.status != null) {
    const status = toTracklyStatus(input.status);
    if (status) body.status = status;
  }
  if (input.skipWithinHours != null) body.skip_within_hours = input.skipWithinHours;
  if (input.filterBots != null) body.filter_bots = input.filterBots;
  if (input.isMms != null) body.is_mms = input.isMms;
  if (input.isCto != null) body.is_cto = input.isCto;
  if (input.automatedPercent != null) body.automated_percent = input.automatedPercent;
  if (input.irRevenue != null) body.ir_revenue = input.irRevenue;
  if (input.variants != null) body.blasts = toTracklyBlasts(input.variants);
  return body;
}

/** The POST /schedules body. `send_type` defaults to `blast`, the documented A/B form. */
export function toTracklyCreateBody(input: TracklyTargetInput, timing: TracklyTiming): TracklyWriteBody {
  const fields = toTracklyFields(input);
  return {
    name: input.name,
    send_type: fields.send_type ?? 'blast',
    audiences: fields.audiences ?? [],
    ...timing,
    ...fields,
  };
}

/** The PUT /schedules/{id} body: only what the caller changed (Trackly's update is partial). */
export function toTracklyPatchBody(patch: TracklyPatchInput | null, timing: TracklyTiming | null): TracklyWriteBody {
  return { ...(timing ?? {}), ...(patch ? toTracklyFields(patch) : {}) };
}

/** T1: the calendar day of a Trackly date field (its `YYYY-MM-DD`). */
function dayOf(value: string | null | undefined): string | null {
  return value ? value.slice(0, 10) : null;
}

function fromTracklyRecurrence(native: TracklySchedule, accountZone: string): Recurrence | null {
  // `HH:MM` as documented; a `:00` seconds suffix is tolerated on read.
  const time = native.send_time.endsWith(':00') && native.send_time.length === 8 ? native.send_time.slice(0, 5) : native.send_time;
  if (!isValidLocalTime(time)) return null;
  const recipientLocal = native.use_local_time === true;
  const timeZone = recipientLocal ? null : accountZone;
  const zone = timeZone ?? 'UTC';
  // The instant of `time` on a day in a zone; DST gaps shift forward, as the runs themselves do (core/time).
  const runOn = (day: string | null, inZone: string) => (day === null ? null : wallClockInstant(day, time, inZone));
  if (!native.is_repeating) {
    const day = dayOf(native.send_date);
    const at = runOn(day, accountZone);
    if (!day || !at) return null;
    return {
      kind: 'ONE_TIME',
      at,
      localDateTime: `${day}T${time}:00`,
      timeZone,
      recipientLocalTime: recipientLocal,
    };
  }
  const days = DAYS_OF_WEEK.filter((_, i) => native.days_of_week?.[TRACKLY_DAY_KEYS[i] as TracklyDayKey] === true);
  // T6: whole-day bounds, safe to send back unchanged with another time.
  const startDay = dayOf(native.start_date);
  const endDay = dayOf(native.end_date);
  const startDate = startDay === null ? null : startOfDayInstant(startDay, zone);
  const endDate = endDay === null ? null : endOfDayInstant(endDay, zone);
  return {
    kind: 'WEEKLY',
    days,
    time,
    timeZone,
    recipientLocalTime: recipientLocal,
    startDate,
    endDate,
  };
}

function fromTracklyVariant(blast: NonNullable<TracklySchedule['blasts']>[number]): TracklyVariant {
  return {
    name: blast.variant_name ?? null,
    message: blast.message,
    percentAudience: blast.percent_audience,
    mmsImageUrl: blast.mms_image_url ?? null,
    offerLinks: (blast.offer_links ?? []).map((link) => ({
      key: link.key,
      offerId: link.offer_id,
      urlParams:
        typeof link.url_params === 'string'
          ? [...new URLSearchParams(link.url_params)].map(([key, value]) => ({ key, value }))
          : Object.entries(link.url_params ?? {}).map(([key, value]) => ({ key, value })),
    })),
  };
}

export function fromTracklySchedule(native: TracklySchedule, accountZone: string): Schedule<TracklyDetails> {
  return {
    provider: 'TRACKLY',
    nativeId: native.id,
    name: native.name,
    status: fromTracklyStatus(native.status),
    nativeStatus: native.status,
    recurrence: fromTracklyRecurrence(native, accountZone),
    createdAt: native.created_at ? normaliseInstant(native.created_at) : null,
    updatedAt: native.updated_at ? normaliseInstant(native.updated_at) : null,
    details: {
      provider: 'TRACKLY',
      sendType: native.send_type === 'automated' ? 'AUTOMATED' : 'BLAST',
      audienceIds: native.audiences ?? [],
      sourceListIds: native.source_lists ?? [],
      variants: (native.blasts ?? []).map(fromTracklyVariant),
      skipWithinHours: native.skip_within_hours ?? 0,
      useLocalTime: native.use_local_time ?? false,
      filterBots: native.filter_bots ?? false,
      isMms: native.is_mms ?? false,
      isCto: native.is_cto ?? false,
      automatedPercent: native.automated_percent ?? 0,
      irRevenue: native.ir_revenue ?? 0,
    },
  };
}

export function fromTracklyAudience(native: TracklyAudience): TracklyAudienceInfo {
  return {
    id: native.id,
    name: native.name,
    description: native.description ?? null,
    status: native.status,
    cachedSize: native.cached_size ?? null,
    sourceListIds: native.source_lists ?? [],
  };
}

export function fromTracklyOffer(native: TracklyOffer): TracklyOfferInfo {
  return {
    id: native.id,
    name: native.name,
    trackingUrl: native.tracking_url ?? null,
    payout: native.payout ?? null,
    payoutType: native.payout_type ?? null,
    externalPlatform: native.external_platform ?? null,
    status: native.status,
  };
}

export function fromTracklySourceList(native: TracklySourceList): TracklySourceListInfo {
  return {
    id: native.id,
    listName: native.list_name ?? null,
    brandName: native.brand_name ?? null,
    phoneNumber: native.phone_number ?? null,
    listType: native.list_type ?? null,
    status: native.status,
    contactCount: native.contact_count ?? null,
  };
}
