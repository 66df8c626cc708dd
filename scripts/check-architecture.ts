/**
 * Architecture checks run by `npm test` (issue 13):
 *  1. For each provider, how many source files under src/ outside src/providers/<name>/ name it in code
 *     (identifiers and strings, comments ignored). The goal is "one folder and one registration line", so
 *     the count may only go down: it fails above the ratchet below. Lower the ratchet when a step lands.
 *  2. No file under src/providers/ imports src/schema/: the GraphQL side calls into providers, never back; and no
 *     file under src/schema/ imports from one provider's folder (only the list and the shared contracts).
 * Uses the TypeScript parser (not regexes) so a name in a comment does not count and one in a template does.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';
import ts from 'typescript';

const PROVIDERS = ['trackly', 'heymarket', 'burki'] as const;
type ProviderName = (typeof PROVIDERS)[number];

/**
 * Files outside the provider's folder allowed to name it: providers/index.ts (the list of modules) and
 * core/model.ts (the provider names every layer imports, and the details union). Never raise it.
 */
const RATCHET: Record<ProviderName, number> = { trackly: 2, heymarket: 2, burki: 2 };

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const src = join(root, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/**
 * The code tokens (identifiers, strings, template parts, regular expressions) of one file, from the parsed
 * tree: the bare scanner cannot tell a regex or a template's `}` from code, and then reads comments as text.
 */
function codeTokens(path: string, text: string): string[] {
  const tokens: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) tokens.push(node.text);
    else if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node) || ts.isRegularExpressionLiteral(node)) tokens.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true));
  return tokens;
}

/** Imported module specifiers, from the AST so `import type` and re-exports count too. */
function importSpecifiers(path: string, text: string): string[] {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, false);
  const specifiers: string[] = [];
  for (const statement of file.statements) {
    if (
      (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier)
    ) {
      specifiers.push(statement.moduleSpecifier.text);
    }
  }
  return specifiers;
}

// The reader itself: a name in a comment (even beside backticks and slashes) must not count, one in a
// template or a regex must, so a scanner regression cannot silently change the counts.
// biome-ignore lint/suspicious/noTemplateCurlyInString: the probe is TypeScript source, with a template literal in it.
const probe = codeTokens('probe.ts', '// `trackly` a/b\n/** `heymarket` */\nconst a = `${b}burki${c}`;\nconst r = /x-trackly/;\n');
if (probe.some((token) => token.includes('heymarket')) || probe.filter((token) => /trackly|burki/.test(token)).length !== 2) {
  console.error(`check-architecture: the token reader is wrong (${JSON.stringify(probe)})`);
  process.exit(1);
}

const files = sourceFiles(src);
const failures: string[] = [];

for (const provider of PROVIDERS) {
  const own = join(src, 'providers', provider) + sep;
  const naming = files.filter((path) => {
    if (path.startsWith(own)) return false;
    return codeTokens(path, readFileSync(path, 'utf8')).some((token) => token.toLowerCase().includes(provider));
  });
  const limit = RATCHET[provider];
  console.log(`${provider}: ${naming.length} file(s) outside src/providers/${provider}/ (limit ${limit})`);
  for (const path of naming) console.log(`  ${relative(root, path)}`);
  if (naming.length > limit) failures.push(`${provider} is named in ${naming.length} files outside its folder (limit ${limit})`);
}

const schemaDir = join(src, 'schema') + sep;
for (const path of files.filter((file) => file.startsWith(join(src, 'providers') + sep))) {
  for (const specifier of importSpecifiers(path, readFileSync(path, 'utf8'))) {
    if (!specifier.startsWith('.')) continue;
    const target = resolve(dirname(path), specifier);
    if (target.startsWith(schemaDir)) failures.push(`${relative(root, path)} imports ${specifier} (providers must not import schema/)`);
  }
}

// The neutral GraphQL face reaches providers only through the list and the shared contracts, never into one
// provider's folder: its wire types, client and loaders stay behind the provider's own session and types.
for (const path of files.filter((file) => file.startsWith(schemaDir))) {
  for (const specifier of importSpecifiers(path, readFileSync(path, 'utf8'))) {
    if (!specifier.startsWith('.')) continue;
    const target = resolve(dirname(path), specifier);
    const inside = PROVIDERS.find((provider) => target.startsWith(join(src, 'providers', provider) + sep));
    if (inside) failures.push(`${relative(root, path)} imports ${specifier} (schema/ must not reach into providers/${inside}/)`);
  }
}

// A provider's GraphQL types show its own neutral shapes (details.ts) and ask its session for related objects:
// no resolver imports the provider's wire types, client or loaders.
const WIRE_SIDE = ['native', 'client', 'loaders'];
for (const provider of PROVIDERS) {
  const path = join(src, 'providers', provider, 'graphql.ts');
  for (const specifier of importSpecifiers(path, readFileSync(path, 'utf8'))) {
    const target = resolve(dirname(path), specifier).replace(/\.js$/, '');
    if (WIRE_SIDE.some((name) => target === join(src, 'providers', provider, name))) {
      failures.push(`${relative(root, path)} imports ${specifier} (resolvers must not import a provider's wire types, client or loaders)`);
    }
  }
}

if (failures.length > 0) {
  for (const failure of failures) console.error(`check-architecture: ${failure}`);
  process.exit(1);
}
console.log('check-architecture: ok');
