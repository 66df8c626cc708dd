/**
 * Each provider's own GraphQL types (details object, create input, patch), registered by calling its module's
 * `register(builder, shared)`: schema/ calls into providers/, never the reverse. The details union, the target
 * and patch inputs and the mutations' dispatch iterate the result instead of naming providers.
 */
import { PROVIDERS, type ProviderName } from '../core/model.js';
import type { ProviderGraphQL } from '../graphql-types.js';
import { PROVIDER_MODULES } from '../providers/index.js';
import { builder } from './builder.js';
import { ScheduleStatusEnum } from './enums.js';
import { KeyValueInput, KeyValueRef } from './shared.js';

const shared = { ScheduleStatusEnum, KeyValueInput, KeyValueRef };

// fromEntries loses the per-key types; each entry is its own module's registration by construction.
export const PROVIDER_GRAPHQL = Object.fromEntries(PROVIDERS.map((name) => [name, PROVIDER_MODULES[name].register(builder, shared)])) as {
  [P in ProviderName]: ProviderGraphQL<P>;
};
