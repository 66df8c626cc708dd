/**
 * Trackly's writes as plans for the one runner (core/runner.ts): pure functions from the neutral input — and,
 * for a change, the schedule as Trackly has it — to the issues or the exact request to send. Issue paths are
 * neutral: `fields.…` is the caller's Trackly input (create's target, update's patch), then `recurrence.…`,
 * `status`; the GraphQL layer puts them where the caller wrote them.
 */
import { InvalidStateError } from '../../core/errors.js';
import type { Instant, RecurrenceSpec } from '../../core/model.js';
import { recurrenceFromSpec } from '../../core/recurrence-rules.js';
import { ok, type Result } from '../../core/result.js';
import type { Blame, PlannedRequest } from '../../core/runner.js';
import type { PlannedSending } from '../../core/sending-window.js';
import type { TracklyPatchInput, TracklyTargetInput } from './input.js';
import { fromTracklySchedule, toTracklyCreateBody, toTracklyPatchBody } from './mapping.js';
import type { TracklySchedule, TracklyStatus, TracklyWriteBody } from './native.js';
import { tracklyRecipients } from './recipients.js';
import { FIELDS, checkTracklyCreate, checkTracklyUpdate, tracklyInputPathOf } from './validation.js';

/** The account the plans are made for: its zone (TRACKLY_TIMEZONE) and the request's clock. */
export interface TracklyAccount {
  timeZone: string;
  now: Instant;
}

/** A Trackly write: its one request (none when nothing changes) and what the runner checks before sending it. */
export interface TracklyWrite {
  requests: PlannedRequest[];
  /** What it leaves scheduled, for the sending window; null for writes that do not change when it sends. */
  leaves: PlannedSending | null;
  /** The Trackly fields whose audiences, lists and offers must exist (checked through the request's loaders). */
  references: TracklyPatchInput | null;
  blame: Blame;
}

const schedulePath = (nativeId: string) => `/schedules/${encodeURIComponent(nativeId)}`;

function leavesScheduled(spec: RecurrenceSpec | null, timeZone: string): PlannedSending {
  return { recurrence: spec === null ? null : recurrenceFromSpec(spec, { defaultTimeZone: timeZone }), recipients: tracklyRecipients() };
}

function put(nativeId: string, body: TracklyWriteBody): PlannedRequest[] {
  return Object.keys(body).length === 0 ? [] : [{ method: 'PUT', path: schedulePath(nativeId), route: '/schedules/{id}', body }];
}

export function planTracklyCreate(target: TracklyTargetInput, recurrence: RecurrenceSpec | null, account: TracklyAccount): Result<TracklyWrite> {
  const checked = checkTracklyCreate(target, recurrence, account.timeZone, account.now);
  if (!checked.ok) return checked;
  return ok({
    requests: [{ method: 'POST', path: '/schedules', body: toTracklyCreateBody(target, checked.value) }],
    leaves: leavesScheduled(recurrence, account.timeZone),
    references: target,
    blame: tracklyInputPathOf(FIELDS, true, FIELDS),
  });
}

/** Trackly refuses any change to a complete schedule (`schedule_complete`): refused here, before a call. */
export function assertTracklyEditable(current: TracklySchedule): void {
  if (current.status === 'complete') {
    throw new InvalidStateError('The schedule is complete and can no longer be changed', 'TRACKLY', 'schedule_complete');
  }
}

export function planTracklyUpdate(
  current: TracklySchedule,
  patch: TracklyPatchInput | null,
  recurrence: RecurrenceSpec | null | undefined,
  account: TracklyAccount,
): Result<TracklyWrite> {
  const checked = checkTracklyUpdate(
    patch,
    recurrence,
    { sendType: current.send_type === 'automated' ? 'AUTOMATED' : 'BLAST', variantCount: current.blasts?.length ?? 0 },
    account.timeZone,
    account.now,
  );
  if (!checked.ok) return checked;
  return ok({
    requests: put(current.id, toTracklyPatchBody(patch, checked.value)),
    leaves:
      recurrence === undefined
        ? { recurrence: fromTracklySchedule(current, account.timeZone).recurrence, recipients: tracklyRecipients() }
        : leavesScheduled(recurrence, account.timeZone),
    references: patch,
    blame: tracklyInputPathOf(patch ? FIELDS : null, Boolean(recurrence), patch ? FIELDS : ['recurrence']),
  });
}

export function planTracklyStatus(current: TracklySchedule, status: TracklyStatus): TracklyWrite {
  return { requests: put(current.id, { status }), leaves: null, references: null, blame: tracklyInputPathOf(null, false, ['status']) };
}

/** Trackly archives rather than deletes (DELETE answers with the archived schedule's id). */
export function planTracklyDelete(current: TracklySchedule): TracklyWrite {
  return {
    requests: [{ method: 'DELETE', path: schedulePath(current.id), route: '/schedules/{id}', body: null }],
    leaves: null,
    references: null,
    blame: tracklyInputPathOf(null, false, ['id']),
  };
}
