/**
 * The sending-window policy (src/core/sending-window.ts) held to its one-line definition by generated cases:
 * a run is flagged iff its local time in some zone of the set is outside that zone's window. The expected
 * verdict is computed here with Temporal's own zone conversion, not with the module's Intl fast path, over
 * zones with odd offsets and DST rules (India +05:30, Newfoundland −03:30/−02:30, Lord Howe's 30-minute DST,
 * Chatham +12:45/+13:45, the southern hemisphere). Plus the configuration's own rules.
 */
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import type { DayOfWeek, Recurrence } from '../../src/core/model.js';
import { DAYS_OF_WEEK } from '../../src/core/model.js';
import { nextOccurrences, type Occurrence } from '../../src/core/occurrences.js';
import {
  DEFAULT_AUDIENCE_ZONES,
  checkSendingWindow,
  isRunOutside,
  judgeRun,
  parseWindow,
  runsToCheck,
  type SendingWindowPolicy,
} from '../../src/core/sending-window.js';

const ZONES = [
  'UTC',
  'America/New_York',
  'America/Los_Angeles',
  'America/Phoenix',
  'America/Anchorage',
  'America/St_Johns',
  'Pacific/Honolulu',
  'Europe/Paris',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'America/Sao_Paulo',
] as const;

const minuteOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

const windowArb = fc
  .tuple(fc.integer({ min: 0, max: 24 * 60 - 1 }), fc.integer({ min: 1, max: 24 * 60 }))
  .map(([a, b]) => ({ start: Math.min(a, b - 1), end: Math.max(a + 1, b) }))
  .filter((w) => w.start < w.end && w.end <= 24 * 60);

interface GeneratedPolicy {
  window: { start: number; end: number };
  zones: string[];
  regional: { zones: string[]; window: { start: number; end: number } } | null;
}

const policyArb: fc.Arbitrary<GeneratedPolicy> = fc.record({
  window: windowArb,
  zones: fc.uniqueArray(fc.constantFrom(...ZONES), { minLength: 1, maxLength: 5 }),
  // A second, narrower rule for some zones: the first rule that names a zone wins.
  regional: fc.option(fc.record({ zones: fc.uniqueArray(fc.constantFrom(...ZONES), { minLength: 1, maxLength: 3 }), window: windowArb }), { nil: null }),
});

function policyOf(p: GeneratedPolicy): SendingWindowPolicy {
  return {
    mode: 'warn',
    rules: [...(p.regional ? [{ zones: p.regional.zones, window: p.regional.window }] : []), { zones: null, window: p.window }],
    audienceZones: p.zones,
  };
}

/** The window of a zone, read from the generated rules by the same first-match rule the docs state. */
function expectedWindow(p: GeneratedPolicy, zone: string) {
  return p.regional && p.regional.zones.includes(zone) ? p.regional.window : p.window;
}

const timeArb = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45, 59)).map(([h, m]) => hhmm(h * 60 + m));
const dayArb = fc.uniqueArray(fc.constantFrom<DayOfWeek>(...DAYS_OF_WEEK), { minLength: 1, maxLength: 7 });
const afterArb = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2029, 11, 31) }).map((ms) => new Date(ms).toISOString());

const recurrenceArb: fc.Arbitrary<Recurrence> = fc.oneof(
  fc.record({ days: dayArb, time: timeArb, zone: fc.constantFrom(...ZONES), local: fc.boolean() }).map(
    ({ days, time, zone, local }): Recurrence => ({
      kind: 'WEEKLY',
      days,
      time,
      timeZone: local ? null : zone,
      recipientLocalTime: local,
      startDate: null,
      endDate: null,
    }),
  ),
  fc.record({ time: timeArb, zone: fc.constantFrom(...ZONES), interval: fc.integer({ min: 1, max: 3 }) }).map(
    ({ time, zone, interval }): Recurrence => ({
      kind: 'INTERVAL',
      frequency: 'DAILY',
      interval,
      daysOfWeek: null,
      dayOfMonth: null,
      time,
      timeZone: zone,
      recipientLocalTime: false,
      startDate: '2026-01-01T00:00:00Z',
      endDate: null,
    }),
  ),
);

/** Temporal's verdict: outside iff some zone's local time is outside that zone's window. */
function temporalOutside(p: GeneratedPolicy, run: Occurrence): boolean {
  return p.zones.some((zone) => {
    const local =
      run.at === null
        ? run.localDateTime.slice(11, 16)
        : Temporal.Instant.from(run.at).toZonedDateTimeISO(zone).toPlainTime().toString({ smallestUnit: 'minute' });
    const window = expectedWindow(p, zone);
    return minuteOf(local) < window.start || minuteOf(local) >= window.end;
  });
}

