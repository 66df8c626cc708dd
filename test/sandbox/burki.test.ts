import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BURKI_SANDBOX_API_KEY, BURKI_SEED, startBurkiSandbox, type BurkiCampaignJson, type BurkiSandbox } from '../../src/providers/burki/sandbox/index.js';

// A fixed clock: 1 March 2025, a week before the US spring-forward (9 March 2025).
const NOW = new Date('2025-03-01T12:00:00Z');
let clock = NOW;

let sandbox: BurkiSandbox;

beforeAll(async () => {
  sandbox = await startBurkiSandbox({ now: () => clock });
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => {
  clock = NOW;
});

interface CallOptions {
  method?: 'GET' | 'POST' | 'PUT';
  body?: unknown;
  rawBody?: string;
  key?: string | null;
}

async function call(path: string, options: CallOptions = {}): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = {};
  const key = options.key === undefined ? BURKI_SANDBOX_API_KEY : options.key;
  if (key !== null) headers['authorization'] = `Bearer ${key}`;
  let payload: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(options.body);
  }
  const res = await fetch(`${sandbox.url}/api/v1${path}`, { method: options.method ?? 'GET', headers, body: payload });
  const text = await res.text();
  return { status: res.status, body: text.length > 0 ? (JSON.parse(text) as unknown) : undefined };
}

const saveSchedule = (id: number | string, body: unknown) => call(`/campaigns/${id}/schedule`, { method: 'POST', body });
const readSchedule = (id: number) => call(`/campaigns/${id}/schedule`);
const campaign = async (id: number) => (await call(`/campaigns/${id}`)).body as BurkiCampaignJson;

function newCampaign(contacts = 2, status: BurkiCampaignJson['status'] = 'draft'): number {
  return sandbox.store.addCampaign({ name: 'test', contacts, status }).id;
}

interface DetailItem {
  loc: (string | number)[];
  msg: string;
  type: string;
}

function details(body: unknown): DetailItem[] {
  const d = (body as { detail: unknown }).detail;
  expect(Array.isArray(d)).toBe(true);
  return d as DetailItem[];
}

describe('auth', () => {
  it('401 Not authenticated without a bearer token', async () => {
    const res = await call('/campaigns/1', { key: null });
    expect(res).toEqual({ status: 401, body: { detail: 'Not authenticated' } });
  });
  it('401 Invalid API key with a wrong key', async () => {
    const res = await call('/campaigns/1', { key: 'nope' });
    expect(res).toEqual({ status: 401, body: { detail: 'Invalid API key' } });
  });
  it('accepts a custom key', async () => {
    const other = await startBurkiSandbox({ apiKey: 'k2', seed: false });
    try {
      const res = await fetch(`${other.url}/api/v1/campaigns`, { headers: { authorization: 'Bearer k2' } });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual([]);
      expect(other.apiKey).toBe('k2');
    } finally {
      await other.close();
    }
  });
});

