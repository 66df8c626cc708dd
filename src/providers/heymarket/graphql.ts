/**
 * Heymarket's face in the schema: `HeymarketScheduleDetails` (with its inbox resolved through the request's
 * inbox loader: one `GET /v1/inboxes` per request) and the Heymarket create/patch inputs. A function of the
 * builder, called by schema/, so this folder never imports schema/ (imports flow one way).
 */
import type { HeymarketAttachment, HeymarketDetails, HeymarketInboxInfo, HeymarketRecipient } from './details.js';
import type { GatewayBuilder, ProviderGraphQL } from '../../graphql-types.js';

/** Heymarket's output types: its details object and everything the details link to. */
function registerHeymarketDetails(builder: GatewayBuilder) {
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
      phoneNumber: t.string({
        nullable: true,
        description: 'E.164 with the `+` (PHONE_NUMBER).',
        resolve: (r) => (r.kind === 'PHONE_NUMBER' ? r.phoneNumber : null),
      }),
      conversationId: t.int({
        nullable: true,
        description: 'Conversation id (CONVERSATION).',
        resolve: (r) => (r.kind === 'CONVERSATION' ? r.conversationId : null),
      }),
      listId: t.int({ nullable: true, description: 'List id (LIST).', resolve: (r) => (r.kind === 'LIST' ? r.listId : null) }),
      phoneNumbers: t.stringList({
        nullable: true,
        description: 'E.164 numbers of a group MMS (GROUP).',
        resolve: (r) => (r.kind === 'GROUP' ? r.phoneNumbers : null),
      }),
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

  const HeymarketInboxRef = builder.objectRef<HeymarketInboxInfo>('HeymarketInbox').implement({
    description: 'A Heymarket inbox: a shared number (or set of numbers) the team sends from.',
    fields: (t) => ({
      id: t.int({ description: "Heymarket's inbox id (the `inboxId` of a message).", resolve: (i) => i.id }),
      name: t.string({ description: 'Its name.', resolve: (i) => i.name }),
      phone: t.string({
        nullable: true,
        description: 'Its main number, E.164 with the `+`; null if Heymarket did not say.',
        resolve: (i) => i.phone,
      }),
      phones: t.stringList({ description: 'Every number of the inbox, E.164 with the `+`.', resolve: (i) => i.phones }),
      memberIds: t.intList({ description: 'Ids of the team members who can send from it (valid `userId`s).', resolve: (i) => i.memberIds }),
      teamId: t.int({ nullable: true, description: 'The team it belongs to.', resolve: (i) => i.teamId }),
      autoAssignable: t.boolean({
        nullable: true,
        description: 'Whether new conversations are assigned automatically.',
        resolve: (i) => i.autoAssignable,
      }),
      forwardNumber: t.string({
        nullable: true,
        description: 'The number calls are forwarded to, if any (as Heymarket gives it).',
        resolve: (i) => i.forwardNumber,
      }),
    }),
  });

  /** Heymarket stores numbers without the `+`; the gateway shows E.164 with it. */
  const HeymarketDetailsRef = builder.objectRef<HeymarketDetails>('HeymarketScheduleDetails').implement({
    description: "Heymarket's own fields of a scheduled message.",
    fields: (t) => ({
      inboxId: t.exposeInt('inboxId', { description: 'Id of the inbox it is sent from (see `inbox`).' }),
      inbox: t.field({
        type: HeymarketInboxRef,
        nullable: true,
        description: 'The inbox it is sent from (all inboxes are loaded once per request); null when the team no longer has that inbox.',
        resolve: (d, _args, ctx) => ctx.sessions.get('HEYMARKET').inbox(d.inboxId),
      }),
      text: t.string({ nullable: true, description: 'The message text (null when a template is used).', resolve: (d) => d.text }),
      templateId: t.int({ nullable: true, description: 'The template used instead of text, if any.', resolve: (d) => d.templateId }),
      recipient: t.field({
        type: HeymarketRecipientRef,
        nullable: true,
        description: 'Who it goes to; null if Heymarket did not say.',
        resolve: (d) => d.recipient,
      }),
      attachments: t.field({ type: [HeymarketAttachmentRef], description: 'Files sent with it.', resolve: (d) => d.attachments }),
      localId: t.string({ nullable: true, description: 'The client-provided id (`local_id`).', resolve: (d) => d.localId }),
      userId: t.int({ nullable: true, description: 'The team member it is sent as, if set.', resolve: (d) => d.userId }),
    }),
  });

  return { details: HeymarketDetailsRef };
}

