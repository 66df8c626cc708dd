/**
 * The per-request GraphQL context: the clock of the request and its provider sessions (with their loaders).
 * It carries no config and no secret (issue 13): resolvers get only the settings they read, so a resolver
 * cannot reach an API key and a context logged or serialised by mistake shows none.
 */
import type { Config } from './config.js';
import type { ProviderMode } from './config-parts.js';
import { InMemoryIdempotencyStore, type IdempotencyStore } from './core/idempotency.js';
import { PROVIDERS, type ProviderName } from './core/model.js';
import type { GatewayContext } from './graphql-types.js';
import { nowInstant } from './core/time.js';
import { ANONYMOUS, type Caller } from './ops/caller.js';
import { PROVIDER_MODULES } from './providers/index.js';
import { RequestSessions, type ProviderRegistry } from './providers/registry.js';
import type { ScheduleRegistry } from './store/registry.js';
import { historyLoader, zoneLoader } from './store/history-loader.js';

// Declared beside the builder's types (graphql-types.ts), which provider GraphQL parts import: the context
// type must not depend on the module list.
export type { GatewayContext };

export interface ContextOptions {
  idempotency?: IdempotencyStore;
  requestId?: string | null;
  caller?: Caller;
  schedules?: ScheduleRegistry;
}

/** Used only when a caller builds a context without a gateway's store (tests, scripts). */
let fallbackStore: IdempotencyStore | null = null;

function fallbackIdempotency(): IdempotencyStore {
  fallbackStore ??= new InMemoryIdempotencyStore();
  return fallbackStore;
}

function providerModes(config: Config): Record<ProviderName, ProviderMode> {
  // fromEntries loses the key type; every ProviderName is present by construction (PROVIDERS lists them all).
  return Object.fromEntries(PROVIDERS.map((name) => [name, config[PROVIDER_MODULES[name].configKey].mode])) as Record<ProviderName, ProviderMode>;
}

export function createContext(registry: ProviderRegistry, config: Config, signal?: AbortSignal, options: ContextOptions = {}): GatewayContext {
  const now = nowInstant();
  const idempotency = options.idempotency ?? fallbackIdempotency();
  const schedules = options.schedules ?? null;
  const known = schedules ? { schedules } : {};
  const requestTimeoutMs = config.limits.requestTimeoutMs;
  return {
    now,
    sessions: new RequestSessions(registry, signal ? { now, signal, ...known } : { now, ...known }),
    sendingWindow: config.sendingWindow,
    providerModes: providerModes(config),
    partialErrors: [],
    idempotency,
    signal,
    requestId: options.requestId ?? null,
    caller: options.caller ?? ANONYMOUS,
    // The timeout is read here, not later from the context: the context keeps no config.
    detachedSessions: () => new RequestSessions(registry, { now, signal: AbortSignal.timeout(requestTimeoutMs), ...known }),
    schedules,
    history: schedules ? historyLoader(schedules) : null,
    zones: schedules ? zoneLoader(schedules) : null,
  };
}
