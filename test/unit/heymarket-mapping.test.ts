/**
 * Heymarket mapping and rules as pure functions: the exact write body per recipient kind, the read shape
 * (`execute`, `meta.content`) into the core Schedule, the read-modify-write merge, every execute_at rule,
 * the lenient error-body reader, the rate-limit window and JWT reuse/renewal.
 */
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { UnsupportedRecurrenceError } from '../../src/core/errors.js';
import { HeymarketAuthenticator } from '../../src/providers/heymarket/auth.js';
import { heymarketErrorBody, rateWindow } from '../../src/providers/heymarket/client.js';
import {
  applyHeymarketPatch,
  fromHeymarketScheduled,
  heymarketName,
  toHeymarketCreateBody,
  writeBodyFromScheduled,
} from '../../src/providers/heymarket/mapping.js';
import { heymarketScheduled, type HeymarketScheduled } from '../../src/providers/heymarket/native.js';
import { checkHeymarketRecurrence, checkHeymarketTarget, phoneNumberIssue } from '../../src/providers/heymarket/validation.js';

const NOW = '2030-01-07T10:01:00Z';
const VALID = '2030-01-07T11:30:00Z';

function scheduled(overrides: Record<string, unknown> = {}): HeymarketScheduled {
  return heymarketScheduled.parse({
    id: 88,
    execute: '2030-01-08T11:15:00Z',
    inbox_id: 413,
    local_id: 'f4bb74f2',
    created: '2030-01-07T09:00:00.000Z',
    updated: '2030-01-07T09:30:00.000Z',
    op: 'create',
    rev: 1,
    meta: {
      campaign_id: null,
      content: { text: 'Your appointment is tomorrow at 2pm', to: '14155553434', attachments: [], gallery: [{ url: 'https://x.example/g.png' }], local_day: 3 },
    },
    ...overrides,
  });
}

describe('toHeymarketCreateBody: the exact POST body', () => {
  it('phone number: E.164 without + as phone_number and content.to', () => {
    const body = toHeymarketCreateBody({ inboxId: 413, text: 'Hi', recipient: { phoneNumber: '+1 (415) 555-3434' }, localId: 'lid', userId: 502 }, VALID);
    expect(body).toEqual({
      inbox_id: 413,
      execute_at: VALID,
      content: { text: 'Hi', to: '14155553434' },
      phone_number: '14155553434',
      local_id: 'lid',
      user_id: 502,
    });
  });

  it('conversation: conversation_id, no content.to', () => {
    const body = toHeymarketCreateBody({ inboxId: 413, text: 'Hi', recipient: { conversationId: 3301 } }, VALID);
    expect(body).toEqual({ inbox_id: 413, execute_at: VALID, content: { text: 'Hi' }, conversation_id: 3301 });
  });

  it('list with a template and attachments: list_id, template id, attachments without null fields', () => {
    const body = toHeymarketCreateBody(
      { inboxId: 414, templateId: 12, attachments: [{ url: 'https://x.example/a.pdf', name: 'a.pdf', type: null }], recipient: { listId: 6601 } },
      VALID,
    );
    expect(body).toEqual({
      inbox_id: 414,
      execute_at: VALID,
      content: { template: 12, attachments: [{ url: 'https://x.example/a.pdf', name: 'a.pdf' }] },
      list_id: 6601,
    });
  });
});

