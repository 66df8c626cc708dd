/**
 * Issue 12, Trackly items end to end: the gateway (TRACKLY_TIMEZONE America/New_York) over HTTP in front of
 * the Trackly emulator over HTTP.
 * 3. A start bound in the spring-forward gap: start_date is the day of the first run as it really happens
 *    (02:30 → 03:30, 07:30Z ≥ 07:15Z, so 03-14), equal to the gateway's own previewRecurrence and nextRuns.
 * 4. A one-time send at the second 01:30 of the fall-back night is refused (send_time cannot say which), never
 *    sent; the first 01:30 is sent and reads back at the same instant.
 * 5. A repeated urlParams key is a field-level ValidationError, never a silently lost value.
 * 6. Read-then-write: the startDate/endDate a client reads, sent back unchanged with a new time, keep the days.
 * 7. A Trackly 400/404 on a write is reported at a path of the input the caller sent (`patch.trackly.…` on
 *    update, `target.trackly.…` on create, `status` on setScheduleStatus, `recurrence` for timing codes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRACKLY_SEED } from '../../src/providers/trackly/sandbox/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const ZONE = 'America/New_York';
const A = TRACKLY_SEED.audiences;
const O = TRACKLY_SEED.offers;

const RECURRENCE = /* GraphQL */ `
  recurrence { __typename
    ... on OneTimeRecurrence { at localDateTime }
    ... on WeeklyRecurrence { days time startDate endDate } }
`;
const RESULT = /* GraphQL */ `
  __typename
  ... on Error { message code providerCode }
  ... on ValidationError { field issues { field message providerCode } }
`;
const SCHEDULE = `id nativeId ${RECURRENCE} nextRuns(first: 100, after: "2027-01-01T00:00:00Z") { at localDateTime }`;
const CREATE = `mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { ${RESULT} ... on CreateScheduleSuccess { schedule { ${SCHEDULE} } } } }`;
const UPDATE = `mutation($input: UpdateScheduleInput!) { updateSchedule(input: $input) { ${RESULT} ... on UpdateScheduleSuccess { schedule { ${SCHEDULE} } } } }`;
const STATUS = `mutation($input: SetScheduleStatusInput!) { setScheduleStatus(input: $input) { ${RESULT} } }`;
const PREVIEW = `query($r: RecurrenceInput!) { previewRecurrence(recurrence: $r, first: 100, after: "2027-01-01T00:00:00Z") { at localDateTime } }`;
const READ = `query($id: ID!) { schedule(id: $id) { ${SCHEDULE} } }`;

type Json = Record<string, unknown>;
type Run = { at: string; localDateTime: string };
type Schedule = { id: string; nativeId: string; recurrence: Json; nextRuns: Run[] };
type Result = Json & { __typename: string; field?: string; issues?: Array<{ field: string }>; schedule?: Schedule };

const variants = [{ name: 'Only', message: 'Sale: {{link1}}', percentAudience: 100, offerLinks: [{ key: 'link1', offerId: O.summerSale }] }];
const target = (overrides: Json = {}) => ({ trackly: { name: 'Fidelity', audienceIds: [A.allSubscribers], variants, ...overrides } });

let gw: TestGateway;
const trackly = () => gw.sandboxes.trackly;
const writes = (method: string) => trackly().requests.filter((r) => r.method === method && r.path.startsWith('/api/v2/schedules'));

async function mutate(query: string, input: Json, name: string): Promise<Result> {
  const response = await gw.gql<Record<string, Result>>(query, { input });
  expect(response.errors).toBeUndefined();
  return response.data![name]!;
}

async function preview(recurrence: Json): Promise<Run[]> {
  const response = await gw.gql<{ previewRecurrence: Run[] }>(PREVIEW, { r: recurrence });
  expect(response.errors).toBeUndefined();
  return response.data!.previewRecurrence;
}

async function createOk(input: Json): Promise<Schedule> {
  const result = await mutate(CREATE, input, 'createSchedule');
  expect(result.__typename, JSON.stringify(result)).toBe('CreateScheduleSuccess');
  return result.schedule!;
}

function lastBody(method: string): Json {
  return writes(method).at(-1)!.body as Json;
}

beforeAll(async () => {
  gw = await startTestGateway({ env: { TRACKLY_TIMEZONE: ZONE } });
});
afterAll(() => gw.close());

