/**
 * Where a stored schedule's recipients are, asked of the provider that owns it (for `Schedule.warnings` and
 * `Schedule.nextRuns`' sending-window flags on schedules created outside the gateway).
 */
import type { Schedule } from '../core/model.js';
import type { Recipients } from '../core/sending-window.js';
import { PROVIDER_MODULES } from './index.js';

export async function recipientsOf(schedule: Schedule): Promise<Recipients> {
  return PROVIDER_MODULES[schedule.details.provider].recipients(schedule.details);
}
