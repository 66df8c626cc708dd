/**
 * Trackly create over real HTTP: each recurrence kind → the exact POST body, every documented rule checked
 * before the call (zero POSTs), references checked through loaders, upstream errors typed.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TRACKLY_SEED } from '../../src/providers/trackly/sandbox/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const A = TRACKLY_SEED.audiences;
const O = TRACKLY_SEED.offers;

const CREATE = /* GraphQL */ `
  mutation Create($input: CreateScheduleInput!) {
    createSchedule(input: $input) {
      __typename
      ... on CreateScheduleSuccess {
        dryRun
        upstreamCalls { method path body }
        schedule {
          id provider nativeId name status nativeStatus
          recurrence {
            __typename
            ... on OneTimeRecurrence { at localDateTime timeZone recipientLocalTime }
            ... on WeeklyRecurrence { days time timeZone recipientLocalTime startDate endDate }
          }
        }
      }
      ... on Error { message code provider providerCode }
      ... on ValidationError { field issues { field message providerCode } }
      ... on UnsupportedRecurrenceError { supportedKinds supportedFrequencies }
      ... on UpstreamError { httpStatus }
    }
  }
`;

type Result = Record<string, unknown> & {
  __typename: string;
  providerCode?: string | null;
  field?: string;
  issues?: Array<{ field: string; providerCode: string | null }>;
  schedule?: Record<string, unknown> & { recurrence: Record<string, unknown> };
  upstreamCalls?: Array<{ method: string; path: string; body: string }>;
};

const variants = [
  {
    name: 'Control',
    message: 'Sale now: {{link1}}',
    percentAudience: 60,
    offerLinks: [{ key: 'link1', offerId: O.summerSale, urlParams: [{ key: 'utm_source', value: 'sms' }] }],
  },
  { name: 'Urgency', message: 'Last day: {{link1}}', percentAudience: 40, offerLinks: [{ key: 'link1', offerId: O.summerSale }] },
];

function target(overrides: Record<string, unknown> = {}) {
  return { trackly: { name: 'Weekend A/B', audienceIds: [A.allSubscribers], variants, ...overrides } };
}

const weekly = (overrides: Record<string, unknown> = {}) => ({
  weekly: { days: ['FRIDAY', 'SATURDAY'], time: '14:30', startDate: '2027-06-01T00:00:00-04:00', endDate: '2027-08-31T23:59:00-04:00', ...overrides },
});

let gw: TestGateway;

async function create(input: Record<string, unknown>): Promise<Result> {
  const response = await gw.gql<{ createSchedule: Result }>(CREATE, { input });
  expect(response.errors).toBeUndefined();
  return response.data!.createSchedule;
}

function lastPost(): Record<string, unknown> {
  const posts = gw.sandboxes.trackly.requests.filter((r) => r.method === 'POST' && r.path === '/api/v2/schedules');
  return posts.at(-1)?.body as Record<string, unknown>;
}

const posts = () => gw.sandboxes.trackly.count(/^POST \/api\/v2\/schedules$/);

beforeAll(async () => {
  gw = await startTestGateway({ env: { TRACKLY_TIMEZONE: 'America/New_York' } });
});
afterAll(() => gw.close());
beforeEach(() => gw.sandboxes.trackly.clearFaults());

