/**
 * Trackly's face in the schema: `TracklyScheduleDetails` (variants, offers, audiences, source lists,
 * resolved through the request's DataLoaders) and the Trackly create/patch inputs. A function of the builder
 * and the shared refs, called by schema/, so this folder never imports schema/ (imports flow one way).
 */
import type { TracklyAudienceInfo, TracklyDetails, TracklyOfferInfo, TracklyOfferLink, TracklySourceListInfo, TracklyVariant } from './details.js';
import type { GatewayBuilder, ProviderGraphQL, SharedRefs } from '../../graphql-types.js';

/** Trackly's output types: its details object and everything the details link to. */
function registerTracklyDetails(builder: GatewayBuilder, { KeyValueRef }: SharedRefs) {
  const TracklySendTypeEnum = builder.enumType('TracklySendType', {
    description: 'How a Trackly schedule picks its message.',
    values: {
      BLAST: { description: 'Sends the given variants (A/B split by percentAudience).' },
      AUTOMATED: { description: 'Trackly picks the creative (ML-driven); variants optional.' },
    },
  });

  const TracklyAudienceRef = builder.objectRef<TracklyAudienceInfo>('TracklyAudience').implement({
    description: 'A Trackly audience: a filtered set of contacts a schedule sends to.',
    fields: (t) => ({
      id: t.exposeID('id', { description: "Trackly's audience id." }),
      name: t.exposeString('name', { description: 'Its name.' }),
      description: t.string({ nullable: true, description: 'Its description.', resolve: (a) => a.description }),
      status: t.exposeString('status', { description: '`active` or `archived`.' }),
      cachedSize: t.int({ nullable: true, description: 'Contacts in it when last counted; null if never counted.', resolve: (a) => a.cachedSize }),
      sourceListIds: t.intList({ description: 'Sending lists it draws from (empty: all lists).', resolve: (a) => a.sourceListIds }),
    }),
  });

  const TracklyOfferRef = builder.objectRef<TracklyOfferInfo>('TracklyOffer').implement({
    description: "A Trackly offer: the tracked link a variant's `{{key}}` placeholder becomes.",
    fields: (t) => ({
      id: t.exposeID('id', { description: "Trackly's offer id." }),
      name: t.exposeString('name', { description: 'Its name.' }),
      trackingUrl: t.string({ nullable: true, description: 'The URL clicks go to.', resolve: (o) => o.trackingUrl }),
      payout: t.float({ nullable: true, description: 'Payout per conversion or click.', resolve: (o) => o.payout }),
      payoutType: t.string({ nullable: true, description: '`cpa` or `cpc`.', resolve: (o) => o.payoutType }),
      externalPlatform: t.string({ nullable: true, description: '`tune`, `everflow`, or null.', resolve: (o) => o.externalPlatform }),
      status: t.exposeString('status', { description: '`active`, `paused` or `archived`.' }),
    }),
  });

  const TracklySourceListRef = builder.objectRef<TracklySourceListInfo>('TracklySourceList').implement({
    description: 'A Trackly sending list (a number and carrier route messages go out through).',
    fields: (t) => ({
      id: t.exposeInt('id', { description: "Trackly's list id." }),
      listName: t.string({ nullable: true, description: 'Its name.', resolve: (l) => l.listName }),
      brandName: t.string({ nullable: true, description: 'The brand it sends as.', resolve: (l) => l.brandName }),
      phoneNumber: t.string({ nullable: true, description: 'Its sending number (E.164).', resolve: (l) => l.phoneNumber }),
      listType: t.string({ nullable: true, description: 'Its carrier route (`lime`, `infobip`, `twilio`, `cm`).', resolve: (l) => l.listType }),
      status: t.exposeString('status', { description: '`active`, `paused`, `suspended` or `deleted`.' }),
      contactCount: t.int({ nullable: true, description: 'Active contacts on it.', resolve: (l) => l.contactCount }),
    }),
  });

  const TracklyOfferLinkRef = builder.objectRef<TracklyOfferLink>('TracklyOfferLink').implement({
    description: "A `{{key}}` placeholder in a variant's message and the offer it links to.",
    fields: (t) => ({
      key: t.exposeString('key', { description: 'The placeholder name (`link1` for `{{link1}}`).' }),
      offerId: t.exposeID('offerId', { description: 'The offer id as stored in the schedule.' }),
      offer: t.field({
        type: TracklyOfferRef,
        nullable: true,
        description: 'The offer itself; null when Trackly has no offer with that id.',
        resolve: (link, _args, ctx) => ctx.sessions.get('TRACKLY').offer(link.offerId),
      }),
      urlParams: t.field({ type: [KeyValueRef], description: 'Query parameters added to the tracked link.', resolve: (link) => link.urlParams }),
    }),
  });

  const TracklyVariantRef = builder.objectRef<TracklyVariant>('TracklyVariant').implement({
    description: 'One A/B variant ("blast") of a Trackly schedule.',
    fields: (t) => ({
      name: t.string({ nullable: true, description: 'Its name (`variant_name`).', resolve: (v) => v.name }),
      message: t.exposeString('message', { description: 'The text sent; `{{key}}` placeholders become offer links.' }),
      percentAudience: t.exposeFloat('percentAudience', { description: 'Share of the audience that gets this variant; all variants add up to 100.' }),
      mmsImageUrl: t.string({ nullable: true, description: 'Image sent with it as MMS, if any.', resolve: (v) => v.mmsImageUrl }),
      offerLinks: t.field({ type: [TracklyOfferLinkRef], description: 'Its offer links.', resolve: (v) => v.offerLinks }),
    }),
  });

  const TracklyDetailsRef = builder.objectRef<TracklyDetails>('TracklyScheduleDetails').implement({
    description: "Trackly's own fields of a schedule.",
    fields: (t) => ({
      sendType: t.field({ type: TracklySendTypeEnum, description: 'BLAST or AUTOMATED.', resolve: (d) => d.sendType }),
      variants: t.field({ type: [TracklyVariantRef], description: 'The A/B variants (empty for AUTOMATED).', resolve: (d) => d.variants }),
      audienceIds: t.idList({ description: 'Ids of the audiences it sends to.', resolve: (d) => d.audienceIds }),
      audiences: t.field({
        type: [TracklyAudienceRef],
        description: 'The audiences it sends to (batched per request); ids Trackly no longer knows are left out (see audienceIds).',
        resolve: (d, _args, ctx) => ctx.sessions.get('TRACKLY').audiences(d.audienceIds),
      }),
      sourceListIds: t.intList({ description: 'Ids of the sending lists it uses.', resolve: (d) => d.sourceListIds }),
      sourceLists: t.field({
        type: [TracklySourceListRef],
        description: 'The sending lists it uses (batched per request); deleted lists are left out (see sourceListIds).',
        resolve: (d, _args, ctx) => ctx.sessions.get('TRACKLY').sourceLists(d.sourceListIds),
      }),
      skipWithinHours: t.exposeFloat('skipWithinHours', { description: 'Contacts messaged within this many hours are skipped (0 = off).' }),
      useLocalTime: t.exposeBoolean('useLocalTime', { description: "Send time is read in each recipient's zone." }),
      filterBots: t.exposeBoolean('filterBots', { description: 'Suspected bot clicks are left out of reporting.' }),
      isMms: t.exposeBoolean('isMms', { description: 'Sent as MMS.' }),
      isCto: t.exposeBoolean('isCto', { description: "Trackly's click-to-open mode (meaning undocumented by Trackly)." }),
      automatedPercent: t.exposeFloat('automatedPercent', { description: 'Share of the audience given to automated creative selection (0–100).' }),
      irRevenue: t.exposeFloat('irRevenue', { description: 'Expected revenue per conversion, for reporting.' }),
    }),
  });

  return { details: TracklyDetailsRef, TracklySendTypeEnum };
}

