/**
 * GraphQL-over-HTTP compliance: graphql-http's server audits against the real gateway configured as in
 * production — an API key required (the audit's fetch sends it), CSRF prevention on (always), introspection
 * off. Every audit must be `ok`, except the few in `EXPECTED_DEVIATIONS`, each with its reason; a second run
 * then proves those deviations come only from the deliberate hardening choice (introspection off) by passing
 * every audit (61/61) with only that relaxed. The key alone satisfies CSRF prevention on GET (a browser always
 * preflights a request with `Authorization`), so no audit needs an extra preflight header.
 */
import { auditServer, type AuditResult } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const KEY = 'gw_audit_key_0123456789abcdef';

/**
 * Audits that may not be `ok` in the production configuration, by audit id, with the status they get and why.
 * The audits' own queries use `__type(name: $name)`, i.e. introspection, which production refuses
 * (graphql-js NoSchemaIntrospectionCustomRule, src/ops/limits.ts); and plain GETs carry no CSRF header, which
 * `@graphql-yoga/plugin-csrf-prevention` refuses with 403 by design (README "CSRF: the header clients must send").
 */
const EXPECTED_DEVIATIONS: Record<string, { status: AuditResult['status']; reason: string }> = {
  '28B9': {
    status: 'error',
    reason:
      'MUST allow map {variables} (application/json): the audit query is `__type(name: $name)`, introspection, refused in production; variables themselves work (second run).',
  },
  '2EA1': {
    status: 'warn',
    reason: 'SHOULD allow map {variables} (application/graphql-response+json): same `__type` introspection query, refused with 400 in production.',
  },
  D6D5: {
    status: 'notice',
    reason: 'MAY allow URL-encoded {variables} in GET (graphql-response+json): the audit query is `__type` introspection, refused in production.',
  },
  '6A70': {
    status: 'notice',
    reason: 'MAY allow URL-encoded {variables} in GET (application/json): the audit query is `__type` introspection, refused in production.',
  },
};

type FetchFn = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** fetch with the gateway key on every request, plus `extra` headers on GETs only. */
function fetchWith(key: string, extraOnGet: Record<string, string> = {}): FetchFn {
  return (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('authorization', `Bearer ${key}`);
    if ((init?.method ?? 'GET').toUpperCase() === 'GET') for (const [name, value] of Object.entries(extraOnGet)) headers.set(name, value);
    return fetch(input, { ...init, headers });
  };
}

function summary(results: AuditResult[]): string {
  return results
    .filter((r) => r.status !== 'ok')
    .map((r) => `${r.status} ${r.id} ${r.name}: ${'reason' in r ? r.reason : ''}`)
    .join('\n');
}

describe('graphql-http server audits, production configuration (API key, CSRF prevention, introspection off)', () => {
  let gw: TestGateway;
  let results: AuditResult[];

  beforeAll(async () => {
    gw = await startTestGateway({ env: { GATEWAY_API_KEYS: KEY, GATEWAY_INTROSPECTION: 'false' } });
    results = await auditServer({ url: gw.url, fetchFn: fetchWith(KEY) });
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
  });

  it('the configuration is the production one: no key → 401, introspection refused, key-less GET → 401, GET with the key → 200', async () => {
    const noKey = await fetch(gw.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(noKey.status).toBe(401);
    const introspection = await gw.gql('{ __schema { queryType { name } } }', undefined, { authorization: `Bearer ${KEY}` });
    expect(introspection.errors?.[0]?.message).toMatch(/introspection/i);
    const get = await fetchWith(KEY)(`${gw.url}?query=${encodeURIComponent('{ __typename }')}`);
    expect(get.status).toBe(200);
    const keyless = await fetch(`${gw.url}?query=${encodeURIComponent('{ __typename }')}`);
    expect(keyless.status).toBe(401);
  });

  it('ran the full audit suite', () => {
    expect(results.length).toBeGreaterThanOrEqual(60);
  });

  it('every audit is ok, except the listed deviations, each with its written reason and expected status', () => {
    const unexpected = results.filter((r) => r.status !== 'ok' && EXPECTED_DEVIATIONS[r.id]?.status !== r.status);
    expect(unexpected, summary(unexpected)).toEqual([]);
  });

  it('every listed deviation still happens (a deviation that disappeared is removed from the list)', () => {
    for (const [id, expected] of Object.entries(EXPECTED_DEVIATIONS)) {
      expect(expected.reason.length, id).toBeGreaterThan(20);
      expect(results.find((r) => r.id === id)?.status, id).toBe(expected.status);
    }
  });
});

describe('graphql-http server audits with the key and introspection on: 61/61', () => {
  let gw: TestGateway;
  let results: AuditResult[];

  beforeAll(async () => {
    gw = await startTestGateway({ env: { GATEWAY_API_KEYS: KEY, GATEWAY_INTROSPECTION: 'true' } });
    results = await auditServer({ url: gw.url, fetchFn: fetchWith(KEY) });
  }, 60_000);
  afterAll(async () => {
    await gw?.close();
  });

  it('every audit is ok, GETs included: the production deviations come only from introspection off', () => {
    const failing = results.filter((r) => r.status !== 'ok');
    expect(failing, summary(failing)).toEqual([]);
    expect(results.length).toBe(61);
  });
});