describe('a run is flagged iff its local time in some zone of the set is outside the window', () => {
  it('holds for generated windows, zone sets, regional rules and recurrences (Temporal as the oracle)', () => {
    fc.assert(
      fc.property(policyArb, recurrenceArb, afterArb, (p, recurrence, after) => {
        const policy = policyOf(p);
        for (const run of nextOccurrences(recurrence, { after, first: 12 })) {
          const expected = temporalOutside(p, run);
          expect(judgeRun(policy, run, p.zones).length > 0).toBe(expected);
          expect(isRunOutside(policy, run, p.zones)).toBe(expected);
          expect(isRunOutside({ ...policy, mode: 'off' }, run, p.zones)).toBe(false);
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 100) },
    );
  });

  it('the whole-schedule check counts exactly the flagged runs, and is silent iff none is', () => {
    fc.assert(
      fc.property(policyArb, recurrenceArb, afterArb, (p, recurrence, after) => {
        const policy = policyOf(p);
        const bounded: Recurrence =
          recurrence.kind === 'ONE_TIME' ? recurrence : { ...recurrence, endDate: new Date(Date.parse(after) + 40 * 86_400_000).toISOString() };
        const runs = runsToCheck(bounded, after);
        const flagged = runs.filter((run) => temporalOutside(p, run)).length;
        const report = checkSendingWindow(policy, { recurrence: bounded, recipients: { kind: 'AUDIENCE' } }, after);
        if (flagged === 0) expect(report).toBeNull();
        else {
          expect(report?.runsOutside).toBe(flagged);
          expect(report?.runsChecked).toBe(runs.length);
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 60) },
    );
  });
});

describe('what is checked', () => {
  const daily = (endDate: string | null): Recurrence => ({
    kind: 'INTERVAL',
    frequency: 'DAILY',
    interval: 1,
    daysOfWeek: null,
    dayOfMonth: null,
    time: '10:00',
    timeZone: 'America/New_York',
    recipientLocalTime: false,
    startDate: '2027-01-01T00:00:00Z',
    endDate,
  });

  it('an open-ended schedule: the 12 months from its first run', () => {
    const runs = runsToCheck(daily(null), '2026-12-01T00:00:00Z');
    expect(runs[0]!.localDateTime).toBe('2027-01-01T10:00:00');
    expect(runs.at(-1)!.localDateTime).toBe('2027-12-31T10:00:00');
    expect(runs).toHaveLength(365);
  });

  it('with an end date: every run up to it, at most 1,000', () => {
    expect(runsToCheck(daily('2027-01-10T23:00:00Z'), '2026-12-01T00:00:00Z')).toHaveLength(10);
    expect(runsToCheck(daily('2031-01-01T00:00:00Z'), '2026-12-01T00:00:00Z')).toHaveLength(1000);
  });

  it('a run at the window start is inside, one at its end is outside', () => {
    const policy: SendingWindowPolicy = { mode: 'warn', rules: [{ zones: null, window: parseWindow('08:00-21:00')! }], audienceZones: ['America/New_York'] };
    const run = (at: string): Occurrence => ({ at, localDateTime: '', timeZone: 'UTC' });
    expect(isRunOutside(policy, run('2027-01-15T13:00:00Z'), ['America/New_York'])).toBe(false); // 08:00 EST
    expect(isRunOutside(policy, run('2027-01-15T12:59:00Z'), ['America/New_York'])).toBe(true); // 07:59
    expect(isRunOutside(policy, run('2027-01-16T01:59:00Z'), ['America/New_York'])).toBe(false); // 20:59
    expect(isRunOutside(policy, run('2027-01-16T02:00:00Z'), ['America/New_York'])).toBe(true); // 21:00
  });
});

describe('configuration', () => {
  it('defaults to warn, 08:00-21:00 and the US zones from New York to Honolulu', () => {
    const { sendingWindow } = loadConfig({});
    expect(sendingWindow.mode).toBe('warn');
    expect(sendingWindow.rules).toEqual([{ zones: null, window: { start: 8 * 60, end: 21 * 60 } }]);
    expect(sendingWindow.audienceZones).toEqual([...DEFAULT_AUDIENCE_ZONES]);
    expect(sendingWindow.audienceZones).toContain('America/Anchorage');
    expect(sendingWindow.audienceZones).toContain('Pacific/Honolulu');
  });

  it('reads the policy, the window and the zones', () => {
    const { sendingWindow } = loadConfig({
      SENDING_WINDOW_POLICY: 'ENFORCE',
      SENDING_WINDOW: '09:30-20:00',
      SENDING_WINDOW_ZONES: 'Europe/Paris, Europe/Paris,Asia/Kolkata',
    });
    expect(sendingWindow.mode).toBe('enforce');
    expect(sendingWindow.rules[0]!.window).toEqual({ start: 9 * 60 + 30, end: 20 * 60 });
    expect(sendingWindow.audienceZones).toEqual(['Europe/Paris', 'Asia/Kolkata']);
  });

  it.each([
    ['SENDING_WINDOW_POLICY', 'sometimes'],
    ['SENDING_WINDOW', '21:00-08:00'],
    ['SENDING_WINDOW', '8-21'],
    ['SENDING_WINDOW', '08:00-25:00'],
    ['SENDING_WINDOW_ZONES', 'America/New_York,Mars/Olympus_Mons'],
    ['SENDING_WINDOW_ZONES', '+05:00'],
  ])('refuses %s=%s with one line naming the variable', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrow(new RegExp(`^${variable}:`));
  });
});
