/** Prints the Pothos schema (sorted) to schema.graphql, or checks it with --check. */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printSchemaText } from './schema-text.js';

const target = fileURLToPath(new URL('../schema.graphql', import.meta.url));
const text = printSchemaText();

if (process.argv.includes('--check')) {
  const current = readFileSync(target, 'utf8');
  if (current !== text) {
    process.stderr.write('schema.graphql is out of date: run `npm run schema`\n');
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
  process.stdout.write(`wrote ${target}\n`);
}
