/**
 * The per-request provider sessions as resolvers see them, as types only and without the list of providers:
 * each provider's module declares its session type here by declaration merging. The resolver context (and so
 * the GraphQL builder type a provider's GraphQL part is written against) depends on this file, not on the
 * module list, which is what lets a module carry its GraphQL part without an import cycle.
 */
import type { ProviderName } from '../core/model.js';

/**
 * Each provider's session type, added by `providers/<name>/module.ts` (`declare module '../sessions.js'`).
 * @public (only declaration merging uses it, which knip cannot see)
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging, one member per provider module.
export interface ProviderSessionTypes {}

/** The session type of each provider, so create/update get each provider's own input type. */
export type ProviderSessionMap = { [P in ProviderName]: P extends keyof ProviderSessionTypes ? ProviderSessionTypes[P] : never };

export interface SessionLookup {
  /** The provider's session for this request; throws ProviderNotConfiguredError when it has no credentials. */
  get<P extends ProviderName>(name: P): ProviderSessionMap[P];
  /** Whether the gateway has credentials (or a sandbox) for the provider, so `get` would not throw. */
  isConfigured(name: ProviderName): boolean;
}
