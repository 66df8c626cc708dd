/**
 * Sending windows (quiet hours) over real HTTP: the gateway in front of the three emulators, with
 * SENDING_WINDOW_POLICY warn, enforce and off. Each subtle case of issue 15 is here, judged from the outside:
 * expected local times are computed in the test with Temporal (not with the gateway's code), and "nothing was
 * sent" is counted from the emulators' own request logs and the gateway's upstream-attempt hook.
 */
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeScheduleId } from '../../src/core/global-id.js';
import { BURKI_SEED } from '../../src/providers/burki/sandbox/store.js';
import { HEYMARKET_SEED } from '../../src/providers/heymarket/sandbox/index.js';
import { TRACKLY_SEED } from '../../src/providers/trackly/sandbox/store.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

/** Next year, so every date below is in the future whenever the suite runs; January is winter in the US. */
const YEAR = new Date().getUTCFullYear() + 1;
const US_ZONES = ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu'];

const RUN = 'at localDateTime timeZone outsideSendingWindow';
const WARNING = `code message zones suggestedWindow runsChecked runsOutside override firstRunsOutside { ${RUN} }`;
const RESULT = /* GraphQL */ `
  __typename
  ... on Error { code message provider }
  ... on ValidationError { issues { field message } }
  ... on OutsideSendingWindowError { zones suggestedWindow runsChecked runsOutside firstRunsOutside { ${RUN} } }
`;
const CREATE = /* GraphQL */ `
  mutation Create($input: CreateScheduleInput!) {
    createSchedule(input: $input) {
      ... on CreateScheduleSuccess { dryRun upstreamCalls { method path } warnings { ${WARNING} } schedule { id nextRuns(first: 20) { ${RUN} } } }
      ${RESULT}
    }
  }
`;
const UPDATE = /* GraphQL */ `
  mutation Update($input: UpdateScheduleInput!) {
    updateSchedule(input: $input) {
      ... on UpdateScheduleSuccess { dryRun upstreamCalls { method path } warnings { ${WARNING} } schedule { id } }
      ${RESULT}
    }
  }
`;
const PREVIEW = /* GraphQL */ `
  query Preview($recurrence: RecurrenceInput!, $first: Int, $after: DateTime) {
    previewRecurrence(recurrence: $recurrence, first: $first, after: $after) { ${RUN} }
  }
`;
const SCHEDULE = /* GraphQL */ `query One($id: ID!) { schedule(id: $id) { warnings { ${WARNING} } nextRuns(first: 30) { ${RUN} } } }`;

interface Run {
  at: string | null;
  localDateTime: string;
  timeZone: string | null;
  outsideSendingWindow: boolean;
}
interface Warning {
  code: string;
  message: string;
  zones: string[];
  suggestedWindow: string | null;
  runsChecked: number;
  runsOutside: number;
  override: string | null;
  firstRunsOutside: Run[];
}
interface Result {
  __typename: string;
  code?: string;
  message?: string;
  dryRun?: boolean;
  upstreamCalls?: Array<{ method: string; path: string }>;
  warnings?: Warning[];
  schedule?: { id: string; nextRuns: Run[] } | null;
  zones?: string[];
  suggestedWindow?: string | null;
  runsOutside?: number;
  firstRunsOutside?: Run[];
  issues?: Array<{ field: string; message: string }>;
}

function tracklyTarget(name: string) {
  return {
    trackly: { name, audienceIds: [TRACKLY_SEED.audiences.allSubscribers], status: 'SCHEDULED', variants: [{ message: 'Hello', percentAudience: 100 }] },
  };
}

/** A weekly Trackly recurrence on Mondays through January and February of next year (winter everywhere in the US). */
function winterWeekly(time: string, extra: Record<string, unknown> = {}) {
  return { weekly: { days: ['MONDAY'], time, startDate: `${YEAR}-01-01T00:00:00Z`, endDate: `${YEAR}-02-28T23:59:00Z`, ...extra } };
}

/** The wall clock of an instant in a zone, by Temporal (independent of the gateway's own conversion). */
function localTime(at: string, zone: string): string {
  return Temporal.Instant.from(at).toZonedDateTimeISO(zone).toPlainTime().toString({ smallestUnit: 'minute' });
}

function insideWindow(time: string): boolean {
  return time >= '08:00' && time < '21:00';
}

