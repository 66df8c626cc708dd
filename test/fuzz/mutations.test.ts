/**
 * Bad input never crashes the gateway: fast-check generates > 10,000 inputs for the four mutations —
 * random recurrences (bad zones, times, dates, intervals, several @oneOf members at once), Trackly variants,
 * Heymarket recipients, Burki campaigns, global ids, huge strings, and wrong types sent as raw JSON
 * variables — and sends each over real HTTP to a gateway in front of the sandbox. Every answer must be a
 * typed result (success or an `Error` member with a message and a code) or GraphQL errors with messages:
 * never a 5xx, never "Unexpected error.".
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeScheduleId } from '../../src/core/global-id.js';
import { BURKI_SEED } from '../../src/providers/burki/sandbox/index.js';
import { HEYMARKET_SEED } from '../../src/providers/heymarket/sandbox/index.js';
import { TRACKLY_SEED } from '../../src/providers/trackly/sandbox/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2_600); // per property; 4 properties → 10,400 inputs
const SEED = Number(process.env.FUZZ_SEED ?? 20_270_314);
const CONCURRENCY = 8;

const RESULT = '__typename ... on Error { message code }';
const MUTATIONS = {
  create: `mutation Fuzz($input: CreateScheduleInput!) { r: createSchedule(input: $input) { ${RESULT} } }`,
  update: `mutation Fuzz($input: UpdateScheduleInput!) { r: updateSchedule(input: $input) { ${RESULT} } }`,
  delete: `mutation Fuzz($input: DeleteScheduleInput!) { r: deleteSchedule(input: $input) { ${RESULT} } }`,
  status: `mutation Fuzz($input: SetScheduleStatusInput!) { r: setScheduleStatus(input: $input) { ${RESULT} } }`,
} as const;
type MutationName = keyof typeof MUTATIONS;

interface Case {
  mutation: MutationName;
  variables: unknown;
}

// ---- generators -------------------------------------------------------------------------------------------

const hugeString = fc.oneof(
  fc.constant('x'.repeat(20_000)),
  fc.constant('é'.repeat(5_000)),
  fc.constant('\u0000\uFFFF\uD83D\uDE00'.repeat(500)),
  fc.string({ minLength: 1000, maxLength: 3000 }),
);
const anyString = fc.oneof(
  { weight: 6, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: hugeString },
);

const zone = fc.oneof(
  fc.constantFrom('UTC', 'America/New_York', 'Europe/Paris', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/Sao_Paulo', 'Etc/GMT+12'),
  fc.constantFrom('Mars/Olympus', 'utc', '+05:00', 'EST5EDT', 'America/New York', '', ' ', 'Europe/../Paris', 'GMT+25', 'a'.repeat(300)),
  anyString,
);
const validInstant = fc.date({ min: new Date('1969-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
const dateish = fc.oneof(
  { weight: 4, arbitrary: validInstant },
  { weight: 2, arbitrary: fc.constantFrom('2027-03-14T02:30:00-05:00', '2027-11-07T01:30:00-04:00', '2027-06-01T00:00:00+14:00', '2027-06-01T00:00:00-12:00') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '2027-02-30T00:00:00Z',
      '2027-13-01T00:00:00Z',
      '+275760-09-13T00:00:00Z',
      '-000001-01-01T00:00:00Z',
      '2027-06-01',
      '2027-06-01T25:00:00Z',
      'tomorrow',
      '',
      '0',
      'NaN',
      '2027-06-01T00:00:00.999999999Z',
    ),
  },
  { weight: 1, arbitrary: anyString },
);
const timeish = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
  fc.constantFrom('24:00', '23:60', '9:5', '12:00:00', '12:00:60', '-1:00', 'noon', '', '07:30 PM', '٠٩:٠٠'),
  anyString,
);
const days = fc.constantFrom('MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY');
// Well-typed values here (wrong types have their own properties below), so most inputs reach the resolvers.
const dayList = fc.array(days, { maxLength: 9 });
const int = fc.oneof(fc.integer({ min: -5, max: 40 }), fc.constantFrom(0, -1, 2_147_483_647, -2_147_483_648));
const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });

const oneTime = fc.record({ at: dateish, timeZone: opt(zone), recipientLocalTime: opt(fc.boolean()) }, { requiredKeys: ['at'] });
const weekly = fc.record(
  { days: dayList, time: timeish, timeZone: opt(zone), recipientLocalTime: opt(fc.boolean()), startDate: opt(dateish), endDate: opt(dateish) },
  { requiredKeys: ['days', 'time'] },
);
const interval = fc.record(
  {
    frequency: fc.constantFrom('DAILY', 'WEEKLY', 'MONTHLY'),
    interval: opt(int),
    daysOfWeek: opt(dayList),
    dayOfMonth: opt(int),
    time: timeish,
    timeZone: opt(zone),
    startDate: opt(dateish),
    endDate: opt(dateish),
  },
  { requiredKeys: ['frequency', 'time'] },
);
const recurrence = fc.oneof(
  { weight: 3, arbitrary: oneTime.map((v) => ({ oneTime: v })) },
  { weight: 3, arbitrary: weekly.map((v) => ({ weekly: v })) },
  { weight: 3, arbitrary: interval.map((v) => ({ interval: v })) },
  { weight: 1, arbitrary: fc.oneof(fc.record({ oneTime, weekly }), fc.constantFrom({}, null)) }, // breaks @oneOf
);

const T = TRACKLY_SEED;
const tracklyId = fc.oneof(fc.constantFrom(...Object.values(T.audiences)), anyString);
const offerId = fc.oneof(fc.constantFrom(...Object.values(T.offers)), anyString);
const percent = fc.oneof(fc.constantFrom(0, 50, 100, 33.3, 60, 40, -10, 101, 1e308), fc.double({ noNaN: true, noDefaultInfinity: true }));
const variant = fc.record(
  {
    name: opt(anyString),
    message: fc.oneof(anyString, fc.constantFrom('Sale {{link1}}', '{{', '{{link1}} {{link2}}')),
    percentAudience: percent,
    mmsImageUrl: opt(fc.oneof(fc.webUrl(), anyString)),
    offerLinks: opt(
      fc.array(
        fc.record(
          {
            key: fc.oneof(fc.constantFrom('link1', 'link2'), anyString),
            offerId,
            urlParams: opt(fc.array(fc.record({ key: anyString, value: anyString }), { maxLength: 3 })),
          },
          { requiredKeys: ['key', 'offerId'] },
        ),
        { maxLength: 3 },
      ),
    ),
  },
  { requiredKeys: ['message', 'percentAudience'] },
);
const status = fc.constantFrom('DRAFT', 'SCHEDULED', 'RUNNING', 'PAUSED', 'COMPLETED', 'ARCHIVED');
const tracklyTarget = fc.record(
  {
    name: anyString,
    sendType: opt(fc.constantFrom('BLAST', 'AUTOMATED')),
    audienceIds: fc.array(tracklyId, { maxLength: 4 }),
    sourceListIds: opt(fc.array(int, { maxLength: 3 })),
    status: opt(status),
    variants: opt(fc.array(variant, { maxLength: 5 })),
    skipWithinHours: opt(percent),
    filterBots: opt(fc.boolean()),
    isMms: opt(fc.boolean()),
    isCto: opt(fc.boolean()),
    automatedPercent: opt(percent),
    irRevenue: opt(percent),
  },
  { requiredKeys: ['name', 'audienceIds'] },
);
const phone = fc.oneof(fc.constantFrom('+14155550123', '+33612345678', '4155550123', '+1', '+999999999999999', 'abc', ''), anyString);
const heymarketTarget = fc.record(
  {
    inboxId: fc.oneof(fc.constantFrom(...Object.values(HEYMARKET_SEED.inboxes)), int),
    text: opt(anyString),
    recipient: fc.oneof(
      phone.map((phoneNumber) => ({ phoneNumber })),
      int.map((conversationId) => ({ conversationId })),
      int.map((listId) => ({ listId })),
      fc.record({ phoneNumber: phone, listId: int }).filter(() => Math.random() < 0.2), // breaks @oneOf
    ),
    localId: opt(anyString),
    userId: opt(int),
  },
  { requiredKeys: ['inboxId', 'recipient'] },
);
const burkiTarget = fc.record({
  campaignId: fc.oneof(fc.constantFrom(...(Object.values(BURKI_SEED) as unknown[]).filter((v): v is number => typeof v === 'number')), int),
});
const target = fc.oneof(
  { weight: 4, arbitrary: tracklyTarget.map((trackly) => ({ trackly })) },
  { weight: 2, arbitrary: heymarketTarget.map((heymarket) => ({ heymarket })) },
  { weight: 2, arbitrary: burkiTarget.map((burki) => ({ burki })) },
  {
    weight: 1,
    arbitrary: fc.record({ trackly: tracklyTarget, burki: burkiTarget }).map((both) => (both.trackly.name.length % 4 === 0 ? both : { burki: both.burki })),
  },
);

const scheduleId = fc.oneof(
  fc.constantFrom(...Object.values(T.schedules)).map((id) => encodeScheduleId('TRACKLY', id)),
  fc.constantFrom(...Object.values(HEYMARKET_SEED.schedules)).map((id) => encodeScheduleId('HEYMARKET', String(id))),
  fc
    .constantFrom(...(Object.values(BURKI_SEED) as unknown[]).filter((v): v is number => typeof v === 'number'))
    .map((id) => encodeScheduleId('BURKI', String(id))),
  fc.tuple(fc.constantFrom('TRACKLY' as const, 'HEYMARKET' as const, 'BURKI' as const), anyString).map(([provider, id]) => encodeScheduleId(provider, id)),
  fc.constantFrom('', 'U2NoZWR1bGU6', 'Schedule:TRACKLY:x', '!!!', '=='),
  anyString,
  fc.string({ maxLength: 30 }).map((s) => Buffer.from(s).toString('base64')),
);

const createCase = fc
  .record({ target, recurrence: opt(recurrence), dryRun: opt(fc.boolean()) }, { requiredKeys: ['target'] })
  .map((input): Case => ({ mutation: 'create', variables: { input } }));

const patch = fc.oneof(
  tracklyTarget.map((trackly) => ({ trackly: { ...trackly, audienceIds: undefined } })),
  heymarketTarget.map((heymarket) => ({ heymarket })),
  fc.constant({ burki: { campaignId: 1 } }),
  fc.constant({}),
);
const otherCase = fc.oneof(
  fc
    .record(
      { id: scheduleId, recurrence: opt(fc.oneof(recurrence, fc.constant(null))), patch: opt(patch), dryRun: opt(fc.boolean()) },
      { requiredKeys: ['id'] },
    )
    .map((input): Case => ({ mutation: 'update', variables: { input } })),
  fc.record({ id: scheduleId }).map((input): Case => ({ mutation: 'delete', variables: { input: { ...input, dryRun: true } } })),
  fc
    .record({ id: scheduleId, status, dryRun: opt(fc.boolean()) }, { requiredKeys: ['id', 'status'] })
    .map((input): Case => ({ mutation: 'status', variables: { input } })),
);

/** A well-typed case with one value somewhere replaced by an arbitrary JSON value: wrong types. */
function replaceAt(value: unknown, path: number[], replacement: unknown): unknown {
  if (path.length === 0 || value === null || typeof value !== 'object') return replacement;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return replacement;
  const [head, ...rest] = path;
  const index = (head ?? 0) % entries.length;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) };
  const key = entries[index]![0];
  (copy as Record<string, unknown>)[key] = replaceAt(entries[index]![1], rest, replacement);
  return copy;
}
const wrongTypeCase = fc
  .tuple(
    fc.oneof(createCase, otherCase),
    fc.array(fc.nat(20), { minLength: 1, maxLength: 6 }),
    fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(null, 1e308, -0, true, '', [], {})),
  )
  .map(([base, path, replacement]): Case => ({ mutation: base.mutation, variables: replaceAt(base.variables, path, replacement) }));
