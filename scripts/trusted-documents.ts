/**
 * `npm run trusted-documents [-- --out path]`: writes a trusted-documents manifest (Apollo's persisted-query
 * manifest format) of every operation in examples/*.graphql, for `TRUSTED_DOCUMENTS` (src/ops/persisted-documents.ts).
 * Default output: generated/trusted-documents.json.
 *
 * Each body is the document exactly as Apollo Client sends it, so that `PersistedQueryLink`'s hash
 * (SHA-256 of the printed document) finds it: Apollo's own `addTypenameToDocument` (what `InMemoryCache` does
 * to every document), then graphql-js `print`. A team whose operations live elsewhere runs Apollo's
 * `generate-persisted-query-manifest` or codegen's client-preset `persistedDocuments` over its own sources.
 */
import { mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { addTypenameToDocument } from '@apollo/client/utilities';
import { Kind, parse, print } from 'graphql';
import { sha256Hex } from '../src/ops/persisted-documents.js';

export const EXAMPLES_DIR = fileURLToPath(new URL('../examples/', import.meta.url));
const DEFAULT_OUT = fileURLToPath(new URL('../generated/trusted-documents.json', import.meta.url));

export interface TrustedManifest {
  format: 'apollo-persisted-query-manifest';
  version: 1;
  operations: Array<{ id: string; name: string; type: 'query' | 'mutation' | 'subscription'; body: string }>;
}

/** One manifest entry per .graphql file of `dir` (each holds one operation), sorted by operation name. */
export function trustedManifest(dir: string = EXAMPLES_DIR): TrustedManifest {
  const operations: TrustedManifest['operations'] = [];
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.graphql'))
    .sort()) {
    const document = addTypenameToDocument(parse(readFileSync(join(dir, file), 'utf8')));
    const definitions = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    const operation = definitions[0];
    if (definitions.length !== 1 || !operation?.name) throw new Error(`${file}: expected exactly one named operation`);
    const body = print(document);
    operations.push({ id: sha256Hex(body), name: operation.name.value, type: operation.operation, body });
  }
  operations.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { format: 'apollo-persisted-query-manifest', version: 1, operations };
}

function main(): void {
  const at = process.argv.indexOf('--out');
  const out = at > 0 && process.argv[at + 1] ? process.argv[at + 1]! : DEFAULT_OUT;
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(trustedManifest(), null, 2)}\n`);
  process.stdout.write(`wrote ${out}\n`);
}

// Runs only as a script (tsx scripts/trusted-documents.ts); tests import trustedManifest without writing.
const invoked = process.argv[1];
if (invoked && realpathSync(invoked) === realpathSync(fileURLToPath(import.meta.url))) main();
