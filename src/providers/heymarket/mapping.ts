/**
 * Heymarket ⇄ core translation. Pure functions: no HTTP, no GraphQL, no clock of their own (`now` is passed).
 * Instant handling goes through core/time and core/recurrence-rules.
 *
 * Decisions and ASSUMPTIONS (numbering continues native.ts):
 * - `execute_at` is always sent as a UTC instant with `Z` (RFC 3339). The caller's `timeZone` has nowhere to
 *   live upstream, so a message read back (and the result of a write, which is read back) carries
 *   `timeZone: "UTC"`; the instant is the same.
 * - H4 Heymarket has no status field: a message whose `execute` is after the request's `now` is SCHEDULED
 *   (nativeStatus "scheduled"), otherwise COMPLETED ("sent"). A message cancelled upstream simply 404s.
 * - H5 Heymarket has no name field: the name is the first 60 characters of the text, else "Template <id>",
 *   else "Scheduled message <id>".
 * - H6 Phone numbers are E.164 with `+` in the gateway's API and without it on the wire (documented); a
 *   phone-number recipient is sent both as `phone_number` and as `content.to`, as the docs' example does.
 * - H7 Rebuilding a write body from a read (for PUT) keeps only the documented ScheduledContent fields
 *   (text, to, template, attachments, gallery); undocumented echo fields (`local_day`, `local_time`,
 *   `offset`) are not sent back.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { HeymarketAttachment, HeymarketDetails, HeymarketRecipient, Instant, Schedule, ScheduleStatus } from '../../core/model.js';
import { recurrenceFromSpec } from '../../core/recurrence-rules.js';
import { Temporal, formatInstant, normaliseInstant, parseInstant } from '../../core/time.js';
import type { HeymarketInboxInfo } from './details.js';
import type { HeymarketAttachmentInput, HeymarketPatchInput, HeymarketRecipientInput, HeymarketTargetInput } from './input.js';
import {
  HEYMARKET_TARGET_FIELDS,
  type HeymarketInbox,
  type HeymarketNativeAttachment,
  type HeymarketNativeContent,
  type HeymarketScheduled,
  type HeymarketTemplate,
  type HeymarketWriteBody,
  type HeymarketWriteContent,
} from './native.js';

export const HEYMARKET_SUPPORTED_RECURRENCES = 'one-time sends only (a oneTime recurrence at least 15 minutes ahead, on :00, :15, :30 or :45)';

const HEYMARKET_NAME_LENGTH = 60;

/** A phone number in E.164 with `+` (any formatting libphonenumber understands) → E.164 digits without `+`. */
function toHeymarketPhone(phoneNumber: string): string {
  const parsed = parsePhoneNumberFromString(phoneNumber.trim());
  // Validation has already refused what libphonenumber cannot parse; digits-only is the defensive fallback.
  return parsed ? parsed.number.slice(1) : phoneNumber.replace(/\D/g, '');
}

/** E.164 without `+` (the wire) → E.164 with `+` (the API). */
function fromHeymarketPhone(wire: string): string {
  return wire.startsWith('+') ? wire : `+${wire}`;
}

/** A validated instant as Heymarket's `execute_at`: RFC 3339 in UTC with `Z`. */
export function toHeymarketExecuteAt(at: Instant): string {
  const parsed = parseInstant(at);
  if (!parsed) throw new RangeError(`not an RFC 3339 instant: ${at} (validate first)`);
  return formatInstant(parsed);
}

function attachmentBody(attachment: HeymarketAttachmentInput): { url: string; name?: string; type?: string } {
  return {
    url: attachment.url,
    ...(attachment.name != null ? { name: attachment.name } : {}),
    ...(attachment.type != null ? { type: attachment.type } : {}),
  };
}

/** Removes every target family from a body, and `content.to` with it. */
function withoutTarget(body: HeymarketWriteBody): HeymarketWriteBody {
  const next: HeymarketWriteBody = { ...body, content: { ...body.content } };
  for (const field of HEYMARKET_TARGET_FIELDS) delete next[field];
  delete next.content.to;
  return next;
}

function withRecipient(body: HeymarketWriteBody, recipient: HeymarketRecipientInput): HeymarketWriteBody {
  const next = withoutTarget(body);
  if (recipient.phoneNumber != null) {
    const phone = toHeymarketPhone(recipient.phoneNumber);
    next.phone_number = phone;
    next.content.to = phone;
  } else if (recipient.conversationId != null) {
    next.conversation_id = recipient.conversationId;
  } else if (recipient.listId != null) {
    next.list_id = recipient.listId;
  }
  return next;
}

