/**
 * Heymarket's documented rules, checked before any write so the gateway refuses what Heymarket would refuse,
 * with Heymarket's documented label `bad_data` as providerCode. Paths are neutral (core/runner.ts): `fields.…` for
 * the caller's Heymarket input (create's target, update's patch), `recurrence.…`.
 *
 * Documented: `execute_at` is RFC 3339, at least 15 minutes in the future and on a 15-minute boundary
 * (:00/:15/:30/:45); `content` needs text (or a template); exactly one target family; phone numbers are
 * E.164; `inbox_id` comes from `GET /v1/inboxes`.
 * ASSUMPTION H8: the quarter-hour rule is judged on the UTC instant with zero seconds (every zone offset in
 * use is a multiple of 15 minutes, so a local :00/:15/:30/:45 is also one in UTC); "15 minutes in the future"
 * is judged against the request's `now`, inclusive.
 * ASSUMPTION H9: an unknown inbox is `bad_data`, and a `user_id` that is not a member of the inbox is refused
 * (Heymarket's 403 "no access (team or sender)"); both are checked through the request's inbox loader.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { InvalidStateError, UnsupportedRecurrenceError, issue as anIssue, type ValidationIssue } from '../../core/errors.js';
import type { Instant, RecurrenceSpec } from '../../core/model.js';
import { ok, refused, type Result } from '../../core/result.js';
import { validateRecurrenceSpec } from '../../core/recurrence-rules.js';
import { Temporal, formatInstant, parseInstant } from '../../core/time.js';
import type { HeymarketAttachmentInput, HeymarketPatchInput, HeymarketRecipientInput, HeymarketTargetInput } from './input.js';
import { HEYMARKET_SUPPORTED_RECURRENCES, heymarketStatus, toHeymarketExecuteAt } from './mapping.js';
import { HEYMARKET_TARGET_FIELDS, type HeymarketInbox, type HeymarketWriteBody } from './native.js';

/** Heymarket's own label for a refused body (400). */
export const BAD_DATA = 'bad_data';
const MIN_LEAD_MINUTES = 15;
const BOUNDARY_MINUTES = 15;

/** Heymarket refuses what breaks its rules with `bad_data`, so that is the code of the gateway's own refusals too. */
function issue(path: string[], message: string, providerCode: string | null = BAD_DATA): ValidationIssue {
  return anIssue(path, message, providerCode);
}

/** Where each part of a write body came from in the mutation's input, so an issue points at what to change. */
export interface HeymarketPaths {
  /** The caller's Heymarket fields: `fields` (the create's target or the update's patch). */
  base: string[];
  /** The field that sets `execute_at`: `recurrence.oneTime.at`, or `recurrence` when the current time is kept. */
  executeAt: string[];
}

export const CREATE_PATHS: HeymarketPaths = { base: ['fields'], executeAt: ['recurrence', 'oneTime', 'at'] };

export function updatePaths(recurrenceGiven: boolean): HeymarketPaths {
  return { base: ['fields'], executeAt: recurrenceGiven ? ['recurrence', 'oneTime', 'at'] : ['recurrence'] };
}

const positiveInteger = (value: number) => Number.isSafeInteger(value) && value > 0;

/** Issues of a phone number given in E.164 with `+`; validity is libphonenumber's, not a regex of ours. */
export function phoneNumberIssue(value: string, path: string[]): ValidationIssue | null {
  const trimmed = value.trim();
  if (!trimmed.startsWith('+')) {
    return issue(path, `"${value}" must be in E.164 format with the leading + and country code, such as +14155553434`);
  }
  const parsed = parsePhoneNumberFromString(trimmed);
  if (!parsed?.isValid()) return issue(path, `"${value}" is not a valid phone number; give it in E.164 format, such as +14155553434`);
  return null;
}

function recipientIssues(recipient: HeymarketRecipientInput, base: string[]): ValidationIssue[] {
  const path = [...base, 'recipient'];
  const given = (['phoneNumber', 'conversationId', 'listId'] as const).filter((key) => recipient[key] != null);
  if (given.length !== 1) {
    return [
      issue(
        path,
        `Give exactly one recipient: phoneNumber, conversationId or listId (${given.length === 0 ? 'none was given' : `got ${given.join(' and ')}`})`,
      ),
    ];
  }
  const issues: ValidationIssue[] = [];
  if (recipient.phoneNumber != null) {
    const problem = phoneNumberIssue(recipient.phoneNumber, [...path, 'phoneNumber']);
    if (problem) issues.push(problem);
  }
  if (recipient.conversationId != null && !positiveInteger(recipient.conversationId)) {
    issues.push(issue([...path, 'conversationId'], 'conversationId must be a positive whole number'));
  }
  if (recipient.listId != null && !positiveInteger(recipient.listId)) issues.push(issue([...path, 'listId'], 'listId must be a positive whole number'));
  return issues;
}

