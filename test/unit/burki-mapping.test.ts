import { describe, expect, it } from 'vitest';
import { InvalidStateError, NotFoundError, UpstreamError, ValidationError } from '../../src/core/errors.js';
import type { RecurrenceSpec } from '../../src/core/model.js';
import { burkiFailure, type BurkiCall } from '../../src/providers/burki/client.js';
import { burkiEndDate, fromBurkiCampaign, fromBurkiSchedule, fromBurkiStatus, toBurkiScheduleBody } from '../../src/providers/burki/mapping.js';
import type { BurkiCampaign } from '../../src/providers/burki/native.js';
import { burkiInputPath, burkiRecurrenceIssues } from '../../src/providers/burki/validation.js';
import type { UpstreamResponse } from '../../src/providers/http.js';
import { intervalSpecOf, weeklyOf, type IntervalSpec, type WeeklySpec } from '../support/recurrences.js';

// A fixed request clock (a Wednesday), well before the 2027 DST changes used below.
const NOW = '2027-01-06T12:00:00Z';

type OneTimeSpec = Extract<RecurrenceSpec, { kind: 'ONE_TIME' }>;

const oneTime = (at: string, timeZone: string | null = null): OneTimeSpec => ({ kind: 'ONE_TIME', at, timeZone });
const weekly = (overrides: Partial<WeeklySpec> = {}): WeeklySpec => weeklyOf({ days: ['THURSDAY', 'MONDAY'], timeZone: 'Europe/Paris', ...overrides });
const interval = (overrides: Partial<IntervalSpec> = {}): IntervalSpec => intervalSpecOf({ timeZone: 'America/New_York', ...overrides });