/** Trackly's create input and patch, the members of the mutations' target and patch inputs. */
function registerTracklyInputs(builder: GatewayBuilder, { ScheduleStatusEnum, KeyValueInput }: SharedRefs, outputs: ReturnType<typeof registerTracklyDetails>) {
  const { TracklySendTypeEnum } = outputs;
  const TracklyOfferLinkInput = builder.inputType('TracklyOfferLinkInput', {
    description: 'Links a `{{key}}` placeholder to an offer.',
    fields: (t) => ({
      key: t.string({ required: true, description: 'Placeholder name (`link1` for `{{link1}}`).' }),
      offerId: t.id({ required: true, description: 'An existing Trackly offer id.' }),
      urlParams: t.field({ type: [KeyValueInput], description: 'Query parameters for the tracked link.' }),
    }),
  });

  const TracklyVariantInput = builder.inputType('TracklyVariantInput', {
    description: 'One A/B variant of a Trackly BLAST schedule.',
    fields: (t) => ({
      name: t.string({ description: 'Variant name.' }),
      message: t.string({ required: true, description: 'The text; use `{{key}}` for offer links.' }),
      percentAudience: t.float({ required: true, description: 'Share of the audience (all variants must add up to exactly 100).' }),
      mmsImageUrl: t.string({ description: 'Image URL to send as MMS.' }),
      offerLinks: t.field({ type: [TracklyOfferLinkInput], description: 'Offer links used by the message.' }),
    }),
  });

  const tracklyFieldDescriptions = {
    sourceListIds: 'Sending lists to use; each must exist.',
    variants: 'A/B variants; required for BLAST, percentAudience must add up to 100.',
    skipWithinHours: 'Skip contacts messaged within this many hours (0 = off).',
    filterBots: 'Leave suspected bot clicks out of reporting.',
    isMms: 'Send as MMS.',
    isCto: "Trackly's click-to-open mode.",
    automatedPercent: 'Share for automated creative selection, 0–100.',
    irRevenue: 'Expected revenue per conversion.',
  };

  const TracklyScheduleInput = builder.inputType('TracklyScheduleInput', {
    description: "A new Trackly schedule. Its timing comes from the mutation's `recurrence` (one-time or weekly; intervals of 1 day/week).",
    fields: (t) => ({
      name: t.string({ required: true, description: 'Schedule name.' }),
      sendType: t.field({ type: TracklySendTypeEnum, description: 'Default BLAST.' }),
      audienceIds: t.idList({ required: true, description: 'At least one active audience.' }),
      sourceListIds: t.intList({ description: tracklyFieldDescriptions.sourceListIds }),
      status: t.field({ type: ScheduleStatusEnum, description: 'DRAFT (default), SCHEDULED (on) or PAUSED (off).' }),
      variants: t.field({ type: [TracklyVariantInput], description: tracklyFieldDescriptions.variants }),
      skipWithinHours: t.float({ description: tracklyFieldDescriptions.skipWithinHours }),
      filterBots: t.boolean({ description: tracklyFieldDescriptions.filterBots }),
      isMms: t.boolean({ description: tracklyFieldDescriptions.isMms }),
      isCto: t.boolean({ description: tracklyFieldDescriptions.isCto }),
      automatedPercent: t.float({ description: tracklyFieldDescriptions.automatedPercent }),
      irRevenue: t.float({ description: tracklyFieldDescriptions.irRevenue }),
    }),
  });

  const TracklySchedulePatch = builder.inputType('TracklySchedulePatch', {
    description: 'Changes to a Trackly schedule: only the fields given are sent (Trackly updates partially). `variants` replaces all variants.',
    fields: (t) => ({
      name: t.string({ description: 'New name.' }),
      sendType: t.field({ type: TracklySendTypeEnum, description: 'New send type.' }),
      audienceIds: t.idList({ description: 'New audiences (replaces the list).' }),
      sourceListIds: t.intList({ description: tracklyFieldDescriptions.sourceListIds }),
      status: t.field({ type: ScheduleStatusEnum, description: 'New status (or use setScheduleStatus).' }),
      variants: t.field({ type: [TracklyVariantInput], description: 'New variants; replaces every existing one.' }),
      skipWithinHours: t.float({ description: tracklyFieldDescriptions.skipWithinHours }),
      filterBots: t.boolean({ description: tracklyFieldDescriptions.filterBots }),
      isMms: t.boolean({ description: tracklyFieldDescriptions.isMms }),
      isCto: t.boolean({ description: tracklyFieldDescriptions.isCto }),
      automatedPercent: t.float({ description: tracklyFieldDescriptions.automatedPercent }),
      irRevenue: t.float({ description: tracklyFieldDescriptions.irRevenue }),
    }),
  });

  return {
    target: { type: TracklyScheduleInput, description: 'A Trackly SMS v2 schedule.' },
    patch: { type: TracklySchedulePatch, description: 'Changes to a Trackly schedule.' },
  };
}

/** Registers Trackly's types on the builder; returns the refs schema/ places in the neutral schedule and mutations. */
export function register(builder: GatewayBuilder, shared: SharedRefs): ProviderGraphQL<'TRACKLY'> {
  const outputs = registerTracklyDetails(builder, shared);
  return { key: 'trackly', details: outputs.details, ...registerTracklyInputs(builder, shared, outputs) };
}