describe('item 3: a start bound in the spring-forward gap', () => {
  it('startDate 2027-03-14T07:15Z with a 02:30 run: start_date 03-14, the day previewRecurrence and nextRuns start on', async () => {
    const weekly = { days: ['SUNDAY', 'MONDAY'], time: '02:30', startDate: '2027-03-14T07:15:00Z', endDate: '2027-04-30T23:00:00Z' };
    const runs = await preview({ weekly: { ...weekly, timeZone: ZONE } });
    expect(runs[0]).toEqual({ at: '2027-03-14T07:30:00Z', localDateTime: '2027-03-14T03:30:00' });

    const created = await createOk({ target: target(), recurrence: { weekly } });
    expect(lastBody('POST')).toMatchObject({ start_date: '2027-03-14T00:00:00Z', end_date: '2027-04-30T00:00:00Z', send_time: '02:30' });
    // The schedule as the gateway publishes it (read back from Trackly) runs exactly the previewed runs.
    expect(created.nextRuns).toEqual(runs);
  });
});

describe('item 4: the repeated hour at fall-back', () => {
  it('a one-time send at the second 01:30 (2027-11-07T06:30Z) is refused, and nothing is sent', async () => {
    const before = writes('POST').length;
    const result = await mutate(CREATE, { target: target(), recurrence: { oneTime: { at: '2027-11-07T06:30:00Z' } } }, 'createSchedule');
    expect(result).toMatchObject({ __typename: 'ValidationError', field: 'recurrence.oneTime.at' });
    expect(String(result.message)).toMatch(/happens twice|second/);
    expect(writes('POST').length).toBe(before);
  });

  it('the same refusal on update, before any PUT', async () => {
    const created = await createOk({ target: target(), recurrence: { oneTime: { at: '2027-11-06T13:00:00Z' } } });
    const before = writes('PUT').length;
    const result = await mutate(UPDATE, { id: created.id, recurrence: { oneTime: { at: '2027-11-07T06:30:00Z' } } }, 'updateSchedule');
    expect(result).toMatchObject({ __typename: 'ValidationError', field: 'recurrence.oneTime.at' });
    expect(writes('PUT').length).toBe(before);
  });

  it('the first 01:30 (05:30Z) is sent as 01:30 and reads back at the same instant', async () => {
    const created = await createOk({ target: target(), recurrence: { oneTime: { at: '2027-11-07T05:30:00Z' } } });
    expect(lastBody('POST')).toMatchObject({ send_date: '2027-11-07T00:00:00Z', send_time: '01:30', is_repeating: false });
    expect(created.recurrence).toMatchObject({ at: '2027-11-07T05:30:00Z' });
  });

  it('a weekly 01:30 runs at the first occurrence on the fall-back Sunday, in the preview and in the saved schedule alike', async () => {
    const weekly = { days: ['SUNDAY'], time: '01:30', startDate: '2027-10-31T00:00:00Z', endDate: '2027-11-15T00:00:00Z' };
    const runs = await preview({ weekly: { ...weekly, timeZone: ZONE } });
    expect(runs.map((r) => r.at)).toEqual(['2027-10-31T05:30:00Z', '2027-11-07T05:30:00Z', '2027-11-14T06:30:00Z']);
    const created = await createOk({ target: target(), recurrence: { weekly } });
    expect(created.nextRuns).toEqual(runs);
  });
});

describe('item 5: duplicate urlParams keys', () => {
  it('is a field-level ValidationError and nothing is sent', async () => {
    const before = writes('POST').length;
    const offerLinks = [
      {
        key: 'link1',
        offerId: O.summerSale,
        urlParams: [
          { key: 'utm_source', value: 'sms' },
          { key: 'utm_source', value: 'email' },
        ],
      },
    ];
    const result = await mutate(
      CREATE,
      {
        target: target({ variants: [{ name: 'Only', message: 'Sale: {{link1}}', percentAudience: 100, offerLinks }] }),
        recurrence: { oneTime: { at: '2027-06-01T13:00:00Z' } },
      },
      'createSchedule',
    );
    expect(result).toMatchObject({ __typename: 'ValidationError', field: 'target.trackly.variants.0.offerLinks.0.urlParams.1.key' });
    expect(writes('POST').length).toBe(before);
  });

  it('on update too, at patch.trackly…', async () => {
    const created = await createOk({ target: target(), recurrence: { oneTime: { at: '2027-06-01T13:00:00Z' } } });
    const offerLinks = [
      {
        key: 'link1',
        offerId: O.summerSale,
        urlParams: [
          { key: 'a', value: '1' },
          { key: 'b', value: '2' },
          { key: 'a', value: '3' },
        ],
      },
    ];
    const result = await mutate(
      UPDATE,
      { id: created.id, patch: { trackly: { variants: [{ message: 'x {{link1}}', percentAudience: 100, offerLinks }] } } },
      'updateSchedule',
    );
    expect(result).toMatchObject({ __typename: 'ValidationError', field: 'patch.trackly.variants.0.offerLinks.0.urlParams.2.key' });
  });
});

