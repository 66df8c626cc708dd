/**
 * Limits an attacker probes (issue 11, items 4 and 6), over real HTTP against the sandboxes:
 * - a refused operation answers HTTP 400 whatever the Accept header (`application/json`, none,
 *   `application/graphql-response+json`), for the alias, cost, token and depth limits alike;
 * - the cost limit counts variable values: fifteen aliased 100-row pages with 100 runs each are refused when
 *   `first` comes from a variable (or a variable's default) exactly as when it is written literally, and no
 *   upstream is called.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

let gw: TestGateway;

const upstreamCalls = () => gw.sandboxes.trackly.requests.length + gw.sandboxes.heymarket.requests.length + gw.sandboxes.burki.requests.length;

async function post(
  payload: unknown,
  accept: string | null,
): Promise<{ status: number; body: { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } }> {
  const response = await fetch(gw.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(accept === null ? {} : { accept }) },
    body: JSON.stringify(payload),
  });
  return { status: response.status, body: JSON.parse(await response.text()) as never };
}

beforeAll(async () => {
  gw = await startTestGateway({ env: { GATEWAY_MAX_DEPTH: '6' } });
});
afterAll(() => gw.close());

/** The request: 15 aliased `schedules(first: 100) { … nextRuns(first: 100) }` (923 bytes with `$f`). */
const PAGE = (first: string) =>
  `schedules(provider: TRACKLY, first: ${first}) { edges { node { id name status nextRuns(first: ${first}) { at localDateTime timeZone } } } }`;
const ALIASED = (first: string) => Array.from({ length: 15 }, (_, i) => `p${i}: ${PAGE(first)}`).join(' ');

const BREACHES: Record<string, { payload: unknown; message: RegExp }> = {
  aliases: {
    payload: { query: `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: providers { __typename }`).join(' ')} }` },
    message: /Aliases limit of 15 exceeded/,
  },
  cost: { payload: { query: `{ ${ALIASED('100')} }` }, message: /Query Cost limit of 100000 exceeded/ },
  tokens: { payload: { query: `{ ${'providers { __typename } '.repeat(600)} }` }, message: /Token limit of 2000 exceeded/ },
  depth: {
    payload: { query: '{ schedules { edges { node { details { ... on TracklyScheduleDetails { variants { offerLinks { offer { id } } } } } } } } }' },
    message: /Query depth limit of 6 exceeded/,
  },
};
const ACCEPTS: Array<[string, string | null]> = [
  ['application/json', 'application/json'],
  ['no Accept header', null],
  ['application/graphql-response+json', 'application/graphql-response+json'],
];

describe('a refused operation answers 400 whatever the Accept header', () => {
  for (const [limit, { payload, message }] of Object.entries(BREACHES)) {
    for (const [label, accept] of ACCEPTS) {
      it(`${limit} breach with ${label}`, async () => {
        const before = upstreamCalls();
        const answer = await post(payload, accept);
        expect(answer.status).toBe(400);
        expect(answer.body.data).toBeUndefined();
        expect(answer.body.errors?.[0]?.message).toMatch(message);
        expect(answer.body.errors?.[0]?.extensions?.code).toBe('OPERATION_LIMIT_EXCEEDED');
        expect(upstreamCalls()).toBe(before);
      });
    }
  }
});

describe('the cost limit counts variable values', () => {
  const literal = `query Pages { ${ALIASED('100')} }`;
  const viaVariable = `query Pages($f: Int) { ${ALIASED('$f')} }`;
  const viaDefault = `query Pages($f: Int = 100) { ${ALIASED('$f')} }`;

  it('the literal attack is refused (the reference)', async () => {
    const answer = await post({ query: literal }, 'application/json');
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.message).toMatch(/Query Cost limit of 100000 exceeded/);
  });

  it('the same request with $f = 100 is refused exactly like the literal, with no upstream call', async () => {
    const before = upstreamCalls();
    const refused = await post({ query: literal }, 'application/json');
    const answer = await post({ query: viaVariable, variables: { f: 100 } }, 'application/json');
    expect(answer.status).toBe(400);
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors).toEqual(refused.body.errors);
    expect(upstreamCalls()).toBe(before);
  });

  it('a variable default of 100 is counted too', async () => {
    const before = upstreamCalls();
    const answer = await post({ query: viaDefault }, 'application/json');
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.message).toMatch(/Query Cost limit of 100000 exceeded/);
    expect(upstreamCalls()).toBe(before);
  });

  it('the same document with a small $f runs: the limit judges the values, not the variables', async () => {
    const answer = await post({ query: viaVariable, variables: { f: 2 } }, 'application/json');
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect((answer.body.data as Record<string, { edges: unknown[] }>).p0?.edges.length).toBe(2);
  });
});
