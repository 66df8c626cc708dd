/**
 * Persisted documents with Apollo Client 4's real `PersistedQueryLink` against the real gateway:
 * - automatic persisted queries (default): the first client registers the document after one miss, any later
 *   client sends only its hash; hashed GET queries work with the key;
 * - trusted documents (`TRUSTED_DOCUMENTS` = the manifest `npm run trusted-documents` writes from examples/):
 *   the manifest's operations run by hash in one request; anything else, text or unknown hash, is refused.
 * The clients use `defaultOptions` with `errorPolicy: 'all'` (declared as Apollo 4 requires, error-policy.ts),
 * and keep the partial data of an unfiltered `schedules` list next to its Heymarket error.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql, type PossibleTypesMap } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { sha256Hex } from '../../src/ops/persisted-documents.js';
import { EXAMPLES_DIR, trustedManifest } from '../../scripts/trusted-documents.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { keepPartialData } from './error-policy.js';
import { API_KEY, AUTHORIZATION, startProductionLikeGateway } from './support.js';

const possibleTypes = JSON.parse(readFileSync(new URL('../../generated/possible-types.json', import.meta.url), 'utf8')) as PossibleTypesMap;
const LIST_SCHEDULES = gql(readFileSync(join(EXAMPLES_DIR, 'list-schedules.graphql'), 'utf8'));
const PROVIDERS = gql(readFileSync(join(EXAMPLES_DIR, 'providers.graphql'), 'utf8'));
const NOT_IN_MANIFEST = gql`
  query NotInManifest {
    providers { provider mode }
  }
`;

interface Sent {
  method: string;
  status: number;
  /** The document text was sent (registration or a plain request). */
  withText: boolean;
  hash: string | null;
}

function recordingFetch(sent: Sent[]): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = init?.method ?? 'GET';
    let body: { query?: string; extensions?: { persistedQuery?: { sha256Hash?: string } } } = {};
    if (typeof init?.body === 'string') body = JSON.parse(init.body) as typeof body;
    else if (url.searchParams.has('extensions')) body = { extensions: JSON.parse(url.searchParams.get('extensions') ?? '{}') as typeof body.extensions };
    if (url.searchParams.has('query')) body.query = url.searchParams.get('query') ?? '';
    const response = await fetch(input, init);
    sent.push({
      method,
      status: response.status,
      withText: typeof body.query === 'string' && body.query.length > 0,
      hash: body.extensions?.persistedQuery?.sha256Hash ?? null,
    });
    return response;
  };
}

function persistedClient(url: string, sent: Sent[], options: { useGETForHashedQueries?: boolean } = {}): ApolloClient {
  return new ApolloClient({
    link: ApolloLink.from([
      new PersistedQueryLink({ sha256: sha256Hex, useGETForHashedQueries: options.useGETForHashedQueries ?? false }),
      new HttpLink({ uri: url, fetch: recordingFetch(sent), headers: { authorization: AUTHORIZATION } }),
    ]),
    cache: new InMemoryCache({ possibleTypes }),
    defaultOptions: keepPartialData,
  });
}

type ListData = { schedules: { totalCount: number; edges: Array<{ node: { provider: string } }> } };

function expectPartialList(result: { data?: unknown; error?: Error | undefined }): void {
  const data = result.data as ListData | undefined;
  expect(data?.schedules.edges.length).toBeGreaterThan(0);
  expect(new Set(data?.schedules.edges.map((e) => e.node.provider))).not.toContain('HEYMARKET');
  // errorPolicy 'all': the Heymarket error comes with the data instead of replacing it.
  expect(result.error?.message).toMatch(/Heymarket/i);
}

