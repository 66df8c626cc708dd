/** Custom scalars: instants (`DateTime`), wall-clock times (`LocalTime`) and wall-clock date-times (`LocalDateTime`). */
import { GraphQLError, Kind, type ValueNode } from 'graphql';
import { isValidLocalTime, normaliseInstant } from '../core/time.js';
import { builder } from './builder.js';

const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

function stringLiteral(ast: ValueNode, scalar: string): string {
  if (ast.kind !== Kind.STRING) throw new GraphQLError(`${scalar} must be a string`);
  return ast.value;
}

function parseDateTime(value: unknown): string {
  const normalised = typeof value === 'string' ? normaliseInstant(value) : null;
  if (!normalised) {
    throw new GraphQLError('DateTime must be an RFC 3339 date-time with an offset, e.g. "2026-12-01T09:00:00-05:00" or "2026-12-01T14:00:00Z"');
  }
  return normalised;
}

/**
 * `HH:MM:SS` with zero seconds is what `Temporal.PlainTime#toString()`, graphql-scalars' `LocalTime` and most
 * time pickers produce: it is read as `HH:MM`. Schedules have minute precision (no provider takes seconds), so
 * non-zero seconds are refused rather than silently dropped.
 */
const WITH_ZERO_SECONDS = /^(\d{2}:\d{2}):00(?:\.0+)?$/;
const WITH_SECONDS = /^\d{2}:\d{2}:\d{2}(?:\.\d+)?$/;

function parseLocalTime(value: unknown): string {
  const minutes = typeof value === 'string' ? (WITH_ZERO_SECONDS.exec(value)?.[1] ?? value) : null;
  if (minutes !== null && isValidLocalTime(minutes)) return minutes;
  if (typeof value === 'string' && WITH_SECONDS.test(value) && isValidLocalTime(value.slice(0, 5))) {
    throw new GraphQLError(`LocalTime has minute precision: seconds must be 00, got "${value}" (send "${value.slice(0, 5)}" or "${value.slice(0, 5)}:00")`);
  }
  throw new GraphQLError('LocalTime must be "HH:MM" (or "HH:MM:00") on a 24-hour clock, e.g. "09:30"');
}

builder.scalarType('DateTime', {
  description: 'An instant, as an RFC 3339 date-time with an offset. Output is always UTC with a `Z`, e.g. `2026-12-01T14:00:00Z`.',
  specifiedByURL: 'https://scalars.graphql.org/andimarek/date-time',
  serialize: (value) => value,
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(stringLiteral(ast, 'DateTime')),
});

builder.scalarType('LocalTime', {
  description:
    'A wall-clock time of day, "HH:MM" on a 24-hour clock (ISO 8601 extended format, minute precision), read in a time zone given alongside it. Input also accepts "HH:MM:00"; output is always "HH:MM".',
  specifiedByURL: 'https://www.iso.org/iso-8601-date-and-time-format.html',
  serialize: (value) => value,
  parseValue: parseLocalTime,
  parseLiteral: (ast) => parseLocalTime(stringLiteral(ast, 'LocalTime')),
});

builder.scalarType('LocalDateTime', {
  description: 'A wall-clock date and time with no zone, "YYYY-MM-DDTHH:MM:SS" (ISO 8601 extended format): what a clock on the wall shows.',
  specifiedByURL: 'https://www.iso.org/iso-8601-date-and-time-format.html',
  serialize: (value) => value,
  parseValue: (value) => {
    if (typeof value !== 'string' || !LOCAL_DATE_TIME.test(value)) throw new GraphQLError('LocalDateTime must be "YYYY-MM-DDTHH:MM:SS"');
    return value;
  },
});
