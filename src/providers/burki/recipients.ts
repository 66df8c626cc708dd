/**
 * ASSUMPTION S1 (README "Sending windows"). What Burki says about where a campaign's recipients are, for the sending-window check: nothing (its
 * contacts and their zones are not part of the schedule API), so runs — expanded in the schedule's own zone —
 * are judged in every zone of the configured audience set.
 */
import { AUDIENCE, type Recipients } from '../../core/sending-window.js';

export function burkiRecipients(): Recipients {
  return AUDIENCE;
}
