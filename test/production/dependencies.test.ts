/**
 * `dependencies` is exactly what the running gateway imports (src/, compiled to dist/): a production install
 * (`npm ci --omit=dev`, the image) must not miss a package the gateway loads — GraphiQL's renderer is resolved
 * lazily (for its worker), so a start-up alone would not notice — and must not carry tools only the tests and scripts use
 * (tsx, rrule used to).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinModules } from 'node:module';
import { expect, it } from 'vitest';

const checkout = join(import.meta.dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(checkout, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

function importedPackages(): Set<string> {
  const packages = new Set<string>();
  for (const file of sourceFiles(join(checkout, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\.resolve\(\s*|^import\s+)['"]([^'"]+)['"]/gm)) {
      const specifier = match[1]!;
      if (specifier.startsWith('.') || specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
      packages.add(packageOf(specifier));
    }
  }
  return packages;
}

it('every package the gateway imports is a production dependency', () => {
  const missing = [...importedPackages()].filter((name) => !(name in manifest.dependencies));
  expect(missing).toEqual([]);
});

it('every production dependency is imported by the gateway (tools for tests and scripts are devDependencies)', () => {
  const imported = importedPackages();
  const unused = Object.keys(manifest.dependencies).filter((name) => !imported.has(name));
  expect(unused).toEqual([]);
});
