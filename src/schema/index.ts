/** Assembles the schema: each domain file registers its types on the one builder when imported. */
import { lexicographicSortSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder.js';
import './scalars.js';
import './enums.js';
import './errors.js';
import './shared.js';
import './recurrence.js';
import './provider-types.js';
import './schedule.js';
import './sending-window.js';
import './mutations.js';
import './providers.js';

export const schema: GraphQLSchema = lexicographicSortSchema(builder.toSchema());
