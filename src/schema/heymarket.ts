/** Heymarket's face in the schema: `HeymarketScheduleDetails`. */
import type { HeymarketAttachment, HeymarketDetails, HeymarketRecipient } from '../core/model.js';
import { builder } from './builder.js';

const HeymarketRecipientKindEnum = builder.enumType('HeymarketRecipientKind', {
  description: 'Who a Heymarket message goes to.',
  values: {
    PHONE_NUMBER: { description: 'One phone number.' },
    CONVERSATION: { description: 'An existing conversation.' },
    LIST: { description: 'Every contact on a list (broadcast).' },
    GROUP: { description: 'A group MMS to several numbers.' },
  },
});

const HeymarketRecipientRef = builder.objectRef<HeymarketRecipient>('HeymarketRecipient').implement({
  description: 'The recipient of a Heymarket scheduled message: exactly one of its fields is set, as `kind` says.',
  fields: (t) => ({
    kind: t.field({ type: HeymarketRecipientKindEnum, description: 'Which field is set.', resolve: (r) => r.kind }),
    phoneNumber: t.string({ nullable: true, description: 'E.164 with the `+` (PHONE_NUMBER).', resolve: (r) => (r.kind === 'PHONE_NUMBER' ? r.phoneNumber : null) }),
    conversationId: t.int({ nullable: true, description: 'Conversation id (CONVERSATION).', resolve: (r) => (r.kind === 'CONVERSATION' ? r.conversationId : null) }),
    listId: t.int({ nullable: true, description: 'List id (LIST).', resolve: (r) => (r.kind === 'LIST' ? r.listId : null) }),
    phoneNumbers: t.stringList({ nullable: true, description: 'E.164 numbers of a group MMS (GROUP).', resolve: (r) => (r.kind === 'GROUP' ? r.phoneNumbers : null) }),
  }),
});

const HeymarketAttachmentRef = builder.objectRef<HeymarketAttachment>('HeymarketAttachment').implement({
  description: 'A file sent with a Heymarket message.',
  fields: (t) => ({
    name: t.string({ nullable: true, description: 'File name.', resolve: (a) => a.name }),
    type: t.string({ nullable: true, description: 'MIME type.', resolve: (a) => a.type }),
    url: t.exposeString('url', { description: 'Where the file is.' }),
  }),
});

export const HeymarketDetailsRef = builder.objectRef<HeymarketDetails>('HeymarketScheduleDetails').implement({
  description: "Heymarket's own fields of a scheduled message.",
  fields: (t) => ({
    inboxId: t.exposeInt('inboxId', { description: 'The inbox it is sent from.' }),
    text: t.string({ nullable: true, description: 'The message text (null when a template is used).', resolve: (d) => d.text }),
    templateId: t.int({ nullable: true, description: 'The template used instead of text, if any.', resolve: (d) => d.templateId }),
    recipient: t.field({ type: HeymarketRecipientRef, nullable: true, description: 'Who it goes to; null if Heymarket did not say.', resolve: (d) => d.recipient }),
    attachments: t.field({ type: [HeymarketAttachmentRef], description: 'Files sent with it.', resolve: (d) => d.attachments }),
    localId: t.string({ nullable: true, description: 'The client-provided id (`local_id`).', resolve: (d) => d.localId }),
    userId: t.int({ nullable: true, description: 'The team member it is sent as, if set.', resolve: (d) => d.userId }),
  }),
});
