/**
 * Persisted documents, two modes:
 *
 * - Automatic persisted queries (default; `@graphql-yoga/plugin-apq`, the protocol of Apollo's
 *   `PersistedQueryLink`): a client sends a document's SHA-256 instead of its text; on a miss
 *   (`PersistedQueryNotFound`) it sends both once, and the gateway keeps the pair. Nothing is trusted: a
 *   registered document is an ordinary one and goes through every limit. The store is per instance and
 *   bounded (`APQ_MAX_DOCUMENTS` × `APQ_MAX_DOCUMENT_CHARS`); on another instance a client simply registers
 *   again.
 * - Trusted documents (`TRUSTED_DOCUMENTS=path/to/manifest.json`, for production): only the operations of a
 *   manifest run, by hash (`@graphql-yoga/plugin-persisted-operations`); any document text is refused, so a
 *   leaked key cannot run arbitrary operations. The manifest is Apollo's persisted-query manifest
 *   (`{format: "apollo-persisted-query-manifest", version: 1, operations: [{id, name, type, body}]}`, written by
 *   `npm run trusted-documents` from examples/ or by Apollo's generator) or GraphQL Code Generator's
 *   `persisted-documents.json` (`{"<sha256>": "<document>"}`). Each id must be the SHA-256 of its body.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { createGraphQLError, createLRUCache, type Plugin } from 'graphql-yoga';
import { useAPQ, type APQStore } from '@graphql-yoga/plugin-apq';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { ConfigError, type Environment } from '../config-error.js';

export const APQ_MAX_DOCUMENTS = 1_000;
/** Larger documents still run, they are just not kept (the store stays under ~16 MB whatever callers send). */
export const APQ_MAX_DOCUMENT_CHARS = 16_000;

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Automatic persisted queries with a bounded in-memory store. */
export function apqPlugin(): Plugin {
  const documents = createLRUCache<string>({ max: APQ_MAX_DOCUMENTS, ttl: 24 * 60 * 60 * 1000 });
  const store: APQStore = {
    get: (hash) => documents.get(hash) ?? null,
    set: (hash, document) => {
      if (document.length <= APQ_MAX_DOCUMENT_CHARS) documents.set(hash, document);
    },
  };
  return useAPQ({ store, hash: (text) => sha256Hex(text) });
}

const apolloManifest = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z.array(z.object({ id: z.string(), body: z.string(), name: z.string().optional(), type: z.string().optional() })),
});
const codegenManifest = z.record(z.string(), z.string());

/** The trusted documents of `TRUSTED_DOCUMENTS` (hash → document), or null when the variable is unset. */
export function trustedDocumentsFrom(env: Environment): ReadonlyMap<string, string> | null {
  const path = env['TRUSTED_DOCUMENTS']?.trim();
  if (!path) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(
      'TRUSTED_DOCUMENTS',
      `cannot read a JSON manifest at ${JSON.stringify(path)} (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const apollo = apolloManifest.safeParse(raw);
  const codegen = codegenManifest.safeParse(raw);
  const entries = apollo.success ? apollo.data.operations.map((o) => [o.id, o.body] as const) : codegen.success ? Object.entries(codegen.data) : null;
  if (!entries)
    throw new ConfigError('TRUSTED_DOCUMENTS', 'must be an Apollo persisted-query manifest or a codegen persisted-documents.json ({hash: document})');
  if (entries.length === 0) throw new ConfigError('TRUSTED_DOCUMENTS', `the manifest at ${JSON.stringify(path)} lists no operation`);
  for (const [id, body] of entries) {
    // A manifest whose ids are not the bodies' hashes would let a client's hash run another document.
    if (id !== sha256Hex(body)) throw new ConfigError('TRUSTED_DOCUMENTS', `id ${id.slice(0, 16)}… is not the SHA-256 of its document`);
  }
  return new Map(entries);
}

const refusal = (message: string, code: string) => () => createGraphQLError(message, { extensions: { code, http: { status: 400 } } });

/** Only the manifest's operations, by hash; document text is refused. */
export function trustedDocumentsPlugin(documents: ReadonlyMap<string, string>): Plugin {
  return usePersistedOperations({
    allowArbitraryOperations: false,
    getPersistedOperation: (hash) => documents.get(hash) ?? null,
    customErrors: {
      // Not Apollo's "PersistedQueryNotFound": that would make its link re-send the text, refused anyway.
      notFound: refusal('This operation is not in the trusted documents manifest (TRUSTED_DOCUMENTS).', 'PERSISTED_QUERY_NOT_IN_LIST'),
      keyNotFound: refusal("Only trusted documents run here: send the document's SHA-256 in extensions.persistedQuery.", 'PERSISTED_QUERY_ID_REQUIRED'),
      persistedQueryOnly: refusal("Only trusted documents run here: send the document's hash, not its text.", 'PERSISTED_QUERY_ONLY'),
    },
  });
}

/** APQ, or trusted documents only when a manifest is configured. */
export function persistedDocumentsPlugin(trusted: ReadonlyMap<string, string> | null): Plugin {
  return trusted ? trustedDocumentsPlugin(trusted) : apqPlugin();
}