/** POST /v1/schedule body from a validated input and `execute_at`. */
export function toHeymarketCreateBody(input: HeymarketTargetInput, executeAt: string): HeymarketWriteBody {
  const content: HeymarketWriteContent = {};
  if (input.text != null && input.text.trim().length > 0) content.text = input.text;
  if (input.templateId != null) content.template = input.templateId;
  if (input.attachments != null && input.attachments.length > 0) content.attachments = input.attachments.map(attachmentBody);
  const body: HeymarketWriteBody = {
    inbox_id: input.inboxId,
    execute_at: executeAt,
    content,
    ...(input.localId != null ? { local_id: input.localId } : {}),
    ...(input.userId != null ? { user_id: input.userId } : {}),
  };
  return withRecipient(body, input.recipient);
}

function cleanAttachment(attachment: HeymarketNativeAttachment): HeymarketNativeAttachment {
  const { name, type, ...rest } = attachment;
  return { ...rest, ...(name != null ? { name } : {}), ...(type != null ? { type } : {}) };
}

/**
 * The full write body that reproduces a message as read (H1, H2, H7): the starting point of a
 * read-modify-write, since PUT replaces the whole message.
 */
export function writeBodyFromScheduled(native: HeymarketScheduled): HeymarketWriteBody {
  const source: Partial<HeymarketNativeContent> = native.meta?.content ?? {};
  const content: HeymarketWriteContent = {};
  if (source.text != null) content.text = source.text;
  if (source.template != null) content.template = source.template;
  if (source.attachments != null && source.attachments.length > 0) content.attachments = source.attachments.map(cleanAttachment);
  if (source.gallery != null && source.gallery.length > 0) content.gallery = source.gallery;
  const body: HeymarketWriteBody = {
    inbox_id: native.inbox_id,
    execute_at: toHeymarketExecuteAt(native.execute),
    content,
    ...(native.local_id != null ? { local_id: native.local_id } : {}),
    ...(native.user_id != null ? { user_id: native.user_id } : {}),
  };
  const meta = native.meta;
  if (meta?.conversation_id != null) return { ...body, conversation_id: meta.conversation_id };
  if (meta?.list_id != null) return { ...body, list_id: meta.list_id };
  if (meta?.targets != null && meta.targets.length > 0) return { ...body, targets: meta.targets };
  if (source.to != null) return { ...body, phone_number: source.to, content: { ...content, to: source.to } };
  return body;
}

/**
 * A patch (and/or a new `execute_at`) applied onto a full write body. Omitted or null fields keep their value;
 * `text: ""` removes the text and `attachments: []` removes the attachments.
 */
export function applyHeymarketPatch(body: HeymarketWriteBody, patch: HeymarketPatchInput | null, executeAt: string | null): HeymarketWriteBody {
  let next: HeymarketWriteBody = { ...body, content: { ...body.content } };
  if (executeAt !== null) next.execute_at = executeAt;
  if (!patch) return next;
  if (patch.inboxId != null) next.inbox_id = patch.inboxId;
  if (patch.text != null) {
    if (patch.text.trim().length === 0) delete next.content.text;
    else next.content.text = patch.text;
  }
  if (patch.templateId != null) next.content.template = patch.templateId;
  if (patch.attachments != null) {
    if (patch.attachments.length === 0) delete next.content.attachments;
    else next.content.attachments = patch.attachments.map(attachmentBody);
  }
  if (patch.localId != null) next.local_id = patch.localId;
  if (patch.userId != null) next.user_id = patch.userId;
  if (patch.recipient != null) next = withRecipient(next, patch.recipient);
  return next;
}

function templateIdOf(template: HeymarketTemplate | null | undefined): number | null {
  if (typeof template === 'number') return template;
  const id = template?.id;
  return typeof id === 'number' && Number.isInteger(id) ? id : null;
}

/** ASSUMPTION H2: group-MMS target entries carry their number as `phone_number`, `phone` or `to`. */
function groupNumbers(targets: Array<Record<string, unknown>>): string[] {
  return targets.flatMap((target) => {
    const value = target.phone_number ?? target.phone ?? target.to;
    return typeof value === 'string' ? [fromHeymarketPhone(value)] : [];
  });
}

interface WireRecipientFields {
  phone_number?: string | null | undefined;
  conversation_id?: number | null | undefined;
  list_id?: number | null | undefined;
  targets?: Array<Record<string, unknown>> | null | undefined;
}

function recipientOf(fields: WireRecipientFields): HeymarketRecipient | null {
  if (fields.conversation_id != null) return { kind: 'CONVERSATION', conversationId: fields.conversation_id };
  if (fields.list_id != null) return { kind: 'LIST', listId: fields.list_id };
  if (fields.targets != null && fields.targets.length > 0) return { kind: 'GROUP', phoneNumbers: groupNumbers(fields.targets) };
  if (fields.phone_number != null) return { kind: 'PHONE_NUMBER', phoneNumber: fromHeymarketPhone(fields.phone_number) };
  return null;
}