describe('unified recurrence → Burki save body', () => {
  it('sends no recurrence as immediate', () => {
    expect(toBurkiScheduleBody(null, NOW)).toEqual({ schedule_type: 'immediate' });
  });

  it('sends a one-time send as a naive local time plus timezone, right on both sides of the US spring-forward', () => {
    // 2027-03-14 is the US spring-forward day: 09:00 is EST (-05:00) the day before and EDT (-04:00) that day.
    expect(toBurkiScheduleBody(oneTime('2027-03-13T14:00:00Z', 'America/New_York'), NOW)).toEqual({
      schedule_type: 'scheduled',
      scheduled_at: '2027-03-13T09:00:00',
      timezone: 'America/New_York',
    });
    expect(toBurkiScheduleBody(oneTime('2027-03-14T13:00:00Z', 'America/New_York'), NOW)).toEqual({
      schedule_type: 'scheduled',
      scheduled_at: '2027-03-14T09:00:00',
      timezone: 'America/New_York',
    });
  });

  it('converts across the Paris change of 2027-03-28 (CET +01:00 → CEST +02:00)', () => {
    expect(toBurkiScheduleBody(oneTime('2027-03-27T08:00:00Z', 'Europe/Paris'), NOW)).toMatchObject({ scheduled_at: '2027-03-27T09:00:00' });
    expect(toBurkiScheduleBody(oneTime('2027-03-28T07:00:00Z', 'Europe/Paris'), NOW)).toMatchObject({ scheduled_at: '2027-03-28T09:00:00' });
  });

  it("defaults to Burki's zone, UTC, when none is given", () => {
    expect(toBurkiScheduleBody(oneTime('2027-03-14T13:00:00+02:00'), NOW)).toEqual({
      schedule_type: 'scheduled',
      scheduled_at: '2027-03-14T11:00:00',
      timezone: 'UTC',
    });
  });

  it('sends weekly as recurring weekly ×1 with ISO days (Monday = 1), sorted, and its first run as the start (B2)', () => {
    // 23:30Z on Saturday 27 March is 00:30 on Sunday 28 March in Paris; the first run is that Sunday at 09:00 —
    // already CEST (+02:00), since the clocks changed at 02:00 that morning.
    const body = toBurkiScheduleBody(weekly({ days: ['SUNDAY', 'THURSDAY', 'MONDAY'], startDate: '2027-03-27T23:30:00Z' }), NOW);
    expect(body).toEqual({
      schedule_type: 'recurring',
      scheduled_at: '2027-03-28T09:00:00',
      timezone: 'Europe/Paris',
      recurring_config: { frequency: 'weekly', interval: 1, days_of_week: [1, 4, 7], time: '09:00', time_zone: 'Europe/Paris' },
    });
  });

  it('sends no start for weekly without startDate (nothing to count intervals from)', () => {
    expect(toBurkiScheduleBody(weekly(), NOW)).not.toHaveProperty('scheduled_at');
  });

  it('sends the end as the last local date whose run is not after it (B3)', () => {
    // 08:00 Paris on 30 June is before the 09:00 run: the last run day is 29 June.
    expect(burkiEndDate('2027-06-30T06:00:00Z', '09:00', 'Europe/Paris')).toBe('2027-06-29');
    // 09:00 Paris exactly: that day's run is included.
    expect(burkiEndDate('2027-06-30T07:00:00Z', '09:00', 'Europe/Paris')).toBe('2027-06-30');
    // 23:30Z on 30 June is 01:30 on 1 July in Paris, before that day's run: the last run day is still 30 June.
    expect(burkiEndDate('2027-06-30T23:30:00Z', '09:00', 'Europe/Paris')).toBe('2027-06-30');
    // The date is the zone's, not UTC's: 22:00 on 30 June in Honolulu is 1 July 08:00Z.
    expect(burkiEndDate('2027-07-01T08:00:00Z', '09:00', 'Pacific/Honolulu')).toBe('2027-06-30');
  });

  it('sends a monthly interval with day_of_month and end_date, no days_of_week', () => {
    const body = toBurkiScheduleBody(
      interval({ frequency: 'MONTHLY', interval: 1, dayOfMonth: 15, time: '10:30', startDate: '2027-02-01T15:00:00Z', endDate: '2027-12-31T23:59:00-05:00' }),
      NOW,
    );
    expect(body).toEqual({
      schedule_type: 'recurring',
      scheduled_at: '2027-02-15T10:30:00',
      timezone: 'America/New_York',
      recurring_config: { frequency: 'monthly', interval: 1, day_of_month: 15, time: '10:30', time_zone: 'America/New_York', end_date: '2027-12-31' },
    });
  });

  it('sends daily ×3 without days or day of month', () => {
    const body = toBurkiScheduleBody(interval({ interval: 3, startDate: '2027-02-01T12:00:00Z' }), NOW);
    expect(body).toMatchObject({ recurring_config: { frequency: 'daily', interval: 3, time: '09:00', time_zone: 'America/New_York' } });
    expect(body).not.toHaveProperty('recurring_config.days_of_week');
    expect(body).not.toHaveProperty('recurring_config.day_of_month');
  });

  it('anchors an every-2-weeks rule with no startDate on its first run, so Burki and nextRuns agree (B2)', () => {
    // NOW is Wednesday 2027-01-06 12:00Z; the first Monday/Thursday 09:00 Paris after it is Thursday 7 January.
    const body = toBurkiScheduleBody(interval({ frequency: 'WEEKLY', interval: 2, daysOfWeek: ['MONDAY', 'THURSDAY'], timeZone: 'Europe/Paris' }), NOW);
    expect(body).toEqual({
      schedule_type: 'recurring',
      scheduled_at: '2027-01-07T09:00:00',
      timezone: 'Europe/Paris',
      recurring_config: { frequency: 'weekly', interval: 2, days_of_week: [1, 4], time: '09:00', time_zone: 'Europe/Paris' },
    });
  });

  it('replaces a past startDate with the first run ahead, in the same phase (Burki refuses a past start)', () => {
    // Every 2 weeks from the week of Monday 2026-12-28: the weeks of 11 Jan, 25 Jan, … — not 4 January.
    const body = toBurkiScheduleBody(
      interval({ frequency: 'WEEKLY', interval: 2, daysOfWeek: ['MONDAY'], timeZone: 'Europe/Paris', startDate: '2026-12-28T00:00:00Z' }),
      NOW,
    );
    expect(body).toMatchObject({ scheduled_at: '2027-01-11T09:00:00' });
  });
});

