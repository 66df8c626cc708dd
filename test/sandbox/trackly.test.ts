import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRACKLY_SANDBOX_API_KEY, TRACKLY_SEED, startTracklySandbox, type TracklySandbox } from '../../src/providers/trackly/sandbox/index.js';

const A = TRACKLY_SEED.audiences;
const O = TRACKLY_SEED.offers;
const L = TRACKLY_SEED.lists;
const S = TRACKLY_SEED.schedules;

let sandbox: TracklySandbox;
let clock = new Date('2030-03-04T10:15:30.000Z');

beforeAll(async () => {
  sandbox = await startTracklySandbox({ now: () => clock });
});
afterAll(async () => {
  await sandbox.close();
});

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = { 'X-Api-Key': TRACKLY_SANDBOX_API_KEY }): Promise<Answer> {
  const response = await fetch(`${sandbox.baseUrl}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const days = (...on: string[]) =>
  Object.fromEntries(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].map((d) => [d, on.includes(d)]));

/** A valid repeating blast body, the create page's example pointed at seeded audiences and offers. */
function validBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Weekend Promo',
    send_type: 'blast',
    audiences: [A.allSubscribers],
    is_repeating: true,
    send_time: '14:30',
    start_date: '2030-06-01T00:00:00Z',
    end_date: '2030-08-31T00:00:00Z',
    days_of_week: days('friday', 'saturday', 'sunday'),
    skip_within_hours: 24,
    use_local_time: true,
    filter_bots: true,
    blasts: [
      {
        message: 'Flash sale this weekend! Shop now: {{link1}}',
        offer_links: [{ key: 'link1', offer_id: O.summerSale, url_params: { utm_source: 'sms', utm_campaign: 'weekend' } }],
        percent_audience: 60,
        variant_name: 'Control',
      },
      {
        message: '20% off everything — this weekend only: {{link1}}',
        offer_links: [{ key: 'link1', offer_id: O.summerSale, url_params: { utm_source: 'sms', utm_campaign: 'weekend' } }],
        percent_audience: 40,
        variant_name: 'Urgency Variant',
      },
    ],
    ...overrides,
  };
}

const blast = (percent: number, message = 'Hi {{link1}}') => ({ message, percent_audience: percent, offer_links: [] });

describe('Trackly sandbox: auth', () => {
  it('answers 401 missing_api_key without X-Api-Key', async () => {
    expect(await call('GET', '/schedules', undefined, {})).toEqual({ status: 401, body: { error: 'API key required', code: 'missing_api_key' } });
  });
  it('answers 401 invalid_api_key for a wrong key', async () => {
    const answer = await call('GET', '/schedules', undefined, { 'X-Api-Key': 'trk_wrong' });
    expect(answer).toEqual({ status: 401, body: { error: 'Invalid API key', code: 'invalid_api_key' } });
  });
  it('does not accept the key in Authorization', async () => {
    const answer = await call('GET', '/schedules', undefined, { Authorization: `Bearer ${TRACKLY_SANDBOX_API_KEY}` });
    expect(answer.status).toBe(401);
    expect(answer.body.code).toBe('missing_api_key');
  });
  it('uses a documented-looking fake key', () => {
    expect(TRACKLY_SANDBOX_API_KEY).toMatch(/^trk_[A-Za-z0-9]{32}$/);
  });
});

describe('Trackly sandbox: create', () => {
  it('creates a schedule with the exact envelope, defaults and 201', async () => {
    const answer = await call('POST', '/schedules', validBody());
    expect(answer.status).toBe(201);
    expect(Object.keys(answer.body).sort()).toEqual(['schedule', 'success']);
    expect(answer.body.success).toBe(true);
    const schedule = answer.body.schedule as Record<string, unknown>;
    expect(schedule.id).toMatch(/^[0-9a-f]{24}$/);
    expect(schedule).toEqual({
      id: schedule.id,
      name: 'Weekend Promo',
      status: 'draft',
      send_type: 'blast',
      source_lists: [],
      audiences: [A.allSubscribers],
      is_repeating: true,
      send_time: '14:30',
      send_date: null,
      start_date: '2030-06-01T00:00:00Z',
      end_date: '2030-08-31T00:00:00Z',
      days_of_week: days('friday', 'saturday', 'sunday'),
      skip_within_hours: 24,
      use_local_time: true,
      filter_bots: true,
      is_mms: false,
      is_cto: false,
      automated_percent: 0,
      ir_revenue: 0,
      blasts: [
        {
          message: 'Flash sale this weekend! Shop now: {{link1}}',
          offer_links: [{ key: 'link1', offer_id: O.summerSale, url_params: { utm_source: 'sms', utm_campaign: 'weekend' } }],
          percent_audience: 60,
          variant_name: 'Control',
          mms_image_url: null,
        },
        {
          message: '20% off everything — this weekend only: {{link1}}',
          offer_links: [{ key: 'link1', offer_id: O.summerSale, url_params: { utm_source: 'sms', utm_campaign: 'weekend' } }],
          percent_audience: 40,
          variant_name: 'Urgency Variant',
          mms_image_url: null,
        },
      ],
      created_at: '2030-03-04T10:15:30Z',
      updated_at: '2030-03-04T10:15:30Z',
    });
    const fetched = await call('GET', `/schedules/${String(schedule.id)}`);
    expect(fetched).toEqual({ status: 200, body: schedule });
  });

  it('fills one-time defaults: start/end null, all days false', async () => {
    const answer = await call('POST', '/schedules', {
      name: 'One shot',
      send_type: 'automated',
      audiences: [A.vipBuyers],
      is_repeating: false,
      send_time: '09:05',
      send_date: '2030-04-01T00:00:00Z',
      source_lists: [L.main],
    });
    expect(answer.status).toBe(201);
    const schedule = answer.body.schedule as Record<string, unknown>;
    expect(schedule).toMatchObject({
      send_date: '2030-04-01T00:00:00Z',
      start_date: null,
      end_date: null,
      days_of_week: days(),
      blasts: [],
      source_lists: [L.main],
    });
  });

  it('reports the first failing rule in documented order', async () => {
    const noNameNoAudiences = validBody();
    delete noNameNoAudiences.name;
    delete noNameNoAudiences.audiences;
    expect(await call('POST', '/schedules', noNameNoAudiences)).toEqual({ status: 400, body: { error: 'The name field is required.', code: 'missing_name' } });
    expect((await call('POST', '/schedules', {})).body.code).toBe('missing_name');
  });

  const cases: Array<[string, Record<string, unknown>, number, string]> = [
    ['missing_send_type', { send_type: undefined }, 400, 'missing_send_type'],
    ['invalid_send_type', { send_type: 'drip' }, 400, 'invalid_send_type'],
    ['missing_is_repeating (not a boolean)', { is_repeating: 'yes' }, 400, 'missing_is_repeating'],
    ['missing_send_time', { send_time: '' }, 400, 'missing_send_time'],
    ['invalid_send_time (assumption)', { send_time: '25:00' }, 400, 'invalid_send_time'],
    ['missing_audiences (empty)', { audiences: [] }, 400, 'missing_audiences'],
    ['invalid_status on create', { status: 'complete' }, 400, 'invalid_status'],
    ['missing_send_date', { is_repeating: false }, 400, 'missing_send_date'],
    ['missing_start_date', { start_date: undefined }, 400, 'missing_start_date'],
    ['missing_end_date', { end_date: null }, 400, 'missing_end_date'],
    ['no_days_selected', { days_of_week: days() }, 400, 'no_days_selected'],
    ['missing_blasts', { blasts: [] }, 400, 'missing_blasts'],
    ['invalid_blast_percent 60+30', { blasts: [blast(60), blast(30)] }, 400, 'invalid_blast_percent'],
    ['percent before message', { blasts: [blast(60, ''), blast(30)] }, 400, 'invalid_blast_percent'],
    ['missing_blast_message', { blasts: [blast(60, ''), blast(40)] }, 400, 'missing_blast_message'],
    ['audience_not_found (unknown)', { audiences: ['ffffffffffffffffffffffff'] }, 404, 'audience_not_found'],
    ['audience_not_found (archived)', { audiences: [A.allSubscribers, A.archivedHoliday] }, 404, 'audience_not_found'],
    ['source_list_not_found (unknown)', { source_lists: [999] }, 404, 'source_list_not_found'],
    ['source_list_not_found (deleted)', { source_lists: [L.main, L.legacy] }, 404, 'source_list_not_found'],
    [
      'offer_not_found',
      { blasts: [{ message: 'Go {{link1}}', percent_audience: 100, offer_links: [{ key: 'link1', offer_id: 'offer_abc123' }] }] },
      404,
      'offer_not_found',
    ],
    ['audience before source list', { audiences: ['ffffffffffffffffffffffff'], source_lists: [999] }, 404, 'audience_not_found'],
  ];
  it.each(cases)('%s', async (_label, overrides, status, code) => {
    const answer = await call('POST', '/schedules', validBody(overrides));
    expect(answer.status).toBe(status);
    expect(answer.body.code).toBe(code);
    expect(typeof answer.body.error).toBe('string');
    expect(answer.body).not.toHaveProperty('success');
  });

  it('accepts percent sums of 60+40 and 33.3+33.3+33.4', async () => {
    expect((await call('POST', '/schedules', validBody({ blasts: [blast(60), blast(40)] }))).status).toBe(201);
    expect((await call('POST', '/schedules', validBody({ blasts: [blast(33.3), blast(33.3), blast(33.4)] }))).status).toBe(201);
  });

  it('does not store a rejected schedule', async () => {
    const before = sandbox.store.schedules.size;
    await call('POST', '/schedules', validBody({ blasts: [blast(50)] }));
    expect(sandbox.store.schedules.size).toBe(before);
  });
});

describe('Trackly sandbox: update', () => {
  it('changes only the fields sent, replaces blasts, merges days, refreshes updated_at', async () => {
    const created = (await call('POST', '/schedules', validBody())).body.schedule as Record<string, unknown>;
    clock = new Date('2030-03-05T08:00:00.000Z');
    const answer = await call('PUT', `/schedules/${String(created.id)}`, {
      name: 'Weekend Promo — Updated',
      status: 'on',
      days_of_week: { monday: true },
      blasts: [
        {
          message: 'Huge weekend sale! {{link1}}',
          percent_audience: 100,
          variant_name: 'Single Variant',
          offer_links: [{ key: 'link1', offer_id: O.freeShipping, url_params: 'utm_source=sms' }],
        },
      ],
    });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.body).sort()).toEqual(['schedule', 'success']);
    expect(answer.body.schedule).toEqual({
      ...created,
      name: 'Weekend Promo — Updated',
      status: 'on',
      days_of_week: days('monday', 'friday', 'saturday', 'sunday'),
      blasts: [
        {
          message: 'Huge weekend sale! {{link1}}',
          percent_audience: 100,
          variant_name: 'Single Variant',
          mms_image_url: null,
          offer_links: [{ key: 'link1', offer_id: O.freeShipping, url_params: { utm_source: 'sms' } }],
        },
      ],
      updated_at: '2030-03-05T08:00:00Z',
    });
  });

  it('re-validates the merged schedule', async () => {
    const id = S.oneTime;
    expect((await call('PUT', `/schedules/${id}`, { name: '' })).body.code).toBe('missing_name');
    expect((await call('PUT', `/schedules/${id}`, { is_repeating: true })).body.code).toBe('missing_start_date');
    expect((await call('PUT', `/schedules/${id}`, { status: 'paused' })).body.code).toBe('invalid_status');
    expect((await call('PUT', `/schedules/${id}`, { blasts: [blast(60), blast(30)] })).body.code).toBe('invalid_blast_percent');
    expect((await call('PUT', `/schedules/${id}`, { audiences: [A.archivedHoliday] })).body.code).toBe('audience_not_found');
    const ok = await call('PUT', `/schedules/${id}`, {
      is_repeating: true,
      start_date: '2030-04-01T00:00:00Z',
      end_date: '2030-05-01T00:00:00Z',
      days_of_week: { tuesday: true },
    });
    expect(ok.status).toBe(200);
    expect((ok.body.schedule as Record<string, unknown>).is_repeating).toBe(true);
  });

  it('allows complete and archive on update', async () => {
    expect((await call('PUT', `/schedules/${S.localTime}`, { status: 'off' })).status).toBe(200);
    expect((await call('PUT', `/schedules/${S.localTime}`, { status: 'archive' })).status).toBe(200);
    expect((await call('PUT', `/schedules/${S.localTime}`, { status: 'on' })).status).toBe(200);
  });

  it('refuses to edit a complete schedule', async () => {
    expect(await call('PUT', `/schedules/${S.complete}`, { name: 'Again' })).toEqual({
      status: 400,
      body: { error: 'The schedule has status complete and cannot be modified.', code: 'schedule_complete' },
    });
  });

  it('answers not_found for an unknown id', async () => {
    expect(await call('PUT', '/schedules/ffffffffffffffffffffffff', { name: 'x' })).toEqual({
      status: 404,
      body: { error: 'Schedule not found', code: 'not_found' },
    });
  });
});

describe('Trackly sandbox: delete, get and list', () => {
  it('soft-deletes to archive with {success, archived}', async () => {
    const created = (await call('POST', '/schedules', validBody({ name: 'To delete' }))).body.schedule as Record<string, unknown>;
    const id = String(created.id);
    expect(await call('DELETE', `/schedules/${id}`)).toEqual({ status: 200, body: { success: true, archived: true } });
    const fetched = await call('GET', `/schedules/${id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body.status).toBe('archive');
    expect(await call('DELETE', '/schedules/ffffffffffffffffffffffff')).toEqual({ status: 404, body: { error: 'Schedule not found', code: 'not_found' } });
  });

  it('lists non-archived schedules by default and archived ones on request', async () => {
    const all = (await call('GET', '/schedules')).body.schedules as Array<{ id: string; status: string }>;
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((s) => s.status !== 'archive')).toBe(true);
    expect(all.map((s) => s.id)).toContain(S.weeklyAb);
    expect(all.map((s) => s.id)).not.toContain(S.archived);

    const archived = (await call('GET', '/schedules?status=archive')).body.schedules as Array<{ id: string; status: string }>;
    expect(archived.map((s) => s.id)).toContain(S.archived);
    expect(archived.every((s) => s.status === 'archive')).toBe(true);

    const some = (await call('GET', '/schedules?status=draft,complete')).body.schedules as Array<{ status: string }>;
    expect(new Set(some.map((s) => s.status))).toEqual(new Set(['draft', 'complete']));
  });

  it('returns a bare schedule object and 404 not_found', async () => {
    const answer = await call('GET', `/schedules/${S.weeklyAb}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: S.weeklyAb, is_repeating: true, use_local_time: false });
    expect(answer.body).not.toHaveProperty('success');
    expect((answer.body.blasts as unknown[]).length).toBe(2);
    expect((await call('GET', '/schedules/nope')).body).toEqual({ error: 'Schedule not found', code: 'not_found' });
  });

  it('serves audiences, offers and lists', async () => {
    const audience = await call('GET', `/audiences/${A.vipBuyers}`);
    expect(audience.status).toBe(200);
    expect(Object.keys(audience.body).sort()).toEqual(
      ['cached_size', 'cached_size_updated_at', 'created_at', 'description', 'filter', 'id', 'name', 'source_lists', 'status'].sort(),
    );
    const audiences = await call('GET', '/audiences?per_page=2&page=2');
    expect(audiences.body.pagination).toEqual({ page: 2, per_page: 2, total: 6, total_pages: 3 });
    expect((audiences.body.audiences as unknown[]).length).toBe(2);
    const archivedAudiences = await call('GET', '/audiences?status=archived');
    expect((archivedAudiences.body.audiences as Array<{ id: string }>).map((a) => a.id)).toEqual([A.archivedHoliday]);

    const offer = await call('GET', `/offers/${O.summerSale}`);
    expect(offer.body).toMatchObject({ id: O.summerSale, payout_type: 'cpa', status: 'active' });
    const offers = await call('GET', '/offers');
    expect(offers.body.pagination).toEqual({ page: 1, per_page: 50, total: 3, total_pages: 1 });

    expect((await call('GET', `/lists/${L.main}`)).body).toMatchObject({ id: 101, status: 'active' });
    expect((await call('GET', `/lists/${L.legacy}`)).status).toBe(404);
    const lists = (await call('GET', '/lists')).body.lists as Array<{ id: number }>;
    expect(lists.map((l) => l.id)).toEqual([101, 204]);
  });

  it('answers unknown routes with the general not_found', async () => {
    expect(await call('GET', '/nothing/here')).toEqual({ status: 404, body: { error: 'Resource not found', code: 'not_found' } });
  });

  it('records requests for call counting', () => {
    expect(sandbox.count(/^GET \/api\/v2\/lists/)).toBeGreaterThan(0);
  });
});

describe('Trackly sandbox: options', () => {
  it('starts empty with seed: false and can be seeded through the store', async () => {
    const empty = await startTracklySandbox({ seed: false, apiKey: 'trk_0123456789abcdef0123456789abcdef' });
    try {
      const headers = { 'X-Api-Key': empty.apiKey };
      const list = await fetch(`${empty.baseUrl}/schedules`, { headers });
      expect(await list.json()).toEqual({ schedules: [] });
      const audience = empty.store.addAudience({ name: 'Seeded in test' });
      const got = await fetch(`${empty.baseUrl}/audiences/${audience.id}`, { headers });
      expect(await got.json()).toEqual(audience);
    } finally {
      await empty.close();
    }
  });
});
