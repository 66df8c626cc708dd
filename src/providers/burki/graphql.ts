/**
 * Burki's face in the schema: `BurkiScheduleDetails` with its `campaign` (resolved through the request's
 * campaign DataLoader, which `getSchedule` and the list already fill, so it costs no extra call), and the
 * `BurkiScheduleInput` target. Burki has no patch input: its schedule is nothing but its timing, which every
 * mutation takes in `recurrence`. A function of the builder, called by schema/, so this folder never imports
 * schema/ (imports flow one way).
 */
import type { BurkiCampaignInfo, BurkiDetails } from './details.js';
import type { GatewayBuilder, ProviderGraphQL } from '../../graphql-types.js';

/** Burki's output types: its details object and everything the details link to. */
function registerBurkiDetails(builder: GatewayBuilder) {
  const BurkiCampaignTypeEnum = builder.enumType('BurkiCampaignType', {
    description: 'What a Burki campaign does with each contact.',
    values: {
      CALL: { description: 'An AI assistant phones the contact (`call`).' },
      SMS: { description: 'The contact gets a text message (`sms`).' },
      MIXED: { description: 'Calls and text messages (`mixed`).' },
    },
  });

  const BurkiCampaignRef = builder.objectRef<BurkiCampaignInfo>('BurkiCampaign').implement({
    description: 'A Burki outbound campaign: an AI assistant calling or texting a list of contacts. Its schedule is the `Schedule` this hangs off.',
    fields: (t) => ({
      id: t.exposeInt('id', { description: "Burki's campaign id (also the schedule's `nativeId`)." }),
      name: t.exposeString('name', { description: 'The campaign name.' }),
      description: t.string({ nullable: true, description: 'Its description; null when it has none.', resolve: (c) => c.description }),
      campaignType: t.field({
        type: BurkiCampaignTypeEnum,
        nullable: true,
        description: 'CALL, SMS or MIXED; null when Burki reports a type this gateway does not know yet (see `nativeCampaignType`).',
        resolve: (c) => c.campaignType,
      }),
      nativeCampaignType: t.string({ description: "The campaign type in Burki's own word (`call`, `sms`, `mixed`).", resolve: (c) => c.nativeCampaignType }),
      status: t.exposeString('status', { description: "The campaign status in Burki's own word (`draft`, `scheduled`, `running`, `paused`, `completed`, …)." }),
      assistantId: t.int({
        nullable: true,
        description: 'The AI assistant that runs it; null when Burki does not say.',
        resolve: (c) => c.assistantId,
      }),
      assistantName: t.string({ nullable: true, description: "The assistant's name; null when Burki does not say.", resolve: (c) => c.assistantName }),
      totalContacts: t.int({ description: 'Contacts in the campaign.', resolve: (c) => c.totalContacts }),
      completedContacts: t.int({ description: 'Contacts already reached successfully.', resolve: (c) => c.completedContacts }),
      failedContacts: t.int({ description: 'Contacts that could not be reached after every attempt.', resolve: (c) => c.failedContacts }),
      maxAttempts: t.int({
        nullable: true,
        description: 'Attempts per contact (Burki default 3); null when Burki does not say.',
        resolve: (c) => c.maxAttempts,
      }),
      retryDelayMinutes: t.int({
        nullable: true,
        description: 'Minutes between attempts (Burki default 30); null when Burki does not say.',
        resolve: (c) => c.retryDelayMinutes,
      }),
      smsMessageTemplate: t.string({
        nullable: true,
        description: 'The text sent to each contact (SMS and MIXED campaigns); null when none.',
        resolve: (c) => c.smsMessageTemplate,
      }),
      welcomeMessageTemplate: t.string({
        nullable: true,
        description: 'What the assistant says first on a call; null when none.',
        resolve: (c) => c.welcomeMessageTemplate,
      }),
      lastImportFileName: t.string({
        nullable: true,
        description: 'The file contacts were last imported from; null before any import.',
        resolve: (c) => c.lastImportFileName,
      }),
      lastImportRowCount: t.int({
        nullable: true,
        description: 'Rows in the last contact import; null before any import.',
        resolve: (c) => c.lastImportRowCount,
      }),
      createdAt: t.field({
        type: 'DateTime',
        nullable: true,
        description: 'When the campaign was created, if Burki says.',
        resolve: (c) => c.createdAt,
      }),
      updatedAt: t.field({
        type: 'DateTime',
        nullable: true,
        description: 'When the campaign last changed, if Burki says.',
        resolve: (c) => c.updatedAt,
      }),
    }),
  });

  const BurkiDetailsRef = builder.objectRef<BurkiDetails>('BurkiScheduleDetails').implement({
    description: "Burki's own fields of a campaign's schedule.",
    fields: (t) => ({
      campaignId: t.exposeInt('campaignId', { description: 'The campaign this schedule belongs to.' }),
      scheduleType: t.exposeString('scheduleType', { description: 'The native schedule type: `immediate`, `scheduled` or `recurring`.' }),
      campaign: t.field({
        type: BurkiCampaignRef,
        nullable: true,
        description: 'The campaign itself (batched and cached per request); null only if it was deleted after its schedule was read.',
        resolve: (d, _args, ctx) => ctx.sessions.get('BURKI').campaign(d.campaignId),
      }),
    }),
  });

  return { details: BurkiDetailsRef };
}

/** Burki's create input and patch, the members of the mutations' target and patch inputs. */
function registerBurkiInputs(builder: GatewayBuilder) {
  const BurkiScheduleInput = builder.inputType('BurkiScheduleInput', {
    description:
      "A Burki campaign's schedule. Its timing comes from the mutation's `recurrence` (one-time, weekly, or every N days/weeks/months); leave `recurrence` out to leave the campaign to be started by hand. The schedule's id is the campaign's.",
    fields: (t) => ({
      campaignId: t.int({ required: true, description: 'The Burki campaign whose schedule this is; it must exist and belong to your organization.' }),
    }),
  });

  return { target: { type: BurkiScheduleInput, description: "A Burki campaign's schedule (the schedule's id is the campaign's)." }, patch: null };
}

/** Registers the provider's types on the builder; returns the refs schema/ places in the neutral schedule and mutations. */
export function register(builder: GatewayBuilder): ProviderGraphQL<'BURKI'> {
  const outputs = registerBurkiDetails(builder);
  return { key: 'burki', details: outputs.details, ...registerBurkiInputs(builder) };
}
