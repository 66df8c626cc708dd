/**
 * The builder's type parameters and the shared GraphQL refs a provider's GraphQL part needs, as types only.
 * Lives outside schema/ so `providers/<name>/graphql.ts` can name them without importing schema/: schema/
 * builds the one builder and calls each provider's `register(builder, shared)`, never the other way round.
 */
import type { EnumRef, InputObjectRef, ObjectRef } from '@pothos/core';
import type { ProviderMode } from './config-parts.js';
import type { GatewayError } from './core/errors.js';
import type { IdempotencyStore } from './core/idempotency.js';
import type { Instant, ProviderName, ScheduleDetails, ScheduleStatus } from './core/model.js';
import type { SendingWindowPolicy } from './core/sending-window.js';
import type { Caller } from './ops/caller.js';
import type { ProviderSession } from './providers/provider.js';
import type { ProviderSessionMap, SessionLookup } from './providers/sessions.js';
import type { HistoryLoader, ZoneLoader } from './store/history-loader.js';
import type { ScheduleRegistry } from './store/registry.js';

/** The per-request GraphQL context (built by context.ts): no config and no secret, only what resolvers read. */
export interface GatewayContext {
  /** The request's start; every "must be in the future" rule in one request uses this same instant. */
  now: Instant;
  sessions: SessionLookup;
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
  detachedSessions(): SessionLookup;
  /** The store's schedule registry; null without a store (then nothing is recorded and history is empty). */
  schedules: ScheduleRegistry | null;
  /** `Schedule.history`, batched per request (null without a store). */
  history: HistoryLoader | null;
  /** The zone callers gave one-time sends the provider does not keep (null without a store). */
  zones: ZoneLoader | null;
}

export interface SchemaTypes {
  Context: GatewayContext;
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  Scalars: {
    ID: { Input: string; Output: string };
    DateTime: { Input: string; Output: string };
    LocalTime: { Input: string; Output: string };
    LocalDateTime: { Input: string; Output: string };
  };
}

/** The one builder's type, as `new SchemaBuilder<SchemaTypes>` in schema/builder.ts makes it. */
export type GatewayBuilder = PothosSchemaTypes.SchemaBuilder<PothosSchemaTypes.ExtendDefaultTypes<SchemaTypes>>;

type Types = PothosSchemaTypes.ExtendDefaultTypes<SchemaTypes>;

/** A key and its value (e.g. a URL query parameter), the shape behind `KeyValue` / `KeyValueInput`. */
export interface KeyValue {
  key: string;
  value: string;
}

/** Types registered by schema/ that every provider's details and inputs reuse. */
export interface SharedRefs {
  ScheduleStatusEnum: EnumRef<Types, ScheduleStatus, ScheduleStatus>;
  KeyValueRef: ObjectRef<Types, KeyValue>;
  KeyValueInput: InputObjectRef<Types, KeyValue>;
}

type TargetOf<P extends ProviderName> = ProviderSessionMap[P] extends ProviderSession<infer T, unknown> ? T : never;
type PatchOf<P extends ProviderName> = ProviderSessionMap[P] extends ProviderSession<unknown, infer T> ? T : never;

/** A provider's member of an input union (`ScheduleTargetInput.<key>`, `ScheduleTargetPatchInput.<key>`). */
interface InputMember<T> {
  type: InputObjectRef<Types, T>;
  description: string;
}

/**
 * What a provider's `register(builder, shared)` gives the neutral schema. Typed per provider: an input type
 * that does not fit its session's create/update request fails to compile in the provider's graphql.ts.
 */
export interface ProviderGraphQL<P extends ProviderName = ProviderName> {
  /** Its field name in `ScheduleTargetInput` and `ScheduleTargetPatchInput`. */
  key: string;
  /** Its member of the `ScheduleDetails` union. */
  details: ObjectRef<Types, Extract<ScheduleDetails, { provider: P }>>;
  target: InputMember<TargetOf<P>>;
  /** Null when its fields cannot be changed (no patch member). */
  patch: InputMember<PatchOf<P>> | null;
}
