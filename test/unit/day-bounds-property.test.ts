/**
 * Issue 12, items 3, 4 and 6, as properties over generated zones and dates near DST transitions (fast-check):
 * the days the gateway sends upstream produce exactly the runs the gateway itself publishes (nextRuns /
 * previewRecurrence are both `nextOccurrences` of the unified recurrence).
 * - Item 3: Trackly's run set — every selected weekday from start_date to end_date, inclusive, at send_time
 *   (T2, with the DST rule) — equals the gateway's runs of the same recurrence, gap days included; and
 *   firstRunDay / lastRunDay are the exact first/last days whose run (as it happens) lies within the bound.
 * - Item 4: a one-time Trackly send is either refused (the instant is the second occurrence of a repeated
 *   wall-clock time) or sent as a send_date + send_time that reads back at exactly the instant asked for.
 * - Item 6: the bounds a client reads back, sent again unchanged with any other time, give the same days.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAYS_OF_WEEK, type DayOfWeek, type RecurrenceSpec } from '../../src/core/model.js';
import { nextOccurrences } from '../../src/core/occurrences.js';
import { recurrenceFromSpec } from '../../src/core/recurrence-rules.js';
import { Temporal, firstRunDay, formatInstant, lastRunDay, wallClockInstant } from '../../src/core/time.js';
import { fromTracklySchedule, toTracklyTiming, type TracklyTiming } from '../../src/providers/trackly/mapping.js';
import { TRACKLY_DAY_KEYS, type TracklySchedule } from '../../src/providers/trackly/native.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
/** Zones with gaps and overlaps of every kind: 1 h at 02:00, midnight switches, 30-minute DST, southern hemisphere. */
const ZONES = [
  'America/New_York',
  'Europe/Paris',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'America/Santiago',
  'America/Havana',
  'Pacific/Auckland',
  'Europe/London',
  'America/St_Johns',
  'Asia/Kolkata',
  'UTC',
];

const zoneArb = fc.constantFrom(...ZONES);
const timeArb = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45, 59))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const daysArb = fc.subarray([...DAYS_OF_WEEK], { minLength: 1 });

/** An instant within a few hours of one of the zone's DST transitions in 2027–2028 (or anywhere, for zones without). */
function nearTransition(zone: string, seedDay: number, offsetMinutes: number): Temporal.Instant {
  const from = Temporal.Instant.from('2027-01-01T00:00:00Z')
    .add({ hours: seedDay * 24 })
    .toZonedDateTimeISO(zone);
  const transition = from.getTimeZoneTransition('next');
  const base = transition && transition.year <= 2028 ? transition.toInstant() : from.toInstant();
  return base.add({ minutes: offsetMinutes });
}
const instantArb = (zone: fc.Arbitrary<string>) =>
  fc
    .tuple(zone, fc.integer({ min: 0, max: 700 }), fc.integer({ min: -26 * 60, max: 26 * 60 }), fc.integer({ min: 0, max: 59 }))
    .map(([z, day, minutes, seconds]) => ({ zone: z, instant: nearTransition(z, day, minutes).add({ seconds }) }));

/** Trackly's own runs for a repeating body (T2): each selected weekday from start_date to end_date, at send_time, with the DST rule. */
function tracklyRuns(timing: TracklyTiming, zone: string): string[] {
  const first = Temporal.PlainDate.from(timing.start_date!.slice(0, 10));
  const last = Temporal.PlainDate.from(timing.end_date!.slice(0, 10));
  const runs: string[] = [];
  for (let day = first; Temporal.PlainDate.compare(day, last) <= 0; day = day.add({ days: 1 })) {
    if (!timing.days_of_week![TRACKLY_DAY_KEYS[day.dayOfWeek - 1]!]) continue;
    const at = wallClockInstant(day.toString(), timing.send_time!, zone)!;
    // Runs are distinct instants (a gap-shifted run landing on the next one is one run, as in occurrences.ts).
    if (runs.at(-1) !== at) runs.push(at);
  }
  return runs;
}

function gatewayRuns(spec: RecurrenceSpec, zone: string): string[] {
  const recurrence = recurrenceFromSpec(spec, { defaultTimeZone: zone });
  return nextOccurrences(recurrence, { after: '2026-06-01T00:00:00Z', first: 100 }).map((run) => run.at!);
}

type WeeklySpec = Extract<RecurrenceSpec, { kind: 'WEEKLY' }>;

function weeklySpec(days: DayOfWeek[], time: string, start: Temporal.Instant, end: Temporal.Instant): WeeklySpec {
  return { kind: 'WEEKLY', days, time, timeZone: null, recipientLocalTime: false, startDate: formatInstant(start), endDate: formatInstant(end) };
}

