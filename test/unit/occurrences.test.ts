import { describe, expect, it } from 'vitest';
import type { IntervalRecurrence, OneTimeRecurrence, WeeklyRecurrence } from '../../src/core/model.js';
import { DST_RULE, MAX_OCCURRENCES, MONTH_END_RULE, nextOccurrences } from '../../src/core/occurrences.js';
import { intervalOf, weeklyOf } from '../support/recurrences.js';

const weekly = (overrides: Partial<WeeklyRecurrence> = {}): WeeklyRecurrence => weeklyOf({ days: ['SUNDAY'], timeZone: 'America/New_York', ...overrides });

const interval = (overrides: Partial<IntervalRecurrence> = {}): IntervalRecurrence => intervalOf({ timeZone: 'America/New_York', ...overrides });

const ats = (list: ReturnType<typeof nextOccurrences>) => list.map((o) => o.at);
const locals = (list: ReturnType<typeof nextOccurrences>) => list.map((o) => o.localDateTime);

describe('nextOccurrences: basics', () => {
  it('returns nothing for first = 0 or negative, and caps first at 100', () => {
    expect(nextOccurrences(weekly(), { after: '2026-01-01T00:00:00Z', first: 0 })).toEqual([]);
    expect(nextOccurrences(weekly(), { after: '2026-01-01T00:00:00Z', first: -3 })).toEqual([]);
    const many = nextOccurrences(interval(), { after: '2026-01-01T00:00:00Z', first: 5000 });
    expect(many).toHaveLength(MAX_OCCURRENCES);
    expect(MAX_OCCURRENCES).toBe(100);
  });

  it('exports the rule strings', () => {
    expect(MONTH_END_RULE).toMatch(/skipped/);
    expect(MONTH_END_RULE).toMatch(/BYMONTHDAY/);
    expect(DST_RULE).toMatch(/03:30/);
    expect(DST_RULE).toMatch(/first occurrence/);
  });
});

describe('nextOccurrences: ONE_TIME', () => {
  const oneTime: OneTimeRecurrence = {
    kind: 'ONE_TIME',
    at: '2026-06-01T13:00:00Z',
    localDateTime: '2026-06-01T09:00:00',
    timeZone: 'America/New_York',
    recipientLocalTime: false,
  };

  it('gives its single run when it is after `after`', () => {
    expect(nextOccurrences(oneTime, { after: '2026-05-01T00:00:00Z', first: 10 })).toEqual([
      { at: '2026-06-01T13:00:00Z', localDateTime: '2026-06-01T09:00:00', timeZone: 'America/New_York' },
    ]);
  });

  it('gives nothing when the run is at or before `after` (strictly after)', () => {
    expect(nextOccurrences(oneTime, { after: '2026-06-01T13:00:00Z', first: 10 })).toEqual([]);
    expect(nextOccurrences(oneTime, { after: '2026-07-01T00:00:00Z', first: 10 })).toEqual([]);
  });

  it('recipient-local: at null, wall-clock compared as UTC', () => {
    const local: OneTimeRecurrence = { ...oneTime, timeZone: null, recipientLocalTime: true };
    expect(nextOccurrences(local, { after: '2026-06-01T08:59:59Z', first: 1 })).toEqual([{ at: null, localDateTime: '2026-06-01T09:00:00', timeZone: null }]);
    expect(nextOccurrences(local, { after: '2026-06-01T09:00:00Z', first: 1 })).toEqual([]);
  });
});

