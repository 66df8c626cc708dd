/**
 * Where providers are registered: config → one provider instance per upstream (or none when it has no
 * credentials), and the typed map of per-request sessions. Adding a provider is one line in each map.
 */
import type { Config } from '../config.js';
import { ProviderNotConfiguredError } from '../core/errors.js';
import type { ProviderName } from '../core/model.js';
import type { ProviderSession, RequestScope, ScheduleProvider } from './provider.js';
import { httpSettings } from './settings.js';
import type { UpstreamAttempt } from './http.js';
import { TracklyProvider, type TracklySession } from './trackly/index.js';

/** The session type of each provider, so create/update get each provider's own input type. */
export interface ProviderSessionMap {
  TRACKLY: TracklySession;
  HEYMARKET: ProviderSession;
  BURKI: ProviderSession;
}

export type ProviderRegistry = { [P in ProviderName]: ScheduleProvider<ProviderSessionMap[P]> | null };

/** The environment variable that enables each provider, for "not configured" messages. */
export const PROVIDER_KEY_VARIABLE: Record<ProviderName, string> = {
  TRACKLY: 'TRACKLY_API_KEY',
  HEYMARKET: 'HEYMARKET_API_KEY (or HEYMARKET_SECRET_ID + HEYMARKET_SECRET_KEY)',
  BURKI: 'BURKI_API_KEY',
};

export function createProviders(config: Config, onAttempt?: (event: UpstreamAttempt) => void): ProviderRegistry {
  const http = httpSettings(config.http, onAttempt);
  const { trackly } = config;
  return {
    TRACKLY: trackly.apiKey ? new TracklyProvider({ ...trackly, apiKey: trackly.apiKey }, http) : null,
    HEYMARKET: null,
    BURKI: null,
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