describe('item 6: read-then-write of dates does not move a schedule', () => {
  it('weekly 14:30 Jun 1–Aug 31, then 09:00 with the dates as read: start_date stays Jun 1, end_date Aug 31', async () => {
    const created = await createOk({
      target: target(),
      recurrence: { weekly: { days: ['TUESDAY', 'FRIDAY'], time: '14:30', startDate: '2027-06-01T00:00:00-04:00', endDate: '2027-08-31T23:59:00-04:00' } },
    });
    expect(lastBody('POST')).toMatchObject({ start_date: '2027-06-01T00:00:00Z', end_date: '2027-08-31T00:00:00Z' });
    const read = (await gw.gql<{ schedule: Schedule }>(READ, { id: created.id })).data!.schedule;
    const { startDate, endDate, days } = read.recurrence as { startDate: string; endDate: string; days: string[] };

    const result = await mutate(UPDATE, { id: created.id, recurrence: { weekly: { days, time: '09:00', startDate, endDate } } }, 'updateSchedule');
    expect(result.__typename, JSON.stringify(result)).toBe('UpdateScheduleSuccess');
    expect(lastBody('PUT')).toMatchObject({ start_date: '2027-06-01T00:00:00Z', end_date: '2027-08-31T00:00:00Z', send_time: '09:00' });
    // The same days run, now at 09:00: Tuesday Jun 1 first, Tuesday Aug 31 last.
    const runs = result.schedule!.nextRuns;
    expect(runs[0]!.localDateTime).toBe('2027-06-01T09:00:00');
    expect(runs.at(-1)!.localDateTime).toBe('2027-08-31T09:00:00');
    expect(runs.map((r) => r.localDateTime.slice(0, 10))).toEqual(read.nextRuns.map((r) => r.localDateTime.slice(0, 10)));
  });
});

describe('item 7: every field is a real path of the input the caller sent', () => {
  const fault = (code: string, status = 400) => ({ fault: { kind: 'status' as const, status, body: { error: `refused: ${code}`, code } }, times: 1 });

  it('a Trackly 400 on updateSchedule is reported at patch.trackly…, not target.trackly', async () => {
    const created = await createOk({ target: target(), recurrence: { oneTime: { at: '2027-06-01T13:00:00Z' } } });
    trackly().injectFault({ ...fault('missing_name'), match: /^PUT / });
    const result = await mutate(UPDATE, { id: created.id, patch: { trackly: { name: 'Renamed' } } }, 'updateSchedule');
    expect(result).toMatchObject({ __typename: 'ValidationError', providerCode: 'missing_name', field: 'patch.trackly.name' });

    trackly().injectFault({ ...fault('invalid_blast_percent'), match: /^PUT / });
    const percent = await mutate(UPDATE, { id: created.id, patch: { trackly: { name: 'Renamed' } } }, 'updateSchedule');
    // A field the caller left out is named where it belongs in what was sent (patch.trackly was sent).
    expect(percent).toMatchObject({ __typename: 'ValidationError', providerCode: 'invalid_blast_percent', field: 'patch.trackly.variants' });
  });

  it('an update that sent only a recurrence is blamed on the recurrence', async () => {
    const created = await createOk({ target: target(), recurrence: { oneTime: { at: '2027-06-01T13:00:00Z' } } });
    trackly().injectFault({ ...fault('missing_send_date'), match: /^PUT / });
    const timing = await mutate(UPDATE, { id: created.id, recurrence: { oneTime: { at: '2027-06-02T13:00:00Z' } } }, 'updateSchedule');
    expect(timing).toMatchObject({ __typename: 'ValidationError', providerCode: 'missing_send_date', field: 'recurrence' });
    trackly().injectFault({ ...fault('audience_not_found', 404), match: /^PUT / });
    const reference = await mutate(UPDATE, { id: created.id, recurrence: { oneTime: { at: '2027-06-02T13:00:00Z' } } }, 'updateSchedule');
    expect(reference).toMatchObject({ __typename: 'ValidationError', providerCode: 'audience_not_found', field: 'recurrence' });
  });

  it('on create it is target.trackly…, and on setScheduleStatus it is status', async () => {
    trackly().injectFault({ ...fault('missing_name'), match: /^POST / });
    const created = await mutate(CREATE, { target: target(), recurrence: { oneTime: { at: '2027-06-01T13:00:00Z' } } }, 'createSchedule');
    expect(created).toMatchObject({ __typename: 'ValidationError', field: 'target.trackly.name' });

    const schedule = await createOk({ target: target(), recurrence: { oneTime: { at: '2027-06-01T13:00:00Z' } } });
    trackly().injectFault({ ...fault('invalid_status'), match: /^PUT / });
    const status = await mutate(STATUS, { id: schedule.id, status: 'PAUSED' }, 'setScheduleStatus');
    expect(status).toMatchObject({ __typename: 'ValidationError', providerCode: 'invalid_status', field: 'status' });
  });
});