describe('Burki schedule read → unified recurrence', () => {
  it('reads immediate as no recurrence', () => {
    expect(fromBurkiSchedule({ schedule_type: 'immediate', scheduled_at: null, recurring_config: null })).toBeNull();
  });

  it('reads a one-off in UTC (B4: the read has no zone)', () => {
    expect(fromBurkiSchedule({ schedule_type: 'scheduled', scheduled_at: '2027-03-14T13:00:00Z', recurring_config: null })).toEqual({
      kind: 'ONE_TIME',
      at: '2027-03-14T13:00:00Z',
      localDateTime: '2027-03-14T13:00:00',
      timeZone: 'UTC',
      recipientLocalTime: false,
    });
  });

  it('reads weekly ×1 as WeeklyRecurrence, with whole-day start and end bounds in the zone (issue 12, item 6)', () => {
    expect(
      fromBurkiSchedule({
        schedule_type: 'recurring',
        scheduled_at: '2027-03-01T08:00:00Z',
        recurring_config: { frequency: 'weekly', interval: 1, days_of_week: [4, 1], time: '09:00', time_zone: 'Europe/Paris', end_date: '2027-06-30' },
      }),
    ).toEqual({
      kind: 'WEEKLY',
      days: ['MONDAY', 'THURSDAY'],
      time: '09:00',
      timeZone: 'Europe/Paris',
      recipientLocalTime: false,
      startDate: '2027-02-28T23:00:00Z',
      endDate: '2027-06-30T21:59:59Z',
    });
  });

  it('reads every other recurring rule as IntervalRecurrence', () => {
    expect(
      fromBurkiSchedule({
        schedule_type: 'recurring',
        scheduled_at: null,
        recurring_config: { frequency: 'weekly', interval: 2, days_of_week: [1, 4], time: '09:00', time_zone: 'Europe/Paris', end_date: null },
      }),
    ).toMatchObject({
      kind: 'INTERVAL',
      frequency: 'WEEKLY',
      interval: 2,
      daysOfWeek: ['MONDAY', 'THURSDAY'],
      dayOfMonth: null,
      startDate: null,
      endDate: null,
    });
    expect(
      fromBurkiSchedule({
        schedule_type: 'recurring',
        scheduled_at: null,
        recurring_config: { frequency: 'monthly', interval: 1, day_of_month: 15, time: '10:30', time_zone: 'America/New_York' },
      }),
    ).toMatchObject({ kind: 'INTERVAL', frequency: 'MONTHLY', interval: 1, daysOfWeek: null, dayOfMonth: 15, time: '10:30', timeZone: 'America/New_York' });
  });

  it('reads a monthly echo without day_of_month on the start day, and without time at the start time (B5)', () => {
    expect(
      fromBurkiSchedule({
        schedule_type: 'recurring',
        scheduled_at: '2027-02-20T15:45:00Z',
        recurring_config: { frequency: 'monthly', interval: 2, time_zone: 'America/New_York' },
      }),
    ).toMatchObject({ kind: 'INTERVAL', frequency: 'MONTHLY', interval: 2, dayOfMonth: 20, time: '10:45' });
  });

  it('maps campaign statuses, keeping unknown ones verbatim as DRAFT (B6)', () => {
    expect(['draft', 'scheduled', 'running', 'paused', 'completed', 'cancelled'].map(fromBurkiStatus)).toEqual([
      'DRAFT',
      'SCHEDULED',
      'RUNNING',
      'PAUSED',
      'COMPLETED',
      'DRAFT',
    ]);
    const campaign: BurkiCampaign = { id: 12, name: 'Renewals', campaign_type: 'call', status: 'cancelled', created_at: '2027-01-01T00:00:00Z' };
    expect(fromBurkiCampaign(campaign, { schedule_type: 'immediate' })).toMatchObject({
      provider: 'BURKI',
      nativeId: '12',
      name: 'Renewals',
      status: 'DRAFT',
      nativeStatus: 'cancelled',
      recurrence: null,
      details: { provider: 'BURKI', campaignId: 12, scheduleType: 'immediate' },
    });
  });
});