const rawJsonCase = fc
  .tuple(
    fc.constantFrom(...(Object.keys(MUTATIONS) as MutationName[])),
    fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.record({ input: fc.jsonValue({ maxDepth: 4 }) })),
  )
  .map(([mutation, variables]): Case => ({ mutation, variables }));

// ---- the check ----------------------------------------------------------------------------------------------

let gw: TestGateway;
const problems: Array<{ case: Case; status: number; body: string; why: string }> = [];
let sent = 0;
/** What came back, by HTTP status and result type: shows the generators reach past validation. */
const outcomes = new Map<string, number>();
const upstreamErrors = new Map<string, string>();

interface Answer {
  data?: { r?: { __typename?: string; message?: string; code?: string } | null } | null;
  errors?: Array<{ message?: unknown }>;
}

function problemWith(status: number, text: string): string | null {
  if (status >= 500) return `HTTP ${status}`;
  let body: Answer;
  try {
    body = JSON.parse(text) as Answer;
  } catch {
    return 'body is not JSON';
  }
  if (text.includes('Unexpected error')) return 'an unexpected (masked) error';
  for (const error of body.errors ?? []) if (typeof error.message !== 'string' || error.message.length === 0) return 'an error without a message';
  const result = body.data?.r;
  if (result) {
    if (!result.__typename) return 'a result without __typename';
    if (!result.__typename.endsWith('Success') && (!result.message || !result.code)) return `a typed error without message or code (${result.__typename})`;
  } else if (!body.errors?.length) {
    return 'neither a result nor errors';
  }
  if (status !== 200 && !body.errors?.length) return `HTTP ${status} without errors`;
  return null;
}

