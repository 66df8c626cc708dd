/**
 * Where a Heymarket message's recipients are, for the sending-window check: a phone number rings in the
 * zones of its country and area code (core/phone-zones.ts); a group of numbers in all of theirs. A
 * conversation or a list names no number in the schedule, so its runs are judged in the audience set
 * (ASSUMPTION S1, README "Sending windows").
 */
import type { HeymarketRecipient } from './details.js';
import { phoneNumberZones } from '../../core/phone-zones.js';
import { AUDIENCE, type Recipients } from '../../core/sending-window.js';

export async function heymarketRecipients(recipient: HeymarketRecipient | null): Promise<Recipients> {
  const numbers = recipient?.kind === 'PHONE_NUMBER' ? [recipient.phoneNumber] : recipient?.kind === 'GROUP' ? recipient.phoneNumbers : [];
  if (numbers.length === 0) return AUDIENCE;
  const perNumber = await Promise.all(numbers.map((number) => phoneNumberZones(number)));
  // Why the audience set when one number is unmapped: its zone is as unknown as a list member's.
  if (perNumber.some((zones) => zones.length === 0)) return AUDIENCE;
  const zones = [...new Set(perNumber.flat())].sort();
  const basis = numbers.length === 1 ? `the phone number ${numbers[0]}` : `the ${numbers.length} phone numbers`;
  return { kind: 'ZONES', zones, basis };
}
