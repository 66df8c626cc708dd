/** Heymarket as one module object: the only thing `providers/index.ts` needs to name. */
import { parseHeymarketConfig, heymarketSecrets, type HeymarketConfig } from './config.js';
import type { ProviderModule } from '../module.js';
import { register } from './graphql.js';
import { heymarketRecipients } from './recipients.js';
import { HEYMARKET_CAPABILITIES, HeymarketProvider, type HeymarketSession } from './index.js';

interface HeymarketEndpoints {
  url: string;
  secretId: string;
  secretKey: string;
}

// `satisfies`, not a type annotation: the list derives the config key, sandbox and session types from this object.
export const heymarketModule = {
  name: 'HEYMARKET',
  label: 'Heymarket',
  description: 'Heymarket v1: one-time scheduled messages on 15-minute boundaries.',
  configKey: 'heymarket',
  config: { parse: parseHeymarketConfig, secrets: heymarketSecrets },
  capabilities: HEYMARKET_CAPABILITIES,
  keyVariable: 'HEYMARKET_API_KEY (or HEYMARKET_SECRET_ID + HEYMARKET_SECRET_KEY)',
  forgetsOneTimeZone: true,
  recipients: (details) => heymarketRecipients(details.provider === 'HEYMARKET' ? details.recipient : null),
  docs: { delete: 'cancels the message' },
  register,
  examples: [],
  emulator: {
    // Imported when started: the emulator (routes, rules, seed data) is never needed by a gateway in live mode,
    // nor by one pointed at emulators in another process, so it stays out of the start-up.
    start: async (options) => (await import('./sandbox/index.js')).startHeymarketSandbox(options),
    endpoints: ({ url, secretId, secretKey }: HeymarketEndpoints): HeymarketEndpoints => ({ url, secretId, secretKey }),
    // The signed-JWT path, the one a real deployment should use.
    configure: (section: HeymarketConfig, { url, secretId, secretKey }: HeymarketEndpoints): HeymarketConfig => ({
      ...section,
      mode: 'sandbox',
      baseUrl: url,
      auth: { kind: 'jwt', secretId, secretKey },
    }),
  },
  create: (heymarket: HeymarketConfig, http, shared) =>
    heymarket.auth ? new HeymarketProvider({ ...heymarket, auth: heymarket.auth }, http, shared.rateBudget?.('heymarket', heymarket.requestsPerMinute)) : null,
} as const satisfies ProviderModule<'HEYMARKET', HeymarketSession>;

declare module '../sessions.js' {
  interface ProviderSessionTypes {
    HEYMARKET: HeymarketSession;
  }
}