async function create(gw: TestGateway, input: Record<string, unknown>): Promise<Result> {
  const response = await gw.gql<{ createSchedule: Result }>(CREATE, { input });
  expect(response.errors).toBeUndefined();
  return response.data!.createSchedule;
}

let warn: TestGateway;
let enforce: TestGateway;
let off: TestGateway;

beforeAll(async () => {
  [warn, enforce, off] = await Promise.all([
    startTestGateway({ env: { TRACKLY_TIMEZONE: 'America/New_York' } }),
    startTestGateway({ env: { TRACKLY_TIMEZONE: 'America/New_York', SENDING_WINDOW_POLICY: 'enforce' } }),
    startTestGateway({ env: { TRACKLY_TIMEZONE: 'America/New_York', SENDING_WINDOW_POLICY: 'off' } }),
  ]);
});
afterAll(async () => {
  await Promise.all([warn?.close(), enforce?.close(), off?.close()]);
});

describe('warn (the default): Trackly in the account zone is checked in every audience zone', () => {
  it('flags 08:30 New York: 05:30 in Los Angeles and 03:30 in Honolulu, and names the window that fits every zone', async () => {
    const result = await create(warn, { target: tracklyTarget('Early bird'), recurrence: winterWeekly('08:30'), dryRun: true });
    expect(result.__typename).toBe('CreateScheduleSuccess');
    expect(result.dryRun).toBe(true);
    const [warning, ...rest] = result.warnings!;
    expect(rest).toHaveLength(0);
    expect(warning!.code).toBe('OUTSIDE_SENDING_WINDOW');
    expect(warning!.zones).toEqual(US_ZONES);
    // Every Monday of January and February (8 or 9 of them) is outside somewhere.
    expect(warning!.runsChecked).toBeGreaterThanOrEqual(8);
    expect(warning!.runsOutside).toBe(warning!.runsChecked);
    const first = warning!.firstRunsOutside[0]!;
    expect(first.localDateTime.slice(11, 16)).toBe('08:30');
    expect(localTime(first.at!, 'America/Los_Angeles')).toBe('05:30');
    expect(localTime(first.at!, 'Pacific/Honolulu')).toBe('03:30');
    expect(warning!.message).toContain('05:30 America/Los_Angeles');
    expect(warning!.message).toContain('03:30 Pacific/Honolulu');
    expect(warning!.message).not.toContain('America/New_York)'); // New York itself is inside at 08:30
    // Winter: Honolulu is 5 hours behind New York, so 13:00 New York is its 08:00.
    expect(warning!.suggestedWindow).toBe('13:00–21:00 America/New_York');
    expect(warning!.message).toContain('13:00–21:00 America/New_York');
  });

  it('is silent at 13:00 New York in winter (08:00 in Honolulu: the window start is inside)', async () => {
    const result = await create(warn, { target: tracklyTarget('On time'), recurrence: winterWeekly('13:00'), dryRun: true });
    expect(result.__typename).toBe('CreateScheduleSuccess');
    expect(result.warnings).toEqual([]);
  });

  it('flags each run of the created schedule in nextRuns, and Schedule.warnings says the same on a later read', async () => {
    const result = await create(warn, { target: tracklyTarget('Created early'), recurrence: winterWeekly('08:30') });
    expect(result.__typename).toBe('CreateScheduleSuccess');
    expect(result.dryRun).toBe(false);
    expect(result.warnings).toHaveLength(1);
    const runs = result.schedule!.nextRuns;
    expect(runs.length).toBeGreaterThanOrEqual(8);
    expect(runs.every((run) => run.outsideSendingWindow)).toBe(true);
    const read = await warn.gql<{ schedule: { warnings: Warning[] } }>(SCHEDULE, { id: result.schedule!.id });
    expect(read.data!.schedule.warnings.map((w) => w.code)).toEqual(['OUTSIDE_SENDING_WINDOW']);
  });
});

