/** The per-request GraphQL context: the clock of the request and its provider sessions (with their loaders). */
import type { Config } from './config.js';
import type { GatewayError } from './core/errors.js';
import type { Instant } from './core/model.js';
import { formatInstant, Temporal } from './core/time.js';
import { RequestSessions, type ProviderRegistry } from './providers/registry.js';

export interface GatewayContext {
  /** The request's start; every "must be in the future" rule in one request uses this same instant. */
  now: Instant;
  sessions: RequestSessions;
  registry: ProviderRegistry;
  config: Config;
  /**
   * Errors of one provider in a multi-provider answer (the merged `schedules` list): the others' data still
   * comes back, and these are added to the response's `errors` by the partial-errors plugin.
   */
  partialErrors: Array<{ path: string[]; error: GatewayError }>;
}

export function createContext(registry: ProviderRegistry, config: Config, signal?: AbortSignal): GatewayContext {
  const now = formatInstant(Temporal.Now.instant().round({ smallestUnit: 'millisecond' }));
  return { now, sessions: new RequestSessions(registry, signal ? { now, signal } : { now }), registry, config, partialErrors: [] };
}
