/**
 * Validation of the Heymarket `POST /v1/schedule` / `PUT /v1/schedule/{id}` body, and the emulator's error
 * body shape. Every rejection names the offending field in its message.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { SandboxResponse } from '../../../sandbox/server.js';
import type { HeymarketScheduleInput, HeymarketScheduledContent, HeymarketStore, HeymarketTarget } from './store.js';

export type HeymarketErrorLabel = 'bad_data' | 'unauthorized' | 'denied' | 'not_found' | 'rate_limited' | 'server_error';

const STATUS_OF: Record<HeymarketErrorLabel, number> = {
  bad_data: 400,
  unauthorized: 401,
  denied: 403,
  not_found: 404,
  rate_limited: 429,
  server_error: 500,
};

/**
 * ASSUMPTION: the JSON error body is undocumented ("read the error response body for details"); every error
 * the emulator produces is `{"error": "<label>", "message": "<human text>"}`.
 */
export function heymarketError(label: HeymarketErrorLabel, message: string, headers?: Record<string, string>): SandboxResponse {
  return { status: STATUS_OF[label], body: { error: label, message }, ...(headers ? { headers } : {}) };
}

export type RuleResult = { ok: true; value: HeymarketScheduleInput } | { ok: false; response: SandboxResponse };

const QUARTER_HOUR_MS = 15 * 60 * 1000;

