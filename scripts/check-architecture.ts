/**
 * The architecture rules of DESIGN.md that a reader cannot see from one file, checked on every `npm test`:
 *
 * 1. How far each provider leaks: the source files under src/ outside `src/providers/<name>/` that name the
 *    provider in code (identifiers or strings; comments do not count). Issue 13's goal is at most 2 per
 *    provider; until the redesign lands, each count may not grow past its ratchet below, and a count that
 *    shrank must lower its ratchet (so progress is never silently given back).
 * 2. Imports flow one way: no file under src/providers/ imports src/schema/.
 * 3. No import cycle in src/ (madge).
 *
 * `tsx scripts/check-architecture.ts` prints the counts and the files behind them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import ts from 'typescript';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(ROOT, 'src');

const PROVIDERS = ['trackly', 'heymarket', 'burki'] as const;
type ProviderFolder = (typeof PROVIDERS)[number];

/** Today's counts (issue 13 lowers them to ≤ 2). */
const RATCHET: Record<ProviderFolder, number> = { trackly: 27, heymarket: 30, burki: 25 };
const GOAL = 2;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** The file's tokens without comments, joined: what "names it in code" is matched against. */
function codeOf(file: string): string {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, readFileSync(file, 'utf8'));
  const parts: string[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    // Template literals are rescanned as whole tokens here; that is enough to see a name in them.
    parts.push(scanner.getTokenText());
  }
  return parts.join(' ');
}

const files = sourceFiles(SRC);
const code = new Map(files.map((file) => [file, codeOf(file)]));
const failures: string[] = [];

process.stdout.write('files outside src/providers/<name>/ that name the provider in code:\n');
for (const provider of PROVIDERS) {
  const own = path.join(SRC, 'providers', provider) + path.sep;
  const pattern = new RegExp(provider, 'i');
  const naming = files.filter((file) => !file.startsWith(own) && pattern.test(code.get(file) ?? '')).map((file) => path.relative(ROOT, file));
  const limit = RATCHET[provider];
  process.stdout.write(`  ${provider}: ${naming.length} (ratchet ${limit}, goal ≤ ${GOAL})\n${naming.map((f) => `    ${f}\n`).join('')}`);
  if (naming.length > limit) failures.push(`${provider} is named in ${naming.length} files outside its folder, more than the ratchet's ${limit}`);
  if (naming.length < limit)
    failures.push(
      `${provider} is named in ${naming.length} files outside its folder: lower its ratchet in scripts/check-architecture.ts from ${limit} to ${naming.length}`,
    );
}

const providerDir = path.join(SRC, 'providers') + path.sep;
for (const file of files.filter((f) => f.startsWith(providerDir))) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  for (const statement of source.statements) {
    const specifier =
      (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)
        ? statement.moduleSpecifier.text
        : null;
    if (!specifier?.startsWith('.')) continue;
    const target = path.resolve(path.dirname(file), specifier);
    if (target.startsWith(path.join(SRC, 'schema') + path.sep))
      failures.push(`${path.relative(ROOT, file)} imports ${specifier}: providers must not import schema/`);
  }
}

try {
  execFileSync(
    path.join(ROOT, 'node_modules', '.bin', 'madge'),
    ['--circular', '--no-spinner', '--no-color', '--extensions', 'ts', '--ts-config', 'tsconfig.json', 'src'],
    { cwd: ROOT, stdio: 'pipe' },
  );
  process.stdout.write('import cycles in src/: none\n');
} catch (error) {
  const output = (error as { stdout?: Buffer }).stdout?.toString() ?? String(error);
  failures.push(`import cycles in src/:\n${output.trim()}`);
}

if (failures.length > 0) {
  process.stderr.write(`architecture check failed:\n${failures.map((f) => `- ${f}`).join('\n')}\n`);
  process.exit(1);
}