describe('automatic persisted queries (default)', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startProductionLikeGateway();
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('the first client registers after one miss; a second client (new cache) then sends only the hash', async () => {
    const first: Sent[] = [];
    expectPartialList(await persistedClient(gw.url, first).query({ query: LIST_SCHEDULES }));
    expect(first.map(({ withText, status }) => ({ withText, status }))).toEqual([
      { withText: false, status: 404 }, // PersistedQueryNotFound
      { withText: true, status: 200 },
    ]);
    const hash = first[0]?.hash;
    // Apollo hashes the document as InMemoryCache sends it (with __typename): what the manifest script writes.
    expect(hash).toBe(trustedManifest().operations.find((o) => o.name === 'ListSchedules')?.id);

    const second: Sent[] = [];
    expectPartialList(await persistedClient(gw.url, second).query({ query: LIST_SCHEDULES }));
    expect(second).toEqual([{ method: 'POST', status: 200, withText: false, hash }]);
  });

  it('hashed queries as GET (useGETForHashedQueries) pass with the key: CDN-cacheable URLs', async () => {
    const sent: Sent[] = [];
    const client = persistedClient(gw.url, sent, { useGETForHashedQueries: true });
    const { data } = await client.query({ query: PROVIDERS });
    expect((data as { providers: unknown[] } | undefined)?.providers.length).toBe(3);
    const again = persistedClient(gw.url, sent, { useGETForHashedQueries: true });
    await again.query({ query: PROVIDERS });
    expect(sent.at(-1)).toMatchObject({ method: 'GET', status: 200, withText: false });
  });

  it('a hash that does not match the text is refused, not stored', async () => {
    const response = await fetch(gw.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: AUTHORIZATION },
      body: JSON.stringify({
        query: '{ providers { provider } }',
        extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex('{ something else }') } },
      }),
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toMatch(/PersistedQueryMismatch/);
  });
});

describe('trusted documents (TRUSTED_DOCUMENTS = manifest from examples/)', () => {
  let gw: TestGateway;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'trusted-documents-'));
    const manifest = join(dir, 'manifest.json');
    writeFileSync(manifest, JSON.stringify(trustedManifest()));
    gw = await startTestGateway({
      env: { GATEWAY_API_KEYS: API_KEY, GATEWAY_INTROSPECTION: 'false', TRUSTED_DOCUMENTS: manifest },
      headers: { authorization: AUTHORIZATION },
    });
  });
  afterAll(async () => {
    await gw?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("the manifest's operations run by hash, in one request each, the text never sent", async () => {
    const sent: Sent[] = [];
    const client = persistedClient(gw.url, sent);
    expectPartialList(await client.query({ query: LIST_SCHEDULES }));
    const { data } = await client.query({ query: PROVIDERS });
    expect((data as { providers: unknown[] } | undefined)?.providers.length).toBe(3);
    expect(sent.map(({ withText, status }) => ({ withText, status }))).toEqual([
      { withText: false, status: 200 },
      { withText: false, status: 200 },
    ]);
  });

  it('an operation outside the manifest is refused in one request (Apollo does not re-send its text)', async () => {
    const sent: Sent[] = [];
    const result = await persistedClient(gw.url, sent).query({ query: NOT_IN_MANIFEST });
    expect(result.data).toBeUndefined();
    expect(result.error?.message).toMatch(/not in the trusted documents manifest/);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ status: 400, withText: false });
  });

  it('document text is refused, even of a trusted operation; so is a request with neither text nor hash', async () => {
    const text = trustedManifest().operations.find((o) => o.name === 'Providers')?.body ?? '';
    const withText = await gw.gql(text);
    expect(withText.status).toBe(400);
    expect(withText.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/Only trusted documents run here/),
      extensions: { code: 'PERSISTED_QUERY_ONLY' },
    });
    const neither = await fetch(gw.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: AUTHORIZATION },
      body: '{"variables":{}}',
    });
    expect(neither.status).toBe(400);
  });

  it('a manifest whose id is not the hash of its body, or that is not a manifest, stops start-up naming the variable', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ [sha256Hex('{ providers { provider } }')]: '{ providers { mode } }' }));
    expect(() => loadConfig({ TRUSTED_DOCUMENTS: bad })).toThrow(/^TRUSTED_DOCUMENTS: id [0-9a-f]{16}… is not the SHA-256 of its document/);
    writeFileSync(bad, '[1, 2]');
    expect(() => loadConfig({ TRUSTED_DOCUMENTS: bad })).toThrow(/^TRUSTED_DOCUMENTS: must be an Apollo persisted-query manifest/);
    expect(() => loadConfig({ TRUSTED_DOCUMENTS: join(dir, 'missing.json') })).toThrow(/^TRUSTED_DOCUMENTS: cannot read/);
    const codegen = join(dir, 'codegen.json');
    writeFileSync(codegen, JSON.stringify({ [sha256Hex('{ providers { mode } }')]: '{ providers { mode } }' }));
    expect(loadConfig({ TRUSTED_DOCUMENTS: codegen }).trustedDocuments?.size).toBe(1);
  });
});
