/**
 * What a provider accepts, declared once per provider (its module) and used twice: `Query.providers` advertises it,
 * and the runner (core/runner.ts) refuses any write outside it, so what is advertised is what is accepted even
 * where a provider's own rules would forget a case.
 */
import { UnsupportedOperationError, UnsupportedRecurrenceError } from './errors.js';
import type { Frequency, ProviderName, RecurrenceKind, RecurrenceSpec, ScheduleStatus } from './model.js';

export interface ProviderCapabilities {
  /** Recurrence kinds `createSchedule` accepts for this provider. */
  recurrenceKinds: RecurrenceKind[];
  /** Frequencies accepted inside an `interval` recurrence. */
  intervalFrequencies: Frequency[];
  /** Largest `interval` accepted (Trackly: 1), or null for no provider limit. */
  maxInterval: number | null;
  /** Whether times can be read in each recipient's own zone. */
  recipientLocalTime: boolean;
  /** Whether a schedule may be created with no recurrence (to be started by hand). */
  manualStart: boolean;
  canList: boolean;
  canUpdate: boolean;
  canDelete: boolean;
  /** Statuses `setScheduleStatus` can move a schedule to. */
  settableStatuses: ScheduleStatus[];
  /** Plain-language notes on the provider's rules, for front ends. */
  notes: string[];
}

/** What a write asks of its provider: the recurrence it sets (undefined: unchanged), the status it moves to. */
export interface WriteAsks {
  recurrence?: RecurrenceSpec | null | undefined;
  status?: ScheduleStatus | undefined;
}

/** The refusal of a write its provider does not advertise, or null when the declaration allows it. */
export function unadvertised(provider: ProviderName, capabilities: ProviderCapabilities, asks: WriteAsks): Error | null {
  const spec = asks.recurrence;
  const unsupported = (what: string) =>
    new UnsupportedRecurrenceError(
      `${provider} does not accept ${what}: it accepts ${capabilities.recurrenceKinds.join(', ')}` +
        (capabilities.intervalFrequencies.length > 0 ? ` (intervals: ${capabilities.intervalFrequencies.join(', ')})` : ''),
      provider,
      capabilities.recurrenceKinds,
      capabilities.intervalFrequencies,
    );
  if (spec) {
    if (!capabilities.recurrenceKinds.includes(spec.kind)) return unsupported(`${spec.kind} recurrences`);
    if (spec.kind === 'INTERVAL') {
      if (!capabilities.intervalFrequencies.includes(spec.frequency)) return unsupported(`${spec.frequency} intervals`);
      if (capabilities.maxInterval !== null && spec.interval > capabilities.maxInterval) return unsupported(`an interval of ${spec.interval}`);
    }
  }
  if (asks.status !== undefined && !capabilities.settableStatuses.includes(asks.status)) {
    return new UnsupportedOperationError(
      `${provider} cannot move a schedule to ${asks.status}; it accepts ${capabilities.settableStatuses.join(', ') || 'no status change'}`,
      provider,
      `setScheduleStatus(${asks.status})`,
    );
  }
  return null;
}
