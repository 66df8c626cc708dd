/** Small types several provider schemas share. */
import { builder } from './builder.js';

export interface KeyValue {
  key: string;
  value: string;
}

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
