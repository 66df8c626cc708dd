/**
 * Burki's writes as plans for the one runner (core/runner.ts): pure functions from the neutral input to the issues or
 * the exact request. Every Burki write is one POST on the campaign: its schedule (create, update, delete = clear
 * it back to `immediate`), or its start/pause. Paths are neutral: `fields.campaignId`, `recurrence.…`, `id`.
 */
import type { Instant, Recurrence, RecurrenceSpec } from '../../core/model.js';
import { recurrenceFromSpec } from '../../core/recurrence-rules.js';
import { ok, refused, type Result } from '../../core/result.js';
import type { PlannedRequest } from '../../core/runner.js';
import type { PlannedSending } from '../../core/sending-window.js';
import { campaignPath, type BurkiBlame } from './client.js';
import type { BurkiTargetInput } from './input.js';
import { burkiZoneOf, toBurkiScheduleBody } from './mapping.js';
import { burkiRecipients } from './recipients.js';
import { burkiInputPath, burkiRecurrenceIssues, burkiRejectionPaths, burkiTargetIssues } from './validation.js';

export interface BurkiWrite {
  requests: PlannedRequest[];
  /** What it leaves scheduled, for the sending window; null for writes the window does not judge (delete, start, pause). */
  leaves: PlannedSending | null;
  blame: BurkiBlame | null;
}

/** A validated spec as Burki will run it: in its zone (default UTC), per `burkiZoneOf`. */
function burkiRecurrenceOf(spec: RecurrenceSpec | null): Recurrence | null {
  return spec === null ? null : recurrenceFromSpec(spec, { defaultTimeZone: burkiZoneOf(spec) });
}

/** The campaign's schedule set to `recurrence` (null: cleared, started by hand). */
function saveSchedule(campaignId: number, recurrence: RecurrenceSpec | null, now: Instant): PlannedRequest[] {
  return [
    { method: 'POST', path: `${campaignPath(campaignId)}/schedule`, route: '/api/v1/campaigns/{id}/schedule', body: toBurkiScheduleBody(recurrence, now) },
  ];
}

function blameFor(recurrence: RecurrenceSpec | null, campaignInput: string[]): BurkiBlame {
  return { inputPathOf: (loc) => burkiInputPath(loc, recurrence, campaignInput), ...burkiRejectionPaths(recurrence) };
}

function scheduled(campaignId: number, recurrence: RecurrenceSpec | null, now: Instant, campaignInput: string[], judged: boolean): BurkiWrite {
  return {
    requests: saveSchedule(campaignId, recurrence, now),
    leaves: judged ? { recurrence: burkiRecurrenceOf(recurrence), recipients: burkiRecipients() } : null,
    blame: blameFor(recurrence, campaignInput),
  };
}

export function planBurkiCreate(target: BurkiTargetInput, recurrence: RecurrenceSpec | null, now: Instant): Result<BurkiWrite> {
  const issues = [...burkiTargetIssues(target), ...(recurrence ? burkiRecurrenceIssues(recurrence, now) : [])];
  if (issues.length > 0) return refused(issues);
  return ok(scheduled(target.campaignId, recurrence, now, ['fields', 'campaignId'], true));
}

/**
 * A new recurrence (null: clear it), or — `undefined` — nothing Burki stores besides the timing changes: no call,
 * and the window judges what stays scheduled (`current`).
 */
export function planBurkiUpdate(
  campaignId: number,
  recurrence: RecurrenceSpec | null | undefined,
  current: Recurrence | null,
  now: Instant,
): Result<BurkiWrite> {
  if (recurrence === undefined) return ok({ requests: [], leaves: { recurrence: current, recipients: burkiRecipients() }, blame: null });
  const issues = recurrence === null ? [] : burkiRecurrenceIssues(recurrence, now);
  if (issues.length > 0) return refused(issues);
  return ok(scheduled(campaignId, recurrence, now, ['id'], true));
}

/** Deleting clears the campaign's schedule (`immediate`): it goes back to draft and waits for the start endpoint. */
export function planBurkiDelete(campaignId: number, now: Instant): BurkiWrite {
  return scheduled(campaignId, null, now, ['id'], false);
}

export function planBurkiStatus(campaignId: number, status: 'RUNNING' | 'PAUSED'): BurkiWrite {
  const action = status === 'RUNNING' ? 'start' : 'pause';
  return {
    requests: [{ method: 'POST', path: `${campaignPath(campaignId)}/${action}`, route: `/api/v1/campaigns/{id}/${action}`, body: null }],
    leaves: null,
    blame: null,
  };
}