/** Heymarket's create input and patch, the members of the mutations' target and patch inputs. */
function registerHeymarketInputs(builder: GatewayBuilder) {
  const HeymarketRecipientInput = builder.inputType('HeymarketRecipientInput', {
    description: 'Who a Heymarket message goes to: exactly one of a phone number, an existing conversation, or a list.',
    isOneOf: true,
    fields: (t) => ({
      phoneNumber: t.string({ description: 'One number in E.164 format with the leading `+` (e.g. `+14155553434`); sent to Heymarket without the `+`.' }),
      conversationId: t.int({ description: 'An existing Heymarket conversation to send into.' }),
      listId: t.int({ description: 'A Heymarket contact list to broadcast to.' }),
    }),
  });

  const HeymarketAttachmentInput = builder.inputType('HeymarketAttachmentInput', {
    description: 'A file to send with the message.',
    fields: (t) => ({
      url: t.string({ required: true, description: 'Absolute http(s) URL of the file.' }),
      name: t.string({ description: 'File name shown to the recipient.' }),
      type: t.string({ description: 'MIME type, e.g. `image/png`.' }),
    }),
  });

  const heymarketFieldDescriptions = {
    text: 'The message text. Required unless templateId is given.',
    templateId: 'A Heymarket template to send instead of (or with) the text.',
    attachments: 'Files to send with the message.',
    localId: 'Your own id for the message (`local_id`), echoed back when it is read.',
    userId: 'The team member to send as (must be a member of the inbox); Heymarket defaults to the team owner.',
  };

  const HeymarketScheduleInput = builder.inputType('HeymarketScheduleInput', {
    description:
      "A new Heymarket scheduled message. Its send time comes from the mutation's `recurrence`, which must be `oneTime`: at least 15 minutes ahead, on :00, :15, :30 or :45 with zero seconds.",
    fields: (t) => ({
      inboxId: t.int({ required: true, description: 'The inbox to send from (an id from `HeymarketInbox`).' }),
      text: t.string({ description: heymarketFieldDescriptions.text }),
      templateId: t.int({ description: heymarketFieldDescriptions.templateId }),
      attachments: t.field({ type: [HeymarketAttachmentInput], description: heymarketFieldDescriptions.attachments }),
      recipient: t.field({ type: HeymarketRecipientInput, required: true, description: 'Who it goes to: exactly one recipient.' }),
      localId: t.string({ description: heymarketFieldDescriptions.localId }),
      userId: t.int({ description: heymarketFieldDescriptions.userId }),
    }),
  });

  const HeymarketSchedulePatch = builder.inputType('HeymarketSchedulePatch', {
    description:
      'Changes to a Heymarket scheduled message. Omitted fields keep their value. Heymarket replaces the whole message on update, so the gateway reads it, applies these changes and sends the full message back.',
    fields: (t) => ({
      inboxId: t.int({ description: 'Send from another inbox.' }),
      text: t.string({ description: 'New text; an empty string removes the text (a template must then be set).' }),
      templateId: t.int({ description: heymarketFieldDescriptions.templateId }),
      attachments: t.field({ type: [HeymarketAttachmentInput], description: 'New attachments, replacing all of them; an empty list removes them.' }),
      recipient: t.field({ type: HeymarketRecipientInput, description: 'A new recipient, replacing the current one.' }),
      localId: t.string({ description: heymarketFieldDescriptions.localId }),
      userId: t.int({ description: heymarketFieldDescriptions.userId }),
    }),
  });

  return {
    target: { type: HeymarketScheduleInput, description: 'A Heymarket v1 scheduled message (needs a oneTime recurrence).' },
    patch: { type: HeymarketSchedulePatch, description: 'Changes to a Heymarket scheduled message (merged onto it and sent whole).' },
  };
}

/** Registers the provider's types on the builder; returns the refs schema/ places in the neutral schedule and mutations. */
export function register(builder: GatewayBuilder): ProviderGraphQL<'HEYMARKET'> {
  const outputs = registerHeymarketDetails(builder);
  return { key: 'heymarket', details: outputs.details, ...registerHeymarketInputs(builder) };
}
