/** Heymarket as one module object: the only thing `providers/index.ts` needs to name. */
import type { ProviderModule } from '../module.js';
import { heymarketRecipients } from './recipients.js';
import { HEYMARKET_CAPABILITIES, HeymarketProvider, type HeymarketSession } from './index.js';

export const heymarketModule: ProviderModule<'HEYMARKET', HeymarketSession> = {
  name: 'HEYMARKET',
  description: 'Heymarket v1: one-time scheduled messages on 15-minute boundaries.',
  configKey: 'heymarket',
  capabilities: HEYMARKET_CAPABILITIES,
  keyVariable: 'HEYMARKET_API_KEY (or HEYMARKET_SECRET_ID + HEYMARKET_SECRET_KEY)',
  recipients: (details) => heymarketRecipients(details.provider === 'HEYMARKET' ? details.recipient : null),
  create: ({ heymarket }, http, shared) =>
    heymarket.auth ? new HeymarketProvider({ ...heymarket, auth: heymarket.auth }, http, shared.heymarketBudget) : null,
};
