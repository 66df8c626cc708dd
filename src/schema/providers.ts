/** `Query.providers`: what each provider is (live, sandboxed, not configured) and what it accepts. */
import type { ProviderMode } from '../config-parts.js';
import type { ProviderName } from '../core/model.js';
import { PROVIDERS } from '../core/model.js';
import type { ProviderCapabilities } from '../providers/provider.js';
import { PROVIDER_CAPABILITIES } from '../providers/registry.js';
import { builder } from './builder.js';
import { FrequencyEnum, ProviderEnum, RecurrenceKindEnum, ScheduleStatusEnum } from './enums.js';

interface ProviderInfo {
  provider: ProviderName;
  mode: ProviderMode;
  capabilities: ProviderCapabilities;
}

const ProviderModeEnum = builder.enumType('ProviderMode', {
  description: "Where a provider's calls go.",
  values: {
    LIVE: { value: 'live', description: "The real provider API, with this gateway's credentials." },
    SANDBOX: { value: 'sandbox', description: 'The built-in in-memory emulator: nothing reaches real people.' },
    NOT_CONFIGURED: { value: 'unconfigured', description: 'No credentials: every call fails with ProviderNotConfiguredError.' },
  } as const,
});

const ProviderInfoRef = builder.objectRef<ProviderInfo>('ProviderInfo').implement({
  description: 'One provider and what it can do, so a front end can disable options instead of learning from errors.',
  fields: (t) => ({
    provider: t.field({ type: ProviderEnum, description: 'The provider.', resolve: (p) => p.provider }),
    mode: t.field({ type: ProviderModeEnum, description: 'Live, sandboxed, or not configured.', resolve: (p) => p.mode }),
    recurrenceKinds: t.field({
      type: [RecurrenceKindEnum],
      description: 'Recurrence kinds createSchedule accepts for it.',
      resolve: (p) => p.capabilities.recurrenceKinds,
    }),
    intervalFrequencies: t.field({
      type: [FrequencyEnum],
      description: 'Frequencies accepted in an `interval` recurrence (empty: no intervals).',
      resolve: (p) => p.capabilities.intervalFrequencies,
    }),
    maxInterval: t.int({ nullable: true, description: 'Largest `interval` accepted; null for no limit.', resolve: (p) => p.capabilities.maxInterval }),
    recipientLocalTime: t.boolean({
      description: "Whether times can be read in each recipient's own zone.",
      resolve: (p) => p.capabilities.recipientLocalTime,
    }),
    manualStart: t.boolean({ description: 'Whether a schedule may have no recurrence (started by hand).', resolve: (p) => p.capabilities.manualStart }),
    canList: t.boolean({ description: 'Whether `schedules` can list its schedules.', resolve: (p) => p.capabilities.canList }),
    canUpdate: t.boolean({ description: 'Whether updateSchedule works for it.', resolve: (p) => p.capabilities.canUpdate }),
    canDelete: t.boolean({ description: 'Whether deleteSchedule works for it.', resolve: (p) => p.capabilities.canDelete }),
    canPause: t.boolean({
      description: 'Whether setScheduleStatus can pause its schedules.',
      resolve: (p) => p.capabilities.settableStatuses.includes('PAUSED'),
    }),
    settableStatuses: t.field({
      type: [ScheduleStatusEnum],
      description: 'Statuses setScheduleStatus can move its schedules to.',
      resolve: (p) => p.capabilities.settableStatuses,
    }),
    notes: t.stringList({ description: 'Its rules in plain language.', resolve: (p) => p.capabilities.notes }),
  }),
});

builder.queryField('providers', (t) =>
  t.field({
    type: [ProviderInfoRef],
    description: 'Every provider: live, sandboxed or not configured, and what it accepts.',
    resolve: (_root, _args, ctx) =>
      PROVIDERS.map((provider) => ({
        provider,
        mode: ctx.providerModes[provider],
        capabilities: PROVIDER_CAPABILITIES[provider],
      })),
  }),
);
