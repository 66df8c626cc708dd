/**
 * Each provider's own GraphQL types (details object, create input, patch), registered by calling the
 * provider's `register(builder, shared)`: schema/ calls into providers/, never the reverse.
 */
import { register as registerBurki } from '../providers/burki/graphql.js';
import { register as registerHeymarket } from '../providers/heymarket/graphql.js';
import { register as registerTrackly } from '../providers/trackly/graphql.js';
import { builder } from './builder.js';
import { ScheduleStatusEnum } from './enums.js';
import { KeyValueInput, KeyValueRef } from './shared.js';

const shared = { ScheduleStatusEnum, KeyValueInput, KeyValueRef };

export const { TracklyDetailsRef, TracklyScheduleInput, TracklySchedulePatch } = registerTrackly(builder, shared);
export const { HeymarketDetailsRef, HeymarketScheduleInput, HeymarketSchedulePatch } = registerHeymarket(builder);
export const { BurkiDetailsRef, BurkiScheduleInput } = registerBurki(builder);
