/**
 * The provider-neutral model. Providers map their native shapes into these types; the GraphQL layer
 * only ever exposes these. Nothing here knows GraphQL or HTTP.
 */
import type { BurkiDetails } from '../providers/burki/details.js';
import type { HeymarketDetails } from '../providers/heymarket/details.js';
import type { TracklyDetails } from '../providers/trackly/details.js';

export const PROVIDERS = ['TRACKLY', 'HEYMARKET', 'BURKI'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export const SCHEDULE_STATUSES = ['DRAFT', 'SCHEDULED', 'RUNNING', 'PAUSED', 'COMPLETED', 'ARCHIVED'] as const;
export type ScheduleStatus = (typeof SCHEDULE_STATUSES)[number];

/** ISO weekday order: Monday first, so index + 1 is the ISO day number (Monday = 1 … Sunday = 7). */
export const DAYS_OF_WEEK = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
export type DayOfWeek = (typeof DAYS_OF_WEEK)[number];

export const FREQUENCIES = ['DAILY', 'WEEKLY', 'MONTHLY'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const RECURRENCE_KINDS = ['ONE_TIME', 'WEEKLY', 'INTERVAL'] as const;
export type RecurrenceKind = (typeof RECURRENCE_KINDS)[number];

/** "HH:MM", 24-hour clock. */
export type LocalTime = string;
/** RFC 3339 instant, always serialised in UTC with a `Z`. */
export type Instant = string;
/** "YYYY-MM-DDTHH:MM:SS", a wall-clock date-time with no zone. */
export type LocalDateTime = string;

/**
 * Where the wall-clock times of a recurrence are read: in one IANA zone, or in each recipient's own zone
 * (Trackly's `use_local_time`), in which case `timeZone` is null and runs have no single instant.
 */
interface TimeBasis {
  timeZone: string | null;
  recipientLocalTime: boolean;
}

export interface OneTimeRecurrence extends TimeBasis {
  kind: 'ONE_TIME';
  /** The instant of the send (for recipient-local sends: the instant in the account's zone). */
  at: Instant;
  /** The wall-clock date-time the send represents in `timeZone` (or in each recipient's zone). */
  localDateTime: LocalDateTime;
}

export interface WeeklyRecurrence extends TimeBasis {
  kind: 'WEEKLY';
  days: DayOfWeek[];
  time: LocalTime;
  /** Inclusive bounds on the instants of runs; null means open-ended. */
  startDate: Instant | null;
  endDate: Instant | null;
}

export interface IntervalRecurrence extends TimeBasis {
  kind: 'INTERVAL';
  frequency: Frequency;
  /** Every `interval` days / weeks / months; at least 1. */
  interval: number;
  /** Weekly only: the days of the week on which it runs. */
  daysOfWeek: DayOfWeek[] | null;
  /** Monthly only: the day of the month (1–31). */
  dayOfMonth: number | null;
  time: LocalTime;
  startDate: Instant | null;
  endDate: Instant | null;
}

export type Recurrence = OneTimeRecurrence | WeeklyRecurrence | IntervalRecurrence;

/** A recurrence as a caller asks for it, before any provider has accepted it. */
export type RecurrenceSpec =
  | { kind: 'ONE_TIME'; at: Instant; timeZone: string | null }
  | {
      kind: 'WEEKLY';
      days: DayOfWeek[];
      time: LocalTime;
      timeZone: string | null;
      recipientLocalTime: boolean;
      startDate: Instant | null;
      endDate: Instant | null;
    }
  | {
      kind: 'INTERVAL';
      frequency: Frequency;
      interval: number;
      daysOfWeek: DayOfWeek[] | null;
      dayOfMonth: number | null;
      time: LocalTime;
      timeZone: string | null;
      startDate: Instant | null;
      endDate: Instant | null;
    };

export interface Schedule<TDetails extends ScheduleDetails = ScheduleDetails> {
  provider: ProviderName;
  nativeId: string;
  name: string;
  status: ScheduleStatus;
  nativeStatus: string;
  /** null: nothing is scheduled (e.g. a Burki campaign left to be started by hand). */
  recurrence: Recurrence | null;
  createdAt: Instant | null;
  updatedAt: Instant | null;
  details: TDetails;
}

// Each provider's own fields live in its folder (providers/<name>/details.ts); the union is the one place
// the core names them. The re-exports keep the provider files that import them from here working as they are.
export type { BurkiDetails } from '../providers/burki/details.js';
export type { HeymarketAttachment, HeymarketDetails, HeymarketRecipient } from '../providers/heymarket/details.js';
export type { TracklyDetails, TracklyVariant } from '../providers/trackly/details.js';

export type ScheduleDetails = TracklyDetails | HeymarketDetails | BurkiDetails;
