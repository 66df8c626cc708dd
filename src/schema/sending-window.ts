/**
 * Sending windows' GraphQL face: `Warning`, `OutsideSendingWindowError`, `Occurrence.outsideSendingWindow`,
 * `Schedule.warnings`, and the helpers the mutations and run lists use. The policy is in
 * core/sending-window.ts; what each provider knows about recipients is in providers/<name>/recipients.ts.
 */
import type { GatewayContext } from '../context.js';
import { ValidationError } from '../core/errors.js';
import type { ProviderName } from '../core/model.js';
import type { Occurrence } from '../core/occurrences.js';
import {
  MAX_OVERRIDE_LENGTH,
  OutsideSendingWindowError,
  checkSendingWindow,
  isRunOutside,
  sendingWindowCheck,
  sendingWindowReports,
  type PlannedSending,
  type SendingWindowCheck,
  type SendingWindowReport,
} from '../core/sending-window.js';
import type { WriteOutcome } from '../providers/provider.js';
import { recipientsOf } from '../providers/recipients.js';
import { builder } from './builder.js';
import { ErrorInterface } from './errors.js';
import { OccurrenceRef } from './recurrence.js';
import { ScheduleRef } from './schedule.js';

/** A run as the schema sees it: with its verdict (a warning's runs), or the zones to judge it in (listed runs). */
type JudgedOccurrence = Occurrence & { outsideSendingWindow?: boolean; sendingWindowZones?: readonly string[] };

builder.objectField(OccurrenceRef, 'outsideSendingWindow', (t) =>
  t.boolean({
    description:
      "True when this run lands outside the sending window (SENDING_WINDOW, e.g. 08:00–21:00) in some zone its recipients may be in: the recipients' own zones where the provider knows them (e.g. a message's phone number), else the configured audience zones; a recipient-local run is judged by its own wall clock. Always false when SENDING_WINDOW_POLICY is off.",
    resolve: (occurrence, _args, ctx) => {
      const run = occurrence as JudgedOccurrence;
      if (run.outsideSendingWindow !== undefined) return run.outsideSendingWindow;
      return run.sendingWindowZones ? isRunOutside(ctx.sendingWindow, run, run.sendingWindowZones) : false;
    },
  }),
);

const WarningCodeEnum = builder.enumType('WarningCode', {
  description: 'What a warning is about, in one stable word a client can switch on.',
  values: {
    OUTSIDE_SENDING_WINDOW: { description: "Some runs land outside the recipients' sending window (quiet hours)." },
  },
});

const REPORT_FIELDS = {
  zones: "The zones the runs were judged in: the recipients' own where the provider knows them, else the configured audience zones.",
  suggestedWindow:
    'The nearest window, in the runs\' own zone, that fits every zone on every checked date (e.g. "13:00–21:00 America/New_York"); null when no time of day does.',
  runsChecked: 'How many runs were checked: every run up to the end date (at most 1,000), or the 12 months from the first run of an open-ended schedule.',
  runsOutside: 'How many of the checked runs land outside the window in some zone.',
  firstRunsOutside: 'The first runs that land outside the window (at most 3).',
} as const;

export const WarningRef = builder.objectRef<SendingWindowReport>('Warning').implement({
  description: 'Something the caller should know although nothing failed (the change was made, or a dry run would make it).',
  fields: (t) => ({
    code: t.field({ type: WarningCodeEnum, description: 'What kind of warning this is.', resolve: () => 'OUTSIDE_SENDING_WINDOW' as const }),
    message: t.exposeString('message', {
      description: 'A sentence a front end can show as it is: the first offending runs, the zones and their local times, and the nearest window that fits.',
    }),
    zones: t.stringList({ description: REPORT_FIELDS.zones, resolve: (r) => r.zones }),
    suggestedWindow: t.string({ nullable: true, description: REPORT_FIELDS.suggestedWindow, resolve: (r) => r.suggestedWindow }),
    runsChecked: t.exposeInt('runsChecked', { description: REPORT_FIELDS.runsChecked }),
    runsOutside: t.exposeInt('runsOutside', { description: REPORT_FIELDS.runsOutside }),
    firstRunsOutside: t.field({
      type: [OccurrenceRef],
      description: REPORT_FIELDS.firstRunsOutside,
      resolve: (r) => r.firstOutside.map((o) => ({ ...o.run, outsideSendingWindow: true })),
    }),
    override: t.string({
      nullable: true,
      description: "The reason given in `sendingWindowOverride` to send anyway (kept for the schedule's history); null when none was given.",
      resolve: (r) => r.override,
    }),
  }),
});

