/**
 * An operator configures the gateway from two documents: `.env.example` (copied to `.env`) and the README's
 * configuration table. Every variable `src/config.ts` reads must be in both, and in ONE table only: a second
 * table drifts from the first. The variables are found by watching what `loadConfig` reads, not by parsing it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadConfig, type Environment } from '../../src/config.js';

const checkout = join(import.meta.dirname, '..', '..');

/** The names `loadConfig` looks up, in sandbox mode and in live mode (a key set). */
function variablesRead(): string[] {
  const read = new Set<string>();
  for (const given of [{}, { TRACKLY_API_KEY: 'trk_x', GATEWAY_API_KEYS: 'k'.repeat(16) }] as Environment[]) {
    const env = new Proxy(given, {
      get(target, name) {
        if (typeof name === 'string') read.add(name);
        return Reflect.get(target, name);
      },
      has(target, name) {
        if (typeof name === 'string') read.add(name);
        return Reflect.has(target, name);
      },
    });
    loadConfig(env);
  }
  return [...read].filter((name) => /^[A-Z][A-Z0-9_]*$/.test(name)).sort();
}

/** Markdown tables of a text: each a list of rows, each row a list of cells. */
function tables(markdown: string): string[][][] {
  const found: string[][][] = [];
  let current: string[][] | null = null;
  for (const line of markdown.split('\n')) {
    if (line.trimStart().startsWith('|')) {
      current ??= [];
      current.push(
        line
          .trim()
          .replace(/^\||\|$/g, '')
          .split('|')
          .map((cell) => cell.trim()),
      );
    } else if (current) {
      found.push(current);
      current = null;
    }
  }
  if (current) found.push(current);
  return found;
}

/** The backticked variable names in a table's first column. */
function variablesListed(table: string[][]): Set<string> {
  return new Set(table.flatMap((row) => [...(row[0] ?? '').matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((match) => match[1]!)));
}

const readme = readFileSync(join(checkout, 'README.md'), 'utf8');
const variables = variablesRead();

it('loadConfig is seen reading the variables (the check below is not vacuous)', () => {
  expect(variables).toEqual(expect.arrayContaining(['PORT', 'TRACKLY_API_KEY', 'GATEWAY_SHUTDOWN_DRAIN_MS', 'LOG_LEVEL']));
  expect(variables.length).toBeGreaterThan(30);
});

it('.env.example lists every variable config.ts reads', () => {
  const example = readFileSync(join(checkout, '.env.example'), 'utf8');
  const listed = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]!));
  expect(variables.filter((name) => !listed.has(name))).toEqual([]);
});

it("the README's one configuration table lists every variable config.ts reads, and no other table lists any", () => {
  const start = readme.indexOf('\n## Configuration\n');
  expect(start).toBeGreaterThan(-1);
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end === -1 ? undefined : end);
  const [table] = tables(section);
  expect(table).toBeDefined();
  const listed = variablesListed(table!);
  expect(variables.filter((name) => !listed.has(name))).toEqual([]);

  const elsewhere = tables(readme.slice(0, start) + (end === -1 ? '' : readme.slice(end)))
    .concat(tables(section).slice(1))
    .flatMap((other) => [...variablesListed(other)].filter((name) => variables.includes(name)));
  expect(elsewhere).toEqual([]);
});