describe('campaigns', () => {
  it('returns the documented campaign object', async () => {
    const res = await call(`/campaigns/${BURKI_SEED.draftImmediate}`);
    expect(res.status).toBe(200);
    const c = res.body as BurkiCampaignJson;
    expect(Object.keys(c).sort()).toEqual(
      [
        'id',
        'name',
        'description',
        'campaign_type',
        'status',
        'assistant_id',
        'assistant_name',
        'welcome_message_template',
        'agenda_template',
        'end_call_message_template',
        'sms_message_template',
        'fallback_values',
        'variable_mappings',
        'available_variables',
        'max_attempts',
        'retry_delay_minutes',
        'total_contacts',
        'completed_contacts',
        'failed_contacts',
        'created_at',
        'updated_at',
        'last_import_file_name',
        'last_import_date',
        'last_import_row_count',
      ].sort(),
    );
    expect(c).toMatchObject({ id: 1, status: 'draft', campaign_type: 'call', total_contacts: 3, max_attempts: 3, retry_delay_minutes: 30 });
    expect(c.created_at).toMatch(/Z$/);
  });
  it('404 for an unknown id', async () => {
    expect(await call('/campaigns/999')).toEqual({ status: 404, body: { detail: 'Campaign not found' } });
  });
  it('403 for another organization, on get/schedule/start/pause', async () => {
    const id = BURKI_SEED.otherOrganization;
    const expected = { status: 403, body: { detail: 'Campaign belongs to another organization' } };
    expect(await call(`/campaigns/${id}`)).toEqual(expected);
    expect(await readSchedule(id)).toEqual(expected);
    expect(await saveSchedule(id, { schedule_type: 'immediate' })).toEqual(expected);
    expect(await call(`/campaigns/${id}/start`, { method: 'POST' })).toEqual(expected);
    expect(await call(`/campaigns/${id}/pause`, { method: 'POST' })).toEqual(expected);
  });
  it('422 for a non-integer id', async () => {
    const res = await call('/campaigns/abc');
    expect(res.status).toBe(422);
    expect(details(res.body)).toEqual([
      expect.objectContaining({
        loc: ['path', 'campaign_id'],
        msg: 'Input should be a valid integer, unable to parse string as an integer',
        type: 'int_parsing',
      }),
    ]);
  });
  it('FastAPI 404/405 for unknown routes', async () => {
    expect(await call('/nope')).toEqual({ status: 404, body: { detail: 'Not Found' } });
    expect((await call('/campaigns/1', { method: 'PUT' })).status).toBe(405);
  });
});

describe('list campaigns', () => {
  it('bare array ordered by id, own organization only', async () => {
    const fresh = await startBurkiSandbox({ now: () => NOW });
    try {
      const res = await fetch(`${fresh.url}/api/v1/campaigns`, { headers: { authorization: `Bearer ${fresh.apiKey}` } });
      const list = (await res.json()) as BurkiCampaignJson[];
      expect(list.map((c) => c.id)).toEqual([1, 2, 3, 4, 5, 6, 8]);
    } finally {
      await fresh.close();
    }
  });
  it('honours skip and limit', async () => {
    const res = await call('/campaigns?skip=1&limit=2');
    expect((res.body as BurkiCampaignJson[]).map((c) => c.id)).toEqual([2, 3]);
  });
  it('filters by status', async () => {
    const res = await call('/campaigns?status=running');
    const list = res.body as BurkiCampaignJson[];
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((c) => c.status === 'running')).toBe(true);
  });
  it('422 for limit beyond 1000 or a bad skip', async () => {
    const res = await call('/campaigns?limit=1001');
    expect(res.status).toBe(422);
    expect(details(res.body)[0]).toMatchObject({ loc: ['query', 'limit'], type: 'less_than_equal' });
    const bad = await call('/campaigns?skip=x');
    expect(details(bad.body)[0]).toMatchObject({ loc: ['query', 'skip'], type: 'int_parsing' });
  });
});

describe('contacts', () => {
  it('paginates with page/per_page', async () => {
    const res = await call(`/campaigns/${BURKI_SEED.running}/contacts?page=2&per_page=2`);
    expect(res.status).toBe(200);
    const body = res.body as { contacts: unknown[]; pagination: unknown };
    expect(body.contacts).toHaveLength(2);
    expect(body.pagination).toEqual({ page: 2, per_page: 2, total_items: 5, total_pages: 3, has_next: true, has_prev: true });
  });
});