describe('Burki validation', () => {
  const fields = (spec: RecurrenceSpec) => burkiRecurrenceIssues(spec, NOW).map((i) => i.path.join('.'));

  it('accepts a valid one-off and valid recurring rules', () => {
    expect(fields(oneTime('2027-03-14T13:00:00Z', 'America/New_York'))).toEqual([]);
    expect(fields(weekly({ startDate: '2027-02-01T00:00:00Z', endDate: '2027-06-01T00:00:00Z' }))).toEqual([]);
  });

  it('applies the provider-neutral rules first, with paths from the mutation input', () => {
    expect(fields(oneTime('2026-01-01T00:00:00Z'))).toEqual(['recurrence.oneTime.at']);
    expect(fields(oneTime('2027-03-14T13:00:00Z', 'Mars/Olympus'))).toEqual(['recurrence.oneTime.timeZone']);
    expect(fields(interval({ daysOfWeek: ['MONDAY'] }))).toEqual(['recurrence.interval.daysOfWeek']);
    expect(fields(interval({ frequency: 'WEEKLY', daysOfWeek: ['MONDAY'], dayOfMonth: 3 }))).toEqual(['recurrence.interval.dayOfMonth']);
    expect(fields(interval({ frequency: 'MONTHLY', dayOfMonth: 32 }))).toEqual(['recurrence.interval.dayOfMonth']);
    expect(fields(interval({ interval: 0 }))).toEqual(['recurrence.interval.interval']);
    expect(fields(weekly({ startDate: '2027-05-01T00:00:00Z', endDate: '2027-04-01T00:00:00Z' }))).toEqual(['recurrence.weekly.endDate']);
  });

  it('refuses a first run (sent as the start) whose wall-clock time falls in a spring-forward gap', () => {
    const issues = burkiRecurrenceIssues(weekly({ days: ['SUNDAY'], time: '02:30', timeZone: 'America/New_York', startDate: '2027-03-14T05:00:00Z' }), NOW);
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toEqual(['recurrence', 'weekly', 'startDate']);
    expect(issues[0]?.message).toMatch(/2027-03-14T02:30:00 does not exist in America\/New_York/);
    // The same rule starting a week later has a first run that exists: later gaps shift per the DST rule.
    expect(fields(weekly({ days: ['SUNDAY'], time: '02:30', timeZone: 'America/New_York', startDate: '2027-03-15T05:00:00Z' }))).toEqual([]);
    // Without a startDate an every-2-days rule computes its first run; a gap there points at `time`.
    expect(
      burkiRecurrenceIssues(interval({ interval: 2, time: '02:30', timeZone: 'Europe/Paris' }), '2027-03-28T00:30:00Z').map((i) => i.path.join('.')),
    ).toEqual(['recurrence.interval.time']);
  });

  it('refuses the second occurrence of a repeated (fall-back) hour, which a naive local time cannot express', () => {
    // 2027-11-07 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST).
    expect(fields(oneTime('2027-11-07T05:30:00Z', 'America/New_York'))).toEqual([]);
    expect(fields(oneTime('2027-11-07T06:30:00Z', 'America/New_York'))).toEqual(['recurrence.oneTime.at']);
  });

  it('refuses sub-second times, recipient-local times, and an end that leaves no run', () => {
    expect(fields(oneTime('2027-03-14T13:00:00.500Z'))).toEqual(['recurrence.oneTime.at']);
    expect(fields(weekly({ timeZone: null, recipientLocalTime: true }))).toEqual(['recurrence.weekly.recipientLocalTime']);
    // Monday runs only; Tuesday to Thursday holds none.
    expect(fields(weekly({ days: ['MONDAY'], startDate: '2027-02-02T00:00:00Z', endDate: '2027-02-04T00:00:00Z' }))).toEqual(['recurrence.weekly.endDate']);
  });

  it('maps a 422 loc to the input field that produced it', () => {
    const spec = interval({ frequency: 'WEEKLY', interval: 2, daysOfWeek: ['MONDAY'] });
    expect(burkiInputPath(['body', 'recurring_config', 'interval'], spec, ['id'])).toEqual(['recurrence', 'interval', 'interval']);
    expect(burkiInputPath(['body', 'recurring_config', 'days_of_week', 0], spec, ['id'])).toEqual(['recurrence', 'interval', 'daysOfWeek']);
    expect(burkiInputPath(['body', 'scheduled_at'], weekly({ startDate: '2027-02-01T00:00:00Z' }), ['id'])).toEqual(['recurrence', 'weekly', 'startDate']);
    // No startDate given: scheduled_at was computed from `time` (B2), which is what the caller sent.
    expect(burkiInputPath(['body', 'scheduled_at'], weekly(), ['id'])).toEqual(['recurrence', 'weekly', 'time']);
    expect(burkiInputPath(['path', 'campaign_id'], spec, ['target', 'burki', 'campaignId'])).toEqual(['target', 'burki', 'campaignId']);
    expect(burkiInputPath(['body', 'something_new'], spec, ['id'])).toBeNull();
  });
});

