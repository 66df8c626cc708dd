/** schema.graphql is generated: it must match the Pothos schema, and every type, field and argument is described. */
import { readFileSync } from 'node:fs';
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../src/schema/index.js';
import { printSchemaText } from '../scripts/schema-text.js';

describe('schema.graphql', () => {
  it('is in sync with the code (run `npm run schema` when this fails)', () => {
    expect(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8')).toBe(printSchemaText());
  });

  it('describes every type, field, argument and enum value', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          if ('args' in field) for (const arg of field.args) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (isEnumType(type)) for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
    }
    expect(missing).toEqual([]);
  });

  it('keeps the names other teams integrate against (DESIGN.md)', () => {
    const text = printSchemaText();
    for (const name of [
      'enum Provider',
      'interface Node',
      'type Schedule implements Node',
      'union Recurrence = IntervalRecurrence | OneTimeRecurrence | WeeklyRecurrence',
      'input RecurrenceInput @oneOf',
      'input ScheduleTargetInput @oneOf',
      'interface Error',
    ]) {
      expect(text).toContain(name);
    }
    const fieldType = (type: string, field: string) => {
      const object = schema.getType(type);
      return isObjectType(object) ? String(object.getFields()[field]?.type) : null;
    };
    for (const mutation of ['createSchedule', 'updateSchedule', 'deleteSchedule', 'setScheduleStatus']) {
      const result = `${mutation.charAt(0).toUpperCase()}${mutation.slice(1)}Result!`;
      expect(fieldType('Mutation', mutation)).toBe(result);
    }
    expect(fieldType('Query', 'schedule')).toBe('Schedule');
    expect(fieldType('Query', 'schedules')).toBe('ScheduleConnection!');
    expect(fieldType('Query', 'previewRecurrence')).toBe('[Occurrence!]!');
    expect(fieldType('Schedule', 'status')).toBe('ScheduleStatus!');
    expect(fieldType('Schedule', 'recurrence')).toBe('Recurrence');
  });
});