describe('recurrence → exact Trackly body', () => {
  it('one-time: is_repeating false, send_date and send_time in the account zone', async () => {
    const result = await create({ target: target(), recurrence: { oneTime: { at: '2027-03-14T13:00:00Z' } } });
    expect(result.__typename).toBe('CreateScheduleSuccess');
    // 13:00Z on 2027-03-14 is 09:00 EDT (the day DST started in New York).
    expect(lastPost()).toEqual({
      name: 'Weekend A/B',
      send_type: 'blast',
      audiences: [A.allSubscribers],
      is_repeating: false,
      send_date: '2027-03-14T00:00:00Z',
      send_time: '09:00',
      use_local_time: false,
      blasts: [
        {
          message: 'Sale now: {{link1}}',
          percent_audience: 60,
          variant_name: 'Control',
          offer_links: [{ key: 'link1', offer_id: O.summerSale, url_params: { utm_source: 'sms' } }],
        },
        {
          message: 'Last day: {{link1}}',
          percent_audience: 40,
          variant_name: 'Urgency',
          offer_links: [{ key: 'link1', offer_id: O.summerSale, url_params: {} }],
        },
      ],
    });
    expect(result.schedule!.recurrence).toEqual({
      __typename: 'OneTimeRecurrence',
      at: '2027-03-14T13:00:00Z',
      localDateTime: '2027-03-14T09:00:00',
      timeZone: 'America/New_York',
      recipientLocalTime: false,
    });
    expect(result.schedule!.status).toBe('DRAFT');
  });

  it('weekly: all seven days_of_week keys, send_time, start/end dates as calendar days', async () => {
    const result = await create({ target: target({ status: 'SCHEDULED', skipWithinHours: 24, filterBots: true }), recurrence: weekly() });
    expect(result.__typename).toBe('CreateScheduleSuccess');
    const body = lastPost();
    expect(body).toMatchObject({
      is_repeating: true,
      send_time: '14:30',
      start_date: '2027-06-01T00:00:00Z',
      end_date: '2027-08-31T00:00:00Z',
      days_of_week: { monday: false, tuesday: false, wednesday: false, thursday: false, friday: true, saturday: true, sunday: false },
      use_local_time: false,
      status: 'on',
      skip_within_hours: 24,
      filter_bots: true,
    });
    expect(body).not.toHaveProperty('send_date');
    expect(result.schedule!.recurrence).toMatchObject({
      __typename: 'WeeklyRecurrence',
      days: ['FRIDAY', 'SATURDAY'],
      time: '14:30',
      timeZone: 'America/New_York',
    });
    expect(result.schedule!.status).toBe('SCHEDULED');
  });

  it('weekly starting after the send time on its first day starts the next day (whole-day dates)', async () => {
    await create({ target: target(), recurrence: weekly({ startDate: '2027-06-01T15:00:00-04:00', endDate: '2027-08-31T14:00:00-04:00' }) });
    expect(lastPost()).toMatchObject({ start_date: '2027-06-02T00:00:00Z', end_date: '2027-08-30T00:00:00Z' });
  });

  it('weekly in recipient local time → use_local_time', async () => {
    const result = await create({ target: target(), recurrence: weekly({ recipientLocalTime: true }) });
    expect(lastPost()).toMatchObject({ use_local_time: true, send_time: '14:30' });
    expect(result.schedule!.recurrence).toMatchObject({ recipientLocalTime: true, timeZone: null });
  });

  it('interval daily ×1 → every day; weekly ×1 → its days', async () => {
    await create({
      target: target(),
      recurrence: { interval: { frequency: 'DAILY', time: '08:00', startDate: '2027-06-01T00:00:00Z', endDate: '2027-07-01T00:00:00Z' } },
    });
    expect(lastPost()['days_of_week']).toEqual({ monday: true, tuesday: true, wednesday: true, thursday: true, friday: true, saturday: true, sunday: true });
    await create({
      target: target(),
      recurrence: {
        interval: {
          frequency: 'WEEKLY',
          interval: 1,
          daysOfWeek: ['SUNDAY', 'MONDAY'],
          time: '08:00',
          startDate: '2027-06-01T00:00:00Z',
          endDate: '2027-07-01T00:00:00Z',
        },
      },
    });
    expect(lastPost()['days_of_week']).toMatchObject({ monday: true, sunday: true, tuesday: false });
  });

  it('every 2 weeks or monthly is refused with what Trackly supports, and nothing is sent', async () => {
    const before = posts();
    const twoWeeks = await create({
      target: target(),
      recurrence: {
        interval: {
          frequency: 'WEEKLY',
          interval: 2,
          daysOfWeek: ['MONDAY'],
          time: '08:00',
          startDate: '2027-06-01T00:00:00Z',
          endDate: '2027-07-01T00:00:00Z',
        },
      },
    });
    expect(twoWeeks).toMatchObject({
      __typename: 'UnsupportedRecurrenceError',
      code: 'UNSUPPORTED_RECURRENCE',
      provider: 'TRACKLY',
      supportedKinds: ['ONE_TIME', 'WEEKLY', 'INTERVAL'],
      supportedFrequencies: ['DAILY', 'WEEKLY'],
    });
    const monthly = await create({
      target: target(),
      recurrence: { interval: { frequency: 'MONTHLY', dayOfMonth: 1, time: '08:00', startDate: '2027-06-01T00:00:00Z', endDate: '2027-07-01T00:00:00Z' } },
    });
    expect(monthly.__typename).toBe('UnsupportedRecurrenceError');
    expect(posts()).toBe(before);
  });

  it('a weekly time zone other than the account zone is refused (Trackly reads send_time in the account zone)', async () => {
    const result = await create({ target: target(), recurrence: weekly({ timeZone: 'Europe/Paris' }) });
    expect(result).toMatchObject({ __typename: 'ValidationError', field: 'recurrence.weekly.timeZone' });
  });

  it('dry run validates and shows the body without sending it', async () => {
    const before = posts();
    const result = await create({ target: target(), recurrence: weekly(), dryRun: true });
    expect(result).toMatchObject({ __typename: 'CreateScheduleSuccess', dryRun: true, schedule: null });
    expect(JSON.parse(result.upstreamCalls![0]!.body)).toMatchObject({ is_repeating: true, send_time: '14:30' });
    expect(posts()).toBe(before);
  });
});

