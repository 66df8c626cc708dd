/**
 * Where a stored schedule's recipients are, asked of the provider that owns it (for `Schedule.warnings` and
 * `Schedule.nextRuns`' sending-window flags on schedules created outside the gateway).
 */
import type { Schedule } from '../core/model.js';
import type { Recipients } from '../core/sending-window.js';
import { burkiRecipients } from './burki/recipients.js';
import { heymarketRecipients } from './heymarket/recipients.js';
import { tracklyRecipients } from './trackly/recipients.js';

export async function recipientsOf(schedule: Schedule): Promise<Recipients> {
  switch (schedule.details.provider) {
    case 'TRACKLY':
      return tracklyRecipients();
    case 'HEYMARKET':
      return heymarketRecipients(schedule.details.recipient);
    case 'BURKI':
      return burkiRecipients();
  }
}
