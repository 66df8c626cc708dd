/**
 * Where providers are registered: config → one provider instance per upstream (or none when it has no
 * credentials), derived from the list in `providers/index.ts`, and the per-request sessions (their types are
 * the ones each module declares in `providers/sessions.ts`).
 */
import type { Config } from '../config.js';
import { ProviderNotConfiguredError } from '../core/errors.js';
import type { ProviderName } from '../core/model.js';
import type { ProviderCapabilities, ProviderSession, RequestScope, ScheduleProvider } from './provider.js';
import { httpSettings } from './settings.js';
import type { UpstreamAttempt } from './http.js';
import { PROVIDERS } from '../core/model.js';
import { PROVIDER_MODULES } from './index.js';
import type { ProviderModule, SharedProviderState } from './module.js';
import type { ProviderSessionMap, SessionLookup } from './sessions.js';

export type { ProviderSessionMap, SharedProviderState };

export type ProviderRegistry = { [P in ProviderName]: ScheduleProvider<ProviderSessionMap[P]> | null };

/** What each provider accepts, known without credentials (for `Query.providers`). */
export const PROVIDER_CAPABILITIES: Record<ProviderName, ProviderCapabilities> = perProvider((name) => PROVIDER_MODULES[name].capabilities);

/** The environment variable that enables each provider, for "not configured" messages. */
const PROVIDER_KEY_VARIABLE: Record<ProviderName, string> = perProvider((name) => PROVIDER_MODULES[name].keyVariable);

/** One value per provider, in the order of PROVIDERS. */
function perProvider<T>(value: (name: ProviderName) => T): Record<ProviderName, T> {
  // fromEntries loses the key type; every ProviderName is present by construction (PROVIDERS lists them all).
  return Object.fromEntries(PROVIDERS.map((name) => [name, value(name)])) as Record<ProviderName, T>;
}

export function createProviders(config: Config, onAttempt?: (event: UpstreamAttempt) => void, shared: SharedProviderState = {}): ProviderRegistry {
  const http = httpSettings(config.http, onAttempt);
  // Each entry is its own module's create(), so the entry has that provider's session type; the cast only
  // restores the per-key types that fromEntries forgets.
  return perProvider((name) => {
    // The general module type, so one call serves every provider with its own section.
    const module: ProviderModule = PROVIDER_MODULES[name];
    return module.create(config[PROVIDER_MODULES[name].configKey], http, shared);
  }) as ProviderRegistry;
}

export async function closeProviders(registry: ProviderRegistry): Promise<void> {
  await Promise.all(Object.values(registry).map((provider) => provider?.close()));
}

/** Per-request sessions, created on first use so a request touching one provider builds one set of loaders. */
export class RequestSessions implements SessionLookup {
  // True private fields: the providers hold their credentials, and a context serialised by mistake (a log
  // line, a debugger) must not walk into them.
  readonly #open = new Map<ProviderName, ProviderSession>();
  readonly #registry: ProviderRegistry;
  readonly #scope: RequestScope;

  constructor(registry: ProviderRegistry, scope: RequestScope) {
    this.#registry = registry;
    this.#scope = scope;
  }

  isConfigured(name: ProviderName): boolean {
    return this.#registry[name] !== null;
  }

  get<P extends ProviderName>(name: P): ProviderSessionMap[P] {
    const existing = this.#open.get(name);
    if (existing) return existing as ProviderSessionMap[P];
    const provider = this.#registry[name];
    if (!provider) throw new ProviderNotConfiguredError(name, PROVIDER_KEY_VARIABLE[name]);
    const session = provider.session(this.#scope);
    this.#open.set(name, session);
    return session;
  }
}
