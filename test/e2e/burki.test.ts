/**
 * Burki end to end: the real gateway over HTTP in front of the Burki sandbox (also real HTTP). Every write is
 * asserted on the exact body the sandbox received; every refusal on "nothing was sent".
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeScheduleId } from '../../src/core/global-id.js';
import { toZoned } from '../../src/core/time.js';
import { BURKI_SEED } from '../../src/providers/burki/sandbox/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw.close();
});
beforeEach(() => {
  gw.sandboxes.burki.clearFaults();
  gw.sandboxes.burki.clearRequests();
});

const burkiId = (campaignId: number) => encodeScheduleId('BURKI', String(campaignId));
const newCampaign = (contacts = 2) => gw.sandboxes.burki.store.addCampaign({ name: 'E2E campaign', contacts }).id;
const scheduleWrites = () => gw.sandboxes.burki.requests.filter((r) => r.method === 'POST' && /\/schedule$/.test(r.path));
const lastScheduleBody = () => scheduleWrites().at(-1)?.body;

const SCHEDULE = `
  fragment S on Schedule {
    id nativeId name status nativeStatus
    recurrence {
      __typename
      ... on OneTimeRecurrence { at localDateTime timeZone }
      ... on WeeklyRecurrence { days time timeZone startDate endDate }
      ... on IntervalRecurrence { frequency interval daysOfWeek dayOfMonth time timeZone startDate endDate }
    }
    details { __typename ... on BurkiScheduleDetails { campaignId scheduleType campaign { id name campaignType status totalContacts assistantName } } }
  }`;

const RESULT = `
  __typename
  ... on Error { message code provider providerCode }
  ... on ValidationError { field issues { field path message providerCode providerField } }
  ... on UpstreamError { httpStatus }`;

const CREATE = `mutation($input: CreateScheduleInput!) { createSchedule(input: $input) {
  ${RESULT}
  ... on CreateScheduleSuccess { dryRun upstreamCalls { method path body } schedule { ...S } } } } ${SCHEDULE}`;
const UPDATE = `mutation($input: UpdateScheduleInput!) { updateSchedule(input: $input) {
  ${RESULT}
  ... on UpdateScheduleSuccess { dryRun upstreamCalls { method path body } schedule { ...S } } } } ${SCHEDULE}`;
const DELETE = `mutation($input: DeleteScheduleInput!) { deleteSchedule(input: $input) {
  ${RESULT}
  ... on DeleteScheduleSuccess { dryRun upstreamCalls { method path body } schedule { ...S } } } } ${SCHEDULE}`;
const SET_STATUS = `mutation($input: SetScheduleStatusInput!) { setScheduleStatus(input: $input) {
  ${RESULT}
  ... on SetScheduleStatusSuccess { dryRun upstreamCalls { method path body } schedule { ...S } } } } ${SCHEDULE}`;
const READ = `query($id: ID!) { schedule(id: $id) { ...S } } ${SCHEDULE}`;

type Result = Record<string, unknown> & {
  __typename: string;
  schedule?: Record<string, unknown> & { recurrence: Record<string, unknown> | null; status: string; nativeStatus: string };
  upstreamCalls?: Array<{ method: string; path: string; body: string | null }>;
  field?: string;
  issues?: Array<{ field: string; path: string[]; message: string; providerCode: string | null }>;
  message?: string;
  code?: string;
  providerCode?: string | null;
};

async function mutate(query: string, field: string, input: Record<string, unknown>): Promise<Result> {
  const response = await gw.gql<Record<string, Result>>(query, { input });
  expect(response.errors).toBeUndefined();
  const result = response.data?.[field];
  if (!result) throw new Error(`no ${field} in ${JSON.stringify(response)}`);
  return result;
}

const create = (campaignId: number, recurrence?: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  mutate(CREATE, 'createSchedule', { target: { burki: { campaignId } }, ...(recurrence ? { recurrence } : {}), ...extra });
const update = (campaignId: number, input: Record<string, unknown>) => mutate(UPDATE, 'updateSchedule', { id: burkiId(campaignId), ...input });
const setStatus = (campaignId: number, status: string) => mutate(SET_STATUS, 'setScheduleStatus', { id: burkiId(campaignId), status });

describe('recurrence kinds → the exact Burki body', () => {
  it('one-time at 09:00 New York on the spring-forward day is sent as 09:00 local (EDT), read back as the same instant', async () => {
    const id = newCampaign();
    const result = await create(id, { oneTime: { at: '2027-03-14T13:00:00Z', timeZone: 'America/New_York' } });
    expect(result.__typename).toBe('CreateScheduleSuccess');
    expect(lastScheduleBody()).toEqual({ schedule_type: 'scheduled', scheduled_at: '2027-03-14T09:00:00', timezone: 'America/New_York' });
    expect(gw.sandboxes.burki.requests[0]?.headers.authorization).toBe(`Bearer ${gw.sandboxes.burki.apiKey}`);
    expect(result.schedule).toMatchObject({
      nativeId: String(id),
      status: 'SCHEDULED',
      nativeStatus: 'scheduled',
      // B4: Burki's read has no zone; the instant is exact and shown in UTC.
      recurrence: { __typename: 'OneTimeRecurrence', at: '2027-03-14T13:00:00Z', localDateTime: '2027-03-14T13:00:00', timeZone: 'UTC' },
      details: { campaignId: id, scheduleType: 'scheduled' },
    });
  });

  it('one-time the day before the US change is sent as 09:00 EST, and Paris either side of 2027-03-28', async () => {
    const id = newCampaign();
    await create(id, { oneTime: { at: '2027-03-13T14:00:00Z', timeZone: 'America/New_York' } });
    expect(lastScheduleBody()).toEqual({ schedule_type: 'scheduled', scheduled_at: '2027-03-13T09:00:00', timezone: 'America/New_York' });
    await create(id, { oneTime: { at: '2027-03-27T08:00:00Z', timeZone: 'Europe/Paris' } });
    expect(lastScheduleBody()).toEqual({ schedule_type: 'scheduled', scheduled_at: '2027-03-27T09:00:00', timezone: 'Europe/Paris' });
    const after = await create(id, { oneTime: { at: '2027-03-28T07:00:00Z', timeZone: 'Europe/Paris' } });
    expect(lastScheduleBody()).toEqual({ schedule_type: 'scheduled', scheduled_at: '2027-03-28T09:00:00', timezone: 'Europe/Paris' });
    expect(after.schedule?.recurrence).toMatchObject({ at: '2027-03-28T07:00:00Z' });
  });

  it('weekly → recurring weekly ×1, ISO days, start and inclusive end date; read back as WeeklyRecurrence', async () => {
    const id = newCampaign();
    const result = await create(id, {
      weekly: {
        days: ['THURSDAY', 'MONDAY'],
        time: '09:00',
        timeZone: 'Europe/Paris',
        startDate: '2027-03-22T00:00:00+01:00',
        endDate: '2027-06-30T12:00:00+02:00',
      },
    });
    expect(lastScheduleBody()).toEqual({
      schedule_type: 'recurring',
      // B2: the first run (Monday 22 March, 09:00 CET) is sent as the start.
      scheduled_at: '2027-03-22T09:00:00',
      timezone: 'Europe/Paris',
      recurring_config: { frequency: 'weekly', interval: 1, days_of_week: [1, 4], time: '09:00', time_zone: 'Europe/Paris', end_date: '2027-06-30' },
    });
    expect(result.schedule?.recurrence).toEqual({
      __typename: 'WeeklyRecurrence',
      days: ['MONDAY', 'THURSDAY'],
      time: '09:00',
      timeZone: 'Europe/Paris',
      // B2/B3 (issue 12): whole days in the zone — the first run's day from midnight CET, the end date to its
      // last second CEST — so the dates can be sent back unchanged with another time.
      startDate: '2027-03-21T23:00:00Z',
      endDate: '2027-06-30T21:59:59Z',
    });
  });

  it('interval monthly → recurring monthly with day_of_month, in UTC when no zone is given', async () => {
    const id = newCampaign();
    const result = await create(id, { interval: { frequency: 'MONTHLY', dayOfMonth: 15, time: '10:30', startDate: '2027-02-01T00:00:00Z' } });
    expect(lastScheduleBody()).toEqual({
      schedule_type: 'recurring',
      scheduled_at: '2027-02-15T10:30:00',
      timezone: 'UTC',
      recurring_config: { frequency: 'monthly', interval: 1, day_of_month: 15, time: '10:30', time_zone: 'UTC' },
    });
    expect(result.schedule?.recurrence).toMatchObject({
      __typename: 'IntervalRecurrence',
      frequency: 'MONTHLY',
      interval: 1,
      dayOfMonth: 15,
      daysOfWeek: null,
      timeZone: 'UTC',
    });
  });

  it('interval daily ×3 → recurring daily ×3 with no days', async () => {
    const id = newCampaign();
    await create(id, { interval: { frequency: 'DAILY', interval: 3, time: '07:15', timeZone: 'America/New_York', startDate: '2027-03-13T12:00:00Z' } });
    expect(lastScheduleBody()).toEqual({
      schedule_type: 'recurring',
      scheduled_at: '2027-03-13T07:15:00',
      timezone: 'America/New_York',
      recurring_config: { frequency: 'daily', interval: 3, time: '07:15', time_zone: 'America/New_York' },
    });
  });

  it('no recurrence → immediate: nothing scheduled, the campaign waits to be started', async () => {
    const id = newCampaign();
    await create(id, { oneTime: { at: '2027-05-01T09:00:00Z' } });
    const result = await create(id);
    expect(lastScheduleBody()).toEqual({ schedule_type: 'immediate' });
    expect(result.schedule).toMatchObject({ status: 'DRAFT', nativeStatus: 'draft', recurrence: null, details: { scheduleType: 'immediate' } });
  });

  it('a dry run plans the body and sends nothing', async () => {
    const id = newCampaign();
    const result = await create(id, { oneTime: { at: '2027-03-14T13:00:00Z', timeZone: 'America/New_York' } }, { dryRun: true });
    expect(result).toMatchObject({ __typename: 'CreateScheduleSuccess', dryRun: true, schedule: null });
    expect(JSON.parse(result.upstreamCalls?.[0]?.body ?? 'null')).toEqual({
      schedule_type: 'scheduled',
      scheduled_at: '2027-03-14T09:00:00',
      timezone: 'America/New_York',
    });
    expect(scheduleWrites()).toHaveLength(0);
  });

  it('updateSchedule without a recurrence changes nothing and sends nothing', async () => {
    const id = newCampaign();
    const result = await update(id, {});
    expect(result).toMatchObject({ __typename: 'UpdateScheduleSuccess', upstreamCalls: [], schedule: { recurrence: null } });
    expect(scheduleWrites()).toHaveLength(0);
  });
});

describe('every validation rule → ValidationError with the field, nothing sent', () => {
  const cases: Array<[string, Record<string, unknown>, string, RegExp?]> = [
    ['a one-time send in the past', { oneTime: { at: '2020-01-01T09:00:00Z' } }, 'recurrence.oneTime.at', /future/],
    ['an unknown time zone', { oneTime: { at: '2027-03-14T13:00:00Z', timeZone: 'Europe/Atlantis' } }, 'recurrence.oneTime.timeZone', /IANA/],
    ['days of the week on a daily interval', { interval: { frequency: 'DAILY', daysOfWeek: ['MONDAY'], time: '09:00' } }, 'recurrence.interval.daysOfWeek'],
    [
      'a day of the month on a weekly interval',
      { interval: { frequency: 'WEEKLY', daysOfWeek: ['MONDAY'], dayOfMonth: 3, time: '09:00' } },
      'recurrence.interval.dayOfMonth',
    ],
    ['a day of the month above 31', { interval: { frequency: 'MONTHLY', dayOfMonth: 32, time: '09:00' } }, 'recurrence.interval.dayOfMonth', /1 to 31/],
    ['an interval below 1', { interval: { frequency: 'DAILY', interval: 0, time: '09:00' } }, 'recurrence.interval.interval'],
    [
      'an end before the start',
      { weekly: { days: ['MONDAY'], time: '09:00', startDate: '2027-05-01T00:00:00Z', endDate: '2027-04-01T00:00:00Z' } },
      'recurrence.weekly.endDate',
      /after the start/,
    ],
    [
      'a first run at 02:30 on the New York spring-forward day (sent as the start)',
      { weekly: { days: ['SUNDAY'], time: '02:30', timeZone: 'America/New_York', startDate: '2027-03-14T00:00:00-05:00' } },
      'recurrence.weekly.startDate',
      /2027-03-14T02:30:00 does not exist in America\/New_York/,
    ],
    [
      'a fortnightly first run at 02:15 on the Paris spring-forward day',
      { interval: { frequency: 'WEEKLY', interval: 2, daysOfWeek: ['SUNDAY'], time: '02:15', timeZone: 'Europe/Paris', startDate: '2027-03-27T12:00:00Z' } },
      'recurrence.interval.startDate',
      /2027-03-28T02:15:00 does not exist in Europe\/Paris/,
    ],
    [
      'the second 01:30 of the New York fall-back night',
      { oneTime: { at: '2027-11-07T06:30:00Z', timeZone: 'America/New_York' } },
      'recurrence.oneTime.at',
      /happens twice/,
    ],
    [
      'recipient-local times (Burki has one zone per schedule)',
      { weekly: { days: ['MONDAY'], time: '09:00', recipientLocalTime: true } },
      'recurrence.weekly.recipientLocalTime',
    ],
  ];

  it.each(cases)('%s', async (_name, recurrence, field, message) => {
    const result = await create(newCampaign(), recurrence);
    expect(result.__typename).toBe('ValidationError');
    expect(result).toMatchObject({ code: 'VALIDATION_FAILED', provider: 'BURKI', field });
    if (message) expect(result.message).toMatch(message);
    expect(scheduleWrites()).toHaveLength(0);
  });

  it('an invalid campaign id', async () => {
    const result = await create(0, { oneTime: { at: '2027-03-14T13:00:00Z' } });
    expect(result).toMatchObject({ __typename: 'ValidationError', field: 'target.burki.campaignId' });
    expect(gw.sandboxes.burki.requests).toHaveLength(0);
  });

  it('updateSchedule applies the same rules', async () => {
    const result = await update(newCampaign(), { recurrence: { interval: { frequency: 'WEEKLY', interval: 0, daysOfWeek: ['MONDAY'], time: '09:00' } } });
    expect(result).toMatchObject({ __typename: 'ValidationError', field: 'recurrence.interval.interval' });
    expect(scheduleWrites()).toHaveLength(0);
  });
});

describe('start and pause', () => {
  it('RUNNING starts a campaign left to be started by hand; PAUSED pauses it; RUNNING resumes it', async () => {
    const id = newCampaign();
    const started = await setStatus(id, 'RUNNING');
    expect(started).toMatchObject({
      __typename: 'SetScheduleStatusSuccess',
      upstreamCalls: [{ method: 'POST', path: `/api/v1/campaigns/${id}/start`, body: null }],
    });
    expect(started.schedule).toMatchObject({ status: 'RUNNING', nativeStatus: 'running' });
    const paused = await setStatus(id, 'PAUSED');
    expect(paused.schedule).toMatchObject({ status: 'PAUSED', nativeStatus: 'paused' });
    const resumed = await setStatus(id, 'RUNNING');
    expect(resumed.schedule).toMatchObject({ status: 'RUNNING' });
    expect(gw.sandboxes.burki.count(/POST \/api\/v1\/campaigns\/\d+\/(start|pause)$/)).toBe(3);
  });

  it('PAUSED on a draft → InvalidStateError "Campaign is not running", nothing sent', async () => {
    const result = await setStatus(newCampaign(), 'PAUSED');
    expect(result).toMatchObject({ __typename: 'InvalidStateError', code: 'INVALID_STATE', message: 'Campaign is not running', provider: 'BURKI' });
    expect(gw.sandboxes.burki.count(/POST/)).toBe(0);
  });

  it('RUNNING on a campaign without contacts → InvalidStateError "No contacts found", nothing sent', async () => {
    const result = await setStatus(BURKI_SEED.noContacts, 'RUNNING');
    expect(result).toMatchObject({ __typename: 'InvalidStateError', message: 'No contacts found' });
    expect(gw.sandboxes.burki.count(/POST/)).toBe(0);
  });

  it("Burki's own 400 refusal of a start → InvalidStateError with its text", async () => {
    const id = newCampaign(0);
    gw.sandboxes.burki.store.addContacts(id, 2, 'completed');
    const result = await setStatus(id, 'RUNNING');
    expect(result).toMatchObject({ __typename: 'InvalidStateError', message: 'All contacts have already been processed' });
    expect(gw.sandboxes.burki.count(/POST \/api\/v1\/campaigns\/\d+\/start$/)).toBe(1);
  });

  it('other statuses → UnsupportedOperationError', async () => {
    const result = await setStatus(newCampaign(), 'ARCHIVED');
    expect(result).toMatchObject({ __typename: 'UnsupportedOperationError', code: 'UNSUPPORTED_OPERATION' });
    expect(gw.sandboxes.burki.requests).toHaveLength(0);
  });
});

describe('errors from Burki', () => {
  it('unknown campaign: schedule(id) is null; mutations answer NotFoundError', async () => {
    const read = await gw.gql<{ schedule: unknown }>(READ, { id: burkiId(999_999) });
    expect(read.errors).toBeUndefined();
    expect(read.data?.schedule).toBeNull();
    const created = await create(999_999, { oneTime: { at: '2027-03-14T13:00:00Z' } });
    expect(created).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND', provider: 'BURKI' });
    const deleted = await mutate(DELETE, 'deleteSchedule', { id: burkiId(999_999) });
    expect(deleted).toMatchObject({ __typename: 'NotFoundError' });
  });

  it('a 422 detail array → ValidationError whose issue is the input field of the loc, with pydantic type as providerCode', async () => {
    gw.sandboxes.burki.injectFault({
      fault: {
        kind: 'status',
        status: 422,
        body: { detail: [{ loc: ['body', 'recurring_config', 'interval'], msg: 'Input should be greater than or equal to 1', type: 'greater_than_equal' }] },
      },
      match: /POST/,
      times: 1,
    });
    const result = await create(newCampaign(), { interval: { frequency: 'WEEKLY', interval: 2, daysOfWeek: ['MONDAY'], time: '09:00' } });
    expect(result).toMatchObject({
      __typename: 'ValidationError',
      field: 'recurrence.interval.interval',
      providerCode: 'greater_than_equal',
      issues: [
        {
          field: 'recurrence.interval.interval',
          path: ['recurrence', 'interval', 'interval'],
          message: 'Input should be greater than or equal to 1 (Burki: body.recurring_config.interval)',
          providerCode: 'greater_than_equal',
          providerField: 'body.recurring_config.interval',
        },
      ],
    });
  });

  it('a 422 loc the gateway cannot place is kept verbatim as providerField; field stays a path of the input', async () => {
    gw.sandboxes.burki.injectFault({
      fault: { kind: 'status', status: 422, body: { detail: [{ loc: ['body', 'priority'], msg: 'Field required', type: 'missing' }] } },
      match: /POST/,
      times: 1,
    });
    const result = await create(newCampaign(), { oneTime: { at: '2027-03-14T13:00:00Z' } });
    expect(result).toMatchObject({
      __typename: 'ValidationError',
      field: 'recurrence',
      providerCode: 'missing',
      issues: [{ field: 'recurrence', providerField: 'body.priority' }],
    });
  });

  it('a 400 "Scheduled time is in the past" → ValidationError on the time sent', async () => {
    gw.sandboxes.burki.injectFault({ fault: { kind: 'status', status: 400, body: { detail: 'Scheduled time is in the past' } }, match: /POST/, times: 1 });
    const result = await create(newCampaign(), { oneTime: { at: '2027-03-14T13:00:00Z' } });
    expect(result).toMatchObject({
      __typename: 'ValidationError',
      field: 'recurrence.oneTime.at',
      message: 'Scheduled time is in the past',
      providerCode: null,
    });
  });

  it('a 500 on save → UpstreamError UPSTREAM_UNAVAILABLE, and the write is not re-sent', async () => {
    gw.sandboxes.burki.injectFault({ fault: { kind: 'status', status: 500, body: { detail: 'Failed to save schedule' } }, match: /POST/, times: 1 });
    const result = await create(newCampaign(), { oneTime: { at: '2027-03-14T13:00:00Z' } });
    expect(result).toMatchObject({ __typename: 'UpstreamError', code: 'UPSTREAM_UNAVAILABLE', httpStatus: 500 });
    expect(scheduleWrites()).toHaveLength(1);
  });

  it("another organization's campaign (403) → UPSTREAM_FORBIDDEN, on reads and writes", async () => {
    const read = await gw.gql(READ, { id: burkiId(BURKI_SEED.otherOrganization) });
    expect(read.errors?.[0]?.extensions?.['code']).toBe('UPSTREAM_FORBIDDEN');
    const result = await create(BURKI_SEED.otherOrganization, { oneTime: { at: '2027-03-14T13:00:00Z' } });
    expect(result).toMatchObject({ __typename: 'UpstreamError', code: 'UPSTREAM_FORBIDDEN', httpStatus: 403, provider: 'BURKI' });
  });
});

describe('reads and the campaign DataLoader', () => {
  const LIST = `query($status: [ScheduleStatus!]) { schedules(provider: BURKI, status: $status, first: 100) { totalCount edges { node { nativeId status
    details { ... on BurkiScheduleDetails { campaign { id name } } } } } } }`;
  type ListData = {
    schedules: { totalCount: number; edges: Array<{ node: { nativeId: string; status: string; details: { campaign: { id: number; name: string } } } }> };
  };

  it('lists campaigns with one schedule read per campaign and no extra campaign read (the list primes the loader)', async () => {
    const response = await gw.gql<ListData>(LIST);
    expect(response.errors).toBeUndefined();
    const nodes = response.data?.schedules.edges.map((e) => e.node) ?? [];
    const ids = nodes.map((n) => Number(n.nativeId));
    expect(ids).toContain(BURKI_SEED.recurringWeekly);
    expect(ids).not.toContain(BURKI_SEED.otherOrganization);
    expect(nodes.find((n) => Number(n.nativeId) === BURKI_SEED.paused)?.details.campaign.name).toBe('Paused survey');
    expect(gw.sandboxes.burki.count(/GET \/api\/v1\/campaigns$/)).toBe(1);
    expect(gw.sandboxes.burki.count(/GET \/api\/v1\/campaigns\/\d+\/schedule$/)).toBe(ids.length);
    expect(gw.sandboxes.burki.count(/GET \/api\/v1\/campaigns\/\d+$/)).toBe(0);
  });

  it('when the list carries only summaries, each distinct campaign is fetched once however often it is asked for', async () => {
    gw.sandboxes.burki.injectFault({
      fault: {
        kind: 'status',
        status: 200,
        body: [
          { id: 1, name: 'Spring renewals', status: 'draft' },
          { id: 3, name: 'Fortnightly check-in', status: 'scheduled' },
        ],
      },
      match: /GET \/api\/v1\/campaigns$/,
      times: 1,
    });
    const response = await gw.gql<ListData & { again: unknown; node: unknown }>(
      `query { schedules(provider: BURKI) { edges { node { nativeId details { ... on BurkiScheduleDetails { campaign { name } } } } } }
        again: schedule(id: "${burkiId(3)}") { details { ... on BurkiScheduleDetails { campaign { name assistantName } } } }
        node(id: "${burkiId(1)}") { ... on Schedule { name } } }`,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.schedules.edges.map((e) => e.node.details.campaign.name).sort()).toEqual(['Fortnightly check-in', 'Spring renewals']);
    expect(gw.sandboxes.burki.count(/GET \/api\/v1\/campaigns\/1$/)).toBe(1);
    expect(gw.sandboxes.burki.count(/GET \/api\/v1\/campaigns\/3$/)).toBe(1);
    expect(gw.sandboxes.burki.count(/GET \/api\/v1\/campaigns\/\d+\/schedule$/)).toBe(2);
  });

  it('a single status filter is passed to Burki and applied', async () => {
    const response = await gw.gql<ListData>(LIST, { status: ['PAUSED'] });
    expect(response.data?.schedules.edges.every((e) => e.node.status === 'PAUSED')).toBe(true);
    expect(response.data?.schedules.edges.map((e) => Number(e.node.nativeId))).toContain(BURKI_SEED.paused);
    const list = gw.sandboxes.burki.requests.find((r) => r.path === '/api/v1/campaigns');
    expect(new URLSearchParams(list?.query).get('status')).toBe('paused');
    expect(new URLSearchParams(list?.query).get('limit')).toBe('100');
  });

  it('schedule(id) reads campaign and schedule once each, and the campaign object rides along', async () => {
    const response = await gw.gql<{ schedule: Record<string, unknown> }>(READ, { id: burkiId(BURKI_SEED.recurringMonthly) });
    expect(response.errors).toBeUndefined();
    expect(response.data?.schedule).toMatchObject({
      name: 'Monthly statement SMS',
      status: 'SCHEDULED',
      recurrence: { __typename: 'IntervalRecurrence', frequency: 'MONTHLY', interval: 1, dayOfMonth: 15, time: '10:30', timeZone: 'America/New_York' },
      details: { campaign: { name: 'Monthly statement SMS', campaignType: 'SMS', totalContacts: 2, assistantName: 'Sandbox Assistant' } },
    });
    expect(gw.sandboxes.burki.count(/GET \/api\/v1\/campaigns\/\d+$/)).toBe(1);
    expect(gw.sandboxes.burki.count(/GET \/api\/v1\/campaigns\/\d+\/schedule$/)).toBe(1);
  });
});

describe('the GraphiQL story', () => {
  it('every 2 weeks on Monday and Thursday at 09:00 Europe/Paris: save, read back, start, pause, clear', async () => {
    const id = BURKI_SEED.draftImmediate;
    const recurrence = { interval: { frequency: 'WEEKLY', interval: 2, daysOfWeek: ['MONDAY', 'THURSDAY'], time: '09:00', timeZone: 'Europe/Paris' } };
    const saved = await update(id, { recurrence });
    expect(saved.__typename).toBe('UpdateScheduleSuccess');

    // B2: with no startDate, the first run is sent as the start so Burki counts fortnights from the same week.
    const body = lastScheduleBody() as { scheduled_at: string };
    expect(body).toMatchObject({
      schedule_type: 'recurring',
      timezone: 'Europe/Paris',
      recurring_config: { frequency: 'weekly', interval: 2, days_of_week: [1, 4], time: '09:00', time_zone: 'Europe/Paris' },
    });
    expect(body.scheduled_at).toMatch(/^\d{4}-\d{2}-\d{2}T09:00:00$/);

    const read = await gw.gql<{ schedule: Result['schedule'] }>(READ, { id: burkiId(id) });
    const back = read.data?.schedule?.recurrence as Record<string, unknown>;
    expect(back).toMatchObject({
      __typename: 'IntervalRecurrence',
      frequency: 'WEEKLY',
      interval: 2,
      daysOfWeek: ['MONDAY', 'THURSDAY'],
      dayOfMonth: null,
      time: '09:00',
      timeZone: 'Europe/Paris',
      endDate: null,
    });
    // B2 (issue 12): read back as the start of the first run's day in the zone.
    const start = toZoned(String(back['startDate']), 'Europe/Paris');
    expect(start.toPlainDateTime().toString({ smallestUnit: 'second' })).toBe(`${String(body.scheduled_at).slice(0, 10)}T00:00:00`);
    expect([1, 4]).toContain(start.dayOfWeek);
    expect(read.data?.schedule).toMatchObject({ status: 'SCHEDULED' });

    // Start: the schedule lies ahead, so Burki keeps it `scheduled` (queued for its first run).
    const started = await setStatus(id, 'RUNNING');
    expect(started.upstreamCalls?.[0]?.path).toBe(`/api/v1/campaigns/${id}/start`);
    expect(started.schedule).toMatchObject({ nativeStatus: 'scheduled' });

    const paused = await setStatus(id, 'PAUSED');
    expect(paused.schedule).toMatchObject({ status: 'PAUSED', recurrence: { __typename: 'IntervalRecurrence', interval: 2 } });

    const cleared = await mutate(DELETE, 'deleteSchedule', { id: burkiId(id) });
    expect(cleared.__typename).toBe('DeleteScheduleSuccess');
    expect(lastScheduleBody()).toEqual({ schedule_type: 'immediate' });
    expect(cleared.schedule).toMatchObject({ nativeId: String(id), recurrence: null, details: { scheduleType: 'immediate' } });
  });
});