builder.objectType(OutsideSendingWindowError, {
  name: 'OutsideSendingWindowError',
  description:
    'Refused because runs land outside the recipients\' sending window (SENDING_WINDOW_POLICY=enforce); nothing was sent to the provider. Change the time, or repeat with `sendingWindowOverride: "<reason>"` to send anyway.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    zones: t.stringList({ description: REPORT_FIELDS.zones, resolve: (e) => e.report.zones }),
    suggestedWindow: t.string({ nullable: true, description: REPORT_FIELDS.suggestedWindow, resolve: (e) => e.report.suggestedWindow }),
    runsChecked: t.int({ description: REPORT_FIELDS.runsChecked, resolve: (e) => e.report.runsChecked }),
    runsOutside: t.int({ description: REPORT_FIELDS.runsOutside, resolve: (e) => e.report.runsOutside }),
    firstRunsOutside: t.field({
      type: [OccurrenceRef],
      description: REPORT_FIELDS.firstRunsOutside,
      resolve: (e) => e.report.firstOutside.map((o) => ({ ...o.run, outsideSendingWindow: true })),
    }),
  }),
});

builder.objectField(ScheduleRef, 'warnings', (t) =>
  t.field({
    type: [WarningRef],
    description:
      'What the gateway would warn about if this schedule were created now, e.g. runs in quiet hours — also for schedules created outside the gateway. Empty when all is well or SENDING_WINDOW_POLICY is off.',
    resolve: async (schedule, _args, ctx) => {
      if (ctx.sendingWindow.mode === 'off' || schedule.recurrence === null) return [];
      const report = checkSendingWindow(ctx.sendingWindow, { recurrence: schedule.recurrence, recipients: await recipientsOf(schedule) }, ctx.now);
      return report ? [report] : [];
    },
  }),
);

/**
 * A create or update result with what its sending-window check saw: the planned schedule, the clock and the
 * override reason (kept for the schedule's history). Plain data, so an idempotent replay carries it too.
 */
export type CheckedOutcome = WriteOutcome & { sendingWindow: { planned: PlannedSending[]; now: string; override: string | null } };

const judged = new WeakMap<object, SendingWindowReport[]>();

/** The result's warnings, judged once per result object when a caller asks for them. */
export function warningsOf(outcome: Partial<CheckedOutcome>, ctx: GatewayContext): SendingWindowReport[] {
  const check = outcome.sendingWindow;
  if (!check) return [];
  let reports = judged.get(check);
  if (!reports) {
    reports = sendingWindowReports(ctx.sendingWindow, check);
    judged.set(check, reports);
  }
  return reports;
}

export const WARNINGS_DESCRIPTION =
  "Warnings about the schedule as written (or, in a dry run, as it would be): e.g. runs outside the recipients' sending window. Empty when all is well.";

export const OVERRIDE_DESCRIPTION = `Send even though runs land outside the recipients' sending window (SENDING_WINDOW_POLICY=enforce): the reason, kept with the schedule's history; a warning remains. 1–${MAX_OVERRIDE_LENGTH} characters.`;

/** The mutation's sending-window check, from the input's override (validated here: it is kept for audits). */
export function sendingWindowFor(ctx: GatewayContext, override: string | null | undefined, provider: ProviderName | null): SendingWindowCheck {
  let reason: string | null = null;
  if (override !== null && override !== undefined) {
    reason = override.trim();
    if (reason.length === 0 || reason.length > MAX_OVERRIDE_LENGTH) {
      throw ValidationError.single(
        ['sendingWindowOverride'],
        `Give the reason to send outside the sending window in 1 to ${MAX_OVERRIDE_LENGTH} characters`,
        null,
      );
    }
  }
  return sendingWindowCheck(ctx.sendingWindow, { now: ctx.now, override: reason, provider });
}

/** The outcome with what the check saw. */
export function checked(outcome: WriteOutcome, check: SendingWindowCheck): CheckedOutcome {
  return { ...outcome, sendingWindow: { planned: [...check.planned], now: check.now, override: check.override } };
}
