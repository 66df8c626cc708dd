/**
 * The builder's type parameters and the shared GraphQL refs a provider's GraphQL part needs, as types only.
 * Lives outside schema/ so `providers/<name>/graphql.ts` can name them without importing schema/: schema/
 * builds the one builder and calls each provider's `register(builder, shared)`, never the other way round.
 */
import type { EnumRef, InputObjectRef, ObjectRef } from '@pothos/core';
import type { GatewayContext } from './context.js';
import type { ScheduleStatus } from './core/model.js';

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
