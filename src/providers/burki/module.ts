/** Burki as one module object: the only thing `providers/index.ts` needs to name. */
import { parseBurkiConfig, burkiSecrets, type BurkiConfig } from './config.js';
import type { ProviderModule } from '../module.js';
import { register } from './graphql.js';
import { BURKI_TABS } from './graphiql.js';
import { burkiRecipients } from './recipients.js';
import { BURKI_CAPABILITIES, BurkiProvider, type BurkiSession } from './index.js';

interface BurkiEndpoints {
  url: string;
  apiKey: string;
}

// `satisfies`, not a type annotation: the list derives the config key, sandbox and session types from this object.
export const burkiModule = {
  name: 'BURKI',
  label: 'Burki',
  description: "Burki: a campaign's schedule, immediate, once, or every N days/weeks/months.",
  configKey: 'burki',
  config: { parse: parseBurkiConfig, secrets: burkiSecrets },
  capabilities: BURKI_CAPABILITIES,
  keyVariable: 'BURKI_API_KEY',
  forgetsOneTimeZone: true,
  recipients: () => burkiRecipients(),
  docs: { delete: 'clears the campaign\'s schedule (back to "started by hand")', status: 'RUNNING → start, PAUSED → pause' },
  register,
  examples: BURKI_TABS,
  emulator: {
    // Imported when started: the emulator (routes, rules, seed data) is never needed by a gateway in live mode,
    // nor by one pointed at emulators in another process, so it stays out of the start-up.
    start: async (options) => (await import('./sandbox/index.js')).startBurkiSandbox(options),
    endpoints: ({ url, apiKey }: BurkiEndpoints): BurkiEndpoints => ({ url, apiKey }),
    configure: (section: BurkiConfig, { url, apiKey }: BurkiEndpoints): BurkiConfig => ({ ...section, mode: 'sandbox', baseUrl: url, apiKey }),
  },
  create: (burki: BurkiConfig, http) => (burki.apiKey ? new BurkiProvider({ ...burki, apiKey: burki.apiKey }, http) : null),
} as const satisfies ProviderModule<'BURKI', BurkiSession>;

declare module '../sessions.js' {
  interface ProviderSessionTypes {
    BURKI: BurkiSession;
  }
}