async function send(testCase: Case): Promise<void> {
  let body: string;
  try {
    body = JSON.stringify({ query: MUTATIONS[testCase.mutation], variables: testCase.variables });
  } catch {
    return;
  }
  const response = await fetch(gw.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
    body,
  });
  const text = await response.text();
  sent += 1;
  const why = problemWith(response.status, text);
  const typename = /"__typename":"(\w+)"/.exec(text)?.[1] ?? 'errors';
  const outcome = `${response.status} ${typename}`;
  outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  if (typename === 'UpstreamError' && upstreamErrors.size < 10) {
    const message = /"message":"([^"]*)"/.exec(text)?.[1] ?? text;
    upstreamErrors.set(message.replace(/\d+/g, 'N').slice(0, 160), JSON.stringify(testCase.variables).slice(0, 400));
  }
  if (why && problems.length < 50) problems.push({ case: testCase, status: response.status, body: text.slice(0, 500), why });
}

async function run(arbitrary: fc.Arbitrary<Case>, seed: number): Promise<void> {
  const cases = fc.sample(arbitrary, { numRuns: RUNS, seed });
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < cases.length) {
        const testCase = cases[next++]!;
        await send(testCase);
      }
    }),
  );
}

function report(): string {
  return problems.map((p) => `${p.why} [HTTP ${p.status}] ${JSON.stringify(p.case).slice(0, 600)}\n  → ${p.body}`).join('\n\n');
}