function attachmentsOf(
  list: ReadonlyArray<{ url: string; name?: string | null | undefined; type?: string | null | undefined }> | null | undefined,
): HeymarketAttachment[] {
  return (list ?? []).map((a) => ({ url: a.url, name: a.name ?? null, type: a.type ?? null }));
}

/** The schedule's name (H5): the first 60 characters (code points) of the text, else the template. */
export function heymarketName(text: string | null, templateId: number | null, nativeId: string): string {
  const trimmed = text?.trim() ?? '';
  if (trimmed.length > 0) return Array.from(trimmed).slice(0, HEYMARKET_NAME_LENGTH).join('');
  if (templateId !== null) return `Template ${templateId}`;
  return `Scheduled message ${nativeId}`;
}

/** H4: before `execute` the message is scheduled; at or after it, sent. */
export function heymarketStatus(execute: Instant, now: Instant): { status: ScheduleStatus; nativeStatus: string } {
  const at = parseInstant(execute);
  const current = parseInstant(now);
  if (at && current && Temporal.Instant.compare(at, current) > 0) return { status: 'SCHEDULED', nativeStatus: 'scheduled' };
  return { status: 'COMPLETED', nativeStatus: 'sent' };
}

interface ScheduleParts {
  nativeId: string;
  execute: string;
  text: string | null;
  template: HeymarketTemplate | null | undefined;
  recipient: HeymarketRecipient | null;
  attachments: HeymarketAttachment[];
  inboxId: number;
  localId: string | null;
  userId: number | null;
  createdAt: Instant | null;
  updatedAt: Instant | null;
}

function toSchedule(parts: ScheduleParts, now: Instant): Schedule<HeymarketDetails> {
  const templateId = templateIdOf(parts.template);
  return {
    provider: 'HEYMARKET',
    nativeId: parts.nativeId,
    name: heymarketName(parts.text, templateId, parts.nativeId),
    ...heymarketStatus(parts.execute, now),
    // The caller's zone is not stored upstream: reads are in UTC (see the header).
    recurrence: recurrenceFromSpec({ kind: 'ONE_TIME', at: parts.execute, timeZone: 'UTC' }, { defaultTimeZone: 'UTC' }),
    createdAt: parts.createdAt,
    updatedAt: parts.updatedAt,
    details: {
      provider: 'HEYMARKET',
      inboxId: parts.inboxId,
      text: parts.text,
      templateId,
      recipient: parts.recipient,
      attachments: parts.attachments,
      localId: parts.localId,
      userId: parts.userId,
    },
  };
}

/** The read object (`execute`, `meta.content`, …) → the core Schedule, with a OneTimeRecurrence. */
export function fromHeymarketScheduled(native: HeymarketScheduled, now: Instant): Schedule<HeymarketDetails> {
  const meta = native.meta;
  const content = meta?.content;
  return toSchedule(
    {
      nativeId: native.id,
      execute: native.execute,
      text: content?.text ?? null,
      template: content?.template,
      recipient: recipientOf({ phone_number: content?.to, conversation_id: meta?.conversation_id, list_id: meta?.list_id, targets: meta?.targets }),
      attachments: attachmentsOf(content?.attachments),
      inboxId: native.inbox_id,
      localId: native.local_id ?? null,
      userId: native.user_id ?? null,
      createdAt: native.created ? normaliseInstant(native.created) : null,
      updatedAt: native.updated ? normaliseInstant(native.updated) : null,
    },
    now,
  );
}

/**
 * The Schedule as it was written, for when the read-back after a successful write fails: the write happened,
 * so the caller gets a success built from the body sent (no createdAt/updatedAt) rather than an error that
 * would invite a duplicate create.
 */
export function fromHeymarketWriteBody(nativeId: string, body: HeymarketWriteBody, now: Instant): Schedule<HeymarketDetails> {
  return toSchedule(
    {
      nativeId,
      execute: body.execute_at,
      text: body.content.text ?? null,
      template: body.content.template,
      recipient: recipientOf(body),
      attachments: attachmentsOf(body.content.attachments),
      inboxId: body.inbox_id,
      localId: body.local_id ?? null,
      userId: body.user_id ?? null,
      createdAt: null,
      updatedAt: null,
    },
    now,
  );
}

/** Heymarket's inbox numbers come without the `+` of E.164. */
function withPlus(phone: string): string {
  return phone.startsWith('+') ? phone : `+${phone}`;
}

export function fromHeymarketInbox(native: HeymarketInbox): HeymarketInboxInfo {
  return {
    id: native.id,
    name: native.name,
    phone: native.phone ? withPlus(native.phone) : null,
    phones: (native.phones ?? []).map(withPlus),
    memberIds: native.members ?? [],
    teamId: native.team ?? null,
    autoAssignable: native.auto_assignable ?? null,
    forwardNumber: native.forward_number ?? null,
  };
}
