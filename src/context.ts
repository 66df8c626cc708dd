/**
 * The per-request GraphQL context: the clock of the request and its provider sessions (with their loaders).
 * It carries no config and no secret (issue 13): resolvers get only the settings they read, so a resolver
 * cannot reach an API key and a context logged or serialised by mistake shows none.
 */
import type { Config } from './config.js';
import type { ProviderMode } from './config-parts.js';
import type { GatewayError } from './core/errors.js';
import { InMemoryIdempotencyStore, type IdempotencyStore } from './core/idempotency.js';
import { PROVIDERS, type Instant, type ProviderName } from './core/model.js';
import type { SendingWindowPolicy } from './core/sending-window.js';
import { nowInstant } from './core/time.js';
import { ANONYMOUS, type Caller } from './ops/caller.js';
import { PROVIDER_MODULES } from './providers/index.js';
import { RequestSessions, type ProviderRegistry } from './providers/registry.js';
import type { ScheduleRegistry } from './store/registry.js';
import { historyLoader, zoneLoader, type HistoryLoader, type ZoneLoader } from './store/history-loader.js';

export interface GatewayContext {
  /** The request's start; every "must be in the future" rule in one request uses this same instant. */
  now: Instant;
  sessions: RequestSessions;
  /** Quiet hours: the policy every sending-window check and verdict of the request uses. */
  sendingWindow: SendingWindowPolicy;
  /** Where each provider's calls go (live, sandboxed, not configured), for `Query.providers`. */
  providerModes: Readonly<Record<ProviderName, ProviderMode>>;
  /**
   * Errors of one provider in a multi-provider answer (the merged `schedules` list): the others' data still
   * comes back, and these are added to the response's `errors` by the partial-errors plugin.
   */
  partialErrors: Array<{ path: string[]; error: GatewayError }>;
  /** The gateway's idempotency store (shared by every request of the gateway): no double creates. */
  idempotency: IdempotencyStore;
  /**
   * Aborts when the request's deadline (`GATEWAY_REQUEST_TIMEOUT_MS`) passes or its client goes away; the
   * provider sessions pass it to every upstream call.
   */
  signal: AbortSignal | undefined;
  /** The request id (also in the `x-request-id` response header and the request's log line). */
  requestId: string | null;
  /** Who is calling (their key's scope and actor name, never the key). */
  caller: Caller;
  /**
   * Provider sessions NOT bound to this request's signal, bounded by their own timeout
   * (`GATEWAY_REQUEST_TIMEOUT_MS`): for a write that others share (an idempotent create), which must finish
   * once sent even if this caller disconnects.
   */
  detachedSessions(): RequestSessions;
  /** The store's schedule registry; null without a store (then nothing is recorded and history is empty). */
  schedules: ScheduleRegistry | null;
  /** `Schedule.history`, batched per request (null without a store). */
  history: HistoryLoader | null;
  /** The zone callers gave one-time sends the provider does not keep (null without a store). */
  zones: ZoneLoader | null;
}

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
