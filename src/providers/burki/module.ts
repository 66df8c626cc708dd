/** Burki as one module object: the only thing `providers/index.ts` needs to name. */
import type { ProviderModule } from '../module.js';
import { burkiRecipients } from './recipients.js';
import { BURKI_CAPABILITIES, BurkiProvider, type BurkiSession } from './index.js';

export const burkiModule: ProviderModule<'BURKI', BurkiSession> = {
  name: 'BURKI',
  description: "Burki: a campaign's schedule, immediate, once, or every N days/weeks/months.",
  configKey: 'burki',
  capabilities: BURKI_CAPABILITIES,
  keyVariable: 'BURKI_API_KEY',
  recipients: () => burkiRecipients(),
  create: ({ burki }, http) => (burki.apiKey ? new BurkiProvider({ ...burki, apiKey: burki.apiKey }, http) : null),
};
