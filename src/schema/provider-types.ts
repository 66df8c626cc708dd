/**
 * Each provider's own GraphQL types (details object, create input, patch), registered by calling the
 * provider's `register(builder, shared)`: schema/ calls into providers/, never the reverse.
 *
 * This is the schema's list of providers, beside the one in providers/index.ts: a module object cannot carry
 * its GraphQL part, because that part types resolvers with the context, whose session types are derived from
 * the module list (module → graphql → context → list → module would be an import cycle). The details union,
 * the target and patch inputs and the mutations' dispatch all iterate this list instead of naming providers.
 */
import type { InputObjectRef, ObjectRef } from '@pothos/core';
import type { ProviderName, ScheduleDetails } from '../core/model.js';
import type { SchemaTypes } from '../graphql-types.js';
import { register as registerBurki } from '../providers/burki/graphql.js';
import { register as registerHeymarket } from '../providers/heymarket/graphql.js';
import { register as registerTrackly } from '../providers/trackly/graphql.js';
import type { ProviderSession } from '../providers/provider.js';
import type { ProviderSessionMap } from '../providers/registry.js';
import { builder } from './builder.js';
import { ScheduleStatusEnum } from './enums.js';
import { KeyValueInput, KeyValueRef } from './shared.js';

type Types = PothosSchemaTypes.ExtendDefaultTypes<SchemaTypes>;
type TargetOf<P extends ProviderName> = ProviderSessionMap[P] extends ProviderSession<infer T, unknown> ? T : never;
type PatchOf<P extends ProviderName> = ProviderSessionMap[P] extends ProviderSession<unknown, infer T> ? T : never;

/** A provider's member of an input union (`ScheduleTargetInput.<key>`, `ScheduleTargetPatchInput.<key>`). */
interface Member<T> {
  type: InputObjectRef<Types, T>;
  description: string;
}

/** What the neutral schema needs of one provider's GraphQL part. */
export interface ProviderGraphQL<P extends ProviderName = ProviderName> {
  /** Its field name in `ScheduleTargetInput` and `ScheduleTargetPatchInput`. */
  key: string;
  /** Its member of the `ScheduleDetails` union. */
  details: ObjectRef<Types, Extract<ScheduleDetails, { provider: P }>>;
  target: Member<TargetOf<P>>;
  /** Null when its fields cannot be changed (no patch member). */
  patch: Member<PatchOf<P>> | null;
}

const shared = { ScheduleStatusEnum, KeyValueInput, KeyValueRef };
const trackly = registerTrackly(builder, shared);
const heymarket = registerHeymarket(builder);
const burki = registerBurki(builder);

// Typed per provider: an input type that does not fit its session's create/update request fails to compile here.
export const PROVIDER_GRAPHQL: { [P in ProviderName]: ProviderGraphQL<P> } = {
  TRACKLY: {
    key: 'trackly',
    details: trackly.TracklyDetailsRef,
    target: { type: trackly.TracklyScheduleInput, description: 'A Trackly SMS v2 schedule.' },
    patch: { type: trackly.TracklySchedulePatch, description: 'Changes to a Trackly schedule.' },
  },
  HEYMARKET: {
    key: 'heymarket',
    details: heymarket.HeymarketDetailsRef,
    target: { type: heymarket.HeymarketScheduleInput, description: 'A Heymarket v1 scheduled message (needs a oneTime recurrence).' },
    patch: { type: heymarket.HeymarketSchedulePatch, description: 'Changes to a Heymarket scheduled message (merged onto it and sent whole).' },
  },
  BURKI: {
    key: 'burki',
    details: burki.BurkiDetailsRef,
    target: { type: burki.BurkiScheduleInput, description: "A Burki campaign's schedule (the schedule's id is the campaign's)." },
    patch: null,
  },
};
