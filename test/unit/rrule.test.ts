import fc from 'fast-check';
import * as rruleModule from 'rrule';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { DayOfWeek, IntervalRecurrence, WeeklyRecurrence } from '../../src/core/model.js';
import { DAYS_OF_WEEK } from '../../src/core/model.js';
import { nextOccurrences } from '../../src/core/occurrences.js';
import { toRRule } from '../../src/core/rrule.js';
import { intervalOf, weeklyOf } from '../support/recurrences.js';

// rrule ships a UMD bundle as `main`: Node's ESM loader exposes it only as a default export, Vite as named ones.
type RRuleLib = typeof rruleModule;
const lib: RRuleLib = typeof rruleModule.rrulestr === 'function' ? rruleModule : (rruleModule as unknown as { default: RRuleLib }).default;

const weekly = (overrides: Partial<WeeklyRecurrence> = {}): WeeklyRecurrence =>
  weeklyOf({ days: ['MONDAY', 'THURSDAY'], timeZone: 'America/New_York', ...overrides });

const interval = (overrides: Partial<IntervalRecurrence> = {}): IntervalRecurrence => intervalOf({ ...overrides });

describe('toRRule: exact text', () => {
  it('weekly in a zone: DTSTART is the first run on/after the start, UNTIL in UTC (truncated to the second)', () => {
    // 2026-03-04T00:00Z is Tuesday 2026-03-03 19:00 in New York: the first Monday/Thursday run is Thursday 03-05.
    const rec = weekly({ startDate: '2026-03-04T00:00:00Z', endDate: '2026-06-30T23:59:59.500Z' });
    expect(toRRule(rec)).toBe(
      'DTSTART;TZID=America/New_York:20260305T090000\n' + 'RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,TH;BYHOUR=9;BYMINUTE=0;BYSECOND=0;UNTIL=20260630T235959Z',
    );
  });

  it('interval weekly: WKST=MO and BYDAY in Monday-first order', () => {
    const rec = interval({
      frequency: 'WEEKLY',
      interval: 2,
      daysOfWeek: ['THURSDAY', 'MONDAY'],
      time: '17:45',
      timeZone: 'Europe/Paris',
      startDate: '2026-01-07T00:00:00Z',
    });
    expect(toRRule(rec)).toBe(
      'DTSTART;TZID=Europe/Paris:20260108T174500\n' + 'RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;BYHOUR=17;BYMINUTE=45;BYSECOND=0;WKST=MO',
    );
  });

  it('monthly: BYMONTHDAY, DTSTART on the first month that has the day', () => {
    const rec = interval({
      frequency: 'MONTHLY',
      interval: 1,
      dayOfMonth: 31,
      time: '08:00',
      timeZone: 'Asia/Kolkata',
      startDate: '2026-04-01T00:00:00Z',
      endDate: '2026-12-31T00:00:00Z',
    });
    expect(toRRule(rec)).toBe(
      'DTSTART;TZID=Asia/Kolkata:20260531T080000\n' + 'RRULE:FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=31;BYHOUR=8;BYMINUTE=0;BYSECOND=0;UNTIL=20261231T000000Z',
    );
  });

  it('daily: the start-day run is skipped when it is before the start instant', () => {
    const rec = interval({ interval: 3, startDate: '2026-01-01T10:00:00Z' });
    expect(toRRule(rec)).toBe('DTSTART;TZID=UTC:20260104T090000\nRRULE:FREQ=DAILY;INTERVAL=3;BYHOUR=9;BYMINUTE=0;BYSECOND=0');
  });

  it('recipient-local: floating DTSTART and floating UNTIL', () => {
    const rec = weekly({
      timeZone: null,
      recipientLocalTime: true,
      days: ['FRIDAY'],
      time: '12:00',
      startDate: '2026-05-01T00:00:00Z',
      endDate: '2026-08-01T00:00:00Z',
    });
    expect(toRRule(rec)).toBe('DTSTART:20260501T120000\n' + 'RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=FR;BYHOUR=12;BYMINUTE=0;BYSECOND=0;UNTIL=20260801T000000');
  });

  it('no startDate: DTSTART is the first run after `after`', () => {
    const rec = weekly({ days: ['SUNDAY'] });
    expect(toRRule(rec, { after: '2026-03-08T13:00:00Z' })).toBe(
      'DTSTART;TZID=America/New_York:20260315T090000\n' + 'RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=SU;BYHOUR=9;BYMINUTE=0;BYSECOND=0',
    );
  });

  it('a DST-gap time keeps its nominal wall-clock in DTSTART (RFC 5545 shifts it, as nextOccurrences does)', () => {
    const rec = interval({ time: '02:30', timeZone: 'America/New_York', startDate: '2026-03-08T05:00:00Z' });
    expect(toRRule(rec).split('\n')[0]).toBe('DTSTART;TZID=America/New_York:20260308T023000');
  });

  it('a rule that never runs still has a DTSTART (the anchor date at the time)', () => {
    const rec = interval({ frequency: 'MONTHLY', interval: 12, dayOfMonth: 31, startDate: '2026-04-10T00:00:00Z' });
    expect(toRRule(rec).split('\n')[0]).toBe('DTSTART;TZID=UTC:20260410T090000');
  });
});

