/**
 * What every start of the gateway does before loading it: `src/main.ts` (`npm start`, the image) and the
 * bench's gateway child both call it, so the bench measures the start-up that ships.
 */
import { existsSync } from 'node:fs';
import module from 'node:module';

/**
 * Turns on Node's on-disk module compile cache (V8 code cache, Node ≥ 22.1) for every module loaded after
 * this call: a later start of the same build skips compiling them (about a tenth of the start-up). It only
 * helps the second and later starts; the first one fills it. The cache lives in `NODE_COMPILE_CACHE` when
 * that is set, else in `<os.tmpdir()>/node-compile-cache` (Node's default; `/tmp` in the image), and is
 * written when the process exits. `NODE_DISABLE_COMPILE_CACHE=1` turns it off. A cache that cannot be
 * written (read-only disk) is reported by Node in the returned status and costs nothing; Node 20 has no such
 * cache, so there this does nothing.
 */
export function enableCompileCache(): void {
  if (typeof module.enableCompileCache === 'function') module.enableCompileCache();
}

/**
 * The bundle of `name` next to `from` (`bundle/<name>.js`, made by scripts/bundle.mjs), when the build made
 * one: it loads in about a third of the time of its ~1,300 separate module files. Null where there is none
 * (`npm run dev` and the tests, on the sources): then the caller imports the module itself.
 */
export function bundledEntry(from: string, name: string): string | null {
  const bundled = new URL(`./bundle/${name}.js`, from);
  return existsSync(bundled) ? bundled.href : null;
}
