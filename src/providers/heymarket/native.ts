/**
 * Heymarket v1 wire shapes (snake_case), as zod schemas: every upstream answer is parsed through these, so a
 * malformed answer becomes a typed `UPSTREAM_BAD_RESPONSE` instead of a crash deeper in.
 *
 * Heymarket documents the read object of `GET /v1/schedule/{id}` only through one example, and documents no
 * response body at all for POST/PUT/DELETE; fields are therefore lenient (nullish) and unknown fields pass
 * through (`loose`), so a read-modify-write keeps what the gateway does not model (gallery, template objects,
 * group `targets`). Each assumption is marked ASSUMPTION and numbered H1…; the numbers are used in comments
 * throughout `providers/heymarket/`.
 */
import { z } from 'zod';
import { parseInstant } from '../../core/time.js';

/**
 * ASSUMPTION H13 (issue 12, item 1): the documented Scheduled object always carries `meta.conversation_id`,
 * `meta.list_id` and `meta.content.template` as ints (and `to`, `text`, `local_id` as strings), so a field that
 * is not set comes back as its zero value: a message to a phone number reads `conversation_id: 0, list_id: 0`.
 * 0 is never a real id and "" never a real phone, text or local id: here, and only here, a zero value is read
 * as ABSENT (null), so nothing downstream can show conversation 0 or send `conversation_id: 0` / `template: 0`
 * back in a PUT.
 */
function zeroIsAbsent<T extends z.ZodType<number | string | Record<string, unknown>>>(schema: T) {
  return schema.nullish().transform((value) => (value === 0 || value === '' || value === undefined ? null : value));
}

/** An RFC 3339 instant with an offset; anything else is a malformed answer. */
const rfc3339 = z.string().refine((value) => parseInstant(value) !== null, 'not an RFC 3339 date-time');

const heymarketAttachment = z.looseObject({
  url: z.string(),
  name: z.string().nullish(),
  type: z.string().nullish(),
});
export type HeymarketNativeAttachment = z.infer<typeof heymarketAttachment>;

/** The docs conflict: the overview calls `template` an object, the OpenAPI example an integer id. Both are read. */
const heymarketTemplate = z.union([z.number().int(), z.record(z.string(), z.unknown())]);
export type HeymarketTemplate = z.infer<typeof heymarketTemplate>;

const heymarketContent = z.looseObject({
  text: zeroIsAbsent(z.string()),
  to: zeroIsAbsent(z.string()),
  template: zeroIsAbsent(heymarketTemplate),
  attachments: z.array(heymarketAttachment).nullish(),
  gallery: z.array(z.record(z.string(), z.unknown())).nullish(),
});
export type HeymarketNativeContent = z.infer<typeof heymarketContent>;

/**
 * The Scheduled read object (`GET /v1/schedule/{id}`). Note `execute`, not `execute_at`.
 * ASSUMPTION H1: `meta.content` echoes the `content` sent on create/update, `meta.content.to` carries the
 * phone-number recipient, and `meta.conversation_id` / `meta.list_id` carry the other recipient kinds.
 * ASSUMPTION H2: group-MMS `targets` come back as `meta.targets` (undocumented); `user_id` is not in the
 * documented read object, but is read when present (top level) so an update can preserve it.
 */
export const heymarketScheduled = z.looseObject({
  id: z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(String),
  execute: rfc3339,
  inbox_id: z.number().int(),
  local_id: zeroIsAbsent(z.string()),
  user_id: zeroIsAbsent(z.number().int()),
  created: z.string().nullish(),
  updated: z.string().nullish(),
  op: z.string().nullish(),
  rev: z.number().nullish(),
  meta: z
    .looseObject({
      conversation_id: zeroIsAbsent(z.number().int()),
      list_id: zeroIsAbsent(z.number().int()),
      targets: z.array(z.record(z.string(), z.unknown())).nullish(),
      content: heymarketContent.nullish(),
    })
    .nullish(),
});
export type HeymarketScheduled = z.infer<typeof heymarketScheduled>;

/** `GET /v1/inboxes`: a bare array. `invited` is a boolean on one doc version and a string list on another. */
const heymarketInbox = z.looseObject({
  id: z.number().int(),
  name: z.string(),
  team: z.number().int().nullish(),
  members: z.array(z.number().int()).nullish(),
  phones: z.array(z.string()).nullish(),
  phone: z.string().nullish(),
  auto_assignable: z.boolean().nullish(),
  forward_number: z.string().nullish(),
  invited: z.union([z.boolean(), z.array(z.string())]).nullish(),
  bco_chats: z.boolean().nullish(),
});
export type HeymarketInbox = z.infer<typeof heymarketInbox>;
export const heymarketInboxList = z.array(heymarketInbox);

/**
 * ASSUMPTION H3: POST /v1/schedule answers `{id, local_id}` as the doc example shows; extra fields (a full
 * Scheduled object, say) are tolerated. PUT's answer is undocumented and not relied on (see client.ts), and
 * DELETE's `"ok"` is accepted whatever it is.
 */
export const heymarketWriteResponse = z.looseObject({
  id: z.union([z.number().int(), z.string().regex(/^\d+$/)]).transform(String),
  local_id: z.string().nullish(),
});
export type HeymarketWriteResponse = z.infer<typeof heymarketWriteResponse>;

/** The ScheduledContent of a write body. */
export interface HeymarketWriteContent {
  text?: string;
  /** E.164 without `+`; sent with a phone-number recipient, as the docs' example does. */
  to?: string;
  template?: HeymarketTemplate;
  attachments?: Array<{ url: string; name?: string; type?: string } | HeymarketNativeAttachment>;
  gallery?: Array<Record<string, unknown>>;
}

/**
 * The body of POST /v1/schedule, and of PUT /v1/schedule/{id}, which "accepts the same body as the create
 * endpoint" (a full replacement, never a partial update). Exactly one target family is set.
 */
export interface HeymarketWriteBody {
  inbox_id: number;
  /** RFC 3339, ≥ 15 minutes ahead, on :00/:15/:30/:45. */
  execute_at: string;
  content: HeymarketWriteContent;
  phone_number?: string;
  conversation_id?: number;
  list_id?: number;
  targets?: Array<Record<string, unknown>>;
  local_id?: string;
  user_id?: number;
}

/** The target-family fields of a write body; exactly one must be set. */
export const HEYMARKET_TARGET_FIELDS = ['phone_number', 'conversation_id', 'list_id', 'targets'] as const;