describe('seed schedules', () => {
  it('reads the seeded schedules back', async () => {
    expect((await readSchedule(BURKI_SEED.draftImmediate)).body).toEqual({ schedule_type: 'immediate', scheduled_at: null, recurring_config: null });
    expect((await readSchedule(BURKI_SEED.scheduledOnce)).body).toEqual({
      schedule_type: 'scheduled',
      scheduled_at: '2026-06-15T07:00:00Z',
      recurring_config: null,
    });
    const weekly = (await readSchedule(BURKI_SEED.recurringWeekly)).body as { recurring_config: unknown };
    expect(weekly.recurring_config).toEqual({
      frequency: 'weekly',
      interval: 2,
      days_of_week: [1, 4],
      day_of_month: null,
      time: '09:00',
      time_zone: 'Europe/Paris',
      end_date: null,
    });
    const monthly = (await readSchedule(BURKI_SEED.recurringMonthly)).body as { recurring_config: { day_of_month: number; time_zone: string } };
    expect(monthly.recurring_config).toMatchObject({ frequency: 'monthly', day_of_month: 15, time_zone: 'America/New_York' });
    expect((await campaign(BURKI_SEED.scheduledOnce)).status).toBe('scheduled');
  });
});

describe('save schedule', () => {
  it('scheduled: naive local time in America/New_York on both sides of the DST change', async () => {
    const id = newCampaign();
    // Before 9 March 2025: EST (-05:00).
    expect(await saveSchedule(id, { schedule_type: 'scheduled', scheduled_at: '2025-03-05T09:00:00', timezone: 'America/New_York' })).toEqual({
      status: 200,
      body: { success: true, message: 'Schedule saved' },
    });
    expect((await readSchedule(id)).body).toEqual({ schedule_type: 'scheduled', scheduled_at: '2025-03-05T14:00:00Z', recurring_config: null });
    expect((await campaign(id)).status).toBe('scheduled');
    // After: EDT (-04:00).
    await saveSchedule(id, { schedule_type: 'scheduled', scheduled_at: '2025-03-15T09:00:00', timezone: 'America/New_York' });
    expect((await readSchedule(id)).body).toMatchObject({ scheduled_at: '2025-03-15T13:00:00Z' });
    // Inside the gap (02:30 does not exist on 9 March): moved forward to 03:30 EDT.
    await saveSchedule(id, { schedule_type: 'scheduled', scheduled_at: '2025-03-09T02:30:00', timezone: 'America/New_York' });
    expect((await readSchedule(id)).body).toMatchObject({ scheduled_at: '2025-03-09T07:30:00Z' });
  });
  it('scheduled: default zone UTC, and an offset/Z value is an instant', async () => {
    const id = newCampaign();
    await saveSchedule(id, { schedule_type: 'scheduled', scheduled_at: '2025-04-01T10:00:00' });
    expect((await readSchedule(id)).body).toMatchObject({ scheduled_at: '2025-04-01T10:00:00Z' });
    await saveSchedule(id, { schedule_type: 'scheduled', scheduled_at: '2025-04-01T10:00:00+02:00', timezone: 'America/New_York' });
    expect((await readSchedule(id)).body).toMatchObject({ scheduled_at: '2025-04-01T08:00:00Z' });
  });
  it('immediate clears the schedule and reverts scheduled → draft', async () => {
    const id = newCampaign();
    await saveSchedule(id, { schedule_type: 'scheduled', scheduled_at: '2025-04-01T10:00:00Z' });
    expect((await campaign(id)).status).toBe('scheduled');
    expect((await saveSchedule(id, { schedule_type: 'immediate' })).status).toBe(200);
    expect((await readSchedule(id)).body).toEqual({ schedule_type: 'immediate', scheduled_at: null, recurring_config: null });
    expect((await campaign(id)).status).toBe('draft');
  });
  it('recurring weekly', async () => {
    const id = newCampaign();
    const rc = { frequency: 'weekly', interval: 2, days_of_week: [1, 4], time: '09:00', time_zone: 'Europe/Paris', end_date: '2025-12-31' };
    const res = await saveSchedule(id, { schedule_type: 'recurring', scheduled_at: '2025-03-10T09:00:00', timezone: 'Europe/Paris', recurring_config: rc });
    expect(res.status).toBe(200);
    expect((await readSchedule(id)).body).toEqual({
      schedule_type: 'recurring',
      scheduled_at: '2025-03-10T08:00:00Z',
      recurring_config: { ...rc, day_of_month: null },
    });
    expect((await campaign(id)).status).toBe('scheduled');
  });
  it('recurring monthly (no scheduled_at), day_of_month echoed', async () => {
    const id = newCampaign();
    const res = await saveSchedule(id, {
      schedule_type: 'recurring',
      recurring_config: { frequency: 'monthly', day_of_month: 15, time: '10:30', time_zone: 'America/New_York' },
    });
    expect(res.status).toBe(200);
    expect((await readSchedule(id)).body).toEqual({
      schedule_type: 'recurring',
      scheduled_at: null,
      recurring_config: {
        frequency: 'monthly',
        interval: 1,
        days_of_week: null,
        day_of_month: 15,
        time: '10:30',
        time_zone: 'America/New_York',
        end_date: null,
      },
    });
  });

  describe('400', () => {
    const invalid = { status: 400, body: { detail: 'Invalid schedule configuration' } };
    const past = { status: 400, body: { detail: 'Scheduled time is in the past' } };
    const weekly = { frequency: 'weekly', days_of_week: [1], time: '09:00', time_zone: 'UTC' };
    const cases: [string, unknown, unknown][] = [
      ['scheduled without scheduled_at', { schedule_type: 'scheduled', timezone: 'UTC' }, invalid],
      ['recurring without recurring_config', { schedule_type: 'recurring', scheduled_at: '2025-04-01T09:00:00' }, invalid],
      ['unknown timezone', { schedule_type: 'scheduled', scheduled_at: '2025-04-01T09:00:00', timezone: 'Mars/Olympus' }, invalid],
      ['unknown recurring time_zone', { schedule_type: 'recurring', recurring_config: { ...weekly, time_zone: 'Nowhere/Land' } }, invalid],
      ['days_of_week with daily', { schedule_type: 'recurring', recurring_config: { ...weekly, frequency: 'daily' } }, invalid],
      ['day_of_month with weekly', { schedule_type: 'recurring', recurring_config: { ...weekly, day_of_month: 3 } }, invalid],
      ['weekly with no days', { schedule_type: 'recurring', recurring_config: { frequency: 'weekly', time: '09:00' } }, invalid],
      ['weekly with empty days', { schedule_type: 'recurring', recurring_config: { ...weekly, days_of_week: [] } }, invalid],
      ['monthly with no day_of_month', { schedule_type: 'recurring', recurring_config: { frequency: 'monthly', time: '09:00' } }, invalid],
      [
        'end_date before the start',
        { schedule_type: 'recurring', scheduled_at: '2025-06-01T09:00:00', recurring_config: { ...weekly, end_date: '2025-05-01' } },
        invalid,
      ],
      ['end_date before now', { schedule_type: 'recurring', recurring_config: { ...weekly, end_date: '2025-02-01' } }, invalid],
      ['unparseable scheduled_at', { schedule_type: 'scheduled', scheduled_at: 'next tuesday' }, invalid],
      ['scheduled in the past', { schedule_type: 'scheduled', scheduled_at: '2025-02-28T09:00:00', timezone: 'UTC' }, past],
      ['scheduled exactly now', { schedule_type: 'scheduled', scheduled_at: '2025-03-01T12:00:00Z' }, past],
      ['past in local zone (07:00 New York = 12:00Z)', { schedule_type: 'scheduled', scheduled_at: '2025-03-01T06:59:00', timezone: 'America/New_York' }, past],
      ['recurring start in the past', { schedule_type: 'recurring', scheduled_at: '2025-01-01T09:00:00', recurring_config: weekly }, past],
    ];
    for (const [name, body, expected] of cases) {
      it(name, async () => {
        const id = newCampaign();
        expect(await saveSchedule(id, body)).toEqual(expected);
        expect((await campaign(id)).status).toBe('draft');
      });
    }
    it('a naive time just after now in the local zone is accepted', async () => {
      const id = newCampaign();
      expect((await saveSchedule(id, { schedule_type: 'scheduled', scheduled_at: '2025-03-01T07:01:00', timezone: 'America/New_York' })).status).toBe(200);
    });
    it('refuses to change a running or completed campaign', async () => {
      for (const status of ['running', 'completed'] as const) {
        const id = newCampaign(2, status);
        expect(await saveSchedule(id, { schedule_type: 'immediate' })).toEqual({
          status: 400,
          body: { detail: 'Cannot change schedule of a running campaign' },
        });
      }
    });
    it('404 for an unknown campaign', async () => {
      expect(await saveSchedule(999, { schedule_type: 'immediate' })).toEqual({ status: 404, body: { detail: 'Campaign not found' } });
    });
  });

  describe('422', () => {
    const weekly = { frequency: 'weekly', days_of_week: [1], time: '09:00' };
    const cases: [string, unknown, (string | number)[], string][] = [
      ['missing schedule_type', { scheduled_at: '2025-04-01T09:00:00' }, ['body', 'schedule_type'], 'missing'],
      ['unknown schedule_type', { schedule_type: 'sometimes' }, ['body', 'schedule_type'], 'enum'],
      ['schedule_type not a string', { schedule_type: 3 }, ['body', 'schedule_type'], 'enum'],
      ['scheduled_at not a string', { schedule_type: 'scheduled', scheduled_at: 1700000000 }, ['body', 'scheduled_at'], 'string_type'],
      ['timezone not a string', { schedule_type: 'scheduled', scheduled_at: '2025-04-01T09:00:00', timezone: 5 }, ['body', 'timezone'], 'string_type'],
      ['recurring_config not an object', { schedule_type: 'recurring', recurring_config: 'weekly' }, ['body', 'recurring_config'], 'model_type'],
      ['missing frequency', { schedule_type: 'recurring', recurring_config: { days_of_week: [1] } }, ['body', 'recurring_config', 'frequency'], 'missing'],
      [
        'unknown frequency',
        { schedule_type: 'recurring', recurring_config: { ...weekly, frequency: 'yearly' } },
        ['body', 'recurring_config', 'frequency'],
        'enum',
      ],
      [
        'interval 0',
        { schedule_type: 'recurring', recurring_config: { ...weekly, interval: 0 } },
        ['body', 'recurring_config', 'interval'],
        'greater_than_equal',
      ],
      [
        'interval fractional',
        { schedule_type: 'recurring', recurring_config: { ...weekly, interval: 1.5 } },
        ['body', 'recurring_config', 'interval'],
        'int_from_float',
      ],
      [
        'interval not a number',
        { schedule_type: 'recurring', recurring_config: { ...weekly, interval: 'two' } },
        ['body', 'recurring_config', 'interval'],
        'int_parsing',
      ],
      [
        'days_of_week not a list',
        { schedule_type: 'recurring', recurring_config: { ...weekly, days_of_week: 1 } },
        ['body', 'recurring_config', 'days_of_week'],
        'list_type',
      ],
      [
        'day 0',
        { schedule_type: 'recurring', recurring_config: { ...weekly, days_of_week: [1, 0] } },
        ['body', 'recurring_config', 'days_of_week', 1],
        'greater_than_equal',
      ],
      [
        'day 8',
        { schedule_type: 'recurring', recurring_config: { ...weekly, days_of_week: [8] } },
        ['body', 'recurring_config', 'days_of_week', 0],
        'less_than_equal',
      ],
      [
        'day_of_month 0',
        { schedule_type: 'recurring', recurring_config: { frequency: 'monthly', day_of_month: 0 } },
        ['body', 'recurring_config', 'day_of_month'],
        'greater_than_equal',
      ],
      [
        'day_of_month 32',
        { schedule_type: 'recurring', recurring_config: { frequency: 'monthly', day_of_month: 32 } },
        ['body', 'recurring_config', 'day_of_month'],
        'less_than_equal',
      ],
      [
        'time 9:00',
        { schedule_type: 'recurring', recurring_config: { ...weekly, time: '9:00' } },
        ['body', 'recurring_config', 'time'],
        'string_pattern_mismatch',
      ],
      [
        'time 24:00',
        { schedule_type: 'recurring', recurring_config: { ...weekly, time: '24:00' } },
        ['body', 'recurring_config', 'time'],
        'string_pattern_mismatch',
      ],
      ['time not a string', { schedule_type: 'recurring', recurring_config: { ...weekly, time: 900 } }, ['body', 'recurring_config', 'time'], 'string_type'],
      ['body is an array', [], ['body'], 'model_attributes_type'],
    ];
    for (const [name, body, loc, type] of cases) {
      it(name, async () => {
        const res = await saveSchedule(newCampaign(), body);
        expect(res.status).toBe(422);
        const items = details(res.body);
        expect(items).toHaveLength(1);
        expect(items[0]).toMatchObject({ loc, type });
        expect(typeof items[0]?.msg).toBe('string');
      });
    }
    it('missing body', async () => {
      const res = await call(`/campaigns/${newCampaign()}/schedule`, { method: 'POST' });
      expect(res.status).toBe(422);
      expect(details(res.body)[0]).toMatchObject({ loc: ['body'], type: 'missing', msg: 'Field required' });
    });
    it('enum message lists the allowed values', async () => {
      const res = await saveSchedule(newCampaign(), { schedule_type: 'x' });
      expect(details(res.body)[0]?.msg).toBe("Input should be 'immediate', 'scheduled' or 'recurring'");
    });
    it('reports path and body errors together, before 404', async () => {
      const res = await saveSchedule('abc', { schedule_type: 'x' });
      expect(details(res.body).map((d) => d.loc)).toEqual([
        ['path', 'campaign_id'],
        ['body', 'schedule_type'],
      ]);
      expect((await saveSchedule(999, {})).status).toBe(422);
    });
  });
});

