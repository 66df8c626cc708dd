/** `Schedule.history`: the writes made to a schedule through the gateway (the store's registry), newest first. */
import type { ScheduleChange } from '../store/registry.js';
import { builder } from './builder.js';

const ScheduleChangeActionEnum = builder.enumType('ScheduleChangeAction', {
  description: 'What a write through the gateway did to a schedule.',
  values: {
    CREATED: { description: 'createSchedule created it.' },
    UPDATED: { description: 'updateSchedule changed it.' },
    STATUS_CHANGED: { description: 'setScheduleStatus moved it to another status.' },
    DELETED: { description: 'deleteSchedule deleted, archived or cleared it.' },
  } as const,
});

export const ScheduleChangeRef = builder.objectRef<ScheduleChange>('ScheduleChange').implement({
  description: 'One write made to a schedule through the gateway, recorded after the provider accepted it.',
  fields: (t) => ({
    action: t.field({ type: ScheduleChangeActionEnum, description: 'What the write did.', resolve: (change) => change.action }),
    at: t.field({ type: 'DateTime', description: 'When the gateway recorded the write (UTC).', resolve: (change) => change.at }),
    actor: t.exposeString('actor', {
      description:
        "Who made it: `key:` and the first 12 hex digits of the SHA-256 of the caller's gateway API key (never the key), or `anonymous` when access is open.",
    }),
  }),
});
