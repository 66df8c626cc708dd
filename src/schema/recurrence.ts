/**
 * Recurrences: the `Recurrence` union (output), the `RecurrenceInput` @oneOf (input), occurrences, and
 * `previewRecurrence`. The maths is in core/; this file only exposes it.
 */
import type { IntervalRecurrence, OneTimeRecurrence, Recurrence, RecurrenceSpec, WeeklyRecurrence } from '../core/model.js';
import { ValidationError } from '../core/errors.js';
import { DST_RULE, MAX_OCCURRENCES, MONTH_END_RULE, nextOccurrences, type Occurrence } from '../core/occurrences.js';
import { recurrenceFromSpec, validateRecurrenceSpec } from '../core/recurrence-rules.js';
import { toRRule } from '../core/rrule.js';
import { AUDIENCE, withZones } from '../core/sending-window.js';
import { builder } from './builder.js';
import { DayOfWeekEnum, FrequencyEnum } from './enums.js';

const ZONE_FIELD = "IANA time zone the wall-clock fields are read in; null when each recipient's own zone applies (`recipientLocalTime`).";
const START_FIELD = 'No run happens before this instant; null for no lower bound.';
const END_FIELD = 'No run happens after this instant (inclusive); null for open-ended.';
const RRULE_FIELD =
  'The same recurrence as RFC 5545 text (`DTSTART;TZID=…` + `RRULE:…`, or a floating `DTSTART` for recipient-local runs), for calendar front ends. It describes exactly the runs `nextRuns` lists.';

export const OccurrenceRef = builder.objectRef<Occurrence>('Occurrence').implement({
  description: `One run of a schedule. ${DST_RULE}`,
  fields: (t) => ({
    at: t.field({
      type: 'DateTime',
      nullable: true,
      description: "The instant of the run; null when it is sent at `localDateTime` in each recipient's own zone, so it has no single instant.",
      resolve: (o) => o.at,
    }),
    localDateTime: t.field({
      type: 'LocalDateTime',
      description: "The wall-clock date and time of the run in `timeZone` (or each recipient's zone).",
      resolve: (o) => o.localDateTime,
    }),
    timeZone: t.string({ nullable: true, description: 'The zone `localDateTime` is read in; null for recipient-local runs.', resolve: (o) => o.timeZone }),
  }),
});

const OneTimeRecurrenceRef = builder.objectRef<OneTimeRecurrence>('OneTimeRecurrence').implement({
  description: 'A single send at one moment.',
  isTypeOf: (value) => (value as Recurrence).kind === 'ONE_TIME',
  fields: (t) => ({
    at: t.field({
      type: 'DateTime',
      description: "The instant of the send (for recipient-local sends: the instant in the provider account's zone).",
      resolve: (r) => r.at,
    }),
    localDateTime: t.field({
      type: 'LocalDateTime',
      description: 'The wall-clock date and time the send represents in `timeZone`.',
      resolve: (r) => r.localDateTime,
    }),
    timeZone: t.string({ nullable: true, description: ZONE_FIELD, resolve: (r) => r.timeZone }),
    recipientLocalTime: t.exposeBoolean('recipientLocalTime', { description: 'True when each recipient gets it at `localDateTime` in their own zone.' }),
  }),
});

const WeeklyRecurrenceRef = builder.objectRef<WeeklyRecurrence>('WeeklyRecurrence').implement({
  description: 'Every week on the chosen days at one wall-clock time.',
  isTypeOf: (value) => (value as Recurrence).kind === 'WEEKLY',
  fields: (t) => ({
    days: t.field({ type: [DayOfWeekEnum], description: 'The days it runs on, Monday first.', resolve: (r) => r.days }),
    time: t.field({ type: 'LocalTime', description: 'The wall-clock time of each run.', resolve: (r) => r.time }),
    timeZone: t.string({ nullable: true, description: ZONE_FIELD, resolve: (r) => r.timeZone }),
    recipientLocalTime: t.exposeBoolean('recipientLocalTime', { description: "True when `time` is read in each recipient's own zone." }),
    startDate: t.field({ type: 'DateTime', nullable: true, description: START_FIELD, resolve: (r) => r.startDate }),
    endDate: t.field({ type: 'DateTime', nullable: true, description: END_FIELD, resolve: (r) => r.endDate }),
    rrule: t.string({ description: RRULE_FIELD, resolve: (r, _args, ctx) => toRRule(r, { after: ctx.now }) }),
  }),
});