describe('fromHeymarketScheduled: the read shape into the core model', () => {
  it('execute → OneTimeRecurrence in UTC, meta.content → details, + added to the number', () => {
    const schedule = fromHeymarketScheduled(scheduled(), NOW);
    expect(schedule).toMatchObject({
      provider: 'HEYMARKET',
      nativeId: '88',
      name: 'Your appointment is tomorrow at 2pm',
      status: 'SCHEDULED',
      nativeStatus: 'scheduled',
      recurrence: { kind: 'ONE_TIME', at: '2030-01-08T11:15:00Z', localDateTime: '2030-01-08T11:15:00', timeZone: 'UTC', recipientLocalTime: false },
      createdAt: '2030-01-07T09:00:00Z',
      updatedAt: '2030-01-07T09:30:00Z',
      details: {
        inboxId: 413,
        text: 'Your appointment is tomorrow at 2pm',
        templateId: null,
        recipient: { kind: 'PHONE_NUMBER', phoneNumber: '+14155553434' },
        localId: 'f4bb74f2',
        userId: null,
      },
    });
  });

  it('a message whose execute time has passed is COMPLETED ("sent")', () => {
    const schedule = fromHeymarketScheduled(scheduled({ execute: '2030-01-07T10:00:00Z' }), NOW);
    expect([schedule.status, schedule.nativeStatus]).toEqual(['COMPLETED', 'sent']);
  });

  it('conversation and list recipients come from meta', () => {
    const conversation = fromHeymarketScheduled(scheduled({ meta: { conversation_id: 3301, content: { text: 'x' } } }), NOW);
    const list = fromHeymarketScheduled(scheduled({ meta: { list_id: 6601, content: { text: 'x' } } }), NOW);
    expect(conversation.details.recipient).toEqual({ kind: 'CONVERSATION', conversationId: 3301 });
    expect(list.details.recipient).toEqual({ kind: 'LIST', listId: 6601 });
  });

  it('name: first 60 characters (code points) of the text, else the template', () => {
    const long = '😀'.repeat(70);
    expect(Array.from(heymarketName(long, null, '1'))).toHaveLength(60);
    expect(heymarketName(null, 12, '1')).toBe('Template 12');
    expect(fromHeymarketScheduled(scheduled({ meta: { content: { template: 12 } } }), NOW).name).toBe('Template 12');
  });

  it('rejects a read object whose execute is not RFC 3339', () => {
    expect(heymarketScheduled.safeParse({ id: 1, execute: 'tomorrow', inbox_id: 413 }).success).toBe(false);
  });
});

describe('read-modify-write: the full body PUT needs', () => {
  it('rebuilds the whole body from the read (execute → execute_at, gallery kept, undocumented echoes dropped)', () => {
    expect(writeBodyFromScheduled(scheduled())).toEqual({
      inbox_id: 413,
      execute_at: '2030-01-08T11:15:00Z',
      content: { text: 'Your appointment is tomorrow at 2pm', to: '14155553434', gallery: [{ url: 'https://x.example/g.png' }] },
      phone_number: '14155553434',
      local_id: 'f4bb74f2',
    });
  });

  it('a text-only patch changes only the text', () => {
    const body = applyHeymarketPatch(writeBodyFromScheduled(scheduled()), { text: 'Moved to 3pm' }, null);
    expect(body).toMatchObject({
      inbox_id: 413,
      execute_at: '2030-01-08T11:15:00Z',
      phone_number: '14155553434',
      content: { text: 'Moved to 3pm', to: '14155553434' },
    });
  });

  it('a new recipient replaces the old target family and content.to', () => {
    const body = applyHeymarketPatch(writeBodyFromScheduled(scheduled()), { recipient: { listId: 6601 } }, VALID);
    expect(body.phone_number).toBeUndefined();
    expect(body.content.to).toBeUndefined();
    expect(body).toMatchObject({ list_id: 6601, execute_at: VALID });
  });
});

