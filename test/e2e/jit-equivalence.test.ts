/**
 * Hot queries are compiled by graphql-jit (src/ops/jit.ts) after a few executions: from outside, a caller must
 * not be able to tell. Every query GraphiQL opens with, `schedule(id)` hits and misses, refused variables,
 * and an upstream failure are each sent six times over real HTTP — the first ones run on Yoga's executor, the
 * later ones compiled — and every answer must be byte for byte the first one. The compiled-documents counter
 * proves the later ones really ran compiled; mutations and introspection never compile.
 */
import { getOperationAST, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/core/global-id.js';
import { DEFAULT_TABS } from '../../src/graphiql.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const TIMES = 6;

async function answers(gw: TestGateway, query: string, variables?: Record<string, unknown>): Promise<string[]> {
  const texts: string[] = [];
  for (let i = 0; i < TIMES; i += 1) {
    const response = await fetch(gw.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    texts.push(`${response.status} ${await response.text()}`);
    // The compiler loads in the background once a document turns hot.
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return texts;
}

async function compiledCount(gw: TestGateway): Promise<number> {
  const text = await (await fetch(`${gw.origin}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('gateway_graphql_compiled_documents_total '));
  return Number(line?.split(' ')[1] ?? Number.NaN);
}

function expectAllSame(texts: string[], what: string): void {
  for (const [i, text] of texts.entries()) expect(text, `${what}, answer ${i + 1}`).toBe(texts[0]);
}

describe('compiled hot queries answer exactly what the reference executor answered', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw.close();
  });

  it("GraphiQL's queries, six times each: identical answers, and the ones without input variables compiled", async () => {
    const queries = DEFAULT_TABS.filter((tab) => getOperationAST(parse(tab.query))?.operation === 'query');
    expect(queries.length).toBeGreaterThanOrEqual(3);
    const before = await compiledCount(gw);
    for (const tab of queries) {
      const texts = await answers(gw, tab.query, tab.variables ? (JSON.parse(tab.variables) as Record<string, unknown>) : undefined);
      expectAllSame(texts, tab.query.slice(0, 60));
      expect(texts[0]).toMatch(/^200 \{"data"/);
    }
    // At least the default tab (no variables) ran compiled from its fourth answer on.
    expect(await compiledCount(gw)).toBeGreaterThan(before);
  });

  it('schedule(id): a hit, a miss, a dot segment and a malformed id', async () => {
    const list = await gw.gql<{ schedules: { edges: Array<{ node: { id: string } }> } }>('{ schedules(first: 3) { edges { node { id } } } }');
    const hit = list.data?.schedules.edges[0]?.node.id;
    expect(hit).toBeTruthy();
    const query =
      'query One($id: ID!) { schedule(id: $id) { id provider name status recurrence { __typename } nextRuns(first: 2) { at localDateTime timeZone } } }';
    for (const id of [hit, encodeGlobalId('Schedule', 'TRACKLY:000000000000000000000000'), encodeGlobalId('Schedule', 'TRACKLY:..'), 'not-a-global-id']) {
      expectAllSame(await answers(gw, query, { id }), `schedule(${id})`);
    }
  });

  it('variables: refused ones (wrong type, missing, null for non-null), a page over the cap, and accepted ones', async () => {
    const page = 'query Page($first: Int!) { schedules(first: $first) { totalCount } }';
    for (const variables of [{ first: 'ten' }, {}, { first: 1000 }, { first: 1.5 }, { first: null }, { first: 2 }, { first: '2' }]) {
      const texts = await answers(gw, page, variables);
      expectAllSame(texts, JSON.stringify(variables));
    }
  });

  it('mutations and introspection are never compiled', async () => {
    const before = await compiledCount(gw);
    expectAllSame(await answers(gw, '{ __schema { queryType { name } } }'), 'introspection');
    expectAllSame(await answers(gw, 'mutation { setScheduleStatus(input: { id: "not-a-global-id", status: PAUSED }) { __typename } }'), 'a refused mutation');
    expect(await compiledCount(gw)).toBe(before);
  });
});

describe('an upstream failure reads the same compiled', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    // Trackly points at a port where nothing listens: every Trackly read fails at connect (the breaker is
    // kept closed, so every answer reports the same failure).
    gw = await startTestGateway({
      env: { UPSTREAM_BREAKER_FAILURES: '1000' },
      adjust: (config) => ({ ...config, trackly: { ...config.trackly, baseUrl: 'http://127.0.0.1:9/api/v2' } }),
    });
  });
  afterAll(async () => {
    await gw.close();
  });

  it('a cross-provider page with Trackly down: the same partial data and the same error, six times', async () => {
    const texts = await answers(gw, '{ schedules(first: 5) { totalCount edges { node { id provider } } } }');
    expectAllSame(texts, 'Trackly down');
    expect(texts[0]).toMatch(/"errors"/);
  });
});