describe('documented rules are checked before the call, with Trackly codes', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['missing_name', { target: target({ name: '  ' }), recurrence: weekly() }, 'target.trackly.name'],
    ['missing_is_repeating', { target: target() }, 'recurrence'],
    ['missing_audiences', { target: target({ audienceIds: [] }), recurrence: weekly() }, 'target.trackly.audienceIds'],
    ['invalid_status', { target: target({ status: 'COMPLETED' }), recurrence: weekly() }, 'target.trackly.status'],
    ['missing_start_date', { target: target(), recurrence: weekly({ startDate: null }) }, 'recurrence.weekly.startDate'],
    ['missing_end_date', { target: target(), recurrence: weekly({ endDate: null }) }, 'recurrence.weekly.endDate'],
    ['no_days_selected', { target: target(), recurrence: weekly({ days: [] }) }, 'recurrence.weekly.days'],
    ['missing_blasts', { target: target({ variants: [] }), recurrence: weekly() }, 'target.trackly.variants'],
    [
      'invalid_blast_percent',
      {
        target: target({
          variants: [
            { message: 'a', percentAudience: 60 },
            { message: 'b', percentAudience: 30 },
          ],
        }),
        recurrence: weekly(),
      },
      'target.trackly.variants',
    ],
    [
      'missing_blast_message',
      {
        target: target({
          variants: [
            { message: 'a', percentAudience: 50 },
            { message: ' ', percentAudience: 50 },
          ],
        }),
        recurrence: weekly(),
      },
      'target.trackly.variants.1.message',
    ],
    [
      'audience_not_found',
      { target: target({ audienceIds: [A.allSubscribers, '000000000000000000000000'] }), recurrence: weekly() },
      'target.trackly.audienceIds.1',
    ],
    ['audience_not_found', { target: target({ audienceIds: [A.archivedHoliday] }), recurrence: weekly() }, 'target.trackly.audienceIds.0'],
    ['source_list_not_found', { target: target({ sourceListIds: [101, 305] }), recurrence: weekly() }, 'target.trackly.sourceListIds.1'],
    [
      'offer_not_found',
      { target: target({ variants: [{ message: '{{x}}', percentAudience: 100, offerLinks: [{ key: 'x', offerId: 'offer_abc123' }] }] }), recurrence: weekly() },
      'target.trackly.variants.0.offerLinks.0.offerId',
    ],
  ];

  it.each(cases)('%s at %s… and no POST', async (code, input, field) => {
    const before = posts();
    const result = await create(input);
    expect(result).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION_FAILED', provider: 'TRACKLY', providerCode: code, field });
    expect(posts()).toBe(before);
  });

  it('the first issue is the one Trackly would answer with (documented order)', async () => {
    const result = await create({ target: target({ name: '', audienceIds: [], variants: [] }), recurrence: weekly({ days: [] }) });
    expect(result.issues!.map((i) => i.providerCode)).toEqual(['missing_name', 'missing_audiences', 'no_days_selected', 'missing_blasts']);
    expect(result.providerCode).toBe('missing_name');
  });

  it('33.3 + 33.3 + 33.4 is exactly 100', async () => {
    const three = [33.3, 33.3, 33.4].map((percentAudience, i) => ({ message: `v${i}`, percentAudience }));
    expect((await create({ target: target({ variants: three }), recurrence: weekly() })).__typename).toBe('CreateScheduleSuccess');
  });

  it('a one-time send in the past or with seconds is refused', async () => {
    expect(await create({ target: target(), recurrence: { oneTime: { at: '2020-01-01T00:00:00Z' } } })).toMatchObject({
      __typename: 'ValidationError',
      field: 'recurrence.oneTime.at',
    });
    expect(await create({ target: target(), recurrence: { oneTime: { at: '2027-01-01T00:00:30Z' } } })).toMatchObject({
      __typename: 'ValidationError',
      field: 'recurrence.oneTime.at',
    });
  });

  it('an unknown send type never reaches a resolver (GraphQL enum)', async () => {
    const response = await gw.gql(CREATE, { input: { target: target({ sendType: 'SPAM' }), recurrence: weekly() } });
    expect(response.errors?.[0]?.message).toMatch(/SPAM/);
  });
});

