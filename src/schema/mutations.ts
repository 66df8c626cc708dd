/**
 * The four mutations. Each returns a result union: a success member with `schedule`, or one of the typed
 * errors of schema/errors.ts. Resolvers only decode ids and dispatch to a provider session; every rule and
 * REST body lives in the provider.
 */
import type { GatewayContext } from '../context.js';
import { NotFoundError, ValidationError } from '../core/errors.js';
import { decodeScheduleId, type DecodedId } from '../core/global-id.js';
import { fingerprintOf } from '../core/idempotency.js';
import type { ProviderName, RecurrenceSpec } from '../core/model.js';
import type { PlannedRequest, WriteOutcome } from '../providers/provider.js';
import type { SessionLookup } from '../providers/sessions.js';
import type { ChangeAction } from '../store/registry.js';
import { builder } from './builder.js';
import { ScheduleStatusEnum } from './enums.js';
import { MUTATION_ERROR_TYPES } from './errors.js';
import { RecurrenceInput, recurrenceSpecFromInput, type RecurrenceInputShape } from './recurrence.js';
import { ScheduleRef } from './schedule.js';
import { PROVIDER_GRAPHQL } from './provider-types.js';
import { PROVIDERS } from '../core/model.js';
import { PROVIDER_MODULES } from '../providers/index.js';
import type { ProviderModule } from '../providers/module.js';
import type { ProviderSession } from '../providers/provider.js';
import { withInputPaths } from './input-paths.js';
import { OutsideSendingWindowError } from '../core/sending-window.js';
import { OVERRIDE_DESCRIPTION, WARNINGS_DESCRIPTION, WarningRef, checked, sendingWindowFor, warningsOf, type CheckedOutcome } from './sending-window.js';

const UpstreamCallRef = builder.objectRef<PlannedRequest>('UpstreamCall').implement({
  description: 'A write the gateway sent to the provider (or, in a dry run, would have sent).',
  fields: (t) => ({
    method: t.exposeString('method', { description: 'HTTP method.' }),
    path: t.exposeString('path', { description: "Path below the provider's base URL." }),
    body: t.string({
      nullable: true,
      description: "The JSON body exactly as sent, in the provider's own field names; null when there is none.",
      resolve: (call) => (call.body === null || call.body === undefined ? null : JSON.stringify(call.body)),
    }),
  }),
});

function successType<T extends WriteOutcome = WriteOutcome>(
  name: string,
  description: string,
  scheduleDescription: string,
  options: { warnings?: boolean } = {},
) {
  return builder.objectRef<T>(name).implement({
    description,
    fields: (t) => ({
      schedule: t.field({ type: ScheduleRef, nullable: true, description: scheduleDescription, resolve: (o) => o.schedule }),
      dryRun: t.boolean({ description: 'True when nothing was written: the result says what would have been sent.', resolve: (o) => o.dryRun }),
      upstreamCalls: t.field({
        type: [UpstreamCallRef],
        description: 'The writes sent to the provider (or that a dry run would send).',
        resolve: (o) => o.requests,
      }),
      // Create and update are checked against the sending window (schema/sending-window.ts).
      ...(options.warnings
        ? {
            warnings: t.field({
              type: [WarningRef],
              description: WARNINGS_DESCRIPTION,
              resolve: (o, _args, ctx) => warningsOf(o as Partial<CheckedOutcome>, ctx),
            }),
          }
        : {}),
    }),
  });
}

const ScheduleTargetInput = builder.inputType('ScheduleTargetInput', {
  description: "Which provider the new schedule goes to, with that provider's own fields. Exactly one.",
  isOneOf: true,
  fields: (t) =>
    Object.fromEntries(
      PROVIDERS.map((name) => {
        const { key, target } = PROVIDER_GRAPHQL[name];
        return [key, t.field({ type: target.type, description: target.description })];
      }),
    ),
});

const ScheduleTargetPatchInput = builder.inputType('ScheduleTargetPatchInput', {
  description: "Changes to the provider's own fields; the member must match the schedule's provider.",
  isOneOf: true,
  fields: (t) =>
    Object.fromEntries(
      PROVIDERS.flatMap((name) => {
        const { key, patch } = PROVIDER_GRAPHQL[name];
        return patch ? [[key, t.field({ type: patch.type, description: patch.description })]] : [];
      }),
    ),
});

