/** Trackly as one module object: the only thing `providers/index.ts` needs to name. */
import type { ProviderModule } from '../module.js';
import { TRACKLY_CAPABILITIES, TracklyProvider, type TracklySession } from './index.js';

export const tracklyModule: ProviderModule<'TRACKLY', TracklySession> = {
  name: 'TRACKLY',
  configKey: 'trackly',
  capabilities: TRACKLY_CAPABILITIES,
  keyVariable: 'TRACKLY_API_KEY',
  create: ({ trackly }, http) => (trackly.apiKey ? new TracklyProvider({ ...trackly, apiKey: trackly.apiKey }, http) : null),
};
