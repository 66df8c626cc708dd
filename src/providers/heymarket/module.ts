/** Heymarket as one module object: the only thing `providers/index.ts` needs to name. */
import type { ProviderModule } from '../module.js';
import { HEYMARKET_CAPABILITIES, HeymarketProvider, type HeymarketSession } from './index.js';

export const heymarketModule: ProviderModule<'HEYMARKET', HeymarketSession> = {
  name: 'HEYMARKET',
  configKey: 'heymarket',
  capabilities: HEYMARKET_CAPABILITIES,
  keyVariable: 'HEYMARKET_API_KEY (or HEYMARKET_SECRET_ID + HEYMARKET_SECRET_KEY)',
  create: ({ heymarket }, http, shared) =>
    heymarket.auth ? new HeymarketProvider({ ...heymarket, auth: heymarket.auth }, http, shared.heymarketBudget) : null,
};
