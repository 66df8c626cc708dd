/**
 * One view across providers: the merged list (parallel, partial on failure, ordered by next run, stable
 * cursors), capabilities that match what the providers really accept, previews, and dry runs that write
 * nothing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

interface Edge {
  cursor: string;
  node: { id: string; provider: string; status: string; nextRuns: Array<{ at: string | null; localDateTime: string }> };
}
interface ListData {
  schedules: { totalCount: number; edges: Edge[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

const LIST = /* GraphQL */ `
  query($first: Int, $after: String, $provider: Provider, $status: [ScheduleStatus!]) {
    schedules(first: $first, after: $after, provider: $provider, status: $status) {
      totalCount
      edges { cursor node { id provider status nextRuns(first: 1) { at localDateTime } } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

let gw: TestGateway;

function sortKey(edge: Edge): number {
  const next = edge.node.nextRuns[0];
  if (!next) return Number.MAX_SAFE_INTEGER;
  return Date.parse(next.at ?? `${next.localDateTime}Z`);
}

beforeAll(async () => {
  gw = await startTestGateway({ env: { UPSTREAM_RETRIES: '1', UPSTREAM_HEADERS_TIMEOUT_MS: '400' } });
});
afterAll(() => gw.close());
beforeEach(() => {
  for (const sandbox of [gw.sandboxes.trackly, gw.sandboxes.heymarket, gw.sandboxes.burki]) {
    sandbox.clearFaults();
    sandbox.latencyMs = 0;
  }
});

describe('the merged schedules list', () => {
  it("lists Trackly and Burki together, ordered by next run, and reports Heymarket's missing list endpoint as an error", async () => {
    const response = await gw.gql<ListData>(LIST, { first: 100 });
    const edges = response.data!.schedules.edges;
    expect(new Set(edges.map((e) => e.node.provider))).toEqual(new Set(['TRACKLY', 'BURKI']));
    const keys = edges.map(sortKey);
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
    expect(response.errors).toHaveLength(1);
    expect(response.errors![0]).toMatchObject({ path: ['schedules'], extensions: { code: 'UNSUPPORTED_OPERATION', provider: 'HEYMARKET' } });
  });

  it('when one provider fails, the others still come back with a typed error naming it', async () => {
    gw.sandboxes.burki.injectFault({ match: /^GET \/api\/v1\/campaigns$/, fault: { kind: 'status', status: 500, body: { detail: 'boom' } } });
    const response = await gw.gql<ListData>(LIST, { first: 100 });
    const providers = new Set(response.data!.schedules.edges.map((e) => e.node.provider));
    expect(providers).toEqual(new Set(['TRACKLY']));
    const burki = response.errors!.find((e) => e.extensions?.['provider'] === 'BURKI');
    expect(burki).toMatchObject({ path: ['schedules'], extensions: { code: 'UPSTREAM_UNAVAILABLE', httpStatus: 500 } });
  });

  it('when one provider hangs, it times out and the others still come back', async () => {
    gw.sandboxes.trackly.injectFault({ match: /^GET \/api\/v2\/schedules$/, fault: { kind: 'hang' } });
    const response = await gw.gql<ListData>(LIST, { first: 100 });
    expect(new Set(response.data!.schedules.edges.map((e) => e.node.provider))).toEqual(new Set(['BURKI']));
    expect(response.errors!.find((e) => e.extensions?.['provider'] === 'TRACKLY')).toMatchObject({ extensions: { code: 'UPSTREAM_TIMEOUT' } });
  });

  it('asks the providers in parallel (total ≈ the slowest, not the sum)', async () => {
    // Each list answers only after 1.5 s: asked one after the other, the second list call could not arrive
    // before the first had answered (≥ 1.5 s apart). The gap is compared with that answer time, not with a
    // speed budget, so a loaded machine cannot fail it (it did at 156 ms against the old 100 ms bound).
    const ANSWER_MS = 1_500;
    const before = { trackly: gw.sandboxes.trackly.latencyMs, burki: gw.sandboxes.burki.latencyMs };
    gw.sandboxes.trackly.latencyMs = ANSWER_MS;
    gw.sandboxes.burki.latencyMs = ANSWER_MS;
    try {
      await gw.gql<ListData>(LIST, { first: 100 });
    } finally {
      gw.sandboxes.trackly.latencyMs = before.trackly;
      gw.sandboxes.burki.latencyMs = before.burki;
    }
    const trackly = gw.sandboxes.trackly.requests.filter((r) => r.path === '/api/v2/schedules').at(-1)!.at;
    const burki = gw.sandboxes.burki.requests.filter((r) => r.path === '/api/v1/campaigns').at(-1)!.at;
    expect(Math.abs(trackly - burki)).toBeLessThan(ANSWER_MS);
  });

  it('pages with stable cursors across providers and filters by status', async () => {
    const all = (await gw.gql<ListData>(LIST, { first: 100 })).data!.schedules;
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 50; i += 1) {
      const page: ListData['schedules'] = (await gw.gql<ListData>(LIST, { first: 3, after })).data!.schedules;
      expect(page.totalCount).toBe(all.totalCount);
      seen.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.edges.map((e) => e.node.id));

    const scheduled = (await gw.gql<ListData>(LIST, { first: 100, status: ['SCHEDULED'] })).data!.schedules.edges;
    expect(scheduled.length).toBeGreaterThan(0);
    expect(scheduled.every((e) => e.node.status === 'SCHEDULED')).toBe(true);
    expect(new Set(scheduled.map((e) => e.node.provider))).toEqual(new Set(['TRACKLY', 'BURKI']));
  });

  it('a cursor the gateway did not issue is a typed error', async () => {
    const response = await gw.gql<ListData>(LIST, { first: 3, after: 'bm90LWEtY3Vyc29y' });
    expect(response.errors![0]!.extensions).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('previewRecurrence', () => {
  it('expands a weekly recurrence across the New York DST change', async () => {
    const response = await gw.gql<{ previewRecurrence: Array<{ at: string; localDateTime: string }> }>(
      `{ previewRecurrence(first: 3, after: "2026-02-28T00:00:00Z", recurrence: { weekly: { days: [SUNDAY], time: "09:00", timeZone: "America/New_York" } }) { at localDateTime } }`,
    );
    expect(response.data!.previewRecurrence).toEqual([
      { at: '2026-03-01T14:00:00Z', localDateTime: '2026-03-01T09:00:00' },
      { at: '2026-03-08T13:00:00Z', localDateTime: '2026-03-08T09:00:00' },
      { at: '2026-03-15T13:00:00Z', localDateTime: '2026-03-15T09:00:00' },
    ]);
  });

  it('refuses an invalid recurrence with the issues', async () => {
    const response = await gw.gql(
      `{ previewRecurrence(recurrence: { interval: { frequency: MONTHLY, dayOfMonth: 32, time: "09:00", timeZone: "Nowhere/City" } }) { at } }`,
    );
    expect(response.errors![0]!.extensions).toMatchObject({ code: 'VALIDATION_FAILED' });
    const fields = (response.errors![0]!.extensions!['issues'] as Array<{ field: string }>).map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['recurrence.interval.timeZone', 'recurrence.interval.dayOfMonth']));
  });
});

describe('Query.providers matches what the providers really accept', () => {
  interface Info {
    provider: 'TRACKLY' | 'HEYMARKET' | 'BURKI';
    mode: string;
    recurrenceKinds: string[];
    intervalFrequencies: string[];
    maxInterval: number | null;
    manualStart: boolean;
    canList: boolean;
    canPause: boolean;
  }
  const HOUR = 3_600_000;
  const quarterHourAhead = (hours: number) => new Date(Math.ceil((Date.now() + hours * HOUR) / (15 * 60_000)) * 15 * 60_000).toISOString();
  const bounds = { startDate: quarterHourAhead(24), endDate: quarterHourAhead(24 * 90) };
  const targets: Record<Info['provider'], Record<string, unknown>> = {
    TRACKLY: { trackly: { name: 'Capability probe', audienceIds: ['665fa1b2c3d4e5f6a7b8c901'], variants: [{ message: 'Hi', percentAudience: 100 }] } },
    HEYMARKET: { heymarket: { inboxId: 413, text: 'Hi', recipient: { phoneNumber: '+14155553434' } } },
    BURKI: { burki: { campaignId: 1 } },
  };
  const FREQUENCY_FIELDS: Record<string, Record<string, unknown>> = { DAILY: {}, WEEKLY: { daysOfWeek: ['MONDAY'] }, MONTHLY: { dayOfMonth: 15 } };
  const recurrences = {
    ONE_TIME: () => ({ oneTime: { at: quarterHourAhead(48) } }),
    WEEKLY: () => ({ weekly: { days: ['MONDAY', 'THURSDAY'], time: '09:00', ...bounds } }),
    INTERVAL: (frequency: string, interval = 1) => ({ interval: { frequency, interval, time: '09:00', ...FREQUENCY_FIELDS[frequency], ...bounds } }),
  };
  const DRY = `mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { __typename ... on CreateScheduleSuccess { dryRun upstreamCalls { method } } ... on Error { message } } }`;

  async function attempt(provider: Info['provider'], recurrence: Record<string, unknown> | null): Promise<string> {
    const response = await gw.gql<{ createSchedule: { __typename: string; message?: string } }>(DRY, {
      input: { target: targets[provider], ...(recurrence ? { recurrence } : {}), dryRun: true },
    });
    expect(response.errors).toBeUndefined();
    return response.data!.createSchedule.__typename;
  }

  it('every advertised kind and frequency is accepted; everything else is refused as unsupported; no write is sent', async () => {
    const writes = () =>
      [gw.sandboxes.trackly, gw.sandboxes.heymarket, gw.sandboxes.burki].reduce((n, s) => n + s.requests.filter((r) => r.method !== 'GET').length, 0);
    const before = writes();
    const response = await gw.gql<{ providers: Info[] }>(
      `{ providers { provider mode recurrenceKinds intervalFrequencies maxInterval manualStart canList canPause } }`,
    );
    const infos = response.data!.providers;
    expect(infos.map((p) => [p.provider, p.mode])).toEqual([
      ['TRACKLY', 'SANDBOX'],
      ['HEYMARKET', 'SANDBOX'],
      ['BURKI', 'SANDBOX'],
    ]);

    for (const info of infos) {
      for (const kind of ['ONE_TIME', 'WEEKLY'] as const) {
        const result = await attempt(info.provider, recurrences[kind]());
        if (info.recurrenceKinds.includes(kind)) expect([info.provider, kind, result]).toEqual([info.provider, kind, 'CreateScheduleSuccess']);
        else expect([info.provider, kind, result]).toEqual([info.provider, kind, 'UnsupportedRecurrenceError']);
      }
      for (const frequency of ['DAILY', 'WEEKLY', 'MONTHLY']) {
        const advertised = info.recurrenceKinds.includes('INTERVAL') && info.intervalFrequencies.includes(frequency);
        const once = await attempt(info.provider, recurrences.INTERVAL(frequency));
        expect([info.provider, frequency, once]).toEqual([info.provider, frequency, advertised ? 'CreateScheduleSuccess' : 'UnsupportedRecurrenceError']);
        if (advertised) {
          const twice = await attempt(info.provider, recurrences.INTERVAL(frequency, 2));
          const allowed = info.maxInterval === null || info.maxInterval >= 2;
          expect([info.provider, frequency, 2, twice]).toEqual([info.provider, frequency, 2, allowed ? 'CreateScheduleSuccess' : 'UnsupportedRecurrenceError']);
        }
      }
      const manual = await attempt(info.provider, null);
      expect([info.provider, 'manual', manual === 'CreateScheduleSuccess']).toEqual([info.provider, 'manual', info.manualStart]);
    }
    expect(writes()).toBe(before);
  });

  it('canList matches: Trackly and Burki list, Heymarket cannot', async () => {
    const infos = (await gw.gql<{ providers: Info[] }>(`{ providers { provider canList canPause } }`)).data!.providers;
    for (const info of infos) {
      const response = await gw.gql(`{ schedules(provider: ${info.provider}, first: 1) { totalCount } }`);
      expect([info.provider, response.errors === undefined]).toEqual([info.provider, info.canList]);
    }
  });
});