const IntervalRecurrenceRef = builder.objectRef<IntervalRecurrence>('IntervalRecurrence').implement({
  description: `Every N days, weeks or months (the "cron-like" form). Intervals count from the start date's day, week (Monday-based) or month. ${MONTH_END_RULE}`,
  isTypeOf: (value) => (value as Recurrence).kind === 'INTERVAL',
  fields: (t) => ({
    frequency: t.field({ type: FrequencyEnum, description: 'The period counted in.', resolve: (r) => r.frequency }),
    interval: t.exposeInt('interval', { description: 'Every how many periods (1 = every day/week/month).' }),
    daysOfWeek: t.field({
      type: [DayOfWeekEnum],
      nullable: true,
      description: 'WEEKLY only: the days it runs on; null otherwise.',
      resolve: (r) => r.daysOfWeek,
    }),
    dayOfMonth: t.int({ nullable: true, description: 'MONTHLY only: the day of the month (1–31); null otherwise.', resolve: (r) => r.dayOfMonth }),
    time: t.field({ type: 'LocalTime', description: 'The wall-clock time of each run.', resolve: (r) => r.time }),
    timeZone: t.string({ nullable: true, description: ZONE_FIELD, resolve: (r) => r.timeZone }),
    recipientLocalTime: t.exposeBoolean('recipientLocalTime', { description: "True when `time` is read in each recipient's own zone." }),
    startDate: t.field({ type: 'DateTime', nullable: true, description: START_FIELD, resolve: (r) => r.startDate }),
    endDate: t.field({ type: 'DateTime', nullable: true, description: END_FIELD, resolve: (r) => r.endDate }),
    rrule: t.string({ description: RRULE_FIELD, resolve: (r, _args, ctx) => toRRule(r, { after: ctx.now }) }),
  }),
});

export const RecurrenceUnion = builder.unionType('Recurrence', {
  description: 'When a schedule sends: once, weekly on chosen days, or every N days/weeks/months.',
  types: [OneTimeRecurrenceRef, WeeklyRecurrenceRef, IntervalRecurrenceRef],
  resolveType: (recurrence) => {
    switch (recurrence.kind) {
      case 'ONE_TIME':
        return OneTimeRecurrenceRef;
      case 'WEEKLY':
        return WeeklyRecurrenceRef;
      case 'INTERVAL':
        return IntervalRecurrenceRef;
    }
  },
});

const OneTimeInput = builder.inputType('OneTimeInput', {
  description: 'Send once.',
  fields: (t) => ({
    at: t.field({ type: 'DateTime', required: true, description: 'When to send, with an offset (e.g. `2026-12-01T09:00:00-05:00`). Must be in the future.' }),
    timeZone: t.string({ description: "IANA zone the send is meant in (for display and providers that store a zone); defaults to the provider's." }),
  }),
});

const WeeklyInput = builder.inputType('WeeklyInput', {
  description: 'Send every week on the chosen days.',
  fields: (t) => ({
    days: t.field({ type: [DayOfWeekEnum], required: true, description: 'At least one day.' }),
    time: t.field({ type: 'LocalTime', required: true, description: 'Wall-clock time of each send.' }),
    timeZone: t.string({ description: "IANA zone `time` is read in; defaults to the provider's (its account zone, or UTC; see `providers { notes }`)." }),
    recipientLocalTime: t.boolean({
      description: "Read `time` in each recipient's own zone (providers whose `ProviderInfo.recipientLocalTime` is true); cannot be combined with timeZone.",
    }),
    startDate: t.field({ type: 'DateTime', description: 'No send before this instant (some providers require it for repeating schedules).' }),
    endDate: t.field({ type: 'DateTime', description: 'No send after this instant (some providers require it for repeating schedules).' }),
  }),
});

