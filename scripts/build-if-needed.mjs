// @ts-check
/**
 * `npm start`'s pre-step, in plain JavaScript because it must run where TypeScript may not be installed.
 *
 * - With dev dependencies (a clone after `npm ci`): `tsc -b tsconfig.build.json`, TypeScript's own up-to-date
 *   check — it compiles src/ to dist/ only when an input changed, and is a ~1 s no-op otherwise — then
 *   scripts/bundle.mjs when that compile is newer than dist/bundle/ (what dist/main.js starts).
 * - A production install (`npm ci --omit=dev`) has no compiler: the prebuilt dist/ is started as it is, and a
 *   missing dist/ is one clear line instead of `tsc: not found`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';

/** @returns {string | null} the TypeScript compiler's entry, or null on a production install */
function typescriptCompiler() {
  try {
    return createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    return null;
  }
}

const tsc = typescriptCompiler();
if (tsc === null) {
  if (existsSync('dist/main.js')) process.exit(0);
  process.stderr.write(
    'schedule-gateway: dist/main.js is missing and TypeScript is not installed (production install).\n' +
      'Build where dev dependencies are installed (`npm ci && npm run build`) and ship dist/ with the app, or use the Docker image.\n',
  );
  process.exit(1);
}
const build = spawnSync(process.execPath, [tsc, '-b', 'tsconfig.build.json'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

/** @param {string} file @returns {number} its modification time, or -1 when it is missing */
const modified = (file) => (existsSync(file) ? statSync(file).mtimeMs : -1);
// tsc -b rewrites its build info only when it compiled something: a bundle older than it is stale.
if (modified('dist/bundle/serve.js') < modified('dist/.tsbuildinfo')) {
  const { bundleGateway } = await import('./bundle.mjs');
  await bundleGateway({ entry: 'dist/serve.js', outdir: 'dist/bundle' });
}
