/** Trackly as one module object: the only thing `providers/index.ts` needs to name. */
import { parseTracklyConfig, tracklySecrets, type TracklyConfig } from './config.js';
import type { ProviderModule } from '../module.js';
import { register } from './graphql.js';
import { TRACKLY_TABS } from './graphiql.js';
import { tracklyRecipients } from './recipients.js';
import { TRACKLY_CAPABILITIES, TracklyProvider, type TracklySession } from './index.js';

interface TracklyEndpoints {
  baseUrl: string;
  apiKey: string;
}

// `satisfies`, not a type annotation: the list derives the config key, sandbox and session types from this object.
export const tracklyModule = {
  name: 'TRACKLY',
  label: 'Trackly',
  description: 'Trackly SMS v2: repeating or one-time blast schedules with A/B variants, audiences and offers.',
  configKey: 'trackly',
  config: { parse: parseTracklyConfig, secrets: tracklySecrets },
  capabilities: TRACKLY_CAPABILITIES,
  keyVariable: 'TRACKLY_API_KEY',
  forgetsOneTimeZone: false,
  recipients: () => tracklyRecipients(),
  docs: { delete: 'archives it', status: 'SCHEDULED → on, PAUSED → off, DRAFT → draft' },
  register,
  examples: TRACKLY_TABS,
  emulator: {
    // Imported when started: the emulator (routes, rules, seed data) is never needed by a gateway in live mode,
    // nor by one pointed at emulators in another process, so it stays out of the start-up.
    start: async (options) => (await import('./sandbox/index.js')).startTracklySandbox(options),
    endpoints: ({ baseUrl, apiKey }: TracklyEndpoints): TracklyEndpoints => ({ baseUrl, apiKey }),
    configure: (section: TracklyConfig, { baseUrl, apiKey }: TracklyEndpoints): TracklyConfig => ({ ...section, mode: 'sandbox', baseUrl, apiKey }),
  },
  create: (trackly: TracklyConfig, http) => (trackly.apiKey ? new TracklyProvider({ ...trackly, apiKey: trackly.apiKey }, http) : null),
} as const satisfies ProviderModule<'TRACKLY', TracklySession>;

declare module '../sessions.js' {
  interface ProviderSessionTypes {
    TRACKLY: TracklySession;
  }
}
