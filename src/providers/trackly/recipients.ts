/**
 * ASSUMPTION S1 (README "Sending windows"). What Trackly says about where a schedule's recipients are, for the
 * sending-window check: nothing. An
 * audience carries no zones, so runs are judged in every zone of the configured audience set. A schedule in
 * each recipient's local time (`use_local_time`) needs no zones: its recurrence says so, and the core judges
 * the run's wall clock directly.
 */
import { AUDIENCE, type Recipients } from '../../core/sending-window.js';

export function tracklyRecipients(): Recipients {
  return AUDIENCE;
}
