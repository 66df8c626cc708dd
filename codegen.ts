/**
 * GraphQL Code Generator recipe for front ends (README "Typed clients with GraphQL Code Generator"):
 * `npx graphql-codegen` writes typed documents for every operation of examples/*.graphql (point `documents`
 * at your own sources) and Apollo's `possibleTypes`. `strictScalars` turns an unmapped custom scalar into an
 * error instead of `unknown`; every custom scalar is mapped here (each has a `@specifiedBy` URL in
 * schema.graphql saying its format). test/clients/codegen.test.ts runs this config and type-checks a client.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

/** Custom scalars → TypeScript: all three travel as strings (formats in their @specifiedBy). */
export const SCALARS = {
  DateTime: 'string',
  LocalTime: 'string',
  LocalDateTime: 'string',
} as const;

const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['examples/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'generated/client/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { strictScalars: true, scalars: SCALARS, enumsAsTypes: true, useTypeImports: true },
    },
    'generated/client/possible-types.ts': {
      plugins: ['fragment-matcher'],
      config: { useExplicitTyping: true },
    },
  },
};

export default config;