const DRY_RUN = 'Run every check (gateway and provider rules, references) and return what would be sent, without writing anything.';

const CreateScheduleInput = builder.inputType('CreateScheduleInput', {
  description: 'A new schedule.',
  fields: (t) => ({
    target: t.field({ type: ScheduleTargetInput, required: true, description: 'The provider and its fields.' }),
    recurrence: t.field({
      type: RecurrenceInput,
      description: 'When it sends. Omit only where the provider allows a schedule started by hand (`ProviderInfo.manualStart`).',
    }),
    sendingWindowOverride: t.string({ description: OVERRIDE_DESCRIPTION }),
    idempotencyKey: t.string({
      description:
        'Makes retries safe: a repeat with the same key and the same input returns the first result without creating again (for 24 hours); the same key with a different input is an IdempotencyConflictError. Concurrent repeats wait for the first. 1–255 characters.',
    }),
    dryRun: t.boolean({ description: DRY_RUN }),
  }),
});

const UpdateScheduleInput = builder.inputType('UpdateScheduleInput', {
  description: 'Changes to a schedule. Omitted fields stay as they are.',
  fields: (t) => ({
    id: t.id({ required: true, description: "The schedule's global id." }),
    recurrence: t.field({
      type: RecurrenceInput,
      description: 'A new recurrence. Omit to keep it; null to clear it where the provider allows (`ProviderInfo.manualStart`: back to "started by hand").',
    }),
    patch: t.field({ type: ScheduleTargetPatchInput, description: "Changes to the provider's own fields." }),
    sendingWindowOverride: t.string({ description: OVERRIDE_DESCRIPTION }),
    dryRun: t.boolean({ description: DRY_RUN }),
  }),
});

const DeleteScheduleInput = builder.inputType('DeleteScheduleInput', {
  description: 'The schedule to delete (archived, cancelled or cleared, as `providers { notes }` says for its provider).',
  fields: (t) => ({
    id: t.id({ required: true, description: "The schedule's global id." }),
    dryRun: t.boolean({ description: DRY_RUN }),
  }),
});

const SetScheduleStatusInput = builder.inputType('SetScheduleStatusInput', {
  description: 'Switch a schedule on or off (see `providers` for the statuses each provider can be moved to).',
  fields: (t) => ({
    id: t.id({ required: true, description: "The schedule's global id." }),
    status: t.field({ type: ScheduleStatusEnum, required: true, description: 'The status to move it to.' }),
    dryRun: t.boolean({ description: DRY_RUN }),
  }),
});

/**
 * The one place every write through the gateway passes once it succeeded upstream: it goes into the store's
 * schedule registry (a dry run, an update that changed nothing, or a gateway without a store records
 * nothing). The upstream write already happened, so a failure to record it must not turn the caller's
 * success into an error (that would invite a second create): the row is then lost, and the write stands.
 */
async function recorded<T extends WriteOutcome>(
  ctx: GatewayContext,
  provider: ProviderName,
  nativeId: string | null,
  action: ChangeAction,
  outcome: T,
  recurrence?: RecurrenceSpec | null,
): Promise<T> {
  const id = nativeId ?? outcome.schedule?.nativeId ?? null;
  if (!ctx.schedules || outcome.dryRun || outcome.requests.length === 0 || id === null) return outcome;
  const { scope, actor } = ctx.caller;
  await ctx.schedules
    .record({ provider, nativeId: id, action, scope, actor, sent: outcome.requests.map((call) => call.body ?? null), zone: zoneGiven(recurrence) })
    .catch(() => undefined);
  return outcome;
}

/** The zone of a one-time send as the caller gave it: null when the time is not set by this write, '' for no zone. */
function zoneGiven(recurrence: RecurrenceSpec | null | undefined): string | null {
  if (recurrence === undefined) return null;
  return recurrence?.kind === 'ONE_TIME' ? (recurrence.timeZone ?? '') : '';
}

function scheduleId(globalId: string): DecodedId {
  const decoded = decodeScheduleId(globalId);
  if (!decoded) throw new NotFoundError(`"${globalId}" is not a schedule id`, null);
  return decoded;
}