describe('nextOccurrences: WEEKLY', () => {
  it('runs every listed day at the time, in Monday-first order within a week', () => {
    const rec = weekly({ days: ['THURSDAY', 'MONDAY'], time: '10:15', timeZone: 'UTC' });
    expect(ats(nextOccurrences(rec, { after: '2026-05-05T00:00:00Z', first: 4 }))).toEqual([
      '2026-05-07T10:15:00Z',
      '2026-05-11T10:15:00Z',
      '2026-05-14T10:15:00Z',
      '2026-05-18T10:15:00Z',
    ]);
  });

  it('keeps 09:00 wall-clock across the America/New_York spring-forward (2026-03-08)', () => {
    const list = nextOccurrences(weekly(), { after: '2026-02-28T00:00:00Z', first: 3 });
    expect(ats(list)).toEqual(['2026-03-01T14:00:00Z', '2026-03-08T13:00:00Z', '2026-03-15T13:00:00Z']);
    expect(locals(list)).toEqual(['2026-03-01T09:00:00', '2026-03-08T09:00:00', '2026-03-15T09:00:00']);
    expect(list.every((o) => o.timeZone === 'America/New_York')).toBe(true);
  });

  it('keeps 09:00 wall-clock across the America/New_York fall-back (2026-11-01)', () => {
    const list = nextOccurrences(weekly(), { after: '2026-10-20T00:00:00Z', first: 3 });
    expect(ats(list)).toEqual(['2026-10-25T13:00:00Z', '2026-11-01T14:00:00Z', '2026-11-08T14:00:00Z']);
  });

  it('keeps 09:00 wall-clock across both Europe/Paris changes (2026-03-29, 2026-10-25)', () => {
    const rec = weekly({ timeZone: 'Europe/Paris' });
    expect(ats(nextOccurrences(rec, { after: '2026-03-20T00:00:00Z', first: 2 }))).toEqual(['2026-03-22T08:00:00Z', '2026-03-29T07:00:00Z']);
    expect(ats(nextOccurrences(rec, { after: '2026-10-17T00:00:00Z', first: 2 }))).toEqual(['2026-10-18T07:00:00Z', '2026-10-25T08:00:00Z']);
  });

  it('is strictly after `after`: a run exactly at `after` is excluded', () => {
    const rec = weekly({ timeZone: 'UTC' });
    expect(ats(nextOccurrences(rec, { after: '2026-03-01T09:00:00Z', first: 1 }))).toEqual(['2026-03-08T09:00:00Z']);
  });

  it('startDate in the future: runs start there (inclusive)', () => {
    const rec = weekly({ timeZone: 'UTC', startDate: '2026-09-06T09:00:00Z' });
    expect(ats(nextOccurrences(rec, { after: '2026-01-01T00:00:00Z', first: 2 }))).toEqual(['2026-09-06T09:00:00Z', '2026-09-13T09:00:00Z']);
    // A start later the same day excludes that day's run.
    const later = weekly({ timeZone: 'UTC', startDate: '2026-09-06T09:00:01Z' });
    expect(ats(nextOccurrences(later, { after: '2026-01-01T00:00:00Z', first: 1 }))).toEqual(['2026-09-13T09:00:00Z']);
  });

  it('endDate reached stops early (inclusive bound)', () => {
    const rec = weekly({ timeZone: 'UTC', endDate: '2026-03-15T09:00:00Z' });
    expect(ats(nextOccurrences(rec, { after: '2026-02-28T00:00:00Z', first: 10 }))).toEqual([
      '2026-03-01T09:00:00Z',
      '2026-03-08T09:00:00Z',
      '2026-03-15T09:00:00Z',
    ]);
    expect(nextOccurrences(rec, { after: '2026-03-15T09:00:00Z', first: 10 })).toEqual([]);
  });

  it('recipient-local: at null, local wall-clock, bounds read as UTC', () => {
    const rec = weekly({ timeZone: null, recipientLocalTime: true, endDate: '2026-03-15T09:00:00Z' });
    expect(nextOccurrences(rec, { after: '2026-03-01T09:00:00Z', first: 10 })).toEqual([
      { at: null, localDateTime: '2026-03-08T09:00:00', timeZone: null },
      { at: null, localDateTime: '2026-03-15T09:00:00', timeZone: null },
    ]);
  });

  it('no days: nothing, and terminates', () => {
    expect(nextOccurrences(weekly({ days: [] }), { after: '2026-01-01T00:00:00Z', first: 5 })).toEqual([]);
  });
});

