/**
 * The Trackly emulator answers like Trackly's documented examples (seeds 000–002): the documented request
 * bodies are sent to it over HTTP, and its answers must have every key of the documented example responses,
 * nothing more, with the example's JSON types (issue 12). The fixtures are copied verbatim from the seed pages;
 * only the offer id is the sandbox's seeded offer (the docs' `offer_abc123` is not an offer this account has).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRACKLY_SANDBOX_API_KEY, TRACKLY_SEED, startTracklySandbox, type TracklySandbox } from '../../src/providers/trackly/sandbox/index.js';
import { shapeDifferences } from '../support/documented-shape.js';

/** Seed 000: the cURL body of POST /v2/schedules. */
const DOCUMENTED_CREATE_BODY = {
  name: 'Weekend Promo',
  send_type: 'blast',
  audiences: ['665fa1b2c3d4e5f6a7b8c901'],
  is_repeating: true,
  send_time: '14:30',
  start_date: '2025-06-01T00:00:00Z',
  end_date: '2025-08-31T00:00:00Z',
  days_of_week: { monday: false, tuesday: false, wednesday: false, thursday: false, friday: true, saturday: true, sunday: true },
  skip_within_hours: 24,
  use_local_time: true,
  filter_bots: true,
  blasts: [
    {
      message: 'Flash sale this weekend! Shop now: {{link1}}',
      offer_links: [{ key: 'link1', offer_id: 'offer_abc123', url_params: { utm_source: 'sms', utm_campaign: 'weekend' } }],
      percent_audience: 60,
      variant_name: 'Control',
    },
    {
      message: '20% off everything — this weekend only: {{link1}}',
      offer_links: [{ key: 'link1', offer_id: 'offer_abc123', url_params: { utm_source: 'sms', utm_campaign: 'weekend' } }],
      percent_audience: 40,
      variant_name: 'Urgency Variant',
    },
  ],
};

/** Seed 002: the example answer of GET /v2/schedules/{id} (a bare schedule object). */
const DOCUMENTED_SCHEDULE = {
  id: '6651a3f2e4b0a1c2d3e4f567',
  name: 'Weekend Promo Blast',
  status: 'on',
  send_type: 'blast',
  source_lists: [101, 204],
  audiences: ['665fa1b2c3d4e5f6a7b8c901'],
  is_repeating: true,
  send_time: '14:30',
  send_date: null,
  start_date: '2025-06-01T00:00:00Z',
  end_date: '2025-08-31T00:00:00Z',
  days_of_week: { monday: false, tuesday: false, wednesday: false, thursday: false, friday: true, saturday: true, sunday: true },
  skip_within_hours: 24,
  use_local_time: true,
  filter_bots: true,
  is_mms: false,
  is_cto: false,
  automated_percent: 0,
  ir_revenue: 2.5,
  blasts: [
    {
      message: 'Flash sale this weekend! Shop now: {{link1}}',
      offer_links: [{ key: 'link1', offer_id: 'offer_abc123', url_params: { utm_source: 'sms', utm_campaign: 'weekend' } }],
      percent_audience: 60,
      variant_name: 'Control',
      mms_image_url: null,
    },
    {
      message: "Don't miss out — 20% off everything: {{link1}}",
      offer_links: [{ key: 'link1', offer_id: 'offer_abc123', url_params: { utm_source: 'sms', utm_campaign: 'weekend' } }],
      percent_audience: 40,
      variant_name: 'Urgency Variant',
      mms_image_url: null,
    },
  ],
  created_at: '2025-05-28T10:15:30Z',
  updated_at: '2025-06-01T08:00:00Z',
};

/** Seeds 000 and 001: POST and PUT answer `{success, schedule}` with the full object (same fields as GET). */
const DOCUMENTED_WRITE_ANSWER = { success: true, schedule: DOCUMENTED_SCHEDULE };

let sandbox: TracklySandbox;
const clock = new Date('2025-05-28T10:15:30Z');

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${sandbox.baseUrl}${path}`, {
    method,
    headers: { 'X-Api-Key': TRACKLY_SANDBOX_API_KEY, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() };
}

const withSeededOffer = (body: typeof DOCUMENTED_CREATE_BODY) => ({
  ...body,
  blasts: body.blasts.map((blast) => ({ ...blast, offer_links: blast.offer_links.map((link) => ({ ...link, offer_id: TRACKLY_SEED.offers.summerSale })) })),
});

beforeAll(async () => {
  sandbox = await startTracklySandbox({ now: () => clock });
});
afterAll(() => sandbox.close());

describe('Trackly emulator vs the documented examples', () => {
  it('POST /schedules with the documented body answers the documented shape; GET and list answer the documented object', async () => {
    const created = await call('POST', '/schedules', withSeededOffer(DOCUMENTED_CREATE_BODY));
    expect(created.status).toBeLessThan(300);
    expect(shapeDifferences(created.body, DOCUMENTED_WRITE_ANSWER)).toEqual([]);
    const id = (created.body as { schedule: { id: string } }).schedule.id;

    const read = await call('GET', `/schedules/${id}`);
    expect(read.status).toBe(200);
    expect(shapeDifferences(read.body, DOCUMENTED_SCHEDULE)).toEqual([]);

    const list = (await call('GET', '/schedules')).body as { schedules: Array<{ id: string }> };
    expect(Object.keys(list)).toEqual(['schedules']);
    expect(
      shapeDifferences(
        list.schedules.find((s) => s.id === id),
        DOCUMENTED_SCHEDULE,
      ),
    ).toEqual([]);
  });

  it('PUT answers the documented shape (seed 001)', async () => {
    const created = await call('POST', '/schedules', withSeededOffer(DOCUMENTED_CREATE_BODY));
    const id = (created.body as { schedule: { id: string } }).schedule.id;
    const updated = await call('PUT', `/schedules/${id}`, { name: 'Weekend Promo — Updated', status: 'on', skip_within_hours: 48, ir_revenue: 2.5 });
    expect(updated.status).toBe(200);
    expect(shapeDifferences(updated.body, DOCUMENTED_WRITE_ANSWER)).toEqual([]);
  });

  it('every seeded schedule reads with the documented fields and types (one-time ones carry null dates, as documented)', async () => {
    const list = (await call('GET', '/schedules')).body as { schedules: Array<Record<string, unknown>> };
    expect(list.schedules.length).toBeGreaterThan(0);
    for (const schedule of list.schedules) {
      // The docs type send_date/start_date/end_date as datetime|null and mms_image_url as string|null.
      const documented = {
        ...DOCUMENTED_SCHEDULE,
        send_date: schedule.send_date === null ? null : '2025-06-01T00:00:00Z',
        start_date: schedule.start_date === null ? null : DOCUMENTED_SCHEDULE.start_date,
        end_date: schedule.end_date === null ? null : DOCUMENTED_SCHEDULE.end_date,
        blasts: (schedule.blasts as Array<Record<string, unknown>>).map((blast) => ({
          ...DOCUMENTED_SCHEDULE.blasts[0],
          mms_image_url: blast.mms_image_url === null ? null : 'https://cdn.example.com/a.jpg',
        })),
      };
      expect(shapeDifferences(schedule, documented), String(schedule.name)).toEqual([]);
    }
  });

  it('DELETE answers the documented {success, archived}', async () => {
    const created = await call('POST', '/schedules', withSeededOffer(DOCUMENTED_CREATE_BODY));
    const id = (created.body as { schedule: { id: string } }).schedule.id;
    const deleted = await call('DELETE', `/schedules/${id}`);
    expect(shapeDifferences(deleted.body, { success: true, archived: true })).toEqual([]);
  });
});