function recurrenceArg(input: RecurrenceInputShape | null | undefined) {
  if (input === undefined) return undefined;
  return input === null ? null : recurrenceSpecFromInput(input);
}

function assertPatchMatches(provider: ProviderName, patch: Record<string, unknown> | null | undefined): void {
  if (!patch) return;
  const given = Object.keys(patch).find((key) => patch[key] != null);
  const own = PROVIDER_GRAPHQL[provider].key;
  if (given && given !== own) {
    throw ValidationError.single(['patch', given], `This is a ${provider} schedule: give patch.${own}, not patch.${given}`, null);
  }
}

/** The provider whose member of a one-of input is set (`target.<key>`), or null when none is. */
function chosenProvider(members: Record<string, unknown>): ProviderName | null {
  return PROVIDERS.find((name) => members[PROVIDER_GRAPHQL[name].key] != null) ?? null;
}

/**
 * A provider's session as the general type, so one call serves every provider: the member passed to it was
 * parsed by that provider's own input type, which provider-types.ts checks against its session's request.
 */
function sessionOf(sessions: SessionLookup, provider: ProviderName): ProviderSession {
  return sessions.get(provider);
}

const errors = (name: string, extra: Array<(typeof MUTATION_ERROR_TYPES)[number] | typeof OutsideSendingWindowError> = []) => ({
  types: [...MUTATION_ERROR_TYPES, ...extra],
  directResult: true as const,
  union: { name, description: `The result of ${name.charAt(0).toLowerCase()}${name.slice(1).replace(/Result$/, '')}: success, or a typed error.` },
});

builder.mutationField('createSchedule', (t) =>
  t.field({
    type: successType<CheckedOutcome>(
      'CreateScheduleSuccess',
      'The schedule was created (or, in a dry run, would be).',
      'The created schedule; null in a dry run.',
      { warnings: true },
    ),
    description:
      "Create a schedule at one provider. Rules the provider would reject are checked first and returned as ValidationError with the provider's code; runs in recipients' quiet hours are a warning, or an OutsideSendingWindowError under SENDING_WINDOW_POLICY=enforce.",
    errors: errors('CreateScheduleResult', [OutsideSendingWindowError]),
    args: { input: t.arg({ type: CreateScheduleInput, required: true, description: 'The new schedule.' }) },
    resolve: (_root, { input }, ctx: GatewayContext, info) =>
      withInputPaths(info, input, async () => {
        const recurrence = recurrenceArg(input.recurrence) ?? null;
        const dryRun = input.dryRun ?? false;
        const { target } = input;
        const provider = chosenProvider(target);
        const create = async (sessions: SessionLookup): Promise<CheckedOutcome> => {
          // A fresh check per attempt: an idempotent replay returns the first attempt's outcome, warnings included.
          const check = sendingWindowFor(ctx, input.sendingWindowOverride, provider);
          const sendingWindow = check.guard;
          if (provider === null) throw ValidationError.single(['target'], 'Choose exactly one provider in target', null);
          const made = (outcome: WriteOutcome) => recorded(ctx, provider, null, 'CREATED', outcome, recurrence).then((o) => checked(o, check));
          const member = target[PROVIDER_GRAPHQL[provider].key];
          return made(await sessionOf(sessions, provider).createSchedule({ target: member, recurrence, dryRun, sendingWindow }));
        };
        const key = input.idempotencyKey;
        // A dry run writes nothing, so it neither uses nor consumes a key.
        if (key === null || key === undefined || dryRun) return create(ctx.sessions);
        if (key.length === 0 || key.length > 255) throw ValidationError.single(['idempotencyKey'], 'An idempotency key has 1 to 255 characters', null);
        const fingerprint = fingerprintOf({ target: input.target, recurrence: input.recurrence ?? null });
        // Every holder of the key shares this one create, so it must not die with the request that happened to
        // start it (issue 11 item 8): it runs on sessions detached from this caller, under its own timeout, and
        // this caller's disconnect or deadline only ends this caller's wait.
        return ctx.idempotency.run({ scope: ctx.caller.scope, key, fingerprint, signal: ctx.signal }, () => create(ctx.detachedSessions()));
      }),
  }),
);