describe("Trackly in each recipient's local time: the run's wall clock is judged directly", () => {
  it('flags 07:00 everywhere and says so per zone', async () => {
    const result = await create(warn, { target: tracklyTarget('Local early'), recurrence: winterWeekly('07:00', { recipientLocalTime: true }), dryRun: true });
    const warning = result.warnings![0]!;
    expect(warning.firstRunsOutside[0]!.at).toBeNull();
    expect(warning.firstRunsOutside[0]!.localDateTime.slice(11, 16)).toBe('07:00');
    expect(warning.runsOutside).toBe(warning.runsChecked);
    expect(warning.message).toContain("in each recipient's local time");
    expect(warning.suggestedWindow).toBe("08:00–21:00 in each recipient's local time");
  });

  it('is silent at 12:00 (inside in every zone), although 12:00 New York would be 07:00 in Honolulu', async () => {
    const local = await create(warn, { target: tracklyTarget('Local noon'), recurrence: winterWeekly('12:00', { recipientLocalTime: true }), dryRun: true });
    expect(local.warnings).toEqual([]);
    const account = await create(warn, { target: tracklyTarget('Account noon'), recurrence: winterWeekly('12:00'), dryRun: true });
    expect(account.warnings![0]!.firstRunsOutside[0]!.localDateTime.slice(11, 16)).toBe('12:00');
    expect(account.warnings![0]!.message).toContain('07:00 Pacific/Honolulu');
  });
});

describe('Heymarket: a phone number rings in its own zones', () => {
  const heymarket = (phoneNumber: string) => ({ heymarket: { inboxId: HEYMARKET_SEED.inboxes.main, text: 'Your order shipped', recipient: { phoneNumber } } });
  const at = `${YEAR}-01-15T13:00:00Z`;

  it('flags an Alaska number (+1 907) at 13:00Z: 04:00 in Anchorage', async () => {
    const result = await create(warn, { target: heymarket('+19075550123'), recurrence: { oneTime: { at } }, dryRun: true });
    expect(result.__typename).toBe('CreateScheduleSuccess');
    const warning = result.warnings![0]!;
    expect(warning.zones).toContain('America/Anchorage');
    expect(warning.zones).not.toContain('America/New_York');
    expect(localTime(at, 'America/Anchorage')).toBe('04:00');
    expect(warning.message).toContain('04:00 America/Anchorage');
    expect(warning.message).toContain('+19075550123');
  });

  it('lets a New York number (+1 212) through at the same instant: 08:00 is the window start, inside', async () => {
    const result = await create(warn, { target: heymarket('+12125550123'), recurrence: { oneTime: { at } }, dryRun: true });
    expect(result.__typename).toBe('CreateScheduleSuccess');
    expect(result.warnings).toEqual([]);
  });

  it('flags the New York number at 21:00 local: the window end is exclusive', async () => {
    const result = await create(warn, { target: heymarket('+12125550123'), recurrence: { oneTime: { at: `${YEAR}-01-16T02:00:00Z` } }, dryRun: true });
    expect(result.warnings![0]!.zones).toEqual(['America/New_York']);
    expect(result.warnings![0]!.message).toContain('21:00 America/New_York');
  });

  it('judges a list in the audience zones (a list names no number)', async () => {
    const result = await create(warn, {
      target: { heymarket: { inboxId: HEYMARKET_SEED.inboxes.main, text: 'List blast', recipient: { listId: 7 } } },
      recurrence: { oneTime: { at } },
      dryRun: true,
    });
    expect(result.__typename).toBe('CreateScheduleSuccess');
    expect(result.warnings![0]!.zones).toEqual(US_ZONES);
  });
});

