/** Burki as one module object: the only thing `providers/index.ts` needs to name. */
import type { ProviderModule } from '../module.js';
import { BURKI_CAPABILITIES, BurkiProvider, type BurkiSession } from './index.js';

export const burkiModule: ProviderModule<'BURKI', BurkiSession> = {
  name: 'BURKI',
  configKey: 'burki',
  capabilities: BURKI_CAPABILITIES,
  keyVariable: 'BURKI_API_KEY',
  create: ({ burki }, http) => (burki.apiKey ? new BurkiProvider({ ...burki, apiKey: burki.apiKey }, http) : null),
};
