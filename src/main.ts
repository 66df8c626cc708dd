/**
 * `node dist/main.js` (`npm start`, the image's CMD): start-up settings first, then the gateway (serve.ts).
 * The gateway is imported dynamically, after `enableCompileCache()`, because every module of a static import
 * is compiled before this file's first line runs: too early for the cache to see them.
 */
import { bundledEntry, enableCompileCache } from './startup.js';

enableCompileCache();
const bundle = bundledEntry(import.meta.url, 'serve');
if (bundle) await import(bundle);
else await import('./serve.js');
