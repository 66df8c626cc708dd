/** Trackly as one module object: the only thing `providers/index.ts` needs to name. */
import type { ProviderModule } from '../module.js';
import { tracklyRecipients } from './recipients.js';
import { TRACKLY_CAPABILITIES, TracklyProvider, type TracklySession } from './index.js';

export const tracklyModule: ProviderModule<'TRACKLY', TracklySession> = {
  name: 'TRACKLY',
  description: 'Trackly SMS v2: repeating or one-time blast schedules with A/B variants, audiences and offers.',
  configKey: 'trackly',
  capabilities: TRACKLY_CAPABILITIES,
  keyVariable: 'TRACKLY_API_KEY',
  recipients: () => tracklyRecipients(),
  create: ({ trackly }, http) => (trackly.apiKey ? new TracklyProvider({ ...trackly, apiKey: trackly.apiKey }, http) : null),
};
