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

function parseLocalTime(value: unknown): string {
  if (typeof value !== 'string' || !isValidLocalTime(value)) throw new GraphQLError('LocalTime must be "HH:MM" on a 24-hour clock, e.g. "09:30"');
  return value;
}

builder.scalarType('DateTime', {
  description: 'An instant, as an RFC 3339 date-time with an offset. Output is always UTC with a `Z`, e.g. `2026-12-01T14:00:00Z`.',
  serialize: (value) => value,
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(stringLiteral(ast, 'DateTime')),
});

builder.scalarType('LocalTime', {
  description: 'A wall-clock time of day, "HH:MM" on a 24-hour clock, read in a time zone given alongside it.',
  serialize: (value) => value,
  parseValue: parseLocalTime,
  parseLiteral: (ast) => parseLocalTime(stringLiteral(ast, 'LocalTime')),
});

builder.scalarType('LocalDateTime', {
  description: 'A wall-clock date and time with no zone, "YYYY-MM-DDTHH:MM:SS": what a clock on the wall shows.',
  serialize: (value) => value,
  parseValue: (value) => {
    if (typeof value !== 'string' || !LOCAL_DATE_TIME.test(value)) throw new GraphQLError('LocalDateTime must be "YYYY-MM-DDTHH:MM:SS"');
    return value;
  },
});
