/**
 * Issue 11, item 10: CORS used to reflect any Origin with `Access-Control-Allow-Credentials: true`. Now
 * `CORS_ORIGINS` is an allow-list; unset, a live gateway allows its own origin only (no CORS headers for a
 * foreign one) and a sandbox any origin, never with credentials. Preflights and real requests, over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const FOREIGN = 'https://evil.example';
const APP = 'https://app.example.com';
/** A provider key makes the loaded config live (the harness still points every provider at its sandbox). */
const LIVE = { TRACKLY_API_KEY: 'trk_live_cors_test_0123456789', GATEWAY_API_KEYS: 'gw_cors_test_key_0123456789' };
const auth = { authorization: `Bearer ${LIVE.GATEWAY_API_KEYS}` };

async function preflight(gw: TestGateway, origin: string): Promise<Headers> {
  const answer = await gw.fetch('/graphql', {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
  });
  return answer.headers;
}

async function post(gw: TestGateway, origin: string, headers: Record<string, string> = {}): Promise<Headers> {
  const answer = await gw.fetch('/graphql', {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: '{ providers { provider } }' }),
  });
  expect(answer.status).toBe(200);
  return answer.headers;
}

describe('live mode, CORS_ORIGINS unset: same origin only', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: LIVE });
  });
  afterAll(() => gw.close());

  it('a foreign origin gets no Access-Control-Allow-Origin, on the preflight or the request', async () => {
    for (const headers of [await preflight(gw, FOREIGN), await post(gw, FOREIGN, auth)]) {
      expect(headers.get('access-control-allow-origin')).toBeNull();
      expect(headers.get('access-control-allow-credentials')).toBeNull();
    }
  });
});

describe('live mode with CORS_ORIGINS', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { ...LIVE, CORS_ORIGINS: `${APP}, https://admin.example.com` } });
  });
  afterAll(() => gw.close());

  it('an allowed origin is allowed (without credentials: the key travels in a header, not a cookie)', async () => {
    for (const headers of [await preflight(gw, APP), await post(gw, APP, auth)]) {
      expect(headers.get('access-control-allow-origin')).toBe(APP);
      expect(headers.get('vary')).toMatch(/Origin/);
      expect(headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('a foreign origin still gets nothing', async () => {
    for (const headers of [await preflight(gw, FOREIGN), await post(gw, FOREIGN, auth)]) {
      expect(headers.get('access-control-allow-origin')).toBeNull();
      expect(headers.get('access-control-allow-credentials')).toBeNull();
    }
  });
});

describe('sandbox mode, CORS_ORIGINS unset: any origin, never with credentials', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(() => gw.close());

  it('a foreign origin is allowed but no credentials are', async () => {
    for (const headers of [await preflight(gw, FOREIGN), await post(gw, FOREIGN)]) {
      expect(headers.get('access-control-allow-origin')).toBe(FOREIGN);
      expect(headers.get('access-control-allow-credentials')).toBeNull();
    }
  });
});