function attachmentIssues(attachments: readonly HeymarketAttachmentInput[], base: string[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  attachments.forEach((attachment, i) => {
    let ok = false;
    try {
      const url = new URL(attachment.url);
      ok = url.protocol === 'https:' || url.protocol === 'http:';
    } catch {
      ok = false;
    }
    // Not a documented Heymarket rule (the gateway's own), so no providerCode.
    if (!ok) issues.push(issue([...base, 'attachments', String(i), 'url'], `Attachment ${i + 1} needs an absolute http(s) URL`, null));
  });
  return issues;
}

/** Field rules of a patch (and, through `checkHeymarketTarget`, of a create input): only the fields given. */
export function checkHeymarketPatch(patch: HeymarketPatchInput, base: string[]): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (patch.inboxId != null && !positiveInteger(patch.inboxId)) issues.push(issue([...base, 'inboxId'], 'inboxId must be a positive whole number'));
  if (patch.templateId != null && !positiveInteger(patch.templateId)) issues.push(issue([...base, 'templateId'], 'templateId must be a positive whole number'));
  if (patch.userId != null && !positiveInteger(patch.userId)) issues.push(issue([...base, 'userId'], 'userId must be a positive whole number'));
  if (patch.recipient != null) issues.push(...recipientIssues(patch.recipient, base));
  if (patch.attachments != null) issues.push(...attachmentIssues(patch.attachments, base));
  return issues;
}

export function checkHeymarketTarget(input: HeymarketTargetInput, base: string[]): ValidationIssue[] {
  const issues = checkHeymarketPatch(input, base);
  // A patch may leave the recipient out; a new message may not.
  if (input.recipient == null) issues.push(...recipientIssues({}, base));
  return issues;
}

/** The first quarter hour at or after `instant`. */
function nextBoundary(instant: Temporal.Instant): Temporal.Instant {
  return instant.round({ smallestUnit: 'minute', roundingIncrement: BOUNDARY_MINUTES, roundingMode: 'ceil' });
}

/**
 * The execute_at rules for one instant. `keptCurrent`: the caller gave no new time and the message's current
 * one is kept, so the message says to give a new one.
 */
function executeAtIssues(at: Temporal.Instant, now: Instant, path: string[], keptCurrent = false): ValidationIssue[] {
  const current = parseInstant(now);
  if (!current) throw new RangeError(`now is not an RFC 3339 instant: ${now}`);
  const issues: ValidationIssue[] = [];
  const earliest = current.add({ minutes: MIN_LEAD_MINUTES });
  if (Temporal.Instant.compare(at, earliest) < 0) {
    const minutes = Math.floor(current.until(at).total('minutes'));
    const when = Temporal.Instant.compare(at, current) <= 0 ? 'is in the past' : `is only ${minutes} minute${minutes === 1 ? '' : 's'} from now`;
    const fix = keptCurrent ? `This message is due at ${formatInstant(at)}, which ${when}: give a new recurrence.oneTime.at` : `${formatInstant(at)} ${when}`;
    issues.push(
      issue(
        path,
        `Heymarket needs execute_at at least ${MIN_LEAD_MINUTES} minutes ahead. ${fix}; the earliest allowed time is ${formatInstant(nextBoundary(earliest))}.`,
      ),
    );
  }
  const floor = at.round({ smallestUnit: 'minute', roundingIncrement: BOUNDARY_MINUTES, roundingMode: 'floor' });
  if (!floor.equals(at)) {
    issues.push(
      issue(
        path,
        `Heymarket sends only on a quarter hour (:00, :15, :30 or :45, with zero seconds); ${formatInstant(at)} is not one. The nearest are ${formatInstant(floor)} and ${formatInstant(nextBoundary(at))}.`,
      ),
    );
  }
  return issues;
}

/**
 * A requested recurrence → Heymarket's `execute_at`, or the issues that prevent it. Weekly and interval
 * recurrences cannot be expressed at all: `UnsupportedRecurrenceError`, naming what Heymarket supports.
 */