builder.mutationField('updateSchedule', (t) =>
  t.field({
    type: successType<CheckedOutcome>(
      'UpdateScheduleSuccess',
      'The schedule was changed (or, in a dry run, would be).',
      'The schedule after the change (before it, in a dry run).',
      { warnings: true },
    ),
    description:
      "Change a schedule's recurrence and/or its provider fields. The schedule as it would be after the change is checked against the recipients' sending window, as for createSchedule.",
    errors: errors('UpdateScheduleResult', [OutsideSendingWindowError]),
    args: { input: t.arg({ type: UpdateScheduleInput, required: true, description: 'What to change.' }) },
    resolve: (_root, { input }, ctx: GatewayContext, info) =>
      withInputPaths(info, input, async () => {
        const { provider, nativeId } = scheduleId(input.id);
        assertPatchMatches(provider, input.patch);
        const recurrence = recurrenceArg(input.recurrence);
        const dryRun = input.dryRun ?? false;
        const check = sendingWindowFor(ctx, input.sendingWindowOverride, provider);
        const sendingWindow = check.guard;
        const updated = (outcome: WriteOutcome) => recorded(ctx, provider, nativeId, 'UPDATED', outcome, recurrence).then((o) => checked(o, check));
        // A provider without a patch member always gets null (assertPatchMatches refused any other member).
        const own = PROVIDER_GRAPHQL[provider].patch ? PROVIDER_GRAPHQL[provider].key : null;
        const patch = own === null ? null : (input.patch?.[own] ?? null);
        return updated(await sessionOf(ctx.sessions, provider).updateSchedule(nativeId, { patch, recurrence, dryRun, sendingWindow }));
      }),
  }),
);

type DeleteOutcome = WriteOutcome & { deletedId: string };

const DeleteScheduleSuccess = successType<DeleteOutcome>(
  'DeleteScheduleSuccess',
  'The schedule was deleted, archived or cleared (or, in a dry run, would be).',
  'What is left of it (e.g. an archived schedule, or a campaign with no schedule); null when it is gone.',
);
// Lets a client evict the schedule from its cache even when nothing is left of it (the schedule is null).
builder.objectField(DeleteScheduleSuccess, 'deletedId', (t) => t.id({ description: 'The global id of the deleted schedule.', resolve: (o) => o.deletedId }));

builder.mutationField('deleteSchedule', (t) =>
  t.field({
    type: DeleteScheduleSuccess,
    description: `Delete a schedule. ${PROVIDERS.map((name) => `${PROVIDER_MODULES[name].label} ${PROVIDER_MODULES[name].docs.delete}`).join(', ')}.`,
    errors: errors('DeleteScheduleResult'),
    args: { input: t.arg({ type: DeleteScheduleInput, required: true, description: 'The schedule to delete.' }) },
    resolve: (_root, { input }, ctx: GatewayContext, info) =>
      withInputPaths(info, input, async () => {
        const { provider, nativeId } = scheduleId(input.id);
        const outcome = await recorded(
          ctx,
          provider,
          nativeId,
          'DELETED',
          await ctx.sessions.get(provider).deleteSchedule(nativeId, { dryRun: input.dryRun ?? false }),
        );
        return { ...outcome, deletedId: input.id };
      }),
  }),
);

builder.mutationField('setScheduleStatus', (t) =>
  t.field({
    type: successType(
      'SetScheduleStatusSuccess',
      'The schedule moved to the new status (or, in a dry run, would).',
      'The schedule after the change (before it, in a dry run).',
    ),
    description: `Switch a schedule on, off, to draft, … (${PROVIDERS.flatMap((name) => {
      const { label, docs }: ProviderModule = PROVIDER_MODULES[name];
      return docs.status ? [`${label}: ${docs.status}`] : [];
    }).join('; ')}).`,
    errors: errors('SetScheduleStatusResult'),
    args: { input: t.arg({ type: SetScheduleStatusInput, required: true, description: 'The schedule and its new status.' }) },
    resolve: (_root, { input }, ctx: GatewayContext, info) =>
      withInputPaths(info, input, async () => {
        const { provider, nativeId } = scheduleId(input.id);
        return recorded(
          ctx,
          provider,
          nativeId,
          'STATUS_CHANGED',
          await ctx.sessions.get(provider).setScheduleStatus(nativeId, input.status, { dryRun: input.dryRun ?? false }),
        );
      }),
  }),
);