// ---------------------------------------------------------------------------------------------------------
// Property: nextOccurrences and rrule.js's expansion of toRRule agree on the wall-clock date-times of runs.
// ---------------------------------------------------------------------------------------------------------

const ZONES = ['America/New_York', 'Europe/Paris', 'Asia/Kolkata', 'Australia/Sydney', 'UTC'] as const;
/** Hours avoiding 02:00–02:59, where the listed zones' spring-forward gaps are (rrule.js does not shift them). */
const HOURS = [0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23];
const N = 25;
const MINUTES_2025 = Date.UTC(2025, 0, 1) / 60_000;
const MINUTES_2029 = Date.UTC(2029, 0, 1) / 60_000;

const instantArb = fc.integer({ min: MINUTES_2025, max: MINUTES_2029 }).map((minutes) => Temporal.Instant.fromEpochMilliseconds(minutes * 60_000));
const daysArb = fc.subarray([...DAYS_OF_WEEK] as DayOfWeek[], { minLength: 1 });
const timeArb = fc
  .tuple(fc.constantFrom(...HOURS), fc.constantFrom(0, 15, 30, 45, 59))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const basisArb = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...ZONES).map((zone) => ({ timeZone: zone as string | null, recipientLocalTime: false })) },
  { weight: 1, arbitrary: fc.constant({ timeZone: null as string | null, recipientLocalTime: true }) },
);
const boundsArb = fc
  .record({
    start: fc.option(instantArb, { nil: null }),
    endAfterDays: fc.option(fc.integer({ min: 0, max: 800 }), { nil: null }),
    endMinute: fc.integer({ min: 0, max: 1439 }),
  })
  .map(({ start, endAfterDays, endMinute }) => {
    const base = start ?? Temporal.Instant.fromEpochMilliseconds(Date.UTC(2025, 0, 1));
    const end = endAfterDays === null ? null : base.add({ hours: endAfterDays * 24, minutes: endMinute });
    return { startDate: start?.toString() ?? null, endDate: end?.toString() ?? null };
  });

const recurrenceArb: fc.Arbitrary<WeeklyRecurrence | IntervalRecurrence> = fc.oneof(
  fc
    .record({ days: daysArb, time: timeArb, basis: basisArb, bounds: boundsArb })
    .map(({ days, time, basis, bounds }): WeeklyRecurrence => ({ kind: 'WEEKLY', days, time, ...basis, ...bounds })),
  fc
    .record({
      frequency: fc.constantFrom('DAILY' as const, 'WEEKLY' as const, 'MONTHLY' as const),
      interval: fc.integer({ min: 1, max: 4 }),
      days: daysArb,
      dayOfMonth: fc.integer({ min: 1, max: 31 }),
      time: timeArb,
      zone: fc.constantFrom(...ZONES),
      bounds: boundsArb,
    })
    .map(
      ({ frequency, interval: every, days, dayOfMonth, time, zone, bounds }): IntervalRecurrence => ({
        kind: 'INTERVAL',
        frequency,
        interval: every,
        daysOfWeek: frequency === 'WEEKLY' ? days : null,
        dayOfMonth: frequency === 'MONTHLY' ? dayOfMonth : null,
        time,
        timeZone: zone,
        recipientLocalTime: false,
        ...bounds,
      }),
    ),
);

