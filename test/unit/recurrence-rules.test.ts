import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { RecurrenceSpec } from '../../src/core/model.js';
import { localDateTimeIssue, recurrenceFromSpec, validateRecurrenceSpec } from '../../src/core/recurrence-rules.js';
import { intervalSpecOf, type IntervalSpec, type WeeklySpec, weeklyOf } from '../support/recurrences.js';

const NOW = '2026-05-01T12:00:00Z';

const weekly = (overrides: Partial<WeeklySpec> = {}): WeeklySpec => weeklyOf({ timeZone: 'Europe/Paris', ...overrides });

const interval = (overrides: Partial<IntervalSpec> = {}): IntervalSpec => intervalSpecOf({ timeZone: 'America/New_York', ...overrides });

const paths = (spec: RecurrenceSpec) => validateRecurrenceSpec(spec, { now: NOW }).map((i) => i.path);

describe('validateRecurrenceSpec', () => {
  it('accepts valid specs of every kind', () => {
    const valid: RecurrenceSpec[] = [
      { kind: 'ONE_TIME', at: '2026-06-01T09:00:00+02:00', timeZone: 'Europe/Paris' },
      { kind: 'ONE_TIME', at: '2026-06-01T09:00:00Z', timeZone: null },
      weekly(),
      weekly({ timeZone: null, recipientLocalTime: true, startDate: '2026-01-01T00:00:00Z', endDate: '2027-01-01T00:00:00Z' }),
      interval(),
      interval({ frequency: 'WEEKLY', interval: 2, daysOfWeek: ['MONDAY', 'THURSDAY'] }),
      interval({ frequency: 'MONTHLY', interval: 1000, dayOfMonth: 31 }),
      interval({ frequency: 'DAILY', daysOfWeek: [] }),
      // A recurring time in a DST gap on the start day is fine: runs shift per DST_RULE.
      interval({ time: '02:30', startDate: '2026-03-08T05:00:00Z' }),
    ];
    for (const spec of valid) expect(validateRecurrenceSpec(spec, { now: NOW })).toEqual([]);
  });

  it('every issue has a sentence message and providerCode null', () => {
    const issues = validateRecurrenceSpec(interval({ interval: 0, time: '9am', timeZone: 'Mars/Olympus' }), { now: NOW });
    expect(issues.length).toBe(3);
    for (const issue of issues) {
      expect(issue.providerCode).toBeNull();
      expect(issue.message).toMatch(/^[A-Z"].*\.$/);
    }
  });

  it('ONE_TIME: at must parse and be in the future; zone must be IANA', () => {
    expect(paths({ kind: 'ONE_TIME', at: '2026-04-01T09:00:00Z', timeZone: null })).toEqual([['oneTime', 'at']]);
    expect(paths({ kind: 'ONE_TIME', at: NOW, timeZone: null })).toEqual([['oneTime', 'at']]);
    expect(paths({ kind: 'ONE_TIME', at: '2026-06-01T09:00:00', timeZone: null })).toEqual([['oneTime', 'at']]);
    expect(paths({ kind: 'ONE_TIME', at: '2026-06-01T09:00:00Z', timeZone: '+02:00' })).toEqual([['oneTime', 'timeZone']]);
  });

  it('WEEKLY: days non-empty, HH:MM time, valid zone', () => {
    expect(paths(weekly({ days: [] }))).toEqual([['weekly', 'days']]);
    expect(paths(weekly({ time: '24:00' }))).toEqual([['weekly', 'time']]);
    expect(paths(weekly({ time: '9:00' }))).toEqual([['weekly', 'time']]);
    expect(paths(weekly({ timeZone: 'Europe/Pariss' }))).toEqual([['weekly', 'timeZone']]);
  });

  it('WEEKLY: recipient-local time and a time zone contradict', () => {
    const issues = validateRecurrenceSpec(weekly({ recipientLocalTime: true }), { now: NOW });
    expect(issues.map((i) => i.path)).toEqual([['weekly', 'recipientLocalTime']]);
    expect(issues[0]?.message).toMatch(/time zone/);
  });

  it('INTERVAL: interval is a whole number from 1 to 1000', () => {
    expect(paths(interval({ interval: 0 }))).toEqual([['interval', 'interval']]);
    expect(paths(interval({ interval: 1001 }))).toEqual([['interval', 'interval']]);
    expect(paths(interval({ interval: 1.5 }))).toEqual([['interval', 'interval']]);
  });

  it('DAILY: no daysOfWeek, no dayOfMonth', () => {
    expect(paths(interval({ daysOfWeek: ['MONDAY'] }))).toEqual([['interval', 'daysOfWeek']]);
    expect(paths(interval({ dayOfMonth: 3 }))).toEqual([['interval', 'dayOfMonth']]);
  });

  it('WEEKLY interval: daysOfWeek required, no dayOfMonth', () => {
    expect(paths(interval({ frequency: 'WEEKLY' }))).toEqual([['interval', 'daysOfWeek']]);
    expect(paths(interval({ frequency: 'WEEKLY', daysOfWeek: [] }))).toEqual([['interval', 'daysOfWeek']]);
    expect(paths(interval({ frequency: 'WEEKLY', daysOfWeek: ['FRIDAY'], dayOfMonth: 5 }))).toEqual([['interval', 'dayOfMonth']]);
  });

  it('MONTHLY: dayOfMonth 1–31 required, no daysOfWeek', () => {
    expect(paths(interval({ frequency: 'MONTHLY' }))).toEqual([['interval', 'dayOfMonth']]);
    expect(paths(interval({ frequency: 'MONTHLY', dayOfMonth: 0 }))).toEqual([['interval', 'dayOfMonth']]);
    expect(paths(interval({ frequency: 'MONTHLY', dayOfMonth: 32 }))).toEqual([['interval', 'dayOfMonth']]);
    expect(paths(interval({ frequency: 'MONTHLY', dayOfMonth: 15, daysOfWeek: ['MONDAY'] }))).toEqual([['interval', 'daysOfWeek']]);
  });

  it('endDate must be after startDate and in the future; both must parse', () => {
    expect(paths(weekly({ startDate: '2026-07-01T00:00:00Z', endDate: '2026-06-01T00:00:00Z' }))).toEqual([['weekly', 'endDate']]);
    expect(paths(weekly({ startDate: '2026-07-01T00:00:00Z', endDate: '2026-07-01T00:00:00Z' }))).toEqual([['weekly', 'endDate']]);
    expect(paths(interval({ endDate: '2026-04-01T00:00:00Z' }))).toEqual([['interval', 'endDate']]);
    expect(paths(interval({ startDate: '2026-01-01T00:00:00Z', endDate: '2026-04-01T00:00:00Z' }))).toEqual([['interval', 'endDate']]);
    expect(paths(interval({ startDate: 'tomorrow' }))).toEqual([['interval', 'startDate']]);
    expect(paths(weekly({ endDate: '2027-01-01' }))).toEqual([['weekly', 'endDate']]);
  });
});

describe('localDateTimeIssue', () => {
  it('flags a wall-clock time in a spring-forward gap', () => {
    const issue = localDateTimeIssue(Temporal.PlainDateTime.from('2026-03-08T02:30:00'), 'America/New_York', ['target', 'burki', 'scheduledAt']);
    expect(issue).toEqual({
      path: ['target', 'burki', 'scheduledAt'],
      message: expect.stringMatching(/^The time 2026-03-08T02:30:00 does not exist in America\/New_York/),
      providerCode: null,
    });
  });

  it('accepts existing and repeated (fall-back) times', () => {
    expect(localDateTimeIssue(Temporal.PlainDateTime.from('2026-03-08T03:30:00'), 'America/New_York', ['x'])).toBeNull();
    expect(localDateTimeIssue(Temporal.PlainDateTime.from('2026-11-01T01:30:00'), 'America/New_York', ['x'])).toBeNull();
    expect(localDateTimeIssue(Temporal.PlainDateTime.from('2026-03-29T02:30:00'), 'Europe/Paris', ['x'])).not.toBeNull();
  });
});

describe('recurrenceFromSpec', () => {
  it('ONE_TIME: normalises the instant to UTC and computes the local date-time in its zone', () => {
    expect(recurrenceFromSpec({ kind: 'ONE_TIME', at: '2026-06-01T09:00:00.000+02:00', timeZone: 'Europe/Paris' }, { defaultTimeZone: null })).toEqual({
      kind: 'ONE_TIME',
      at: '2026-06-01T07:00:00Z',
      localDateTime: '2026-06-01T09:00:00',
      timeZone: 'Europe/Paris',
      recipientLocalTime: false,
    });
  });

  it('ONE_TIME: falls back to the default zone, then UTC', () => {
    const at = '2026-06-01T07:00:00Z';
    expect(recurrenceFromSpec({ kind: 'ONE_TIME', at, timeZone: null }, { defaultTimeZone: 'Asia/Kolkata' })).toMatchObject({
      timeZone: 'Asia/Kolkata',
      localDateTime: '2026-06-01T12:30:00',
    });
    expect(recurrenceFromSpec({ kind: 'ONE_TIME', at, timeZone: null }, { defaultTimeZone: null })).toMatchObject({
      timeZone: 'UTC',
      localDateTime: '2026-06-01T07:00:00',
    });
  });

  it('WEEKLY: days de-duplicated Monday-first, instants normalised; recipient-local has no zone', () => {
    expect(
      recurrenceFromSpec(
        weekly({
          days: ['SUNDAY', 'MONDAY', 'SUNDAY', 'WEDNESDAY'],
          timeZone: null,
          startDate: '2026-06-01T02:00:00-04:00',
          endDate: '2026-12-31T23:59:59.500Z',
        }),
        { defaultTimeZone: 'America/Chicago' },
      ),
    ).toEqual({
      kind: 'WEEKLY',
      days: ['MONDAY', 'WEDNESDAY', 'SUNDAY'],
      time: '09:00',
      timeZone: 'America/Chicago',
      recipientLocalTime: false,
      startDate: '2026-06-01T06:00:00Z',
      endDate: '2026-12-31T23:59:59.500Z',
    });
    expect(recurrenceFromSpec(weekly({ timeZone: null, recipientLocalTime: true }), { defaultTimeZone: 'America/Chicago' })).toMatchObject({
      timeZone: null,
      recipientLocalTime: true,
    });
  });

  it('INTERVAL: keeps only the fields of its frequency', () => {
    expect(
      recurrenceFromSpec(interval({ frequency: 'WEEKLY', interval: 2, daysOfWeek: ['FRIDAY', 'MONDAY', 'FRIDAY'] }), {
        defaultTimeZone: null,
      }),
    ).toEqual({
      kind: 'INTERVAL',
      frequency: 'WEEKLY',
      interval: 2,
      daysOfWeek: ['MONDAY', 'FRIDAY'],
      dayOfMonth: null,
      time: '09:00',
      timeZone: 'America/New_York',
      recipientLocalTime: false,
      startDate: null,
      endDate: null,
    });
    expect(recurrenceFromSpec(interval({ daysOfWeek: [] }), { defaultTimeZone: null })).toMatchObject({ daysOfWeek: null });
    expect(recurrenceFromSpec(interval({ frequency: 'MONTHLY', dayOfMonth: 31 }), { defaultTimeZone: null })).toMatchObject({
      dayOfMonth: 31,
      daysOfWeek: null,
    });
  });
});
