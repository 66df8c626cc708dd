/** Builders of core recurrences and specs for unit tests: neutral defaults, each test overrides what it checks. */
import type { IntervalRecurrence, RecurrenceSpec, WeeklyRecurrence } from '../../src/core/model.js';

export type WeeklySpec = Extract<RecurrenceSpec, { kind: 'WEEKLY' }>;
export type IntervalSpec = Extract<RecurrenceSpec, { kind: 'INTERVAL' }>;

export function weeklyOf(overrides: Partial<WeeklyRecurrence> = {}): WeeklyRecurrence {
  return { kind: 'WEEKLY', days: ['MONDAY'], time: '09:00', timeZone: 'UTC', recipientLocalTime: false, startDate: null, endDate: null, ...overrides };
}

export function intervalOf(overrides: Partial<IntervalRecurrence> = {}): IntervalRecurrence {
  return {
    kind: 'INTERVAL',
    frequency: 'DAILY',
    interval: 1,
    daysOfWeek: null,
    dayOfMonth: null,
    time: '09:00',
    timeZone: 'UTC',
    recipientLocalTime: false,
    startDate: null,
    endDate: null,
    ...overrides,
  };
}

/** An interval spec (what a caller asks for: no recipient-local flag). */
export function intervalSpecOf(overrides: Partial<IntervalSpec> = {}): IntervalSpec {
  const { recipientLocalTime: _ignored, ...spec } = intervalOf(overrides);
  return spec;
}
