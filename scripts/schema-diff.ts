/**
 * `npm run schema:diff [old.graphql] [new.graphql]`: what changed in `schema.graphql` since the last released
 * schema (the highest `schema/released/schema-vN.graphql`), by @graphql-inspector/core, grouped as breaking,
 * dangerous and safe. Exits 1 when anything is breaking, so CI stops a change that would break clients that
 * integrated against the release. Releasing: copy `schema.graphql` to `schema/released/schema-v<N+1>.graphql`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import { buildSchema } from 'graphql';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const RELEASED_DIR = join(ROOT, 'schema', 'released');
export const CURRENT_SCHEMA = join(ROOT, 'schema.graphql');

export interface SchemaDiff {
  breaking: Change[];
  dangerous: Change[];
  safe: Change[];
}

/** The last released schema: `schema-vN.graphql` with the highest N. */
export function latestReleasedSchema(dir: string = RELEASED_DIR): string {
  const versions = readdirSync(dir)
    .map((name) => ({ name, version: /^schema-v(\d+)\.graphql$/.exec(name)?.[1] }))
    .filter((entry): entry is { name: string; version: string } => entry.version !== undefined)
    .sort((a, b) => Number(b.version) - Number(a.version));
  const latest = versions[0];
  if (!latest) throw new Error(`no schema-vN.graphql in ${dir}`);
  return join(dir, latest.name);
}

export async function diffSchemas(oldSdl: string, newSdl: string): Promise<SchemaDiff> {
  const changes = await diff(buildSchema(oldSdl), buildSchema(newSdl));
  return {
    breaking: changes.filter((c) => c.criticality.level === CriticalityLevel.Breaking),
    dangerous: changes.filter((c) => c.criticality.level === CriticalityLevel.Dangerous),
    safe: changes.filter((c) => c.criticality.level === CriticalityLevel.NonBreaking),
  };
}

export function formatDiff(result: SchemaDiff, oldPath: string, newPath: string): string {
  const section = (title: string, changes: Change[]): string[] =>
    changes.length === 0
      ? []
      : [`${title} (${changes.length}):`, ...changes.map((c) => `  - ${c.message}${c.criticality.reason ? ` — ${c.criticality.reason}` : ''}`), ''];
  const total = result.breaking.length + result.dangerous.length + result.safe.length;
  return [
    `schema diff: ${oldPath} → ${newPath}`,
    '',
    ...(total === 0 ? ['No changes.', ''] : []),
    ...section('BREAKING', result.breaking),
    ...section('DANGEROUS', result.dangerous),
    ...section('SAFE', result.safe),
    `${result.breaking.length} breaking, ${result.dangerous.length} dangerous, ${result.safe.length} safe.`,
  ].join('\n');
}

async function main(args: string[]): Promise<number> {
  const oldPath = args[0] ?? latestReleasedSchema();
  const newPath = args[1] ?? CURRENT_SCHEMA;
  const result = await diffSchemas(readFileSync(oldPath, 'utf8'), readFileSync(newPath, 'utf8'));
  process.stdout.write(`${formatDiff(result, oldPath, newPath)}\n`);
  return result.breaking.length > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`schema diff failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    },
  );
}
