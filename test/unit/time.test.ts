/** The fast paths of core/time must give exactly what Temporal gives. */
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { formatInstant, normaliseInstant, nowInstant, parseInstant } from '../../src/core/time.js';

const temporalText = (instant: Temporal.Instant) => instant.toString({ smallestUnit: instant.epochMilliseconds % 1000 === 0 ? 'second' : 'millisecond' });

describe('instant parsing and formatting', () => {
  it('formats and parses like Temporal for 20,000 instants from year 1 to 9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }), (ms) => {
        const instant = Temporal.Instant.fromEpochMilliseconds(ms);
        expect(formatInstant(instant)).toBe(temporalText(instant));
        expect(parseInstant(temporalText(instant))?.epochMilliseconds).toBe(ms);
        // normalise = Temporal's reading, then Temporal's formatting, for the canonical text and padded fractions.
        expect(normaliseInstant(temporalText(instant))).toBe(temporalText(instant));
        expect(normaliseInstant(instant.toString({ fractionalSecondDigits: 3 }))).toBe(temporalText(instant));
      }),
      { numRuns: 20_000 },
    );
  });

  it.each([
    ['2026-02-30T00:00:00Z', null],
    ['2026-13-01T00:00:00Z', null],
    ['2026-01-01T24:00:00Z', null],
    ['2026-01-01T00:00:00', null],
    ['2026-01-01T00:00:00+02:00', '2025-12-31T22:00:00Z'],
    ['2026-01-01T00:00:00.5Z', '2026-01-01T00:00:00.5Z'],
    ['2026-01-01T00:00:00.1234Z', '2026-01-01T00:00:00.1234Z'],
  ])('%s → %s, as Temporal reads it', (text, expected) => {
    expect(parseInstant(text)?.toString() ?? null).toBe(expected);
    const temporal = expected === null ? null : Temporal.Instant.from(expected);
    expect(normaliseInstant(text)).toBe(temporal ? formatInstant(temporal) : null);
  });

  it('keeps Temporal formatting for sub-millisecond instants', () => {
    const instant = Temporal.Instant.fromEpochNanoseconds(1_000_000_000_000_123_456n);
    expect(formatInstant(instant)).toBe(temporalText(instant));
  });

  it('now is a canonical instant', () => {
    const now = nowInstant();
    expect(formatInstant(parseInstant(now)!)).toBe(now);
  });
});
