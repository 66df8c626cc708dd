import { SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  HEYMARKET_SANDBOX_API_KEY,
  HEYMARKET_SANDBOX_SECRET_ID,
  HEYMARKET_SANDBOX_SECRET_KEY,
  HEYMARKET_SEED,
  startHeymarketSandbox,
  type HeymarketSandbox,
} from '../../src/providers/heymarket/sandbox/index.js';

/** A frozen clock just past 10:00 UTC, so quarter-hour arithmetic in the tests is exact. */
const T0 = new Date('2030-01-07T10:01:00Z');

interface Call {
  status: number;
  body: unknown;
  headers: Headers;
}

async function call(sandbox: HeymarketSandbox, method: string, path: string, options: { token?: string | null; body?: unknown } = {}): Promise<Call> {
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? sandbox.apiKey : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text.length > 0 ? (JSON.parse(text) as unknown) : undefined, headers: response.headers };
}

async function jwt(payload: Record<string, unknown>, secret = `${HEYMARKET_SANDBOX_SECRET_ID}||${HEYMARKET_SANDBOX_SECRET_KEY}`): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(secret));
}

const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
const at = (minutesAfterT0: number) => new Date(T0.getTime() + minutesAfterT0 * 60_000).toISOString().replace('.000Z', 'Z');

function createBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    local_id: 'test-local-1',
    content: { text: 'Your appointment is tomorrow at 2pm', to: '14155553434' },
    phone_number: '14155553434',
    inbox_id: HEYMARKET_SEED.inboxes.main,
    execute_at: at(29), // 10:30Z
    ...overrides,
  };
}

function errorLabel(result: Call): string {
  return (result.body as { error: string }).error;
}