describe('start and pause', () => {
  it('draft with no schedule → running', async () => {
    const id = newCampaign();
    const res = await call(`/campaigns/${id}/start`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ success: true, campaign_id: id, status: 'running' });
    expect(typeof (res.body as { task_id: unknown }).task_id).toBe('string');
    expect(res.body).not.toHaveProperty('scheduled_time');
    expect((await campaign(id)).status).toBe('running');
    // running → start refused; running → pause.
    expect(await call(`/campaigns/${id}/start`, { method: 'POST' })).toEqual({ status: 400, body: { detail: 'Campaign cannot be started in status running' } });
    expect(await call(`/campaigns/${id}/pause`, { method: 'POST' })).toEqual({ status: 200, body: { message: 'Campaign paused successfully' } });
    expect((await campaign(id)).status).toBe('paused');
    expect(await call(`/campaigns/${id}/pause`, { method: 'POST' })).toEqual({ status: 400, body: { detail: 'Campaign is not running' } });
    // paused → start resumes.
    const resumed = await call(`/campaigns/${id}/start`, { method: 'POST' });
    expect(resumed.body).toMatchObject({ status: 'running' });
  });
  it('future one-off schedule → stays scheduled with scheduled_time', async () => {
    const id = newCampaign();
    await saveSchedule(id, { schedule_type: 'scheduled', scheduled_at: '2025-03-15T09:00:00', timezone: 'America/New_York' });
    const res = await call(`/campaigns/${id}/start`, { method: 'POST' });
    expect(res.body).toMatchObject({ success: true, status: 'scheduled', scheduled_time: '2025-03-15T13:00:00Z' });
    expect((await campaign(id)).status).toBe('scheduled');
    // A scheduled campaign can be paused; resuming goes back to scheduled while the time lies ahead.
    expect((await call(`/campaigns/${id}/pause`, { method: 'POST' })).status).toBe(200);
    expect((await call(`/campaigns/${id}/start`, { method: 'POST' })).body).toMatchObject({ status: 'scheduled' });
  });
  it('one-off schedule whose time has passed → 400', async () => {
    const id = newCampaign();
    await saveSchedule(id, { schedule_type: 'scheduled', scheduled_at: '2025-03-02T00:00:00Z' });
    clock = new Date('2025-03-03T00:00:00Z');
    expect(await call(`/campaigns/${id}/start`, { method: 'POST' })).toEqual({ status: 400, body: { detail: 'Scheduled time is in the past' } });
  });
  it('recurring weekly → scheduled with the next occurrence', async () => {
    const id = newCampaign();
    // Start Monday 10 March 2025 09:00 Paris, every 2 weeks on Mon and Thu.
    await saveSchedule(id, {
      schedule_type: 'recurring',
      scheduled_at: '2025-03-10T09:00:00',
      timezone: 'Europe/Paris',
      recurring_config: { frequency: 'weekly', interval: 2, days_of_week: [1, 4], time: '09:00', time_zone: 'Europe/Paris' },
    });
    expect((await call(`/campaigns/${id}/start`, { method: 'POST' })).body).toMatchObject({ status: 'scheduled', scheduled_time: '2025-03-10T08:00:00Z' });
    // From Tuesday 11 March: Thursday 13 is next; then the week of 17 March is skipped → Monday 24.
    clock = new Date('2025-03-11T00:00:00Z');
    expect((await call(`/campaigns/${id}/start`, { method: 'POST' })).body).toMatchObject({ scheduled_time: '2025-03-13T08:00:00Z' });
    clock = new Date('2025-03-14T00:00:00Z');
    expect((await call(`/campaigns/${id}/start`, { method: 'POST' })).body).toMatchObject({ scheduled_time: '2025-03-24T08:00:00Z' });
  });
  it('recurring monthly → next 15th at 10:30 New York (after DST → EDT)', async () => {
    const id = newCampaign();
    await saveSchedule(id, {
      schedule_type: 'recurring',
      recurring_config: { frequency: 'monthly', day_of_month: 15, time: '10:30', time_zone: 'America/New_York' },
    });
    expect((await call(`/campaigns/${id}/start`, { method: 'POST' })).body).toMatchObject({ status: 'scheduled', scheduled_time: '2025-03-15T14:30:00Z' });
  });
  it('no contacts → 400', async () => {
    expect(await call(`/campaigns/${BURKI_SEED.noContacts}/start`, { method: 'POST' })).toEqual({ status: 400, body: { detail: 'No contacts found' } });
  });
  it('all contacts processed → 400', async () => {
    const id = newCampaign(0);
    sandbox.store.addContacts(id, 2, 'completed');
    expect(await call(`/campaigns/${id}/start`, { method: 'POST' })).toEqual({ status: 400, body: { detail: 'All contacts have already been processed' } });
  });
  it('pause a draft → 400', async () => {
    expect(await call(`/campaigns/${newCampaign()}/pause`, { method: 'POST' })).toEqual({ status: 400, body: { detail: 'Campaign is not running' } });
  });
  it('start/pause 404', async () => {
    expect((await call('/campaigns/999/start', { method: 'POST' })).status).toBe(404);
    expect((await call('/campaigns/999/pause', { method: 'POST' })).status).toBe(404);
  });
  it('records requests and supports faults', async () => {
    sandbox.clearRequests();
    sandbox.injectFault({ fault: { kind: 'status', status: 500, body: { detail: 'Failed to save schedule' } }, match: /POST .*\/schedule$/, times: 1 });
    const id = newCampaign();
    expect(await saveSchedule(id, { schedule_type: 'immediate' })).toEqual({ status: 500, body: { detail: 'Failed to save schedule' } });
    expect((await saveSchedule(id, { schedule_type: 'immediate' })).status).toBe(200);
    expect(sandbox.count(/POST \/api\/v1\/campaigns\/\d+\/schedule/)).toBe(2);
    sandbox.clearFaults();
  });
});
