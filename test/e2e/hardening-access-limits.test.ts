/**
 * Access and operation limits over real HTTP: wrong or missing keys, over-deep, over-costly, too many aliases,
 * too many tokens or directives, oversized bodies, batches and CSRF-less simple requests are each refused
 * with the right status and message — and nothing reaches an upstream. Plus the ops endpoints.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const KEY = 'gw_test_key_0123456789abcdef';
const OTHER_KEY = 'gw_second_key_abcdefghijklmnop';
const auth = { authorization: `Bearer ${KEY}` };

let gw: TestGateway;

interface RawAnswer {
  status: number;
  body: { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } | null;
  text: string;
  headers: Headers;
}

async function post(body: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const response = await fetch(gw.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
    body,
  });
  const text = await response.text();
  let parsed: RawAnswer['body'] = null;
  try {
    parsed = JSON.parse(text) as RawAnswer['body'];
  } catch {
    parsed = null;
  }
  return { status: response.status, body: parsed, text, headers: response.headers };
}

const upstreamCalls = () => gw.sandboxes.trackly.requests.length + gw.sandboxes.heymarket.requests.length + gw.sandboxes.burki.requests.length;

beforeAll(async () => {
  gw = await startTestGateway({
    env: { GATEWAY_API_KEYS: `${KEY}, ${OTHER_KEY}`, GATEWAY_INTROSPECTION: 'false', GATEWAY_MAX_BODY_BYTES: '20000' },
    headers: auth,
  });
});
afterAll(() => gw.close());
beforeEach(() => {
  gw.sandboxes.trackly.clearRequests();
  gw.sandboxes.heymarket.clearRequests();
  gw.sandboxes.burki.clearRequests();
});

describe('gateway API key', () => {
  const list = JSON.stringify({ query: '{ schedules(first: 1) { totalCount } }' });

  it('a missing key is 401 UNAUTHENTICATED with a GraphQL error body, and nothing runs', async () => {
    const answer = await post(list);
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ errors: [{ message: expect.stringMatching(/Missing gateway API key/), extensions: { code: 'UNAUTHENTICATED' } }] });
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(upstreamCalls()).toBe(0);
  });

  it.each([
    ['a wrong key', `Bearer ${KEY.slice(0, -1)}x`],
    ['a prefix of the key', `Bearer ${KEY.slice(0, 10)}`],
    ['the key plus a suffix', `Bearer ${KEY}0`],
    ['another scheme', `Basic ${Buffer.from(`user:${KEY}`).toString('base64')}`],
  ])('%s is 401 and nothing runs', async (_name, header) => {
    const answer = await post(list, { authorization: header });
    expect(answer.status).toBe(401);
    expect(answer.body?.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(upstreamCalls()).toBe(0);
  });

  it('a mutation with a wrong key is refused before it reaches any provider', async () => {
    const answer = await post(JSON.stringify({ query: 'mutation { deleteSchedule(input: { id: "x" }) { __typename } }' }), {
      authorization: 'Bearer nope-nope-nope-nope',
    });
    expect(answer.status).toBe(401);
    expect(upstreamCalls()).toBe(0);
  });

  it('each configured key is accepted (case-insensitive scheme)', async () => {
    expect((await post(list, auth)).status).toBe(200);
    expect((await post(list, { authorization: `bearer ${OTHER_KEY}` })).status).toBe(200);
  });

  it('/health and /ready need no key; /metrics does', async () => {
    const health = await fetch(`${gw.origin}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${gw.origin}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', providers: { TRACKLY: { mode: 'sandbox', ready: true } } });
    expect((await fetch(`${gw.origin}/metrics`)).status).toBe(401);
    const metrics = await fetch(`${gw.origin}/metrics`, { headers: auth });
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toMatch(/gateway_graphql_requests_total/);
    expect(text).toMatch(/process_cpu_user_seconds_total/);
  });

  it('GraphiQL page stays reachable (its queries need the key, set in its Headers tab)', async () => {
    const page = await fetch(gw.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html/i);
  });

  it('echoes a sane x-request-id and replaces a bad one', async () => {
    const echoed = await post(list, { ...auth, 'x-request-id': 'abc-123.req' });
    expect(echoed.headers.get('x-request-id')).toBe('abc-123.req');
    const replaced = await post(list, { ...auth, 'x-request-id': 'bad id with spaces <script>' });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('operation limits', () => {
  it('over-deep queries are refused with 400 and the depth limit (the deepest real query passes the default)', async () => {
    const nested = `query Deep { schedules { edges { node { details { ... on TracklyScheduleDetails { variants { offerLinks { offer { id } } } } } } } } }`;
    expect((await post(JSON.stringify({ query: nested }), auth)).status).toBe(200);
    const strict = await startTestGateway({ env: { GATEWAY_MAX_DEPTH: '4' } });
    try {
      const answer = await strict.gql(nested);
      expect(answer.status).toBe(400);
      expect(answer.errors?.[0]?.message).toMatch(/Query depth limit of 4 exceeded/);
      expect(strict.sandboxes.trackly.requests).toHaveLength(0);
    } finally {
      await strict.close();
    }
  });

  it('over-costly queries are refused with 400 and the cost limit', async () => {
    const page = 'schedules(first: 100) { edges { node { id name nextRuns(first: 100) { at localDateTime timeZone } } } }';
    const query = `{ ${Array.from({ length: 10 }, (_, i) => `p${i}: ${page}`).join(' ')} }`;
    const answer = await post(JSON.stringify({ query }), auth);
    expect(answer.status).toBe(400);
    expect(answer.body?.errors?.[0]?.message).toMatch(/Query Cost limit of 100000 exceeded/);
    expect(upstreamCalls()).toBe(0);
  });

  it('too many aliases are refused with 400', async () => {
    const query = `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: providers { __typename }`).join(' ')} }`;
    const answer = await post(JSON.stringify({ query }), auth);
    expect(answer.status).toBe(400);
    expect(answer.body?.errors?.[0]?.message).toMatch(/Aliases limit of 15 exceeded/);
  });

  it('too many tokens and too many directives are refused with 400', async () => {
    const tokens = `{ ${'providers { __typename } '.repeat(600)} }`;
    const many = await post(JSON.stringify({ query: tokens }), auth);
    expect(many.status).toBe(400);
    expect(many.body?.errors?.[0]?.message).toMatch(/Token limit of 2000 exceeded/);
    const directives = `{ providers { name ${'@include(if: true) '.repeat(21)} } }`;
    const dirs = await post(JSON.stringify({ query: directives }), auth);
    expect(dirs.status).toBe(400);
    expect(dirs.body?.errors?.[0]?.message).toMatch(/Directives limit of 20 exceeded/);
  });

  it('an oversized body is 413 (with and without content-length)', async () => {
    const big = JSON.stringify({ query: '{ providers { __typename } }', variables: { pad: 'x'.repeat(30_000) } });
    const answer = await post(big, auth);
    expect(answer.status).toBe(413);
    const chunked = await fetch(gw.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(big));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it('batched requests are refused (batching is off by default)', async () => {
    const answer = await post(JSON.stringify([{ query: '{ providers { __typename } }' }, { query: '{ providers { __typename } }' }]), auth);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.body?.errors?.[0]?.message).toBeTruthy();
  });

  it('introspection is off here, and field suggestions with it', async () => {
    const intro = await post(JSON.stringify({ query: '{ __schema { types { name } } }' }), auth);
    expect(intro.status).toBe(400);
    expect(intro.body?.errors?.[0]?.message).toMatch(/introspection/i);
    const typo = await post(JSON.stringify({ query: '{ schedulez { totalCount } }' }), auth);
    expect(typo.status).toBe(400);
    expect(typo.body?.errors?.[0]?.message).toMatch(/Cannot query field "schedulez"/);
    expect(typo.text).not.toMatch(/Did you mean/);
    const badInput = await post(
      JSON.stringify({ query: 'mutation($i: DeleteScheduleInput!) { deleteSchedule(input: $i) { __typename } }', variables: { i: { idd: 'x' } } }),
      auth,
    );
    expect(badInput.status).toBeLessThan(500);
    expect(badInput.body?.errors?.[0]?.message).toMatch(/idd/);
    expect(badInput.text).not.toMatch(/Did you mean/);
  });
});

describe('CSRF prevention', () => {
  const query = '{ providers { __typename } }';

  it('a simple (form or text/plain) POST without a CSRF header is 403 (key-less sandbox; with keys, 401 comes first)', async () => {
    const open = await startTestGateway();
    try {
      const text = await fetch(open.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query }) });
      expect(text.status).toBe(403);
      expect(await text.text()).toMatch(/Required CSRF header/);
      const form = await fetch(open.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ query }).toString(),
      });
      expect(form.status).toBe(403);
      const keyless = await fetch(gw.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query }) });
      expect(keyless.status).toBe(401);
    } finally {
      await open.close();
    }
  });

  it('a GET query with the gateway key passes (a browser preflights Authorization); JSON POSTs pass untouched', async () => {
    const url = `${gw.url}?query=${encodeURIComponent(query)}`;
    expect((await fetch(url, { headers: { accept: 'application/json', ...auth } })).status).toBe(200);
    expect((await fetch(url, { headers: { accept: 'application/json', 'x-graphql-yoga-csrf': '1', ...auth } })).status).toBe(200);
    expect((await fetch(url, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true', ...auth } })).status).toBe(200);
    expect((await post(JSON.stringify({ query }), auth)).status).toBe(200);
  });

  it('Basic credentials (which a browser attaches by itself) do not stand in for the CSRF header', async () => {
    const open = await startTestGateway();
    try {
      const url = `${open.url}?query=${encodeURIComponent(query)}`;
      const basic = await fetch(url, { headers: { accept: 'application/json', authorization: 'Basic dXNlcjpwYXNz' } });
      expect(basic.status).toBe(403);
      expect(await basic.text()).toMatch(/Required CSRF header/);
    } finally {
      await open.close();
    }
  });

  it('key-less sandbox: a GET without a preflight header is 403, with one (or a Bearer header) 200', async () => {
    const open = await startTestGateway();
    try {
      const url = `${open.url}?query=${encodeURIComponent(query)}`;
      expect((await fetch(url, { headers: { accept: 'application/json' } })).status).toBe(403);
      expect((await fetch(url, { headers: { accept: 'application/json', 'x-graphql-yoga-csrf': '1' } })).status).toBe(200);
      expect((await fetch(url, { headers: { accept: 'application/json', authorization: 'Bearer anything-at-all' } })).status).toBe(200);
    } finally {
      await open.close();
    }
  });
});

describe('start-up rules', () => {
  it('a live config without keys is refused unless GATEWAY_ALLOW_UNAUTHENTICATED=true', async () => {
    const { loadConfig, assertAccessConfigured, ConfigError } = await import('../../src/config.js');
    expect(() => assertAccessConfigured(loadConfig({ TRACKLY_API_KEY: 'trk_live_key_123456' }))).toThrow(ConfigError);
    expect(() => assertAccessConfigured(loadConfig({ TRACKLY_API_KEY: 'trk_live_key_123456' }))).toThrow(/^GATEWAY_API_KEYS: required/);
    expect(() => assertAccessConfigured(loadConfig({ TRACKLY_API_KEY: 'trk_live_key_123456', GATEWAY_ALLOW_UNAUTHENTICATED: 'true' }))).not.toThrow();
    expect(() => loadConfig({ GATEWAY_API_KEYS: 'short' })).toThrow(/^GATEWAY_API_KEYS: each key must be at least 16 characters \(got \[redacted\]\)/);
  });
});
