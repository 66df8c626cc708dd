/**
 * Issue 12, end to end over HTTP (gateway → Burki / Trackly / Heymarket emulators):
 * 3. Burki, Paris: an end bound just before a run that the spring-forward gap shifts (02:30 → 03:30 CEST,
 *    01:30Z > 01:20Z) sends the day before as end_date, so the saved schedule's own nextRuns equal
 *    previewRecurrence and none falls after the end.
 * 6. Burki read-then-write: the dates read back, sent again unchanged with a new time, keep the same days.
 * 7. Burki: error fields are paths of the input sent (delete has only `id`; an update, its recurrence).
 * 8. An aliased `schedules` query gets its per-provider partial errors at the alias (["mine"]).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeScheduleId } from '../../src/core/global-id.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const RESULT = /* GraphQL */ `
  __typename
  ... on Error { message code providerCode }
  ... on ValidationError { field issues { field providerField } }
`;
const RUNS = `nextRuns(first: 100, after: "2027-01-01T00:00:00Z") { at localDateTime }`;
const SCHEDULE = `id recurrence { __typename ... on WeeklyRecurrence { days time timeZone startDate endDate } } ${RUNS}`;
const CREATE = `mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { ${RESULT} ... on CreateScheduleSuccess { schedule { ${SCHEDULE} } } } }`;
const UPDATE = `mutation($input: UpdateScheduleInput!) { updateSchedule(input: $input) { ${RESULT} ... on UpdateScheduleSuccess { schedule { ${SCHEDULE} } } } }`;
const DELETE = `mutation($input: DeleteScheduleInput!) { deleteSchedule(input: $input) { ${RESULT} } }`;
const PREVIEW = `query($r: RecurrenceInput!) { previewRecurrence(recurrence: $r, first: 100, after: "2027-01-01T00:00:00Z") { at localDateTime } }`;

type Json = Record<string, unknown>;
type Run = { at: string; localDateTime: string };
type Schedule = { id: string; recurrence: Json; nextRuns: Run[] };
type Result = Json & { __typename: string; field?: string; schedule?: Schedule };

let gw: TestGateway;
const newCampaign = () => gw.sandboxes.burki.store.addCampaign({ name: 'Fidelity', contacts: 2 }).id;
const saves = () => gw.sandboxes.burki.requests.filter((r) => r.method === 'POST' && /\/schedule$/.test(r.path));

async function mutate(query: string, input: Json, name: string): Promise<Result> {
  const response = await gw.gql<Record<string, Result>>(query, { input });
  expect(response.errors).toBeUndefined();
  return response.data![name]!;
}

beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());

describe('item 3: Burki end bound before a gap-shifted run (Paris, 2027-03-28)', () => {
  it('endDate 01:20Z: end_date is 03-27, not 03-28, and the schedule runs exactly its preview, none after the end', async () => {
    const weekly = { days: ['SUNDAY'], time: '02:30', timeZone: 'Europe/Paris', startDate: '2027-03-01T00:00:00Z', endDate: '2027-03-28T01:20:00Z' };
    const preview = (await gw.gql<{ previewRecurrence: Run[] }>(PREVIEW, { r: { weekly } })).data!.previewRecurrence;
    expect(preview.at(-1)).toEqual({ at: '2027-03-21T01:30:00Z', localDateTime: '2027-03-21T02:30:00' });

    const created = await mutate(CREATE, { target: { burki: { campaignId: newCampaign() } }, recurrence: { weekly } }, 'createSchedule');
    expect(created.__typename, JSON.stringify(created)).toBe('CreateScheduleSuccess');
    // The last day whose 02:30 run (as it really happens) is not after 01:20Z: 03-27; never 03-28, whose run
    // lands at 01:30Z once the gap shifts it.
    expect((saves().at(-1)!.body as { recurring_config: Json }).recurring_config).toMatchObject({ end_date: '2027-03-27' });
    expect(created.schedule!.nextRuns).toEqual(preview);
    expect(created.schedule!.nextRuns.every((run) => run.at <= '2027-03-28T01:20:00Z')).toBe(true);
  });
});

