/** The schema's enums, each value described. */
import { DAYS_OF_WEEK, FREQUENCIES, PROVIDERS, RECURRENCE_KINDS, SCHEDULE_STATUSES, type ProviderName } from '../core/model.js';
import { PROVIDER_MODULES } from '../providers/index.js';
import { ERROR_CODES } from '../core/errors.js';
import { builder } from './builder.js';

const describe = <T extends string>(values: readonly T[], text: Record<T, string>) =>
  Object.fromEntries(values.map((value) => [value, { description: text[value] }])) as Record<T, { description: string }>;

export const ProviderEnum = builder.enumType('Provider', {
  description: 'The upstream SMS-scheduling API a schedule lives in.',
  // Each provider describes itself in its module, so a new provider brings its own line.
  values: describe(PROVIDERS, Object.fromEntries(PROVIDERS.map((name) => [name, PROVIDER_MODULES[name].description])) as Record<ProviderName, string>),
});

export const ScheduleStatusEnum = builder.enumType('ScheduleStatus', {
  description: "A schedule's state, the same words for every provider (`nativeStatus` has the provider's own).",
  values: describe(SCHEDULE_STATUSES, {
    DRAFT: 'Saved but not active: nothing will be sent.',
    SCHEDULED: 'Active: it will send at its next run.',
    RUNNING: 'Sending now (e.g. a campaign that is in progress).',
    PAUSED: 'Switched off for now; can be resumed.',
    COMPLETED: 'Finished: every run has happened. Cannot be changed.',
    ARCHIVED: 'Deleted or archived.',
  }),
});

export const DayOfWeekEnum = builder.enumType('DayOfWeek', {
  description: 'A day of the week (ISO order: Monday first).',
  values: describe(DAYS_OF_WEEK, {
    MONDAY: 'Monday',
    TUESDAY: 'Tuesday',
    WEDNESDAY: 'Wednesday',
    THURSDAY: 'Thursday',
    FRIDAY: 'Friday',
    SATURDAY: 'Saturday',
    SUNDAY: 'Sunday',
  }),
});

export const FrequencyEnum = builder.enumType('Frequency', {
  description: 'The period an `IntervalRecurrence` counts in.',
  values: describe(FREQUENCIES, {
    DAILY: 'Every `interval` days.',
    WEEKLY: 'Every `interval` weeks, on `daysOfWeek`.',
    MONTHLY: 'Every `interval` months, on `dayOfMonth`.',
  }),
});

export const RecurrenceKindEnum = builder.enumType('RecurrenceKind', {
  description: 'The three shapes of `Recurrence`.',
  values: describe(RECURRENCE_KINDS, {
    ONE_TIME: 'Once, at one instant (`OneTimeRecurrence`).',
    WEEKLY: 'On chosen weekdays every week (`WeeklyRecurrence`).',
    INTERVAL: 'Every N days, weeks or months (`IntervalRecurrence`).',
  }),
});

export const ErrorCodeEnum = builder.enumType('ErrorCode', {
  description: 'What went wrong, in one stable word a client can switch on.',
  values: describe(ERROR_CODES, {
    VALIDATION_FAILED: "The input breaks a rule (the gateway's or the provider's); see `issues`.",
    NOT_FOUND: 'No such schedule (or referenced object).',
    UNSUPPORTED_RECURRENCE: 'The provider cannot express this recurrence; the error lists what it supports.',
    UNSUPPORTED_OPERATION: 'The provider cannot do this at all (e.g. list, or pause).',
    INVALID_STATE: 'The schedule is in a state that forbids this change (e.g. completed).',
    IDEMPOTENCY_CONFLICT: 'The idempotency key was already used with a different input.',
    OUTSIDE_SENDING_WINDOW:
      "A run would land outside the recipients' sending window (quiet hours); as an error (SENDING_WINDOW_POLICY=enforce) nothing was sent.",
    IDEMPOTENCY_IN_PROGRESS: 'The first request with this idempotency key is still running; retry with the same key to get its outcome.',
    STORE_UNAVAILABLE: "The gateway's own store cannot be reached; nothing was sent. Retry later.",
    PROVIDER_NOT_CONFIGURED: 'This gateway has no credentials for the provider.',
    UPSTREAM_UNAUTHORIZED: "The provider refused the gateway's credentials.",
    UPSTREAM_FORBIDDEN: 'The provider says the gateway may not touch this object.',
    UPSTREAM_RATE_LIMITED: 'The provider is rate limiting; retry later.',
    UPSTREAM_REJECTED: 'The provider refused the request for a reason it did not classify.',
    UPSTREAM_UNAVAILABLE: 'The provider failed or could not be reached; retry later.',
    UPSTREAM_TIMEOUT: 'The provider did not answer in time.',
    UPSTREAM_BAD_RESPONSE: 'The provider answered with something the gateway could not read.',
  }),
});