beforeAll(async () => {
  gw = await startTestGateway({ env: { HEYMARKET_REQUESTS_PER_MINUTE: '500', UPSTREAM_RETRIES: '0', GATEWAY_MAX_BODY_BYTES: '200000' } });
}, 30_000);
afterAll(async () => {
  console.log(`fuzz: ${sent} requests; outcomes ${JSON.stringify(Object.fromEntries([...outcomes].sort((a, b) => b[1] - a[1])))}`);
  if (process.env.FUZZ_VERBOSE) for (const [message, input] of upstreamErrors) console.log(`UpstreamError: ${message}\n  for ${input}`);
  await gw.close();
});

describe(`fuzz: ${RUNS * 4} generated inputs over HTTP`, () => {
  it('createSchedule with generated targets and recurrences', async () => {
    await run(createCase, SEED);
    expect(problems, report()).toEqual([]);
  }, 120_000);

  it('updateSchedule, deleteSchedule, setScheduleStatus with generated ids, patches and statuses', async () => {
    await run(otherCase, SEED + 1);
    expect(problems, report()).toEqual([]);
  }, 120_000);

  it('wrong types anywhere in otherwise valid inputs', async () => {
    await run(wrongTypeCase, SEED + 2);
    expect(problems, report()).toEqual([]);
  }, 120_000);

  it('raw JSON variables of any shape', async () => {
    await run(rawJsonCase, SEED + 3);
    expect(problems, report()).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(RUNS * 4 - 50);
  }, 120_000);
});
