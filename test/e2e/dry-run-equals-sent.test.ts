/**
 * A dry run's `upstreamCalls` is what the gateway really sends (issue 13): for every write operation of every
 * provider, the same mutation is run as a dry run and then for real, and the dry run's calls must equal, byte
 * for byte, the requests the provider's emulator received (method, path, JSON body as serialised) and the real
 * run's own `upstreamCalls`. Measured at the emulator, not inside the gateway, so a dry run built apart from the
 * request really sent cannot pass.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeScheduleId } from '../../src/core/global-id.js';
import { BURKI_SEED } from '../../src/providers/burki/sandbox/store.js';
import { HEYMARKET_SEED } from '../../src/providers/heymarket/sandbox/store.js';
import { TRACKLY_SEED } from '../../src/providers/trackly/sandbox/store.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

type Json = Record<string, unknown>;
interface Call {
  method: string;
  path: string;
  body: string | null;
}
/** An emulator's request log and where the gateway's provider paths start on it (Trackly's base URL has a path). */
type Emulator = Pick<TestGateway['sandboxes']['heymarket'], 'url' | 'requests'> & { baseUrl?: string };

const CALLS = 'dryRun upstreamCalls { method path body }';
const MUTATIONS = {
  createSchedule: 'CreateScheduleInput',
  updateSchedule: 'UpdateScheduleInput',
  deleteSchedule: 'DeleteScheduleInput',
  setScheduleStatus: 'SetScheduleStatusInput',
} as const;
type Operation = keyof typeof MUTATIONS;

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());
beforeEach(() => {
  for (const sandbox of [gw.sandboxes.trackly, gw.sandboxes.heymarket, gw.sandboxes.burki]) sandbox.clearRequests();
});

async function run(operation: Operation, input: Json): Promise<{ dryRun: boolean; upstreamCalls: Call[] }> {
  const query = `mutation M($input: ${MUTATIONS[operation]}!) { ${operation}(input: $input) { __typename ... on Error { message } ... on ${successName(operation)} { ${CALLS} } } }`;
  const response = await gw.gql<Record<string, Json>>(query, { input });
  expect(response.errors).toBeUndefined();
  const result = response.data![operation]!;
  expect(result.__typename, JSON.stringify(result)).toBe(successName(operation));
  return result as unknown as { dryRun: boolean; upstreamCalls: Call[] };
}

function successName(operation: Operation): string {
  return `${operation.charAt(0).toUpperCase()}${operation.slice(1)}Success`;
}

/** The writes the emulator received since the last clear, as the gateway would report them. */
function writesReceived(emulator: Emulator, basePath: string): Call[] {
  return emulator.requests
    .filter((request) => request.method !== 'GET')
    .map((request) => ({
      method: request.method,
      path: request.path.slice(basePath.length),
      body: request.body === undefined ? null : JSON.stringify(request.body),
    }));
}

/** Runs `input` as a dry run, then for real, and checks the three lists of calls are one and the same. */
async function expectDryRunIsSent(emulator: Emulator, operation: Operation, input: Json): Promise<Call[]> {
  const basePath = new URL(emulator.baseUrl ?? emulator.url).pathname.replace(/\/+$/, '');
  const planned = await run(operation, { ...input, dryRun: true });
  expect(planned.dryRun).toBe(true);
  expect(planned.upstreamCalls.length).toBeGreaterThan(0);
  expect(writesReceived(emulator, basePath), 'a dry run writes nothing').toEqual([]);

  const sent = await run(operation, input);
  expect(sent.dryRun).toBe(false);
  expect(sent.upstreamCalls).toEqual(planned.upstreamCalls);
  expect(writesReceived(emulator, basePath)).toEqual(planned.upstreamCalls);
  return planned.upstreamCalls;
}

const inAWeek = () => {
  const quarter = 15 * 60 * 1000;
  return new Date(Math.ceil((Date.now() + 7 * 86_400_000) / quarter) * quarter).toISOString().replace(/\.\d{3}Z$/, 'Z');
};