/** rrule.js's "floating" Date: its UTC fields are the wall-clock fields. */
function floatingToPlain(date: Date): Temporal.PlainDateTime {
  return Temporal.PlainDateTime.from(date.toISOString().slice(0, 19));
}

/**
 * rrule.js's expansion of an RFC 5545 text, as wall-clock date-times of runs strictly after `after`.
 *
 * Two rrule.js behaviours are worked around, both RFC 5545 deviations of rrule.js rather than of our text:
 * - with a TZID it "rezones" results into the process's zone; we drop the TZID and expand floating, which
 *   yields exactly the wall-clock date-times in the rule's zone (what a calendar renders);
 * - it compares UNTIL (a UTC instant, as RFC 5545 requires with a TZID) against floating wall-clock values,
 *   so in a non-UTC zone it cuts off at the wrong instant; we drop UNTIL and apply it to the resolved instants.
 * Instants are resolved per RFC 5545 3.3.5 (gap → shifted by the gap, overlap → first occurrence).
 */
function rruleWallClock(text: string, zone: string | null, after: Temporal.Instant, limit: number): string[] {
  const parsed = lib.rrulestr(text);
  const options = parsed.origOptions;
  const until = options.until ? Temporal.Instant.fromEpochMilliseconds(options.until.getTime()) : null;
  const readZone = zone ?? 'UTC';
  if (zone !== null) expect(options.tzid).toBe(zone);
  const floating = new lib.RRule({ ...options, tzid: null, until: null });
  const out: string[] = [];
  let scanned = 0;
  floating.all((date) => {
    scanned += 1;
    const plain = floatingToPlain(date);
    const instant = plain.toZonedDateTime(readZone, { disambiguation: 'compatible' }).toInstant();
    if (until && Temporal.Instant.compare(instant, until) > 0) return false;
    if (Temporal.Instant.compare(instant, after) > 0) out.push(plain.toString({ smallestUnit: 'second' }));
    return out.length < limit && scanned < 20_000;
  });
  return out.slice(0, limit);
}

function ourWallClock(rec: WeeklyRecurrence | IntervalRecurrence, after: Temporal.Instant, limit: number): string[] {
  return nextOccurrences(rec, { after: after.toString(), first: limit }).map((occurrence) => {
    if (occurrence.at === null) return occurrence.localDateTime;
    const wall = Temporal.Instant.from(occurrence.at)
      .toZonedDateTimeISO(occurrence.timeZone ?? 'UTC')
      .toPlainDateTime()
      .toString({ smallestUnit: 'second' });
    expect(wall).toBe(occurrence.localDateTime);
    return wall;
  });
}

describe('toRRule ⇔ nextOccurrences (property, cross-checked with rrule.js)', () => {
  it('the first runs agree with rrule.js for generated weekly / interval recurrences', () => {
    fc.assert(
      fc.property(recurrenceArb, instantArb, (rec, after) => {
        const text = toRRule(rec, { after: after.toString() });
        const ours = ourWallClock(rec, after, N);
        const theirs = rruleWallClock(text, rec.recipientLocalTime ? null : rec.timeZone, after, N);
        expect(ours, text).toEqual(theirs);
      }),
      { numRuns: 400 },
    );
  });

  it('rrule.js with UNTIL kept agrees too when its (floating) UNTIL reading is right: UTC and recipient-local', () => {
    const cases: Array<WeeklyRecurrence | IntervalRecurrence> = [
      interval({ interval: 2, startDate: '2026-01-01T00:00:00Z', endDate: '2026-01-09T09:00:00Z' }),
      weekly({ timeZone: null, recipientLocalTime: true, startDate: '2026-01-01T00:00:00Z', endDate: '2026-01-15T09:00:00Z' }),
    ];
    for (const rec of cases) {
      const after = '2025-12-01T00:00:00Z';
      const all = lib.rrulestr(toRRule(rec, { after })).all();
      expect(all.map((d) => floatingToPlain(d).toString({ smallestUnit: 'second' }))).toEqual(
        nextOccurrences(rec, { after, first: 100 }).map((o) => o.localDateTime),
      );
    }
  });
});