describe('upstream answers become typed errors', () => {
  it('a 400 Trackly raises anyway keeps its code verbatim', async () => {
    gw.sandboxes.trackly.injectFault({
      match: /^POST/,
      times: 1,
      fault: { kind: 'status', status: 400, body: { error: 'Percent must sum to 100', code: 'invalid_blast_percent' } },
    });
    const result = await create({ target: target(), recurrence: weekly() });
    expect(result).toMatchObject({ __typename: 'ValidationError', providerCode: 'invalid_blast_percent', message: 'Percent must sum to 100' });
  });

  it('a 404 audience_not_found after the call is a ValidationError on audienceIds', async () => {
    gw.sandboxes.trackly.injectFault({
      match: /^POST/,
      times: 1,
      fault: { kind: 'status', status: 404, body: { error: 'Audience not found', code: 'audience_not_found' } },
    });
    expect(await create({ target: target(), recurrence: weekly() })).toMatchObject({
      __typename: 'ValidationError',
      providerCode: 'audience_not_found',
      field: 'target.trackly.audienceIds',
    });
  });

  it('a 500 is an UpstreamError and the POST is sent exactly once', async () => {
    const before = posts();
    gw.sandboxes.trackly.injectFault({ match: /^POST/, times: 1, fault: { kind: 'status', status: 500, body: { error: 'boom', code: 'server_error' } } });
    expect(await create({ target: target(), recurrence: weekly() })).toMatchObject({
      __typename: 'UpstreamError',
      code: 'UPSTREAM_UNAVAILABLE',
      httpStatus: 500,
      providerCode: 'server_error',
    });
    expect(posts()).toBe(before + 1);
  });
});

