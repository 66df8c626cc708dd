/**
 * Issue 11, item 1: an upstream that echoes the credential it received — Trackly answering
 * `{"error":"Bad key trk_…","code":"bad_trk_…"}`, Heymarket sending its `x-request-id` header with the bearer
 * token in it — must not get the secret back to the caller through any byte of the response: data, error
 * messages, `extensions.providerCode`, `extensions.issues[].message|providerCode`, `extensions.requestId`,
 * response headers. Both upstreams are real HTTP servers on 127.0.0.1 that echo what they were sent.
 *
 * The suite-wide secret grep (test/support/gateway.ts) checks every response of these gateways on close; the
 * last test switches the gateway's redaction of error extensions off and shows that the grep then fires.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeScheduleId } from '../../src/core/global-id.js';
import type { Config } from '../../src/config.js';
import { startHostileUpstream, type HostileUpstream } from '../support/hostile-upstream.js';
import { startTestGateway, type GraphQLResponse, type TestGateway } from '../support/gateway.js';

const HEYMARKET_KEY = 'hm_live_bearer_0123456789abcdef';
const TRACKLY_ID = '665fa1b2c3d4e5f6a7b8c9d0';

/** Trackly echoes the X-Api-Key it received in its error text and in its error code. */
let trackly: HostileUpstream;
let tracklyStatus = 400;
let auditedWrites = false;
/** Heymarket echoes the bearer token it received in `x-request-id` (and in its error body). */
let heymarket: HostileUpstream;
let gw: TestGateway;

function hostileConfig(config: Config): Config {
  return {
    ...config,
    trackly: { ...config.trackly, baseUrl: `${trackly.url}/api/v2` },
    heymarket: { ...config.heymarket, baseUrl: heymarket.url, auth: { kind: 'apiKey', apiKey: HEYMARKET_KEY } },
  };
}

beforeAll(async () => {
  trackly = await startHostileUpstream((request) => {
    const key = String(request.headers['x-api-key']);
    // With `auditedWrites`, reads of the audience succeed so that the write itself is what echoes the key.
    if (auditedWrites && request.method === 'GET' && request.path.includes('/audiences/')) {
      return { status: 200, body: { id: TRACKLY_ID, name: 'All', status: 'active' } };
    }
    return { status: tracklyStatus, body: { error: `Bad key ${key}`, code: `bad_${key}` } };
  });
  heymarket = await startHostileUpstream((request) => {
    const token = String(request.headers.authorization).replace(/^Bearer /, '');
    return { status: 401, headers: { 'x-request-id': `req-${token}` }, body: { error: `token ${token} refused` } };
  });
  gw = await startTestGateway({ adjust: hostileConfig, env: { UPSTREAM_RETRIES: '0' } });
});
afterAll(async () => {
  await gw.close();
  await trackly.close();
  await heymarket.close();
});

const SECRETS = () => [gw.config.trackly.apiKey ?? '', HEYMARKET_KEY];

function expectNoSecret(answer: GraphQLResponse): void {
  const everything = `${JSON.stringify({ data: answer.data, errors: answer.errors })} ${JSON.stringify([...answer.headers])}`;
  for (const secret of SECRETS()) expect(everything).not.toContain(secret);
}

const READ_TRACKLY = `{ schedule(id: "${encodeScheduleId('TRACKLY', TRACKLY_ID)}") { id name } }`;
const READ_HEYMARKET = `{ schedule(id: "${encodeScheduleId('HEYMARKET', '88')}") { id name } }`;
const CREATE = `mutation($input: CreateScheduleInput!) { createSchedule(input: $input) {
  __typename
  ... on Error { message code providerCode }
  ... on ValidationError { issues { field message providerCode } }
  ... on UpstreamError { httpStatus requestId }
} }`;

