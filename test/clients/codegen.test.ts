/**
 * The README's GraphQL Code Generator recipe (codegen.ts: client-preset + fragment-matcher, `strictScalars`,
 * every custom scalar mapped) run over schema.graphql and examples/*.graphql into a temporary folder, then a
 * small typed Apollo client using the output type-checked by tsc under `strict`: the scalars come out as
 * `string` (not `unknown` or `any`), the documents are typed, `possibleTypes` feeds the cache. And the
 * friction it removes: `strictScalars` without the mapping fails on the first custom scalar.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { generate } from '@graphql-codegen/cli';
import type { Types } from '@graphql-codegen/plugin-helpers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import recipe, { SCALARS } from '../../codegen.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

/** The recipe with its outputs moved into `dir` (and its config changed by `adjust`). */
function recipeInto(dir: string, adjust: (config: Record<string, unknown>) => Record<string, unknown> = (c) => c): Types.Config & { cwd: string } {
  const outputs = recipe.generates as Record<string, Types.ConfiguredOutput>;
  const client = outputs['generated/client/'];
  const matcher = outputs['generated/client/possible-types.ts'];
  if (!client || !matcher) throw new Error('codegen.ts no longer has the outputs this test expects');
  return {
    ...recipe,
    cwd: ROOT,
    silent: true,
    generates: {
      [join(dir, 'gql/')]: { ...client, config: adjust({ ...(client.config as Record<string, unknown>) }) },
      [join(dir, 'possible-types.ts')]: matcher,
    },
  };
}

const TYPED_CLIENT = `
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { ListSchedulesDocument, PreviewRecurrenceDocument, type ListSchedulesQuery } from './gql/graphql';
import introspection from './possible-types';

export const client = new ApolloClient({
  link: new HttpLink({ uri: 'http://localhost:4000/graphql' }),
  cache: new InMemoryCache({ possibleTypes: introspection.possibleTypes }),
});

type Run = ListSchedulesQuery['schedules']['edges'][number]['node']['nextRuns'][number];

/** Typed all the way: DateTime and LocalTime are strings, the recurrence union narrows on __typename. */
export async function firstRuns(): Promise<string[]> {
  const { data } = await client.query({ query: ListSchedulesDocument, variables: { after: null } });
  const node = data?.schedules.edges[0]?.node;
  if (node?.recurrence?.__typename === 'WeeklyRecurrence') {
    const time: string = node.recurrence.time;
    const days: string[] = node.recurrence.days;
    void [time, days];
  }
  const preview = await client.query({ query: PreviewRecurrenceDocument });
  const local: string[] = preview.data?.previewRecurrence.map((o) => o.localDateTime) ?? [];
  return [...local, ...(node?.nextRuns.flatMap((run: Run) => (run.at ? [run.at] : [])) ?? [])];
}

// @ts-expect-error DateTime is typed as a string: neither any (no error) nor unknown would be assignable to number.
export const notANumber: number = ({} as Run).at ?? '';
export const atIsAString: string | null | undefined = ({} as Run).at;
`;

describe('GraphQL Code Generator recipe with strictScalars', () => {
  let dir: string;
  beforeAll(() => {
    // Inside the project so that the typed client resolves @apollo/client from its node_modules.
    mkdirSync(join(ROOT, 'node_modules/.cache'), { recursive: true });
    dir = mkdtempSync(join(ROOT, 'node_modules/.cache/codegen-test-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('generates typed documents for every example and possibleTypes, with custom scalars as string', async () => {
    const files: Types.FileOutput[] = await generate(recipeInto(dir), true);
    expect(files.map((f) => f.filename.slice(dir.length + 1))).toEqual(expect.arrayContaining(['gql/graphql.ts', 'gql/index.ts', 'possible-types.ts']));
    const graphql = readFileSync(join(dir, 'gql/graphql.ts'), 'utf8');
    // The custom scalars as mapped (DateTime `at`, LocalDateTime `localDateTime`, LocalTime `time`): never unknown or any.
    expect(graphql).toMatch(
      /export type PreviewRecurrenceQuery = \{ previewRecurrence: Array<\{ at: string \| null, localDateTime: string, timeZone: string \| null \}> \};/,
    );
    expect(graphql).toMatch(/__typename: 'WeeklyRecurrence', days: Array<DayOfWeek>, time: string,/);
    expect(graphql).not.toMatch(/\b(?:at|time|localDateTime|startDate|endDate|createdAt|updatedAt): (?:unknown|any)\b/);
    expect(Object.values(SCALARS)).toEqual(['string', 'string', 'string']);
    expect(graphql).toMatch(/export const ListSchedulesDocument = /);
    expect(graphql).toMatch(/export const CreateTracklyWeeklyAbDocument = /);
    const possible = readFileSync(join(dir, 'possible-types.ts'), 'utf8');
    expect(possible).toMatch(/"Recurrence": \[\s*"IntervalRecurrence",\s*"OneTimeRecurrence",\s*"WeeklyRecurrence"\s*\]/);
  }, 60_000);

  it('a small typed Apollo client over the output passes tsc --strict', async () => {
    writeFileSync(join(dir, 'client.ts'), TYPED_CLIENT);
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: 'ES2022',
          module: 'ESNext',
          moduleResolution: 'Bundler',
          lib: ['ES2023', 'DOM'],
          types: [],
          noEmit: true,
          skipLibCheck: true,
        },
        include: ['**/*.ts'],
      }),
    );
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const result = await run(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')]).then(
      () => ({ code: 0, output: '' }),
      (error: { code?: number; stdout?: string }) => ({ code: error.code ?? 1, output: error.stdout ?? '' }),
    );
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  }, 120_000);

  it('without the scalar mapping, strictScalars fails on the first custom scalar (the friction the recipe removes)', async () => {
    const bare = join(dir, 'bare');
    await expect(
      generate(
        recipeInto(bare, ({ scalars: _scalars, ...rest }) => rest),
        false,
      ),
    ).rejects.toThrow(/Unknown scalar type DateTime/);
  }, 60_000);
});