export function checkHeymarketRecurrence(spec: RecurrenceSpec | null, now: Instant): Result<string> {
  if (spec === null) {
    return refused([issue(['recurrence'], 'Heymarket messages need a oneTime recurrence: when to send, at least 15 minutes ahead on :00, :15, :30 or :45')]);
  }
  if (spec.kind !== 'ONE_TIME') {
    throw new UnsupportedRecurrenceError(
      `Heymarket cannot send a ${spec.kind === 'WEEKLY' ? 'weekly' : 'repeating (interval)'} schedule: it supports ${HEYMARKET_SUPPORTED_RECURRENCES}`,
      'HEYMARKET',
      ['ONE_TIME'],
      [],
    );
  }
  // Provider-neutral rules first (zone name, RFC 3339); "in the future" is replaced by Heymarket's stricter rule.
  const core = validateRecurrenceSpec(spec, { now });
  const atPath = ['oneTime', 'at'].join('.');
  const at = parseInstant(spec.at);
  const issues = core
    .filter((i) => !(at && i.path.join('.') === atPath))
    .map((i) => ({ ...i, path: ['recurrence', ...i.path], providerCode: i.path.join('.') === atPath ? BAD_DATA : i.providerCode }));
  if (at) issues.push(...executeAtIssues(at, now, ['recurrence', 'oneTime', 'at']));
  return issues.length === 0 ? ok(toHeymarketExecuteAt(spec.at)) : refused(issues);
}

/** Rules of the whole body about to be sent (the merged one, for an update): content, recipient, execute_at. */
export function checkHeymarketBody(body: HeymarketWriteBody, now: Instant, paths: HeymarketPaths, keptCurrentTime: boolean): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const text = body.content.text?.trim() ?? '';
  if (text.length === 0 && body.content.template == null) {
    issues.push(issue([...paths.base, 'text'], 'Give the message text, or a templateId to send instead'));
  }
  const targets = HEYMARKET_TARGET_FIELDS.filter((field) => body[field] != null);
  if (targets.length !== 1) issues.push(issue([...paths.base, 'recipient'], 'Give exactly one recipient: phoneNumber, conversationId or listId'));
  const at = parseInstant(body.execute_at);
  if (!at) issues.push(issue(paths.executeAt, `execute_at must be an RFC 3339 date-time (got "${body.execute_at}")`));
  else issues.push(...executeAtIssues(at, now, paths.executeAt, keptCurrentTime));
  return issues;
}

/** H9: the inbox must be one of the team's, and `user_id`, when given, one of its members. */
export function checkHeymarketInbox(body: HeymarketWriteBody, inbox: HeymarketInbox | null, base: string[]): ValidationIssue[] {
  if (!inbox) return [issue([...base, 'inboxId'], `Inbox ${body.inbox_id} is not one of this Heymarket team's inboxes`)];
  if (body.user_id != null && inbox.members != null && !inbox.members.includes(body.user_id)) {
    return [issue([...base, 'userId'], `User ${body.user_id} is not a member of inbox ${inbox.id} (${inbox.name}), so cannot send from it`, null)];
  }
  return [];
}

/**
 * ASSUMPTION H12: once its `execute` time has passed the message is sent and Heymarket will not change or
 * cancel it (undocumented; the sandbox answers 400). Null while it can still change.
 */
export function sentMessageRefusal(execute: string, now: Instant): InvalidStateError | null {
  if (heymarketStatus(execute, now).status !== 'COMPLETED') return null;
  return new InvalidStateError(`This Heymarket message was already sent (at ${execute}); it can no longer be changed or cancelled`, 'HEYMARKET', null);
}

/**
 * ASSUMPTION H14 (issue 12, item 2): who sends an updated message. A PUT replaces the whole message and an
 * omitted `user_id` "defaults to the team owner", but the read object has no `user_id`, so the gateway cannot
 * see who sends a message it is about to rewrite. Rule: never drop a sender the caller set. The sender sent is
 * the caller's restated `patch.heymarket.userId`; else the known sender of the message (`knownSender`: a
 * number, or null for "sent as the team owner"; `undefined` when unknown — from the read when Heymarket
 * includes a `user_id`, and from the gateway's registry of what it sent once that exists); else the update is
 * refused, so the sender never changes silently. The ONE place this is decided.
 */
export function heymarketSenderForUpdate(restated: number | null | undefined, knownSender: number | null | undefined, path: string[]): Result<number | null> {
  if (restated != null) return ok(restated);
  if (knownSender !== undefined) return ok(knownSender);
  return refused([
    issue(
      path,
      "Heymarket does not say who sends a scheduled message (its read has no user_id), and an update without user_id makes the team owner the sender. Restate the sender to keep it: give userId (the team owner's member id if the owner sends it).",
    ),
  ]);
}
