/** What a caller gives the gateway for a Heymarket scheduled message (camelCase, provider-specific, GraphQL-free). */

export interface HeymarketAttachmentInput {
  url: string;
  name?: string | null;
  type?: string | null;
}

/** Exactly one field is set (a GraphQL @oneOf); validation still checks it for callers outside GraphQL. */
export interface HeymarketRecipientInput {
  /** E.164 with the leading `+`, e.g. `+14155553434`. */
  phoneNumber?: string | null;
  conversationId?: number | null;
  listId?: number | null;
}

export interface HeymarketTargetInput {
  inboxId: number;
  text?: string | null;
  templateId?: number | null;
  attachments?: HeymarketAttachmentInput[] | null;
  recipient: HeymarketRecipientInput;
  localId?: string | null;
  userId?: number | null;
}

/**
 * Changes to a scheduled message. An omitted (or null) field keeps its current value; `text: ""` removes the
 * text (a template must then be set) and `attachments: []` removes every attachment. The gateway merges these
 * onto the message as read from Heymarket and sends the whole body (PUT replaces the message).
 */
export type HeymarketPatchInput = { [K in keyof HeymarketTargetInput]?: HeymarketTargetInput[K] | null };