const IntervalInput = builder.inputType('IntervalInput', {
  description: 'Send every N days, weeks or months.',
  fields: (t) => ({
    frequency: t.field({ type: FrequencyEnum, required: true, description: 'The period to count in.' }),
    interval: t.int({ description: 'Every how many periods; default 1.' }),
    daysOfWeek: t.field({ type: [DayOfWeekEnum], description: 'WEEKLY only (required there): the days to send on.' }),
    dayOfMonth: t.int({ description: `MONTHLY only (required there): the day of the month, 1–31. ${MONTH_END_RULE}` }),
    time: t.field({ type: 'LocalTime', required: true, description: 'Wall-clock time of each send.' }),
    timeZone: t.string({ description: "IANA zone `time` is read in; defaults to the provider's." }),
    startDate: t.field({ type: 'DateTime', description: 'No send before this instant; intervals count from its day/week/month.' }),
    endDate: t.field({ type: 'DateTime', description: 'No send after this instant.' }),
  }),
});

export const RecurrenceInput = builder.inputType('RecurrenceInput', {
  description: 'Exactly one of the three recurrence shapes.',
  isOneOf: true,
  fields: (t) => ({
    oneTime: t.field({ type: OneTimeInput, description: 'Send once.' }),
    weekly: t.field({ type: WeeklyInput, description: 'Send every week on chosen days.' }),
    interval: t.field({ type: IntervalInput, description: 'Send every N days, weeks or months.' }),
  }),
});

export type RecurrenceInputShape = typeof RecurrenceInput.$inferInput;

/** The GraphQL input as a core spec (no validation here: core and the provider validate). */
export function recurrenceSpecFromInput(input: RecurrenceInputShape): RecurrenceSpec {
  if (input.oneTime) return { kind: 'ONE_TIME', at: input.oneTime.at, timeZone: input.oneTime.timeZone ?? null };
  if (input.weekly) {
    const w = input.weekly;
    return {
      kind: 'WEEKLY',
      days: [...w.days],
      time: w.time,
      timeZone: w.timeZone ?? null,
      recipientLocalTime: w.recipientLocalTime ?? false,
      startDate: w.startDate ?? null,
      endDate: w.endDate ?? null,
    };
  }
  const i = input.interval;
  if (!i) throw new TypeError('RecurrenceInput is @oneOf: exactly one member is set');
  return {
    kind: 'INTERVAL',
    frequency: i.frequency,
    interval: i.interval ?? 1,
    daysOfWeek: i.daysOfWeek ? [...i.daysOfWeek] : null,
    dayOfMonth: i.dayOfMonth ?? null,
    time: i.time,
    timeZone: i.timeZone ?? null,
    startDate: i.startDate ?? null,
    endDate: i.endDate ?? null,
  };
}

/** The provider-neutral rules, with paths from the mutation input (`recurrence.…`); throws a ValidationError. */
function assertValidRecurrence(spec: RecurrenceSpec, now: string, prefix: string[] = ['recurrence']): void {
  const issues = validateRecurrenceSpec(spec, { now });
  if (issues.length > 0)
    throw new ValidationError(
      issues.map((i) => ({ ...i, path: [...prefix, ...i.path] })),
      null,
    );
}

const FIRST_RUNS_DEFAULT = 5;

export function clampFirst(first: number | null | undefined): number {
  return Math.max(0, Math.min(first ?? FIRST_RUNS_DEFAULT, MAX_OCCURRENCES));
}

builder.queryField('previewRecurrence', (t) =>
  t.field({
    type: [OccurrenceRef],
    description: `The next runs of a recurrence that is not saved yet (e.g. "next 5 sends" while a user fills in a form). Provider-neutral: zones default to UTC here. At most ${MAX_OCCURRENCES}. Invalid input is a GraphQL error with code VALIDATION_FAILED and the issues in extensions.`,
    args: {
      recurrence: t.arg({ type: RecurrenceInput, required: true, description: 'The recurrence to expand.' }),
      first: t.arg.int({ description: `How many runs (default ${FIRST_RUNS_DEFAULT}, at most ${MAX_OCCURRENCES}).` }),
      after: t.arg({ type: 'DateTime', description: 'Only runs after this instant; default now.' }),
    },
    resolve: (_root, args, ctx) => {
      const spec = recurrenceSpecFromInput(args.recurrence);
      assertValidRecurrence(spec, ctx.now, ['recurrence']);
      const recurrence = recurrenceFromSpec(spec, { defaultTimeZone: null });
      // No provider, no recipients: runs are flagged in the configured audience zones.
      return withZones(ctx.sendingWindow, AUDIENCE, nextOccurrences(recurrence, { after: args.after ?? ctx.now, first: clampFirst(args.first) }));
    },
  }),
);