describe('an upstream echoing the credential gets none of it back to the caller', () => {
  it('query, Trackly 400 with the key in error and code: the message and extensions.providerCode are redacted', async () => {
    tracklyStatus = 400;
    const answer = await gw.gql(READ_TRACKLY);
    expect(trackly.requests.at(-1)?.headers['x-api-key']).toBe(gw.config.trackly.apiKey);
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_REJECTED', providerCode: 'bad_[redacted]' });
    expectNoSecret(answer);
  });

  it('query, Trackly 401 with the key in error and code: extensions.providerCode is redacted', async () => {
    tracklyStatus = 401;
    const answer = await gw.gql(READ_TRACKLY);
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAUTHORIZED', providerCode: 'bad_[redacted]' });
    expectNoSecret(answer);
  });

  it('query, Heymarket x-request-id carrying the bearer token: extensions.requestId is redacted', async () => {
    const answer = await gw.gql(READ_HEYMARKET);
    expect(heymarket.requests.at(-1)?.headers.authorization).toBe(`Bearer ${HEYMARKET_KEY}`);
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAUTHORIZED', requestId: 'req-[redacted]' });
    expectNoSecret(answer);
  });

  it('mutation, Trackly: a 400 on the POST echoing the key comes back as a redacted ValidationError (issues[] too)', async () => {
    tracklyStatus = 400;
    auditedWrites = true;
    try {
      const input = {
        target: { trackly: { name: 'Echo', audienceIds: [TRACKLY_ID], variants: [{ message: 'Hi', percentAudience: 100 }] } },
        recurrence: { oneTime: { at: '2030-03-14T13:00:00Z' } },
      };
      const answer = await gw.gql<{ createSchedule: { __typename: string; providerCode: string; issues: Array<{ message: string; providerCode: string }> } }>(
        CREATE,
        { input },
      );
      expect(trackly.requests.at(-1)?.method).toBe('POST');
      expect(answer.data?.createSchedule.__typename).toBe('ValidationError');
      expect(answer.data?.createSchedule.providerCode).toBe('bad_[redacted]');
      expect(answer.data?.createSchedule.issues[0]).toMatchObject({ message: 'Bad key [redacted]', providerCode: 'bad_[redacted]' });
      expectNoSecret(answer);
    } finally {
      auditedWrites = false;
    }
  });

  it('mutation, Heymarket: the UpstreamError requestId is redacted', async () => {
    const input = {
      target: { heymarket: { inboxId: 413, text: 'Hi', recipient: { phoneNumber: '+14155553434' } } },
      recurrence: { oneTime: { at: '2030-03-14T13:15:00Z' } },
    };
    const answer = await gw.gql<{ createSchedule: { __typename: string; requestId: string } }>(CREATE, { input });
    expect(answer.data?.createSchedule).toMatchObject({ __typename: 'UpstreamError', requestId: 'req-[redacted]' });
    expectNoSecret(answer);
  });
});

describe('response headers pass the same redaction', () => {
  it('a request id that is a provider key is not echoed back in the x-request-id header', async () => {
    const key = gw.config.trackly.apiKey ?? '';
    const answer = await gw.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': key },
      body: JSON.stringify({ query: '{ providers { provider } }' }),
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-request-id')).toBe('[redacted]');
  });
});

describe('the suite-wide secret grep', () => {
  it('fires when the redaction of error extensions is switched off', async () => {
    const leaky = await startTestGateway({ adjust: hostileConfig, env: { UPSTREAM_RETRIES: '0' }, gateway: { redactErrorExtensions: false } });
    tracklyStatus = 401;
    const answer = await leaky.gql(READ_TRACKLY);
    // The message is still redacted; the extensions are not, so the key is in the response …
    expect(answer.errors?.[0]?.message).not.toContain(leaky.config.trackly.apiKey);
    expect(JSON.stringify(answer.errors?.[0]?.extensions)).toContain(leaky.config.trackly.apiKey);
    // … and the grep on close says so.
    await expect(leaky.close()).rejects.toThrow(/a secret appeared in a log line or a response/);
  });
});