describe('nextOccurrences: DST gap and overlap for daily runs', () => {
  it('02:30 America/New_York on the spring-forward day runs at 03:30 local', () => {
    const rec = interval({ time: '02:30' });
    const list = nextOccurrences(rec, { after: '2026-03-07T00:00:00Z', first: 3 });
    expect(locals(list)).toEqual(['2026-03-07T02:30:00', '2026-03-08T03:30:00', '2026-03-09T02:30:00']);
    expect(ats(list)).toEqual(['2026-03-07T07:30:00Z', '2026-03-08T07:30:00Z', '2026-03-09T06:30:00Z']);
  });

  it('01:30 America/New_York on the fall-back day runs once, at its first (EDT) occurrence', () => {
    const rec = interval({ time: '01:30' });
    const list = nextOccurrences(rec, { after: '2026-10-31T00:00:00Z', first: 3 });
    expect(ats(list)).toEqual(['2026-10-31T05:30:00Z', '2026-11-01T05:30:00Z', '2026-11-02T06:30:00Z']);
    expect(locals(list)).toEqual(['2026-10-31T01:30:00', '2026-11-01T01:30:00', '2026-11-02T01:30:00']);
  });

  it('02:30 Europe/Paris: 03:30 on 2026-03-29; first occurrence on 2026-10-25', () => {
    const rec = interval({ time: '02:30', timeZone: 'Europe/Paris' });
    const spring = nextOccurrences(rec, { after: '2026-03-28T00:00:00Z', first: 3 });
    expect(locals(spring)).toEqual(['2026-03-28T02:30:00', '2026-03-29T03:30:00', '2026-03-30T02:30:00']);
    expect(ats(spring)).toEqual(['2026-03-28T01:30:00Z', '2026-03-29T01:30:00Z', '2026-03-30T00:30:00Z']);
    const autumn = nextOccurrences(rec, { after: '2026-10-24T00:00:00Z', first: 3 });
    expect(ats(autumn)).toEqual(['2026-10-24T00:30:00Z', '2026-10-25T00:30:00Z', '2026-10-26T01:30:00Z']);
  });

  it('a run exactly at `after` never comes back as the repeated hour', () => {
    const rec = interval({ time: '01:30' });
    expect(ats(nextOccurrences(rec, { after: '2026-11-01T05:30:00Z', first: 1 }))).toEqual(['2026-11-02T06:30:00Z']);
  });
});