/** RFC 3339 date-time: `T` (or `t`), seconds required, optional fraction, `Z`/`z` or `±hh:mm` required. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

type ParsedExecuteAt = { ok: true; instant: Date; fractionIsZero: boolean } | { ok: false; reason: string };

/** Strict RFC 3339 parser (no `Date.parse` leniency): calendar-checked, offset required. */
function parseRfc3339(value: string): ParsedExecuteAt {
  const m = RFC3339.exec(value);
  if (!m) return { ok: false, reason: 'must be an RFC 3339 date-time with a Z or ±hh:mm offset, e.g. 2024-07-24T11:30:00-07:00' };
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  const fraction = m[7];
  const sign = m[9];
  const offsetHours = Number(m[10] ?? '0');
  const offsetMinutes = Number(m[11] ?? '0');
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59 || offsetHours > 23 || offsetMinutes > 59) {
    return { ok: false, reason: 'is not a valid calendar date-time' };
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  const offsetMs = (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60 * 1000;
  const fractionIsZero = fraction === undefined || /^\.0+$/.test(fraction);
  const fractionMs = fraction === undefined ? 0 : Math.floor(Number(`0${fraction}`) * 1000);
  return { ok: true, instant: new Date(utc - offsetMs + fractionMs), fractionIsZero };
}

/**
 * E.164 without the leading `+`: digits only, no leading 0, 8 to 15 digits, and a possible number for its
 * country calling code (libphonenumber-js).
 */
function isE164WithoutPlus(value: string): boolean {
  if (!/^[1-9]\d{7,14}$/.test(value)) return false;
  return parsePhoneNumberFromString(`+${value}`)?.isPossible() ?? false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

const bad = (message: string): { ok: false; response: SandboxResponse } => ({ ok: false, response: heymarketError('bad_data', message) });

function phoneProblem(field: string, value: unknown): string | null {
  if (typeof value !== 'string') return `${field} must be a string`;
  if (value.startsWith('+')) return `${field} must be E.164 without the leading + (got "${value}")`;
  if (!isE164WithoutPlus(value)) return `${field} must be a phone number in E.164 format without the leading +, digits only (got "${value}")`;
  return null;
}

function validateContent(value: unknown): { ok: true; content: HeymarketScheduledContent } | { ok: false; response: SandboxResponse } {
  if (value === undefined || value === null) return bad('content is required');
  if (!isRecord(value)) return bad('content must be an object');
  const content: HeymarketScheduledContent = { attachments: [], gallery: [] };
  if (value.text !== undefined && value.text !== null) {
    if (typeof value.text !== 'string') return bad('content.text must be a string');
    content.text = value.text;
  }
  if (value.template !== undefined && value.template !== null) {
    // ASSUMPTION: `template` is accepted as either an object (overview page) or a positive integer id (OpenAPI
    // example), since the two doc versions conflict.
    if (!isRecord(value.template) && !isPositiveInteger(value.template)) return bad('content.template must be an object or an integer template id');
    content.template = value.template;
  }
  if ((content.text === undefined || content.text.trim().length === 0) && content.template === undefined) {
    return bad('content.text must be a non-empty string unless content.template is given');
  }
  if (value.to !== undefined && value.to !== null) {
    const problem = phoneProblem('content.to', value.to);
    if (problem) return bad(problem);
    content.to = value.to as string;
  }
  for (const key of ['attachments', 'gallery'] as const) {
    const list = value[key];
    if (list === undefined || list === null) continue;
    // ASSUMPTION: attachments / gallery entries are only checked to be objects; their fields are echoed as given.
    if (!Array.isArray(list) || !list.every(isRecord)) return bad(`content.${key} must be an array of objects`);
    content[key] = list;
  }
  return { ok: true, content };
}

const TARGET_FIELDS = ['phone_number', 'conversation_id', 'list_id', 'targets'] as const;

function validateTarget(body: Record<string, unknown>): { ok: true; target: HeymarketTarget } | { ok: false; response: SandboxResponse } {
  // ASSUMPTION: a target field that is null counts as absent.
  const given = TARGET_FIELDS.filter((field) => body[field] !== undefined && body[field] !== null);
  if (given.length === 0) return bad('exactly one of phone_number, conversation_id, list_id or targets is required (none given)');
  if (given.length > 1) return bad(`exactly one of phone_number, conversation_id, list_id or targets is allowed (got ${given.join(' and ')})`);
  switch (given[0]) {
    case 'phone_number': {
      const problem = phoneProblem('phone_number', body.phone_number);
      if (problem) return bad(problem);
      return { ok: true, target: { kind: 'phone', phoneNumber: body.phone_number as string } };
    }
    case 'conversation_id':
      // ASSUMPTION: any positive integer conversation id is accepted (the emulator keeps no conversations).
      if (!isPositiveInteger(body.conversation_id)) return bad('conversation_id must be a positive integer');
      return { ok: true, target: { kind: 'conversation', conversationId: body.conversation_id } };
    case 'list_id':
      // ASSUMPTION: any positive integer list id is accepted (Heymarket documents no way to read lists).
      if (!isPositiveInteger(body.list_id)) return bad('list_id must be a positive integer');
      return { ok: true, target: { kind: 'list', listId: body.list_id } };
    default: {
      // ASSUMPTION: `targets` (group MMS, entry shape undocumented) must be a non-empty array of objects.
      const targets = body.targets;
      if (!Array.isArray(targets) || targets.length === 0 || !targets.every(isRecord)) return bad('targets must be a non-empty array of objects');
      return { ok: true, target: { kind: 'targets', targets } };
    }
  }
}

/**
 * Validates a create (or full-replacement update) body. Order: body shape, inbox_id, execute_at, content,
 * target family, local_id, user_id; the first failure wins.
 */
export function validateScheduleBody(body: unknown, store: HeymarketStore, now: Date): RuleResult {
  if (!isRecord(body)) return bad('request body must be a JSON object');

  if (body.inbox_id === undefined || body.inbox_id === null) return bad('inbox_id is required');
  if (!isPositiveInteger(body.inbox_id)) return bad('inbox_id must be an integer');
  const inbox = store.getInbox(body.inbox_id);
  // ASSUMPTION: an unknown inbox is 400 bad_data (not 403/404).
  if (!inbox) return bad(`inbox_id ${body.inbox_id} is not an inbox of this team`);

  if (body.execute_at === undefined || body.execute_at === null) return bad('execute_at is required');
  if (typeof body.execute_at !== 'string') return bad('execute_at must be an RFC 3339 string');
  const parsed = parseRfc3339(body.execute_at);
  if (!parsed.ok) return bad(`execute_at ${parsed.reason}`);
  const instant = parsed.instant;
  // The boundary is judged on the UTC instant: every real zone offset is a multiple of 15 minutes, so a local
  // :00/:15/:30/:45 is also one in UTC. ASSUMPTION: an all-zero fraction (".000") is accepted, any non-zero
  // fraction is off the boundary.
  if (!parsed.fractionIsZero || instant.getTime() % QUARTER_HOUR_MS !== 0) {
    return bad('execute_at must fall on a 15-minute interval (:00, :15, :30 or :45, with zero seconds)');
  }
  if (instant.getTime() < now.getTime() + QUARTER_HOUR_MS) return bad('execute_at must be at least 15 minutes in the future');

  const content = validateContent(body.content);
  if (!content.ok) return content;

  const target = validateTarget(body);
  if (!target.ok) return target;
  if (target.target.kind === 'phone' && content.content.to !== undefined && content.content.to !== target.target.phoneNumber) {
    // ASSUMPTION: phone_number and content.to, when both given, must name the same recipient.
    return bad('content.to must equal phone_number when both are given');
  }

  let localId: string | null = null;
  if (body.local_id !== undefined && body.local_id !== null) {
    if (typeof body.local_id !== 'string') return bad('local_id must be a string');
    // ASSUMPTION: local_id is not enforced unique; re-using one creates another message.
    localId = body.local_id;
  }

  let userId: number | null = null;
  if (body.user_id !== undefined && body.user_id !== null) {
    if (!isPositiveInteger(body.user_id)) return bad('user_id must be an integer');
    // ASSUMPTION: a user_id that is not a member of the inbox is 403 denied ("no access (team or sender)").
    if (!inbox.members.includes(body.user_id)) {
      return { ok: false, response: heymarketError('denied', `user_id ${body.user_id} is not a member of inbox ${inbox.id}`) };
    }
    userId = body.user_id;
  }

  return { ok: true, value: { inboxId: inbox.id, executeAt: instant, content: content.content, target: target.target, localId, userId } };
}
