/**
 * The provider-neutral model. Providers map their native shapes into these types; the GraphQL layer
 * only ever exposes these. Nothing here knows GraphQL or HTTP.
 */

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

// Provider details: each provider's own fields, in neutral (camelCase) form. Related objects are ids here;
// the GraphQL layer resolves them through the request's DataLoaders.

export interface TracklyOfferLink {
  key: string;
  offerId: string;
  urlParams: Array<{ key: string; value: string }>;
}

export interface TracklyVariant {
  name: string | null;
  message: string;
  percentAudience: number;
  mmsImageUrl: string | null;
  offerLinks: TracklyOfferLink[];
}

export interface TracklyDetails {
  provider: 'TRACKLY';
  sendType: 'BLAST' | 'AUTOMATED';
  audienceIds: string[];
  sourceListIds: number[];
  variants: TracklyVariant[];
  skipWithinHours: number;
  useLocalTime: boolean;
  filterBots: boolean;
  isMms: boolean;
  isCto: boolean;
  automatedPercent: number;
  irRevenue: number;
}

export interface HeymarketAttachment {
  name: string | null;
  type: string | null;
  url: string;
}

export type HeymarketRecipient =
  | { kind: 'PHONE_NUMBER'; phoneNumber: string }
  | { kind: 'CONVERSATION'; conversationId: number }
  | { kind: 'LIST'; listId: number }
  | { kind: 'GROUP'; phoneNumbers: string[] };

export interface HeymarketDetails {
  provider: 'HEYMARKET';
  inboxId: number;
  text: string | null;
  templateId: number | null;
  recipient: HeymarketRecipient | null;
  attachments: HeymarketAttachment[];
  localId: string | null;
  userId: number | null;
}

export interface BurkiDetails {
  provider: 'BURKI';
  campaignId: number;
  /** The native schedule_type: immediate | scheduled | recurring. */
  scheduleType: string;
}

export type ScheduleDetails = TracklyDetails | HeymarketDetails | BurkiDetails;
