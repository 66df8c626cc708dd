/**
 * No secret ever leaves the gateway: every log line (captured through an injected pino destination) and every
 * HTTP response of a representative flow — reads across the three providers, a create, validation failures,
 * upstream failures (one of which echoes the provider key back in its error text), an internal failure, and
 * requests with wrong or missing gateway keys — is searched for the gateway keys, the provider keys, the
 * Heymarket secret and any JWT. Also checks that pino's redact paths catch secrets at the paths we log.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeScheduleId } from '../../src/core/global-id.js';
import { createLogger } from '../../src/logger.js';
import { HEYMARKET_SEED } from '../../src/providers/heymarket/sandbox/index.js';
import { TRACKLY_SEED } from '../../src/providers/trackly/sandbox/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const KEYS = ['gw_secret_key_one_0123456789', 'gw_secret_key_two_abcdefghij'];
const JWT = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/;

let gw: TestGateway;
const responses: string[] = [];

async function call(path: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(`${gw.origin}${path}`, init);
  const text = await response.text();
  responses.push(`${response.status} ${JSON.stringify([...response.headers])} ${text}`);
  return new Response(text, { status: response.status, headers: response.headers });
}

function gql(query: string, variables: Record<string, unknown> = {}, authorization: string | null = `Bearer ${KEYS[0]}`): Promise<Response> {
  return call('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query, variables }),
  });
}

function secrets(): string[] {
  const { trackly, heymarket, burki } = gw.sandboxes;
  return [...KEYS, trackly.apiKey, burki.apiKey, heymarket.secretKey].filter((s): s is string => typeof s === 'string' && s.length > 0);
}

beforeAll(async () => {
  gw = await startTestGateway({ env: { GATEWAY_API_KEYS: KEYS.join(','), UPSTREAM_RETRIES: '1' }, captureLogs: true });
});
afterAll(() => gw.close());

describe('a representative flow leaks no secret', () => {
  it('runs reads, writes, failures and refused requests', async () => {
    const S = TRACKLY_SEED.schedules;
    const A = TRACKLY_SEED.audiences;
    const trackly = gw.sandboxes.trackly;

    expect((await gql('{ schedules(first: 20) { totalCount edges { node { id provider name } } } }')).status).toBe(200);
    expect((await gql(`{ schedule(id: "${encodeScheduleId('TRACKLY', S.oneTime)}") { name } }`)).status).toBe(200);
    expect((await gql(`{ schedule(id: "${encodeScheduleId('HEYMARKET', String(HEYMARKET_SEED.schedules.phone))}") { name } }`)).status).toBe(200);
    gw.sandboxes.heymarket.injectFault({ match: /^GET/, times: 1, fault: { kind: 'status', status: 401, body: { error: 'bad token' } } });
    await gql(`{ schedule(id: "${encodeScheduleId('HEYMARKET', String(HEYMARKET_SEED.schedules.phone))}") { name } }`);
    const create = `mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { __typename ... on Error { message code } } }`;
    const input = {
      target: { trackly: { name: 'Secret test', audienceIds: [A.allSubscribers], variants: [{ message: 'Hi', percentAudience: 100 }] } },
      recurrence: { oneTime: { at: '2027-03-14T13:00:00Z' } },
    };
    expect((await gql(create, { input })).status).toBe(200);
    await gql(create, { input: { ...input, recurrence: { oneTime: { at: 'not a date' } } } });
    await gql(create, {
      input: { target: { heymarket: { inboxId: 1, text: 'x', recipient: { phoneNumber: 'abc' } } }, recurrence: { oneTime: { at: '2020-01-01T00:00:00Z' } } },
    });

    // An upstream that echoes the credential it received in its error text (it happens).
    trackly.injectFault({
      match: /^POST/,
      times: 1,
      fault: { kind: 'status', status: 400, body: { error: `invalid key ${trackly.apiKey}`, code: 'invalid_api_key' } },
    });
    await gql(create, { input });
    trackly.injectFault({
      match: /^GET \/api\/v2\/schedules\//,
      times: 2,
      fault: { kind: 'status', status: 500, body: { error: `upstream saw X-Api-Key: ${trackly.apiKey}` } },
    });
    await gql(`{ schedule(id: "${encodeScheduleId('TRACKLY', S.oneTime)}") { name } }`);
    trackly.injectFault({ match: /^GET/, times: 1, fault: { kind: 'badJson' } });
    await gql(`{ schedule(id: "${encodeScheduleId('TRACKLY', S.weeklyAb)}") { name } }`);
    trackly.injectFault({ match: /^GET/, times: 2, fault: { kind: 'reset' } });
    await gql(`{ schedule(id: "${encodeScheduleId('TRACKLY', S.oneTime)}") { name } }`);
    trackly.clearFaults();

    // An internal failure whose message carries a key: masked in the response, scrubbed in the log.
    const push = gw.attempts.push.bind(gw.attempts);
    gw.attempts.push = () => {
      throw new Error(`observer exploded with ${trackly.apiKey} and Bearer ${KEYS[0]}`);
    };
    await gql(`{ schedule(id: "${encodeScheduleId('TRACKLY', S.oneTime)}") { name } }`);
    gw.attempts.push = push;

    // Refused callers: missing, wrong (close to a real key), and a real key in the wrong scheme.
    expect((await gql('{ providers { __typename } }', {}, null)).status).toBe(401);
    expect((await gql('{ providers { __typename } }', {}, `Bearer ${KEYS[0]}x`)).status).toBe(401);
    expect((await gql('{ providers { __typename } }', {}, `Token ${KEYS[1]}`)).status).toBe(401);
    expect((await call('/metrics')).status).toBe(401);
    expect((await call('/metrics', { headers: { authorization: `Bearer ${KEYS[1]}` } })).status).toBe(200);
    await call('/health');
    await call('/ready');
    await call('/graphql', { headers: { accept: 'text/html' } });

    expect(gw.logs.length).toBeGreaterThan(10);
    // The flow did reach every provider with its credentials (so the search below means something).
    expect(gw.sandboxes.heymarket.requests.some((r) => JWT.test(String(r.headers.authorization)))).toBe(true);
    expect(trackly.requests.some((r) => r.headers['x-api-key'] === trackly.apiKey)).toBe(true);
  });

  it('no log line and no response contains a configured secret or a JWT', () => {
    const everything = [...gw.logs, ...responses];
    for (const secret of secrets()) {
      const leaks = everything.filter((line) => line.includes(secret));
      expect(leaks, `secret ${secret.slice(0, 4)}… leaked`).toEqual([]);
    }
    expect(everything.filter((line) => JWT.test(line))).toEqual([]);
  });

  it('the log lines are JSON with a request id, and typed errors are not logged as errors with stacks', () => {
    const lines = gw.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    const requests = lines.filter((line) => line.msg === 'request');
    expect(requests.length).toBeGreaterThan(10);
    for (const line of requests)
      expect(line).toMatchObject({
        requestId: expect.any(String),
        status: expect.any(Number),
        durationMs: expect.any(Number),
        upstreamCalls: expect.any(Number),
      });
    const typed = lines.filter((line) => line.msg === 'upstream error' || line.msg === 'request refused');
    expect(typed.length).toBeGreaterThan(0);
    for (const line of typed) {
      expect(line.level).toBeLessThan(50);
      expect(JSON.stringify(line)).not.toMatch(/"stack"/);
    }
    const unexpected = lines.filter((line) => line.level === 50 && line.msg === 'unexpected error (masked in the response)');
    expect(unexpected).toHaveLength(1);
  });
});

describe('pino redaction', () => {
  it('censors secrets at the paths we log, even with no value list to scrub', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger({ level: 'info', destination });
    const secret = 'S3CR3T-value-never-logged';
    log.info({ apiKey: secret, config: { trackly: { apiKey: secret }, heymarket: { auth: { secretKey: secret, secretId: secret } } } }, 'a');
    log.info({ headers: { authorization: secret, 'x-api-key': secret, cookie: secret } }, 'b');
    log.info({ req: { headers: { authorization: secret, 'x-api-key': secret } } }, 'c');
    log.info({ access: { apiKeys: [secret] }, token: secret, jwt: secret }, 'd');
    log.info({ upstream: { request: { headers: { Authorization: secret } } } }, 'e');
    log.info(`message with a bearer: Bearer ${secret}`);
    log.info({ text: 'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U' }, 'f');
    expect(lines).toHaveLength(7);
    for (const line of lines) expect(line).not.toContain(secret);
    for (const line of lines) expect(line).not.toMatch(JWT);
  });
});
