/**
 * Where providers are registered: config → one provider instance per upstream (or none when it has no
 * credentials), and the typed map of per-request sessions. Adding a provider is one line in each map.
 */
import type { Config } from '../config.js';
import { ProviderNotConfiguredError } from '../core/errors.js';
import type { ProviderName } from '../core/model.js';
import type { RateBudget } from '../core/rate-budget.js';
import type { ProviderCapabilities, ProviderSession, RequestScope, ScheduleProvider } from './provider.js';
import { httpSettings } from './settings.js';
import type { UpstreamAttempt } from './http.js';
import { TRACKLY_CAPABILITIES, TracklyProvider, type TracklySession } from './trackly/index.js';
import { HEYMARKET_CAPABILITIES, HeymarketProvider, type HeymarketSession } from './heymarket/index.js';
import { BURKI_CAPABILITIES, BurkiProvider, type BurkiSession } from './burki/index.js';

/** The session type of each provider, so create/update get each provider's own input type. */
export interface ProviderSessionMap {
  TRACKLY: TracklySession;
  HEYMARKET: HeymarketSession;
  BURKI: BurkiSession;
}

export type ProviderRegistry = { [P in ProviderName]: ScheduleProvider<ProviderSessionMap[P]> | null };

/** What each provider accepts, known without credentials (for `Query.providers`). */
export const PROVIDER_CAPABILITIES: Record<ProviderName, ProviderCapabilities> = {
  TRACKLY: TRACKLY_CAPABILITIES,
  HEYMARKET: HEYMARKET_CAPABILITIES,
  BURKI: BURKI_CAPABILITIES,
};

/** The environment variable that enables each provider, for "not configured" messages. */
const PROVIDER_KEY_VARIABLE: Record<ProviderName, string> = {
  TRACKLY: 'TRACKLY_API_KEY',
  HEYMARKET: 'HEYMARKET_API_KEY (or HEYMARKET_SECRET_ID + HEYMARKET_SECRET_KEY)',
  BURKI: 'BURKI_API_KEY',
};

/** State the providers share with other gateway instances (from the store), when there is a store. */
export interface SharedProviderState {
  /** Heymarket's per-minute budget across every instance on one DATABASE_URL. */
  heymarketBudget?: RateBudget;
}

export function createProviders(config: Config, onAttempt?: (event: UpstreamAttempt) => void, shared: SharedProviderState = {}): ProviderRegistry {
  const http = httpSettings(config.http, onAttempt);
  const { trackly } = config;
  return {
    TRACKLY: trackly.apiKey ? new TracklyProvider({ ...trackly, apiKey: trackly.apiKey }, http) : null,
    HEYMARKET: config.heymarket.auth ? new HeymarketProvider({ ...config.heymarket, auth: config.heymarket.auth }, http, shared.heymarketBudget) : null,
    BURKI: config.burki.apiKey ? new BurkiProvider({ ...config.burki, apiKey: config.burki.apiKey }, http) : null,
  };
}

export async function closeProviders(registry: ProviderRegistry): Promise<void> {
  await Promise.all(Object.values(registry).map((provider) => provider?.close()));
}

/** Per-request sessions, created on first use so a request touching one provider builds one set of loaders. */
export class RequestSessions {
  private readonly open = new Map<ProviderName, ProviderSession>();

  constructor(
    private readonly registry: ProviderRegistry,
    private readonly scope: RequestScope,
  ) {}

  get<P extends ProviderName>(name: P): ProviderSessionMap[P] {
    const existing = this.open.get(name);
    if (existing) return existing as ProviderSessionMap[P];
    const provider = this.registry[name];
    if (!provider) throw new ProviderNotConfiguredError(name, PROVIDER_KEY_VARIABLE[name]);
    const session = provider.session(this.scope);
    this.open.set(name, session);
    return session;
  }
}