describe('credentials', () => {
  it("a wrong key is UPSTREAM_UNAUTHORIZED with Trackly's code, and neither key appears in the answer", async () => {
    const wrong = await startTestGateway({
      adjust: (config) => ({ ...config, trackly: { ...config.trackly, apiKey: 'trk_WRONGwrongWRONGwrongWRONGwrong00' } }),
    });
    try {
      const response = await wrong.gql<{ createSchedule: Result }>(CREATE, { input: { target: target(), recurrence: weekly() } });
      expect(response.data?.createSchedule).toMatchObject({
        __typename: 'UpstreamError',
        code: 'UPSTREAM_UNAUTHORIZED',
        providerCode: 'invalid_api_key',
        httpStatus: 401,
      });
      const read = await wrong.gql(`{ schedules(provider: TRACKLY) { totalCount } }`);
      expect(read.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAUTHORIZED', provider: 'TRACKLY', providerCode: 'invalid_api_key' });
      const text = JSON.stringify([response, read]);
      expect(text).not.toContain('trk_WRONG');
      expect(text).not.toContain(wrong.sandboxes.trackly.apiKey);
      // The key went in X-Api-Key, never in Authorization.
      const sent = wrong.sandboxes.trackly.requests.at(-1)!.headers;
      expect(sent['x-api-key']).toBe('trk_WRONGwrongWRONGwrongWRONGwrong00');
      expect(sent.authorization).toBeUndefined();
    } finally {
      await wrong.close();
    }
  });
});

describe('every documented Trackly error code, when Trackly itself answers with it', () => {
  // The gateway checks these before calling; here Trackly raises them anyway (e.g. a rule it enforces that
  // changed), and each must still arrive typed, with the code verbatim.
  const validationCodes = [
    'missing_name',
    'missing_send_type',
    'invalid_send_type',
    'missing_is_repeating',
    'missing_send_time',
    'missing_audiences',
    'invalid_status',
    'missing_send_date',
    'missing_start_date',
    'missing_end_date',
    'no_days_selected',
    'missing_blasts',
    'invalid_blast_percent',
    'missing_blast_message',
  ];
  it.each(validationCodes)('400 %s → ValidationError', async (code) => {
    gw.sandboxes.trackly.injectFault({ match: /^POST/, times: 1, fault: { kind: 'status', status: 400, body: { error: `Trackly says ${code}`, code } } });
    expect(await create({ target: target(), recurrence: weekly() })).toMatchObject({ __typename: 'ValidationError', providerCode: code, provider: 'TRACKLY' });
  });

  it.each([
    [404, 'audience_not_found', 'ValidationError'],
    [404, 'source_list_not_found', 'ValidationError'],
    [404, 'offer_not_found', 'ValidationError'],
    [401, 'unauthorized', 'UpstreamError'],
    [401, 'missing_api_key', 'UpstreamError'],
    [401, 'invalid_api_key', 'UpstreamError'],
  ])('%i %s → %s', async (status, code, typename) => {
    gw.sandboxes.trackly.injectFault({ match: /^POST/, times: 1, fault: { kind: 'status', status, body: { error: `Trackly says ${code}`, code } } });
    expect(await create({ target: target(), recurrence: weekly() })).toMatchObject({ __typename: typename, providerCode: code });
  });

  it('400 schedule_complete and 404 not_found on update → InvalidStateError and NotFoundError', async () => {
    const UPDATE = `mutation($input: UpdateScheduleInput!) { updateSchedule(input: $input) { __typename ... on Error { code providerCode } } }`;
    const id = (await create({ target: target(), recurrence: weekly() })).schedule!['id'] as string;
    for (const [status, code, typename] of [
      [400, 'schedule_complete', 'InvalidStateError'],
      [404, 'not_found', 'NotFoundError'],
    ] as const) {
      gw.sandboxes.trackly.injectFault({ match: /^PUT/, times: 1, fault: { kind: 'status', status, body: { error: code, code } } });
      const response = await gw.gql<{ updateSchedule: Record<string, unknown> }>(UPDATE, { input: { id, patch: { trackly: { name: 'x' } } } });
      expect(response.data!.updateSchedule).toMatchObject({ __typename: typename, providerCode: code });
    }
  });

  it('403 with no code (suspended account) → UPSTREAM_FORBIDDEN', async () => {
    gw.sandboxes.trackly.injectFault({ match: /^POST/, times: 1, fault: { kind: 'status', status: 403, body: { error: 'Account is suspended' } } });
    expect(await create({ target: target(), recurrence: weekly() })).toMatchObject({
      __typename: 'UpstreamError',
      code: 'UPSTREAM_FORBIDDEN',
      providerCode: null,
    });
  });
});
