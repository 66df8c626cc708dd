/**
 * Child process: the gateway alone (`createGateway` + `node:http`, as `src/main.ts` serves it), pointed at the
 * sandboxes of `sandboxes-child.ts`. Alone in its process so its RSS is the gateway's and its cold start is
 * the gateway's (the sandboxes are already up, as real upstreams would be).
 *
 * Env: BENCH_SANDBOXES (JSON `SandboxEndpoints`), plus the gateway's own variables (PORT, UPSTREAM_*,
 * GATEWAY_API_KEYS, DATA_DIR, DATABASE_URL, …) read through `loadConfig` like `src/main.ts` does. The store is
 * opened as `npm start` opens it (embedded in DATA_DIR unless DATABASE_URL is set), so the cold start and RSS
 * are those of the gateway as shipped; BENCH_STORE=none measures the gateway without one.
 */
import { createServer } from 'node:http';
import { enableCompileCache } from '../../src/startup.js';
import type { SandboxEndpoints } from './protocol.js';

// Started the way src/main.ts starts the gateway: the start-up settings first, then the gateway's modules,
// imported dynamically so that they are loaded (and compiled) after them.
enableCompileCache();
const [{ loadConfig }, { sandboxConfig }, { createGateway }, { openStore }, { serveHttpChild }] = await Promise.all([
  import('../../src/config.js'),
  import('../../src/sandbox/index.js'),
  import('../../src/server.js'),
  import('../../src/store/index.js'),
  import('./http-child.js'),
]);

// This is when the module graph (schema included) is loaded.
const importedAtEpochMs = performance.timeOrigin + performance.now();
const endpoints = JSON.parse(process.env['BENCH_SANDBOXES'] ?? 'null') as SandboxEndpoints | null;
if (!endpoints) throw new Error('BENCH_SANDBOXES is not set');

const config = sandboxConfig(loadConfig(process.env), endpoints);
const store = process.env['BENCH_STORE'] === 'none' ? undefined : await openStore(config.store);
const gateway = createGateway(config, store ? { store } : {});
const server = createServer(gateway.yoga);
await new Promise<void>((resolve) => server.listen(config.port, '127.0.0.1', resolve));
const listeningAtEpochMs = performance.timeOrigin + performance.now();

serveHttpChild(server, { importedAtEpochMs, listeningAtEpochMs }, async () => {
  await gateway.close();
  await store?.close();
});
