/** Heymarket's own fields of a scheduled message, in neutral (camelCase) form. */
export interface HeymarketAttachment {
  name: string | null;
  type: string | null;
  url: string;
}

export type HeymarketRecipient =
  | { kind: 'PHONE_NUMBER'; phoneNumber: string }
  | { kind: 'CONVERSATION'; conversationId: number }
  | { kind: 'LIST'; listId: number }
  | { kind: 'GROUP'; phoneNumbers: string[] };

export interface HeymarketDetails {
  provider: 'HEYMARKET';
  inboxId: number;
  text: string | null;
  templateId: number | null;
  recipient: HeymarketRecipient | null;
  attachments: HeymarketAttachment[];
  localId: string | null;
  userId: number | null;
}

/** A Heymarket inbox as the schema shows it (mapping.ts `fromHeymarketInbox`): numbers in E.164 with the `+`. */
export interface HeymarketInboxInfo {
  id: number;
  name: string;
  phone: string | null;
  phones: string[];
  memberIds: number[];
  teamId: number | null;
  autoAssignable: boolean | null;
  forwardNumber: string | null;
}