describe('item 6: Burki read-then-write keeps the days', () => {
  it('weekly 14:30 to 2027-08-31, then 09:00 with the dates as read: end_date stays 08-31, the same days run', async () => {
    const campaign = newCampaign();
    const created = await mutate(
      CREATE,
      {
        target: { burki: { campaignId: campaign } },
        recurrence: {
          weekly: { days: ['TUESDAY'], time: '14:30', timeZone: 'Europe/Paris', startDate: '2027-06-01T00:00:00+02:00', endDate: '2027-08-31T23:59:00+02:00' },
        },
      },
      'createSchedule',
    );
    expect(created.__typename, JSON.stringify(created)).toBe('CreateScheduleSuccess');
    const { days, startDate, endDate, timeZone } = created.schedule!.recurrence as Json;
    const updated = await mutate(
      UPDATE,
      { id: created.schedule!.id, recurrence: { weekly: { days, time: '09:00', timeZone, startDate, endDate } } },
      'updateSchedule',
    );
    expect(updated.__typename, JSON.stringify(updated)).toBe('UpdateScheduleSuccess');
    const body = saves().at(-1)!.body as Json & { recurring_config: Json };
    expect(body.scheduled_at).toBe('2027-06-01T09:00:00');
    expect(body.recurring_config).toMatchObject({ end_date: '2027-08-31', time: '09:00' });
    const day = (run: Run) => run.localDateTime.slice(0, 10);
    expect(updated.schedule!.nextRuns.map(day)).toEqual(created.schedule!.nextRuns.map(day));
  });
});

describe('item 7: Burki error fields are paths of the input sent', () => {
  it('a 400 on delete points at `id` (the only thing a delete sends), not `recurrence`', async () => {
    const campaign = newCampaign();
    gw.sandboxes.burki.injectFault({
      fault: { kind: 'status', status: 400, body: { detail: 'Invalid schedule configuration' } },
      match: /POST .*\/schedule$/,
      times: 1,
    });
    const result = await mutate(DELETE, { id: encodeScheduleId('BURKI', String(campaign)) }, 'deleteSchedule');
    expect(result).toMatchObject({ __typename: 'ValidationError', field: 'id' });
  });

  it('a 400 "in the past" on a recurring update without startDate points at its time, not a startDate never sent', async () => {
    const campaign = newCampaign();
    gw.sandboxes.burki.injectFault({
      fault: { kind: 'status', status: 400, body: { detail: 'Scheduled time is in the past' } },
      match: /POST .*\/schedule$/,
      times: 1,
    });
    const result = await mutate(
      UPDATE,
      {
        id: encodeScheduleId('BURKI', String(campaign)),
        recurrence: { interval: { frequency: 'DAILY', interval: 2, time: '09:00', timeZone: 'Europe/Paris' } },
      },
      'updateSchedule',
    );
    expect(result).toMatchObject({ __typename: 'ValidationError', field: 'recurrence.interval.time' });
  });
});

describe('item 8: aliased schedules keep their partial errors', () => {
  it('`mine: schedules` reports the Heymarket error at ["mine"], next to its data', async () => {
    const response = await gw.gql<{ mine: { totalCount: number } }>(`{ mine: schedules(first: 1) { totalCount } }`);
    expect(response.data!.mine.totalCount).toBeGreaterThan(0);
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0]).toMatchObject({ path: ['mine'], extensions: { code: 'UNSUPPORTED_OPERATION', provider: 'HEYMARKET' } });
  });

  it('two aliases each get their own error at their own path', async () => {
    const response = await gw.gql(`{ a: schedules(first: 1) { totalCount } b: schedules(first: 2) { totalCount } }`);
    expect(response.errors?.map((e) => e.path)).toEqual([['a'], ['b']]);
  });
});
