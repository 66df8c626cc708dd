/** Small types several provider schemas share. */
import type { KeyValue } from '../graphql-types.js';
import { builder } from './builder.js';

export type { KeyValue };

export const KeyValueRef = builder.objectRef<KeyValue>('KeyValue').implement({
  description: 'A key and its value (e.g. a URL query parameter).',
  fields: (t) => ({
    key: t.exposeString('key', { description: 'The key.' }),
    value: t.exposeString('value', { description: 'The value.' }),
  }),
});

export const KeyValueInput = builder.inputType('KeyValueInput', {
  description: 'A key and its value (e.g. a URL query parameter).',
  fields: (t) => ({
    key: t.string({ required: true, description: 'The key.' }),
    value: t.string({ required: true, description: 'The value.' }),
  }),
});