describe('a weekly schedule that is fine in winter and outside after the DST change', () => {
  it('flags only the Mondays after the spring-forward: 13:30 New York is 08:30 in Honolulu in winter, 07:30 in summer', async () => {
    const input = {
      target: { burki: { campaignId: BURKI_SEED.draftImmediate } },
      recurrence: {
        weekly: { days: ['MONDAY'], time: '13:30', timeZone: 'America/New_York', startDate: `${YEAR}-02-01T00:00:00Z`, endDate: `${YEAR}-04-30T00:00:00Z` },
      },
      dryRun: true,
    };
    const result = await create(warn, input);
    expect(result.__typename).toBe('CreateScheduleSuccess');
    const warning = result.warnings![0]!;
    // When New York springs forward, computed by Temporal in the test.
    const springForward = Temporal.ZonedDateTime.from(`${YEAR}-02-01T00:00[America/New_York]`).getTimeZoneTransition('next')!;
    const firstOutside = warning.firstRunsOutside[0]!;
    expect(Temporal.Instant.compare(Temporal.Instant.from(firstOutside.at!), springForward.toInstant())).toBe(1);
    expect(Temporal.Instant.compare(Temporal.Instant.from(firstOutside.at!), springForward.toInstant().add({ hours: 24 * 7 }))).toBe(-1);
    expect(localTime(firstOutside.at!, 'Pacific/Honolulu')).toBe('07:30');
    // Across the whole range only a window that also fits summer fits: 14:00 New York = 08:00 Honolulu (HST).
    expect(warning.suggestedWindow).toBe('14:00–21:00 America/New_York');

    // The calendar view agrees run by run with Temporal's own conversion.
    const preview = await warn.gql<{ previewRecurrence: Run[] }>(PREVIEW, { recurrence: input.recurrence, first: 20 });
    const runs = preview.data!.previewRecurrence;
    expect(runs.length).toBe(warning.runsChecked);
    for (const run of runs) {
      const expected = US_ZONES.some((zone) => !insideWindow(localTime(run.at!, zone)));
      expect(run.outsideSendingWindow).toBe(expected);
      expect(run.outsideSendingWindow).toBe(Temporal.Instant.compare(Temporal.Instant.from(run.at!), springForward.toInstant()) > 0);
    }
    expect(runs.filter((run) => run.outsideSendingWindow)).toHaveLength(warning.runsOutside);
  });
});

describe('schedules created outside the gateway', () => {
  it('get Schedule.warnings and flagged nextRuns from what the provider stores', async () => {
    // Written straight to the Burki emulator, as another tool would: 06:00 New York every day.
    const { url, apiKey } = { url: warn.sandboxes.burki.url, apiKey: warn.config.burki.apiKey! };
    const response = await fetch(`${url}/api/v1/campaigns/${BURKI_SEED.draftImmediate}/schedule`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ schedule_type: 'scheduled', scheduled_at: `${YEAR}-01-20T06:00:00`, timezone: 'America/New_York' }),
    });
    expect(response.status).toBeLessThan(300);
    const read = await warn.gql<{ schedule: { warnings: Warning[]; nextRuns: Run[] } }>(SCHEDULE, {
      id: encodeScheduleId('BURKI', String(BURKI_SEED.draftImmediate)),
    });
    expect(read.errors).toBeUndefined();
    expect(read.data!.schedule.warnings).toHaveLength(1);
    expect(read.data!.schedule.warnings[0]!.message).toContain('06:00 America/New_York');
    expect(read.data!.schedule.nextRuns.map((run) => run.outsideSendingWindow)).toEqual([true]);
  });
});

