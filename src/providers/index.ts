/**
 * The list of providers: the one place that names them all. Adding a provider is its folder plus one line here;
 * the registry, `Query.providers` and "not configured" messages are derived from this list.
 */
import { burkiModule } from './burki/module.js';
import { heymarketModule } from './heymarket/module.js';
import { tracklyModule } from './trackly/module.js';

export const PROVIDER_MODULES = {
  TRACKLY: tracklyModule,
  HEYMARKET: heymarketModule,
  BURKI: burkiModule,
} as const;
