/**
 * Heymarket's writes as plans for the one runner (core/runner.ts): pure functions from the neutral input — and, for
 * an update, the message as Heymarket has it and the sender the gateway knows — to the issues or the exact request.
 * A PUT replaces the whole message, so an update's body is the current message with the patch and the new time
 * applied, checked again as a whole. Paths are neutral: `fields.…` (the caller's Heymarket input), `recurrence.…`.
 */
import type { ValidationIssue } from '../../core/errors.js';
import type { Instant, RecurrenceSpec } from '../../core/model.js';
import { ok, refused, type Result } from '../../core/result.js';
import type { PlannedRequest } from '../../core/runner.js';
import type { BadDataMeaning } from './client.js';
import type { HeymarketPatchInput, HeymarketTargetInput } from './input.js';
import { applyHeymarketPatch, toHeymarketCreateBody, writeBodyFromScheduled } from './mapping.js';
import type { HeymarketScheduled, HeymarketWriteBody } from './native.js';
import {
  BAD_DATA,
  CREATE_PATHS,
  checkHeymarketBody,
  checkHeymarketPatch,
  checkHeymarketRecurrence,
  checkHeymarketTarget,
  heymarketSenderForUpdate,
  updatePaths,
} from './validation.js';

export interface HeymarketWrite {
  /** One request, or none when the update changes nothing. */
  requests: PlannedRequest[];
  /** The body of that request (what the sending window and the inbox check judge); null when nothing is sent. */
  body: HeymarketWriteBody | null;
  /** Whether the inbox (and the sender's membership of it) must be checked: it is new in this write. */
  checkInbox: boolean;
  badData: BadDataMeaning;
}

/** A refusal always says where: an empty list becomes the recurrence's `bad_data`. */
function refusedWith(issues: ValidationIssue[]): Result<never> {
  return refused(issues.length > 0 ? issues : [{ path: ['recurrence'], message: 'The recurrence is not valid for Heymarket', providerCode: BAD_DATA }]);
}

const messagePath = (nativeId: string) => `/v1/schedule/${nativeId}`;

export function planHeymarketCreate(target: HeymarketTargetInput, recurrence: RecurrenceSpec | null, now: Instant): Result<HeymarketWrite> {
  const timing = checkHeymarketRecurrence(recurrence, now);
  const issues = [...checkHeymarketTarget(target, CREATE_PATHS.base), ...(timing.ok ? [] : timing.issues)];
  if (issues.length > 0 || !timing.ok) return refusedWith(issues);
  const body = toHeymarketCreateBody(target, timing.value);
  const bodyIssues = checkHeymarketBody(body, now, CREATE_PATHS, false);
  if (bodyIssues.length > 0) return refusedWith(bodyIssues);
  return ok({ requests: [{ method: 'POST', path: '/v1/schedule', body }], body, checkInbox: true, badData: CREATE_PATHS.base });
}

/** What an update asks for, checked before the current message is even read: its new `execute_at` (null: keep it). */
export function heymarketUpdateTiming(patch: HeymarketPatchInput | null, recurrence: RecurrenceSpec | null | undefined, now: Instant): Result<string | null> {
  if (recurrence === null) {
    return refused([
      {
        path: ['recurrence'],
        message: 'A Heymarket message always has a send time: give a new oneTime recurrence, or leave recurrence out to keep it',
        providerCode: BAD_DATA,
      },
    ]);
  }
  const paths = updatePaths(recurrence !== undefined);
  const timing = recurrence === undefined ? null : checkHeymarketRecurrence(recurrence, now);
  const issues = [...(patch ? checkHeymarketPatch(patch, paths.base) : []), ...(timing && !timing.ok ? timing.issues : [])];
  if (issues.length > 0) return refusedWith(issues);
  return ok(timing?.ok ? timing.value : null);
}

function hasChanges(patch: HeymarketPatchInput | null): boolean {
  return patch !== null && Object.values(patch).some((value) => value != null);
}

function withSender(body: HeymarketWriteBody, userId: number | null): HeymarketWriteBody {
  const { user_id: _dropped, ...rest } = body;
  return userId === null ? rest : { ...rest, user_id: userId };
}

/** Whether an update needs the sender the gateway recorded: only when neither Heymarket nor the caller says who sends it. */
export function heymarketUpdateNeedsSender(current: HeymarketScheduled, patch: HeymarketPatchInput | null, executeAt: string | null): boolean {
  return (executeAt !== null || hasChanges(patch)) && current.user_id == null && patch?.userId == null;
}

/**
 * The whole message to PUT. `recordedSender`: who the gateway last sent it as (a number, null for the team owner,
 * undefined when it never wrote it): H14, the sender is never dropped silently.
 */
export function planHeymarketUpdate(
  current: HeymarketScheduled,
  patch: HeymarketPatchInput | null,
  executeAt: string | null,
  recordedSender: number | null | undefined,
  now: Instant,
): Result<HeymarketWrite> {
  const paths = updatePaths(executeAt !== null);
  if (executeAt === null && !hasChanges(patch)) return ok({ requests: [], body: null, checkInbox: false, badData: null });
  const sender = heymarketSenderForUpdate(patch?.userId, current.user_id ?? recordedSender, [...paths.base, 'userId']);
  if (!sender.ok) return sender;
  const body = withSender(applyHeymarketPatch(writeBodyFromScheduled(current), patch, executeAt), sender.value);
  const bodyIssues = checkHeymarketBody(body, now, paths, executeAt === null);
  if (bodyIssues.length > 0) return refusedWith(bodyIssues);
  return ok({
    requests: [{ method: 'PUT', path: messagePath(current.id), route: '/v1/schedule/{id}', body }],
    body,
    checkInbox: patch?.inboxId != null || patch?.userId != null,
    // A 400 blames what the caller sent: the patch, else the new time (issue 12, item 7).
    badData: patch ? paths.base : paths.executeAt,
  });
}

/** No read first: Heymarket's 404 and 400 answers say what a read would have (see client.ts). */
export function planHeymarketDelete(nativeId: string): HeymarketWrite {
  return {
    requests: [{ method: 'DELETE', path: messagePath(nativeId), route: '/v1/schedule/{id}', body: null }],
    body: null,
    checkInbox: false,
    badData: 'state',
  };
}
