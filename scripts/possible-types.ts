/**
 * `npm run possible-types`: writes generated/possible-types.json, the map every abstract type (union or
 * interface) → its concrete member types, sorted, from the Pothos schema. Apollo Client's
 * `InMemoryCache({ possibleTypes })` needs it to match fragments on `Recurrence`, `ScheduleDetails`, the
 * mutation result unions, `Error` and `Node`; front ends cannot fetch it at run time because production
 * gateways answer with introspection off. `--check` exits 1 when the committed file is stale.
 */
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isInterfaceType, isUnionType, type GraphQLSchema } from 'graphql';
import { schema } from '../src/schema/index.js';

export const POSSIBLE_TYPES_FILE = fileURLToPath(new URL('../generated/possible-types.json', import.meta.url));

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Each union and interface (by name, sorted) → the sorted names of the object types it may resolve to. */
export function possibleTypesOf(source: GraphQLSchema): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  const abstractTypes = Object.values(source.getTypeMap())
    .filter((type) => !type.name.startsWith('__') && (isUnionType(type) || isInterfaceType(type)))
    .sort((a, b) => byName(a.name, b.name));
  for (const type of abstractTypes) {
    if (!isUnionType(type) && !isInterfaceType(type)) continue;
    map[type.name] = source
      .getPossibleTypes(type)
      .map((member) => member.name)
      .sort(byName);
  }
  return map;
}

/** The committed file's exact text: two-space JSON with a trailing newline. */
export function possibleTypesText(source: GraphQLSchema = schema): string {
  return `${JSON.stringify(possibleTypesOf(source), null, 2)}\n`;
}

function main(): void {
  const text = possibleTypesText();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(POSSIBLE_TYPES_FILE, 'utf8');
    } catch {
      current = '';
    }
    if (current !== text) {
      process.stderr.write('generated/possible-types.json is out of date: run `npm run possible-types`\n');
      process.exit(1);
    }
    return;
  }
  mkdirSync(dirname(POSSIBLE_TYPES_FILE), { recursive: true });
  writeFileSync(POSSIBLE_TYPES_FILE, text);
  process.stdout.write(`wrote ${POSSIBLE_TYPES_FILE}\n`);
}

// Runs only as a script (tsx scripts/possible-types.ts); tests import the functions above without writing.
const invoked = process.argv[1];
if (invoked && realpathSync(invoked) === fileURLToPath(import.meta.url)) main();