describe('execute_at rules (before any call)', () => {
  const oneTime = (at: string, timeZone: string | null = null) => ({ kind: 'ONE_TIME' as const, at, timeZone });

  it.each([
    ['in the past', '2030-01-07T09:45:00Z', /in the past/],
    ['14 minutes ahead', '2030-01-07T10:15:00Z', /only 14 minutes from now/],
    ['7 minutes past the hour', '2030-01-07T12:07:00Z', /quarter hour/],
    ['on a quarter hour but with seconds', '2030-01-07T12:15:30Z', /quarter hour/],
    ['not RFC 3339', '2030-01-07 12:15', /RFC 3339/],
  ])('%s → bad_data at recurrence.oneTime.at', (_label, at, message) => {
    const timing = checkHeymarketRecurrence(oneTime(at), NOW);
    expect(timing.ok).toBe(false);
    const issues = timing.ok ? [] : timing.issues;
    expect(issues[0]).toMatchObject({ path: ['recurrence', 'oneTime', 'at'], providerCode: 'bad_data' });
    expect(issues.map((i) => i.message).join(' ')).toMatch(message);
  });

  it('a valid time → execute_at in UTC, whatever offset it was given with', () => {
    expect(checkHeymarketRecurrence(oneTime('2030-01-07T06:30:00-05:00', 'America/New_York'), NOW)).toEqual({ ok: true, value: VALID });
  });

  it('exactly 15 minutes ahead on a boundary is allowed', () => {
    expect(checkHeymarketRecurrence(oneTime('2030-01-07T10:30:00Z'), '2030-01-07T10:15:00Z')).toEqual({ ok: true, value: '2030-01-07T10:30:00Z' });
  });

  it('weekly and interval → UnsupportedRecurrenceError naming ONE_TIME', () => {
    const weekly = {
      kind: 'WEEKLY' as const,
      days: ['MONDAY' as const],
      time: '09:00',
      timeZone: null,
      recipientLocalTime: false,
      startDate: null,
      endDate: null,
    };
    const interval = {
      kind: 'INTERVAL' as const,
      frequency: 'DAILY' as const,
      interval: 1,
      daysOfWeek: null,
      dayOfMonth: null,
      time: '09:00',
      timeZone: null,
      startDate: null,
      endDate: null,
    };
    for (const spec of [weekly, interval]) {
      let thrown: unknown = null;
      try {
        checkHeymarketRecurrence(spec, NOW);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(UnsupportedRecurrenceError);
      expect(thrown).toMatchObject({ supportedKinds: ['ONE_TIME'], supportedFrequencies: [], message: expect.stringMatching(/one-time sends only/) });
    }
  });

  it('no recurrence → bad_data at recurrence', () => {
    const timing = checkHeymarketRecurrence(null, NOW);
    expect(timing.ok).toBe(false);
    expect(timing.ok ? null : timing.issues[0]).toMatchObject({
      path: ['recurrence'],
      providerCode: 'bad_data',
      message: expect.stringMatching(/oneTime/),
    });
  });
});

describe('input rules', () => {
  it('phone numbers: libphonenumber validity, + required', () => {
    expect(phoneNumberIssue('+14155553434', ['p'])).toBeNull();
    expect(phoneNumberIssue('14155553434', ['p'])?.message).toMatch(/leading \+/);
    expect(phoneNumberIssue('+1415555', ['p'])?.providerCode).toBe('bad_data');
    expect(phoneNumberIssue('+15555555555', ['p'])).not.toBeNull();
  });

  it('exactly one recipient', () => {
    const issues = checkHeymarketTarget({ inboxId: 413, text: 'x', recipient: { phoneNumber: '+14155553434', listId: 1 } }, ['target', 'heymarket']);
    expect(issues).toEqual([expect.objectContaining({ path: ['target', 'heymarket', 'recipient'], providerCode: 'bad_data' })]);
  });
});

describe('error bodies (undocumented, read leniently)', () => {
  it.each([
    ['a string', 'already sent', { message: 'already sent', label: null }],
    ['{error, message}', { error: 'bad_data', message: 'execute_at is too soon' }, { message: 'execute_at is too soon', label: 'bad_data' }],
    ['{error: text}', { error: 'Something broke' }, { message: 'Something broke', label: null }],
    ['{message}', { message: 'nope' }, { message: 'nope', label: null }],
    ['{error: {message, code}}', { error: { message: 'deep', code: 'bad_data' } }, { message: 'deep', label: 'bad_data' }],
    ['nothing', undefined, { message: null, label: null }],
  ])('%s', (_label, body, expected) => {
    expect(heymarketErrorBody(body)).toEqual(expected);
  });
});

describe('rate window', () => {
  it.each([
    [450, { intervalCap: 7, interval: 934 }],
    [500, { intervalCap: 8, interval: 960 }],
    [120, { intervalCap: 2, interval: 1000 }],
    [30, { intervalCap: 1, interval: 2000 }],
    [1, { intervalCap: 1, interval: 60_000 }],
  ])('%i a minute → %o, never more than the limit', (perMinute, expected) => {
    const window = rateWindow(perMinute);
    expect(window).toEqual(expected);
    expect((window.intervalCap * 60_000) / window.interval).toBeLessThanOrEqual(perMinute);
  });
});

describe('JWT', () => {
  it('signs {iss, iat} with HS256, reuses it, and renews it when under 60 s of its 5 minutes remain', async () => {
    let now = 1_900_000_000;
    const auth = new HeymarketAuthenticator({ kind: 'jwt', secretId: 'sid', secretKey: 'skey' }, { nowSeconds: () => now });
    const first = (await auth.headers()).authorization;
    now += 239;
    expect((await auth.headers()).authorization).toBe(first);
    now += 1;
    const renewed = (await auth.headers()).authorization;
    expect(renewed).not.toBe(first);
    expect(decodeJwt(first!.replace('Bearer ', ''))).toEqual({ iss: 'sid', iat: 1_900_000_000 });
    expect(decodeJwt(renewed!.replace('Bearer ', ''))).toEqual({ iss: 'sid', iat: 1_900_000_240 });
  });

  it('the legacy key is the Bearer token as is', async () => {
    expect(await new HeymarketAuthenticator({ kind: 'apiKey', apiKey: 'k' }).headers()).toEqual({ authorization: 'Bearer k' });
  });
});