describe('enforce: nothing is sent upstream unless the caller overrides with a reason', () => {
  beforeEach(() => {
    enforce.attempts.length = 0;
    enforce.sandboxes.trackly.clearRequests();
    enforce.sandboxes.heymarket.clearRequests();
    enforce.sandboxes.burki.clearRequests();
  });
  const upstreamCalls = () =>
    enforce.attempts.length + enforce.sandboxes.trackly.requests.length + enforce.sandboxes.heymarket.requests.length + enforce.sandboxes.burki.requests.length;

  it('refuses a Trackly create with OutsideSendingWindowError and makes 0 upstream calls (not even the audience check)', async () => {
    const result = await create(enforce, { target: tracklyTarget('Refused'), recurrence: winterWeekly('08:30') });
    expect(result.__typename).toBe('OutsideSendingWindowError');
    expect(result.code).toBe('OUTSIDE_SENDING_WINDOW');
    expect(result.message).toContain('03:30 Pacific/Honolulu');
    expect(result.message).toContain('sendingWindowOverride');
    expect(result.suggestedWindow).toBe('13:00–21:00 America/New_York');
    expect(result.zones).toEqual(US_ZONES);
    expect(upstreamCalls()).toBe(0);
  });

  it('refuses a Heymarket create to an Alaska number with 0 upstream calls (not even the inbox read)', async () => {
    const result = await create(enforce, {
      target: { heymarket: { inboxId: HEYMARKET_SEED.inboxes.main, text: 'Too early', recipient: { phoneNumber: '+19075550123' } } },
      recurrence: { oneTime: { at: `${YEAR}-01-15T13:00:00Z` } },
    });
    expect(result.__typename).toBe('OutsideSendingWindowError');
    expect(upstreamCalls()).toBe(0);
  });

  it('refuses a dry run too, and lets a compliant create through', async () => {
    const dry = await create(enforce, { target: tracklyTarget('Dry'), recurrence: winterWeekly('08:30'), dryRun: true });
    expect(dry.__typename).toBe('OutsideSendingWindowError');
    const fine = await create(enforce, { target: tracklyTarget('Fine'), recurrence: winterWeekly('14:00') });
    expect(fine.__typename).toBe('CreateScheduleSuccess');
    expect(fine.warnings).toEqual([]);
    expect(enforce.sandboxes.trackly.count(/^POST \/api\/v2\/schedules$/)).toBe(1);
  });

  it('sends with sendingWindowOverride: one POST, and the warning stays with the reason', async () => {
    const reason = 'Approved by compliance: opt-in early alerts';
    const result = await create(enforce, { target: tracklyTarget('Overridden'), recurrence: winterWeekly('08:30'), sendingWindowOverride: reason });
    expect(result.__typename).toBe('CreateScheduleSuccess');
    expect(result.upstreamCalls).toEqual([{ method: 'POST', path: '/schedules' }]);
    expect(enforce.sandboxes.trackly.count(/^POST \/api\/v2\/schedules$/)).toBe(1);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings![0]!.override).toBe(reason);
    expect(result.warnings![0]!.message).toContain(reason);
  });

  it('refuses an empty override reason as a validation error before anything is sent', async () => {
    const result = await create(enforce, { target: tracklyTarget('Blank reason'), recurrence: winterWeekly('08:30'), sendingWindowOverride: '   ' });
    expect(result.__typename).toBe('ValidationError');
    expect(result.issues![0]!.field).toBe('sendingWindowOverride');
    expect(upstreamCalls()).toBe(0);
  });

  it('frees the idempotency key of a refused create, so the retry with an override goes through once', async () => {
    const input = { target: tracklyTarget('Keyed'), recurrence: winterWeekly('08:30'), idempotencyKey: `sw-${Date.now()}` };
    expect((await create(enforce, input)).__typename).toBe('OutsideSendingWindowError');
    const retried = await create(enforce, { ...input, sendingWindowOverride: 'Customer asked for early delivery' });
    expect(retried.__typename).toBe('CreateScheduleSuccess');
    const replayed = await create(enforce, { ...input, sendingWindowOverride: 'Customer asked for early delivery' });
    expect(replayed.schedule!.id).toBe(retried.schedule!.id);
    expect(replayed.warnings![0]!.override).toBe('Customer asked for early delivery');
    expect(enforce.sandboxes.trackly.count(/^POST \/api\/v2\/schedules$/)).toBe(1);
  });

  it('refuses an update that moves a compliant schedule into quiet hours: no PUT is sent', async () => {
    const created = await create(enforce, { target: tracklyTarget('To move'), recurrence: winterWeekly('15:00') });
    expect(created.__typename).toBe('CreateScheduleSuccess');
    enforce.sandboxes.trackly.clearRequests();
    const moved = await enforce.gql<{ updateSchedule: Result }>(UPDATE, { input: { id: created.schedule!.id, recurrence: winterWeekly('06:00') } });
    expect(moved.data!.updateSchedule.__typename).toBe('OutsideSendingWindowError');
    expect(enforce.sandboxes.trackly.count(/^(PUT|POST|DELETE) /)).toBe(0);
    const overridden = await enforce.gql<{ updateSchedule: Result }>(UPDATE, {
      input: { id: created.schedule!.id, recurrence: winterWeekly('06:00'), sendingWindowOverride: 'Storm alert' },
    });
    expect(overridden.data!.updateSchedule.__typename).toBe('UpdateScheduleSuccess');
    expect(overridden.data!.updateSchedule.warnings![0]!.override).toBe('Storm alert');
    expect(enforce.sandboxes.trackly.count(/^PUT /)).toBe(1);
  });
});

describe('off: no checks', () => {
  it('creates without warnings and never flags a run', async () => {
    const result = await create(off, { target: tracklyTarget('Unchecked'), recurrence: winterWeekly('03:00') });
    expect(result.__typename).toBe('CreateScheduleSuccess');
    expect(result.warnings).toEqual([]);
    expect(result.schedule!.nextRuns.length).toBeGreaterThan(0);
    expect(result.schedule!.nextRuns.some((run) => run.outsideSendingWindow)).toBe(false);
  });
});