/** The schedule Trackly stores for a body, as its GET would answer it (the documented object). */
function storedSchedule(timing: TracklyTiming): TracklySchedule {
  return {
    id: 'p',
    name: 'p',
    status: 'on',
    send_type: 'blast',
    is_repeating: timing.is_repeating ?? false,
    send_time: timing.send_time ?? '00:00',
    send_date: timing.send_date ?? null,
    start_date: timing.start_date ?? null,
    end_date: timing.end_date ?? null,
    days_of_week: timing.days_of_week ?? null,
    use_local_time: timing.use_local_time ?? false,
  };
}

describe('item 3: day bounds compare the run as it really happens', () => {
  it('firstRunDay / lastRunDay are the exact first and last days whose run lies within the bound', () => {
    fc.assert(
      fc.property(instantArb(zoneArb), timeArb, ({ zone, instant }, time) => {
        const bound = formatInstant(instant);
        const run = (day: Temporal.PlainDate) => Temporal.Instant.from(wallClockInstant(day.toString(), time, zone)!);
        const first = firstRunDay(bound, time, zone);
        expect(Temporal.Instant.compare(run(first), instant)).toBeGreaterThanOrEqual(0);
        expect(Temporal.Instant.compare(run(first.subtract({ days: 1 })), instant)).toBeLessThan(0);
        const last = lastRunDay(bound, time, zone);
        expect(Temporal.Instant.compare(run(last), instant)).toBeLessThanOrEqual(0);
        expect(Temporal.Instant.compare(run(last.add({ days: 1 })), instant)).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
  });

  it("Trackly's runs for the days sent equal the gateway's own runs (start and end near DST changes)", () => {
    fc.assert(
      fc.property(instantArb(zoneArb), fc.integer({ min: 0, max: 30 * 24 * 60 }), timeArb, daysArb, ({ zone, instant }, lengthMinutes, time, days) => {
        const spec = weeklySpec(days, time, instant, instant.add({ minutes: lengthMinutes + 1 }));
        const timing = toTracklyTiming(spec, zone);
        const expected = gatewayRuns(spec, zone);
        if (!timing.ok) {
          // Refused only when no run falls between the bounds.
          expect(timing.issues.map((i) => i.path.join('.'))).toEqual(['weekly.endDate']);
          expect(expected).toEqual([]);
          return;
        }
        expect(tracklyRuns(timing.value, zone)).toEqual(expected);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('item 4: a one-time Trackly send near fall-back', () => {
  it('is refused exactly when it is the second occurrence of its wall-clock time; otherwise it reads back at the instant asked for', () => {
    fc.assert(
      fc.property(instantArb(zoneArb), ({ zone, instant }) => {
        const at = formatInstant(instant.round({ smallestUnit: 'minute', roundingMode: 'floor' }));
        const timing = toTracklyTiming({ kind: 'ONE_TIME', at, timeZone: null }, zone);
        const local = Temporal.Instant.from(at).toZonedDateTimeISO(zone).toPlainDateTime();
        const earlier = local.toZonedDateTime(zone, { disambiguation: 'earlier' }).toInstant();
        const isSecond = !earlier.equals(Temporal.Instant.from(at));
        expect(timing.ok).toBe(!isSecond);
        if (!timing.ok) {
          expect(timing.issues[0]!.path).toEqual(['oneTime', 'at']);
          return;
        }
        const read = fromTracklySchedule(storedSchedule(timing.value), zone).recurrence;
        expect(read).toMatchObject({ kind: 'ONE_TIME', at });
        // And the gateway's own published run is that instant.
        expect(nextOccurrences(read!, { after: '2026-06-01T00:00:00Z', first: 1 }).map((r) => r.at)).toEqual([at]);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('item 6: read-then-write of the dates keeps the days', () => {
  it('the bounds read back, sent with any new time, give the same start_date/end_date; the read runs what was sent', () => {
    fc.assert(
      fc.property(
        instantArb(zoneArb),
        fc.integer({ min: 24 * 60, max: 60 * 24 * 60 }),
        timeArb,
        timeArb,
        daysArb,
        ({ zone, instant }, lengthMinutes, time, newTime, days) => {
          const spec = weeklySpec(days, time, instant, instant.add({ minutes: lengthMinutes }));
          const sent = toTracklyTiming(spec, zone);
          fc.pre(sent.ok);
          if (!sent.ok) return;
          const read = fromTracklySchedule(storedSchedule(sent.value), zone).recurrence;
          if (read?.kind !== 'WEEKLY') throw new Error('a repeating schedule reads back as weekly');
          // The schedule as read runs exactly what Trackly runs.
          expect(nextOccurrences(read, { after: '2026-06-01T00:00:00Z', first: 100 }).map((r) => r.at)).toEqual(tracklyRuns(sent.value, zone));
          const again = toTracklyTiming({ ...spec, time: newTime, startDate: read.startDate, endDate: read.endDate }, zone);
          expect(again.ok).toBe(true);
          if (!again.ok) return;
          expect([again.value.start_date, again.value.end_date]).toEqual([sent.value.start_date, sent.value.end_date]);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