describe('Burki error answers → typed errors', () => {
  const answer = (status: number, body: unknown, headers: Record<string, string> = {}): UpstreamResponse => ({ status, headers, body, requestId: null });
  const save: BurkiCall = {
    label: 'POST …/schedule',
    kind: 'save',
    pastTimePath: ['recurrence', 'oneTime', 'at'],
    configurationPath: ['recurrence', 'oneTime'],
  };

  it('422 detail array → one ValidationError issue per item, pydantic type as providerCode, loc kept verbatim when unmapped', () => {
    const error = burkiFailure(
      answer(422, {
        detail: [{ loc: ['body', 'recurring_config', 'interval'], msg: 'Input should be greater than or equal to 1', type: 'greater_than_equal' }],
      }),
      save,
    );
    expect(error).toBeInstanceOf(ValidationError);
    const issues = (error as ValidationError).issues;
    expect(issues).toEqual([
      {
        path: ['body', 'recurring_config', 'interval'],
        message: 'Input should be greater than or equal to 1 (Burki: body.recurring_config.interval)',
        providerCode: 'greater_than_equal',
        providerPath: ['body', 'recurring_config', 'interval'],
      },
    ]);
  });

  it('400 on a schedule write → ValidationError on the field, or InvalidStateError when it is about the campaign', () => {
    const past = burkiFailure(answer(400, { detail: 'Scheduled time is in the past' }), save) as ValidationError;
    expect(past).toBeInstanceOf(ValidationError);
    expect(past.issues[0]).toEqual({ path: ['recurrence', 'oneTime', 'at'], message: 'Scheduled time is in the past', providerCode: null });
    const config = burkiFailure(answer(400, { detail: 'Invalid schedule configuration' }), save) as ValidationError;
    expect(config.issues[0]?.path).toEqual(['recurrence', 'oneTime']);
    expect(burkiFailure(answer(400, { detail: 'Cannot change schedule of a running campaign' }), save)).toBeInstanceOf(InvalidStateError);
  });

  it("400 on start/pause → InvalidStateError with Burki's text; 404 → NotFoundError; 403/429/5xx → UpstreamError", () => {
    const transition: BurkiCall = { label: 'POST …/pause', kind: 'transition' };
    const refused = burkiFailure(answer(400, { detail: 'Campaign is not running' }), transition);
    expect(refused).toBeInstanceOf(InvalidStateError);
    expect(refused.message).toBe('Campaign is not running');
    expect(burkiFailure(answer(404, { detail: 'Campaign not found' }), transition)).toBeInstanceOf(NotFoundError);
    const forbidden = burkiFailure(answer(403, { detail: 'Campaign belongs to another organization' }), transition) as UpstreamError;
    expect([forbidden.code, forbidden.httpStatus]).toEqual(['UPSTREAM_FORBIDDEN', 403]);
    const limited = burkiFailure(answer(429, { detail: 'Too many requests' }, { 'retry-after': '7' }), transition) as UpstreamError;
    expect([limited.code, limited.retryAfterSeconds]).toEqual(['UPSTREAM_RATE_LIMITED', 7]);
    expect((burkiFailure(answer(500, { detail: 'Failed to save schedule' }), save) as UpstreamError).code).toBe('UPSTREAM_UNAVAILABLE');
    expect((burkiFailure(answer(401, { detail: 'Invalid API key' }), save) as UpstreamError).code).toBe('UPSTREAM_UNAUTHORIZED');
  });
});
