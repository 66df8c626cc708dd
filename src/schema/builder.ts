/**
 * The one Pothos builder. Fields are non-null unless a field says otherwise: nullability is a decision
 * made per field (see `nullable: true` where null has a meaning), not a default.
 */
import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import type { SchemaTypes } from '../graphql-types.js';
import { decodeGlobalId, encodeGlobalId } from '../core/global-id.js';

// Declared in graphql-types.ts so provider GraphQL parts can type the builder without importing schema/.
export type { SchemaTypes };

export const builder = new SchemaBuilder<SchemaTypes>({
  plugins: [ErrorsPlugin, RelayPlugin],
  defaultFieldNullability: false,
  errors: { defaultTypes: [] },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false, description: 'The items of this page, each with its cursor.' },
    nodeFieldOptions: { nullable: false, description: 'The item.' },
    cursorFieldOptions: { description: 'Opaque cursor of this item: pass it as `after` to get the items that follow it.' },
    pageInfoFieldOptions: { description: 'Where this page sits in the whole list.' },
    hasNextPageFieldOptions: { description: 'True when more items follow this page.' },
    hasPreviousPageFieldOptions: { description: 'True when items come before this page.' },
    startCursorFieldOptions: { description: 'Cursor of the first item of the page; null for an empty page.' },
    endCursorFieldOptions: { description: 'Cursor of the last item of the page (pass it as `after` for the next page); null for an empty page.' },
    nodesQueryOptions: false,
    nodeQueryOptions: {
      nullable: true,
      args: { id: { description: 'The global id of the object.' } },
      description: 'Any object by its global id; null when it does not exist (or its provider has no such object).',
    },
    nodeTypeOptions: { description: 'An object with a globally unique, opaque id that `Query.node` can fetch.' },
    pageInfoTypeOptions: { description: 'Relay cursor pagination: where this page sits in the whole list.' },
    idFieldOptions: { description: 'Opaque global id; pass it to `node`, `schedule` or the mutations.' },
    encodeGlobalID: (typename, id) => encodeGlobalId(typename, String(id)),
    decodeGlobalID: (globalId) => decodeGlobalId(globalId) ?? { typename: '', id: '' },
  },
});

builder.queryType({ description: 'Read schedules from every provider through one model.' });
builder.mutationType({ description: 'Change schedules. Every mutation returns a result union: success, or typed errors the caller can act on.' });