describe('Heymarket sandbox', () => {
  let clock = T0;
  let sandbox: HeymarketSandbox;

  beforeAll(async () => {
    sandbox = await startHeymarketSandbox({ now: () => clock });
  });
  afterAll(async () => {
    await sandbox.close();
  });
  afterEach(() => {
    clock = T0;
  });

  describe('auth', () => {
    it('accepts the legacy API key', async () => {
      expect(sandbox.apiKey).toBe(HEYMARKET_SANDBOX_API_KEY);
      const result = await call(sandbox, 'GET', '/v1/inboxes');
      expect(result.status).toBe(200);
    });

    it('accepts a fresh HS256 JWT and records its claims', async () => {
      const claims = { iss: HEYMARKET_SANDBOX_SECRET_ID, iat: seconds(T0) };
      const before = sandbox.acceptedJwtClaims.length;
      const result = await call(sandbox, 'GET', '/v1/team', { token: await jwt(claims) });
      expect(result.status).toBe(200);
      expect(sandbox.acceptedJwtClaims.length).toBe(before + 1);
      expect(sandbox.acceptedJwtClaims.at(-1)).toEqual(claims);
    });

    it('rejects a JWT whose iat is 6 minutes old', async () => {
      const before = sandbox.acceptedJwtClaims.length;
      const result = await call(sandbox, 'GET', '/v1/inboxes', { token: await jwt({ iss: HEYMARKET_SANDBOX_SECRET_ID, iat: seconds(T0) - 6 * 60 }) });
      expect(result.status).toBe(401);
      expect(errorLabel(result)).toBe('unauthorized');
      expect(sandbox.acceptedJwtClaims.length).toBe(before);
    });

    it('rejects a JWT signed with the wrong secret', async () => {
      const token = await jwt({ iss: HEYMARKET_SANDBOX_SECRET_ID, iat: seconds(T0) }, `${HEYMARKET_SANDBOX_SECRET_ID}||wrong-secret-key`);
      const result = await call(sandbox, 'GET', '/v1/inboxes', { token });
      expect(result.status).toBe(401);
    });

    it('rejects a JWT with a foreign iss, without iat, or with iat far in the future', async () => {
      const foreign = await call(sandbox, 'GET', '/v1/inboxes', { token: await jwt({ iss: 'someone-else', iat: seconds(T0) }) });
      expect(foreign.status).toBe(401);
      const noIat = await call(sandbox, 'GET', '/v1/inboxes', { token: await jwt({ iss: HEYMARKET_SANDBOX_SECRET_ID }) });
      expect(noIat.status).toBe(401);
      const future = await call(sandbox, 'GET', '/v1/inboxes', { token: await jwt({ iss: HEYMARKET_SANDBOX_SECRET_ID, iat: seconds(T0) + 120 }) });
      expect(future.status).toBe(401);
    });

    it('rejects a missing or unknown bearer token', async () => {
      expect((await call(sandbox, 'GET', '/v1/inboxes', { token: null })).status).toBe(401);
      expect((await call(sandbox, 'GET', '/v1/inboxes', { token: 'not-the-key' })).status).toBe(401);
    });
  });

  describe('create rules', () => {
    it('creates a message on a valid quarter-hour at least 15 minutes ahead', async () => {
      const result = await call(sandbox, 'POST', '/v1/schedule', { body: createBody() });
      expect(result.status).toBe(200);
      expect(result.body).toEqual({ id: expect.any(Number), local_id: 'test-local-1' });
    });

    it('accepts an offset form of a valid boundary', async () => {
      // 03:30-07:00 is 10:30Z.
      const result = await call(sandbox, 'POST', '/v1/schedule', { body: createBody({ execute_at: '2030-01-07T03:30:00-07:00', local_id: undefined }) });
      expect(result.status).toBe(200);
      expect(result.body).toEqual({ id: expect.any(Number), local_id: null });
    });

    it.each([
      ['in the past', at(-61)], // 09:00Z
      ['only 14 minutes ahead', at(14)], // 10:15Z
      ['at :07', at(66)], // 11:07Z
      ['with non-zero seconds', '2030-01-07T11:00:30Z'],
      ['with a fractional second', '2030-01-07T11:00:00.500Z'],
      ['without an offset', '2030-01-07T11:00:00'],
      ['not a date', 'tomorrow'],
    ])('rejects execute_at %s', async (_label, executeAt) => {
      const result = await call(sandbox, 'POST', '/v1/schedule', { body: createBody({ execute_at: executeAt }) });
      expect(result.status).toBe(400);
      expect(errorLabel(result)).toBe('bad_data');
      expect((result.body as { message: string }).message).toContain('execute_at');
    });

    it('rejects two target families', async () => {
      const result = await call(sandbox, 'POST', '/v1/schedule', { body: createBody({ list_id: 6601 }) });
      expect(result.status).toBe(400);
      expect(errorLabel(result)).toBe('bad_data');
    });

    it('rejects no target family', async () => {
      const result = await call(sandbox, 'POST', '/v1/schedule', { body: createBody({ phone_number: undefined }) });
      expect(result.status).toBe(400);
    });

    it('rejects a leading + in phone_number or content.to', async () => {
      const phone = await call(sandbox, 'POST', '/v1/schedule', { body: createBody({ phone_number: '+14155553434', content: { text: 'hi' } }) });
      expect(phone.status).toBe(400);
      expect((phone.body as { message: string }).message).toContain('phone_number');
      const to = await call(sandbox, 'POST', '/v1/schedule', { body: createBody({ content: { text: 'hi', to: '+14155553434' } }) });
      expect(to.status).toBe(400);
      expect((to.body as { message: string }).message).toContain('content.to');
    });

    it('rejects missing or unknown inbox, missing content and empty text', async () => {
      expect((await call(sandbox, 'POST', '/v1/schedule', { body: createBody({ inbox_id: undefined }) })).status).toBe(400);
      expect((await call(sandbox, 'POST', '/v1/schedule', { body: createBody({ inbox_id: 999 }) })).status).toBe(400);
      expect((await call(sandbox, 'POST', '/v1/schedule', { body: createBody({ content: undefined }) })).status).toBe(400);
      expect((await call(sandbox, 'POST', '/v1/schedule', { body: createBody({ content: { text: '' } }) })).status).toBe(400);
    });

    it('answers 403 denied for a user_id that is not a member of the inbox', async () => {
      const denied = await call(sandbox, 'POST', '/v1/schedule', { body: createBody({ user_id: HEYMARKET_SEED.members.bob }) });
      expect(denied.status).toBe(403);
      expect(errorLabel(denied)).toBe('denied');
      const allowed = await call(sandbox, 'POST', '/v1/schedule', { body: createBody({ user_id: HEYMARKET_SEED.members.alice }) });
      expect(allowed.status).toBe(200);
    });
  });

  describe('read, update, delete', () => {
    it('reads the documented Scheduled object', async () => {
      const created = await call(sandbox, 'POST', '/v1/schedule', { body: createBody({ execute_at: '2030-01-07T04:45:00-07:00' }) });
      const { id } = created.body as { id: number };
      const result = await call(sandbox, 'GET', `/v1/schedule/${id}`);
      expect(result.status).toBe(200);
      expect(result.body).toEqual({
        id,
        execute: '2030-01-07T11:45:00Z',
        inbox_id: HEYMARKET_SEED.inboxes.main,
        local_id: 'test-local-1',
        created: T0.toISOString(),
        updated: T0.toISOString(),
        op: 'create',
        rev: 1,
        // Every documented field, with zero values for what is not set (issue 12).
        meta: {
          campaign_id: 0,
          campaign_step_id: 0,
          campaign_target_phone: '',
          conversation_id: 0,
          list_id: 0,
          content: {
            text: 'Your appointment is tomorrow at 2pm',
            to: '14155553434',
            template: 0,
            attachments: [],
            gallery: [],
            local_day: 0,
            local_time: '',
            offset: 0,
          },
        },
      });
      expect(result.body).not.toHaveProperty('execute_at');
    });

    it('reads the seeded messages, one per target kind', async () => {
      const phone = (await call(sandbox, 'GET', `/v1/schedule/${HEYMARKET_SEED.schedules.phone}`)).body as {
        meta: { content: { to: string } };
        execute: string;
      };
      expect(phone.meta.content.to).toBe('14155553434');
      expect(new Date(phone.execute).getTime() % (15 * 60_000)).toBe(0);
      expect(new Date(phone.execute).getTime()).toBeGreaterThan(T0.getTime());
      const conversation = (await call(sandbox, 'GET', `/v1/schedule/${HEYMARKET_SEED.schedules.conversation}`)).body as { meta: Record<string, unknown> };
      expect(conversation.meta.conversation_id).toBe(HEYMARKET_SEED.conversationId);
      const list = (await call(sandbox, 'GET', `/v1/schedule/${HEYMARKET_SEED.schedules.list}`)).body as { meta: Record<string, unknown>; inbox_id: number };
      expect(list.meta.list_id).toBe(HEYMARKET_SEED.listId);
      expect(list.inbox_id).toBe(HEYMARKET_SEED.inboxes.billing);
    });

    it('answers 404 for unknown or non-integer ids', async () => {
      const unknown = await call(sandbox, 'GET', '/v1/schedule/424242');
      expect(unknown.status).toBe(404);
      expect(errorLabel(unknown)).toBe('not_found');
      expect((await call(sandbox, 'GET', '/v1/schedule/abc')).status).toBe(404);
      expect((await call(sandbox, 'PUT', '/v1/schedule/424242', { body: createBody() })).status).toBe(404);
      expect((await call(sandbox, 'DELETE', '/v1/schedule/424242')).status).toBe(404);
    });

    it('PUT replaces the whole message, bumps rev and marks op update', async () => {
      const { id } = (await call(sandbox, 'POST', '/v1/schedule', { body: createBody() })).body as { id: number };
      clock = new Date(T0.getTime() + 60_000);
      const partial = await call(sandbox, 'PUT', `/v1/schedule/${id}`, {
        body: { execute_at: at(59), inbox_id: HEYMARKET_SEED.inboxes.main, phone_number: '14155553434' },
      });
      expect(partial.status).toBe(400);
      expect((partial.body as { message: string }).message).toContain('content');

      const updated = await call(sandbox, 'PUT', `/v1/schedule/${id}`, {
        body: {
          execute_at: '2030-01-07T12:00:00Z',
          content: { text: 'Moved to noon. Reply STOP to opt out.' },
          conversation_id: 3302,
          inbox_id: HEYMARKET_SEED.inboxes.main,
        },
      });
      expect(updated.status).toBe(200);
      expect(updated.body).toEqual({ id, local_id: null });

      const read = (await call(sandbox, 'GET', `/v1/schedule/${id}`)).body as Record<string, unknown>;
      expect(read).toMatchObject({
        id,
        execute: '2030-01-07T12:00:00Z',
        op: 'update',
        rev: 2,
        local_id: '',
        created: T0.toISOString(),
        updated: clock.toISOString(),
        meta: {
          conversation_id: 3302,
          list_id: 0,
          content: { text: 'Moved to noon. Reply STOP to opt out.', to: '', template: 0, attachments: [], gallery: [] },
        },
      });
    });

    it('DELETE answers "ok", then the message is gone', async () => {
      const { id } = (await call(sandbox, 'POST', '/v1/schedule', { body: createBody() })).body as { id: number };
      const deleted = await call(sandbox, 'DELETE', `/v1/schedule/${id}`);
      expect(deleted.status).toBe(200);
      expect(deleted.body).toBe('ok');
      expect((await call(sandbox, 'GET', `/v1/schedule/${id}`)).status).toBe(404);
      expect((await call(sandbox, 'DELETE', `/v1/schedule/${id}`)).status).toBe(404);
    });

    it('a message past its execute time is readable but can no longer be changed or deleted', async () => {
      const { id } = (await call(sandbox, 'POST', '/v1/schedule', { body: createBody() })).body as { id: number };
      clock = new Date('2030-01-07T10:30:00Z');
      expect((await call(sandbox, 'GET', `/v1/schedule/${id}`)).status).toBe(200);
      const put = await call(sandbox, 'PUT', `/v1/schedule/${id}`, { body: createBody({ execute_at: '2030-01-07T11:00:00Z' }) });
      expect(put.status).toBe(400);
      expect((put.body as { message: string }).message).toContain('already sent');
      const del = await call(sandbox, 'DELETE', `/v1/schedule/${id}`);
      expect(del.status).toBe(400);
      expect(errorLabel(del)).toBe('bad_data');
    });
  });

  describe('lookups and headers', () => {
    it('lists inboxes as a bare array with the documented fields', async () => {
      const result = await call(sandbox, 'GET', '/v1/inboxes');
      expect(Array.isArray(result.body)).toBe(true);
      const inboxes = result.body as Array<Record<string, unknown>>;
      expect(inboxes.map((inbox) => inbox.id)).toEqual([413, 414]);
      for (const inbox of inboxes) {
        for (const field of [
          'id',
          'name',
          'team',
          'members',
          'phones',
          'phone',
          'auto_assignable',
          'forward_number',
          'widget_code',
          'widget_settings',
          'allowed_domains',
          'invited',
          'bco_chats',
          'op',
          'rev',
        ]) {
          expect(inbox).toHaveProperty(field);
        }
        expect(typeof inbox.invited).toBe('boolean');
      }
    });

    it('returns the team', async () => {
      const result = await call(sandbox, 'GET', '/v1/team');
      expect(result.body).toMatchObject({ id: HEYMARKET_SEED.teamId, list_size: expect.any(Number) });
      expect((result.body as { members: unknown[] }).members[0]).toEqual({ id: expect.any(Number), name: expect.any(String), email: expect.any(String) });
    });

    it('sends a unique X-Request-Id on success and on errors', async () => {
      const ok = await call(sandbox, 'GET', '/v1/inboxes');
      const unauthorized = await call(sandbox, 'GET', '/v1/inboxes', { token: null });
      const bad = await call(sandbox, 'POST', '/v1/schedule', { body: {} });
      const missing = await call(sandbox, 'GET', '/v1/nothing-here');
      const ids = [ok, unauthorized, bad, missing].map((r) => r.headers.get('x-request-id'));
      for (const id of ids) expect(id).toMatch(/^hm-req-\d+-[0-9a-f]+$/);
      expect(new Set(ids).size).toBe(ids.length);
      expect([ok.status, unauthorized.status, bad.status, missing.status]).toEqual([200, 401, 400, 404]);
    });
  });
});

