/**
 * The Burki emulator answers like Burki's documented examples (seed 004 and the campaign pages summarised in
 * upstreams.md §3.3–3.6), over HTTP: every documented key, nothing undocumented except what is named below as
 * an assumption of the emulator, and the documented JSON types (issue 12).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BURKI_SANDBOX_API_KEY, startBurkiSandbox, type BurkiSandbox } from '../../src/providers/burki/sandbox/index.js';
import { shapeDifferences } from '../support/documented-shape.js';

/** Seed 004's recurring example (the save body), moved ahead of the test clock. */
const DOCUMENTED_RECURRING_BODY = {
  schedule_type: 'recurring',
  scheduled_at: '2030-02-15T09:00:00',
  timezone: 'America/New_York',
  recurring_config: { frequency: 'weekly', interval: 2, days_of_week: [1, 3, 5], time: '09:00', time_zone: 'America/New_York', end_date: '2030-12-31' },
};
const DOCUMENTED_ONCE_BODY = { schedule_type: 'scheduled', scheduled_at: '2030-02-15T09:00:00', timezone: 'America/New_York' };

/** §3.3: the save answer. */
const DOCUMENTED_SAVE_ANSWER = { success: true, message: 'Schedule saved' };
/** §3.4: GET …/schedule; the recurring_config echo lists frequency, interval, days_of_week, time, time_zone, end_date. */
const DOCUMENTED_RECURRING_READ = {
  schedule_type: 'recurring',
  scheduled_at: '2030-02-15T14:00:00Z',
  recurring_config: { frequency: 'weekly', interval: 2, days_of_week: [1], time: '09:00', time_zone: 'America/New_York', end_date: '2030-12-31' },
};
const DOCUMENTED_ONCE_READ = { schedule_type: 'scheduled', scheduled_at: '2030-02-15T14:00:00Z', recurring_config: null };
const DOCUMENTED_IMMEDIATE_READ = { schedule_type: 'immediate', scheduled_at: null, recurring_config: null };
/** ASSUMPTION of the emulator (src/providers/burki/sandbox/routes.ts): the echo also carries day_of_month, or a monthly rule could not be read back. */
const ECHO_EXTRAS = ['$.recurring_config.day_of_month'];

/** §3.6: the campaign object of GET /api/v1/campaigns/{id} (types from the example; templates are string|null). */
const DOCUMENTED_CAMPAIGN = {
  id: 1,
  name: 'Spring outreach',
  description: 'Follow up with leads',
  campaign_type: 'call',
  status: 'draft',
  assistant_id: 1,
  assistant_name: 'Sandbox Assistant',
  welcome_message_template: 'Hi {name}',
  agenda_template: null,
  end_call_message_template: null,
  sms_message_template: null,
  fallback_values: { name: 'there' },
  variable_mappings: { Name: 'name' },
  available_variables: ['name'],
  max_attempts: 3,
  retry_delay_minutes: 30,
  total_contacts: 2,
  completed_contacts: 0,
  failed_contacts: 0,
  created_at: '2030-01-01T00:00:00Z',
  updated_at: '2030-01-01T00:00:00Z',
  last_import_file_name: 'leads.csv',
  last_import_date: '2030-01-01T00:00:00Z',
  last_import_row_count: 2,
};

let sandbox: BurkiSandbox;
const clock = new Date('2030-01-01T00:00:00Z');

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${sandbox.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${BURKI_SANDBOX_API_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() };
}

const newCampaign = () =>
  sandbox.store.addCampaign({
    name: 'Spring outreach',
    contacts: 2,
    agenda_template: null,
    last_import_file_name: 'leads.csv',
    last_import_date: '2030-01-01T00:00:00Z',
    last_import_row_count: 2,
  }).id;

beforeAll(async () => {
  sandbox = await startBurkiSandbox({ now: () => clock });
});
afterAll(() => sandbox.close());

describe('Burki emulator vs the documented examples', () => {
  it('saving the documented recurring example answers {success, message}; the read has the documented keys and types', async () => {
    const id = newCampaign();
    const saved = await call('POST', `/campaigns/${id}/schedule`, DOCUMENTED_RECURRING_BODY);
    expect(saved.status).toBe(200);
    expect(shapeDifferences(saved.body, DOCUMENTED_SAVE_ANSWER)).toEqual([]);
    const read = await call('GET', `/campaigns/${id}/schedule`);
    expect(shapeDifferences(read.body, DOCUMENTED_RECURRING_READ, { allowedExtraKeys: ECHO_EXTRAS })).toEqual([]);
    expect((read.body as { scheduled_at: string }).scheduled_at).toMatch(/Z$/);
  });

  it('a one-time schedule and a cleared (immediate) one read with the documented nulls', async () => {
    const id = newCampaign();
    await call('POST', `/campaigns/${id}/schedule`, DOCUMENTED_ONCE_BODY);
    expect(shapeDifferences((await call('GET', `/campaigns/${id}/schedule`)).body, DOCUMENTED_ONCE_READ)).toEqual([]);
    await call('POST', `/campaigns/${id}/schedule`, { schedule_type: 'immediate' });
    expect(shapeDifferences((await call('GET', `/campaigns/${id}/schedule`)).body, DOCUMENTED_IMMEDIATE_READ)).toEqual([]);
  });

  it('the campaign object has the documented fields and types', async () => {
    const id = newCampaign();
    const maps = ['$.fallback_values', '$.variable_mappings'];
    expect(shapeDifferences((await call('GET', `/campaigns/${id}`)).body, DOCUMENTED_CAMPAIGN, { maps })).toEqual([]);
  });

  it('start and pause answer the documented shapes', async () => {
    const id = newCampaign();
    const started = await call('POST', `/campaigns/${id}/start`);
    expect(started.status).toBe(200);
    // scheduled_time is documented as present only when the campaign is queued for later.
    expect(shapeDifferences(started.body, { success: true, message: 'Campaign started', task_id: 'uuid', campaign_id: 1, status: 'running' })).toEqual([]);
    const paused = await call('POST', `/campaigns/${id}/pause`);
    expect(shapeDifferences(paused.body, { message: 'Campaign paused successfully' })).toEqual([]);
  });
});