describe('Trackly', () => {
  const emulator = () => gw.sandboxes.trackly;
  const id = encodeScheduleId('TRACKLY', TRACKLY_SEED.schedules.weeklyAb);
  const weekly = { weekly: { days: ['MONDAY', 'THURSDAY'], time: '09:30', startDate: '2027-02-01T00:00:00Z', endDate: '2027-06-30T00:00:00Z' } };

  it('createSchedule', async () => {
    const target = {
      trackly: {
        name: 'Spring A/B',
        audienceIds: [TRACKLY_SEED.audiences.vipBuyers],
        sourceListIds: [TRACKLY_SEED.lists.main],
        variants: [
          { name: 'A', message: 'Sale: {{l}}', percentAudience: 50, offerLinks: [{ key: 'l', offerId: TRACKLY_SEED.offers.summerSale }] },
          { name: 'B', message: 'Last day', percentAudience: 50 },
        ],
      },
    };
    const [call] = await expectDryRunIsSent(emulator(), 'createSchedule', { target, recurrence: weekly });
    expect(call).toMatchObject({ method: 'POST', path: '/schedules' });
  });

  it('updateSchedule (fields and recurrence)', async () => {
    await expectDryRunIsSent(emulator(), 'updateSchedule', { id, patch: { trackly: { name: 'Renamed' } }, recurrence: weekly });
  });

  it('setScheduleStatus', async () => {
    await expectDryRunIsSent(emulator(), 'setScheduleStatus', { id, status: 'PAUSED' });
  });

  it('deleteSchedule', async () => {
    const [call] = await expectDryRunIsSent(emulator(), 'deleteSchedule', { id: encodeScheduleId('TRACKLY', TRACKLY_SEED.schedules.oneTime) });
    expect(call).toMatchObject({ method: 'DELETE', body: null });
  });
});

describe('Heymarket', () => {
  const emulator = () => gw.sandboxes.heymarket;
  const message = { inboxId: HEYMARKET_SEED.inboxes.main, text: 'Your appointment is tomorrow at 2pm', recipient: { phoneNumber: '+14155553434' } };

  async function created(): Promise<string> {
    const input = { target: { heymarket: message }, recurrence: { oneTime: { at: inAWeek() } } };
    const response = await gw.gql<{ createSchedule: { schedule: { id: string } } }>(
      'mutation C($input: CreateScheduleInput!) { createSchedule(input: $input) { ... on CreateScheduleSuccess { schedule { id } } } }',
      { input },
    );
    emulator().clearRequests();
    return response.data!.createSchedule.schedule.id;
  }

  it('createSchedule', async () => {
    await expectDryRunIsSent(emulator(), 'createSchedule', { target: { heymarket: message }, recurrence: { oneTime: { at: inAWeek() } } });
  });

  it('updateSchedule (a patch, the sender restated)', async () => {
    const id = await created();
    await expectDryRunIsSent(emulator(), 'updateSchedule', { id, patch: { heymarket: { text: 'Moved to 3pm', userId: HEYMARKET_SEED.members.owner } } });
  });

  it('deleteSchedule', async () => {
    await expectDryRunIsSent(emulator(), 'deleteSchedule', { id: await created() });
  });

  it('setScheduleStatus: Heymarket has no such endpoint, so neither run plans or sends a call', async () => {
    const id = await created();
    for (const dryRun of [true, false]) {
      const response = await gw.gql<{ setScheduleStatus: { __typename: string } }>(
        'mutation S($input: SetScheduleStatusInput!) { setScheduleStatus(input: $input) { __typename } }',
        { input: { id, status: 'PAUSED', dryRun } },
      );
      expect(response.data!.setScheduleStatus.__typename).toBe('UnsupportedOperationError');
    }
    expect(writesReceived(emulator(), '')).toEqual([]);
  });
});

describe('Burki', () => {
  const emulator = () => gw.sandboxes.burki;
  const campaign = (n: number) => encodeScheduleId('BURKI', String(n));

  it('createSchedule', async () => {
    await expectDryRunIsSent(emulator(), 'createSchedule', {
      target: { burki: { campaignId: BURKI_SEED.draftImmediate } },
      recurrence: { interval: { frequency: 'MONTHLY', dayOfMonth: 15, time: '10:30', startDate: '2027-02-01T00:00:00Z' } },
    });
  });

  it('updateSchedule', async () => {
    await expectDryRunIsSent(emulator(), 'updateSchedule', {
      id: campaign(BURKI_SEED.recurringWeekly),
      recurrence: { weekly: { days: ['TUESDAY'], time: '08:00', timeZone: 'Europe/Paris' } },
    });
  });

  it('setScheduleStatus', async () => {
    const [call] = await expectDryRunIsSent(emulator(), 'setScheduleStatus', { id: campaign(BURKI_SEED.paused), status: 'RUNNING' });
    expect(call).toMatchObject({ method: 'POST', body: null });
  });

  it('deleteSchedule', async () => {
    await expectDryRunIsSent(emulator(), 'deleteSchedule', { id: campaign(BURKI_SEED.scheduledOnce) });
  });
});