describe('Heymarket sandbox rate limit', () => {
  let clock = T0;
  let sandbox: HeymarketSandbox;

  beforeAll(async () => {
    sandbox = await startHeymarketSandbox({ now: () => clock, rateLimitPerMinute: 5, seed: false });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('answers 429 with Retry-After and X-Request-Id after the limit, then frees the window', async () => {
    for (let i = 0; i < 5; i += 1) {
      clock = new Date(T0.getTime() + i * 1000);
      expect((await call(sandbox, 'GET', '/v1/inboxes')).status).toBe(200);
    }
    clock = new Date(T0.getTime() + 10_000);
    const limited = await call(sandbox, 'GET', '/v1/inboxes');
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({ error: 'rate_limited', message: expect.any(String) });
    expect(limited.headers.get('retry-after')).toBe('50');
    expect(limited.headers.get('x-request-id')).toMatch(/^hm-req-/);

    // The JWT credential has its own window.
    const viaJwt = await call(sandbox, 'GET', '/v1/inboxes', { token: await jwt({ iss: HEYMARKET_SANDBOX_SECRET_ID, iat: seconds(clock) }) });
    expect(viaJwt.status).toBe(200);

    clock = new Date(T0.getTime() + 60_000);
    expect((await call(sandbox, 'GET', '/v1/inboxes')).status).toBe(200); // the T0 request left the window
    expect((await call(sandbox, 'GET', '/v1/inboxes')).status).toBe(429); // only one slot freed

    clock = new Date(T0.getTime() + 180_000);
    expect((await call(sandbox, 'GET', '/v1/schedule/88')).status).toBe(404); // seed: false
  });
});