describe('nextOccurrences: INTERVAL', () => {
  it('DAILY every 3 days counts from the start date', () => {
    const rec = interval({ interval: 3, timeZone: 'UTC', startDate: '2026-01-01T00:00:00Z' });
    expect(ats(nextOccurrences(rec, { after: '2026-01-05T00:00:00Z', first: 3 }))).toEqual([
      '2026-01-07T09:00:00Z',
      '2026-01-10T09:00:00Z',
      '2026-01-13T09:00:00Z',
    ]);
  });

  it('DAILY with a start years back jumps straight to `after`', () => {
    const rec = interval({ interval: 7, timeZone: 'UTC', startDate: '2000-01-03T00:00:00Z' });
    // 2000-01-03 is a Monday; every 7 days stays on Mondays.
    expect(ats(nextOccurrences(rec, { after: '2026-05-01T00:00:00Z', first: 2 }))).toEqual(['2026-05-04T09:00:00Z', '2026-05-11T09:00:00Z']);
  });

  it('without a startDate, intervals count from the local date of `after`', () => {
    const rec = interval({ interval: 2, timeZone: 'UTC' });
    expect(ats(nextOccurrences(rec, { after: '2026-01-05T10:00:00Z', first: 2 }))).toEqual(['2026-01-07T09:00:00Z', '2026-01-09T09:00:00Z']);
    expect(ats(nextOccurrences(rec, { after: '2026-01-05T08:00:00Z', first: 2 }))).toEqual(['2026-01-05T09:00:00Z', '2026-01-07T09:00:00Z']);
  });

  it('WEEKLY every 2 weeks on Monday and Thursday from a start (weeks Monday-based)', () => {
    // 2026-01-07 is a Wednesday: its week (Mon 2026-01-05) is week 0, so Thu 01-08 runs, then weeks of 01-19, 02-02.
    const rec = interval({
      frequency: 'WEEKLY',
      interval: 2,
      daysOfWeek: ['THURSDAY', 'MONDAY'],
      timeZone: 'Europe/Paris',
      startDate: '2026-01-07T00:00:00Z',
    });
    expect(locals(nextOccurrences(rec, { after: '2026-01-01T00:00:00Z', first: 5 }))).toEqual([
      '2026-01-08T09:00:00',
      '2026-01-19T09:00:00',
      '2026-01-22T09:00:00',
      '2026-02-02T09:00:00',
      '2026-02-05T09:00:00',
    ]);
    // From later on, the phase is kept.
    expect(locals(nextOccurrences(rec, { after: '2026-01-26T00:00:00Z', first: 2 }))).toEqual(['2026-02-02T09:00:00', '2026-02-05T09:00:00']);
  });

  it('MONTHLY day 31 skips April and June (RFC 5545 BYMONTHDAY)', () => {
    const rec = interval({ frequency: 'MONTHLY', dayOfMonth: 31, timeZone: 'UTC', startDate: '2026-03-01T00:00:00Z' });
    expect(locals(nextOccurrences(rec, { after: '2026-01-01T00:00:00Z', first: 4 }))).toEqual([
      '2026-03-31T09:00:00',
      '2026-05-31T09:00:00',
      '2026-07-31T09:00:00',
      '2026-08-31T09:00:00',
    ]);
  });

  it('MONTHLY day 30 skips February; every 2 months counts from the start month', () => {
    const rec = interval({
      frequency: 'MONTHLY',
      interval: 2,
      dayOfMonth: 30,
      timeZone: 'UTC',
      startDate: '2025-12-15T00:00:00Z',
    });
    // Dec, Feb (skipped: no 30th), Apr, Jun.
    expect(locals(nextOccurrences(rec, { after: '2025-01-01T00:00:00Z', first: 3 }))).toEqual([
      '2025-12-30T09:00:00',
      '2026-04-30T09:00:00',
      '2026-06-30T09:00:00',
    ]);
  });

  it('MONTHLY day 29 every 12 months from February runs only in leap years', () => {
    const rec = interval({
      frequency: 'MONTHLY',
      interval: 12,
      dayOfMonth: 29,
      timeZone: 'UTC',
      startDate: '2026-02-01T00:00:00Z',
    });
    expect(locals(nextOccurrences(rec, { after: '2026-01-01T00:00:00Z', first: 3 }))).toEqual([
      '2028-02-29T09:00:00',
      '2032-02-29T09:00:00',
      '2036-02-29T09:00:00',
    ]);
  });

  it('MONTHLY day 31 every 12 months from April never matches and terminates quickly', () => {
    const rec = interval({
      frequency: 'MONTHLY',
      interval: 12,
      dayOfMonth: 31,
      timeZone: 'UTC',
      startDate: '2026-04-01T00:00:00Z',
    });
    const started = performance.now();
    expect(nextOccurrences(rec, { after: '2026-01-01T00:00:00Z', first: 100 })).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('endDate stops an interval early', () => {
    const rec = interval({ timeZone: 'UTC', startDate: '2026-01-01T00:00:00Z', endDate: '2026-01-03T12:00:00Z' });
    expect(ats(nextOccurrences(rec, { after: '2025-12-01T00:00:00Z', first: 10 }))).toEqual([
      '2026-01-01T09:00:00Z',
      '2026-01-02T09:00:00Z',
      '2026-01-03T09:00:00Z',
    ]);
  });

  it('startDate and endDate are read in the zone: a start late in the UTC day is the next local date in Asia/Kolkata', () => {
    // 2026-01-01T20:00Z is 2026-01-02T01:30 in Kolkata: the anchor is 2026-01-02.
    const rec = interval({ interval: 2, timeZone: 'Asia/Kolkata', startDate: '2026-01-01T20:00:00Z' });
    expect(locals(nextOccurrences(rec, { after: '2025-12-01T00:00:00Z', first: 2 }))).toEqual(['2026-01-02T09:00:00', '2026-01-04T09:00:00']);
  });
});
