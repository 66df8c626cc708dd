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
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../src/config.js';
import { sandboxConfig } from '../../src/sandbox/index.js';
import { createGateway } from '../../src/server.js';
import { openStore } from '../../src/store/index.js';
import { serve } from './ipc.js';
import { RSS_SAMPLE_MS, type GatewayApi, type GatewayReady, type SandboxEndpoints } from './protocol.js';

// ES imports are evaluated first: this is when the module graph (schema included) is loaded.
const importedAtEpochMs = performance.timeOrigin + performance.now();
const endpoints = JSON.parse(process.env['BENCH_SANDBOXES'] ?? 'null') as SandboxEndpoints | null;
if (!endpoints) throw new Error('BENCH_SANDBOXES is not set');

const config = sandboxConfig(loadConfig(process.env), endpoints);
const store = process.env['BENCH_STORE'] === 'none' ? undefined : await openStore(config.store);
const gateway = createGateway(config, store ? { store } : {});
const server = createServer(gateway.yoga);
let served = 0;
server.on('request', () => {
  served += 1;
});
await new Promise<void>((resolve) => server.listen(config.port, '127.0.0.1', resolve));
const listeningAtEpochMs = performance.timeOrigin + performance.now();

let peak = process.memoryUsage.rss();
const sampler = setInterval(() => {
  const rss = process.memoryUsage.rss();
  if (rss > peak) peak = rss;
}, RSS_SAMPLE_MS);
sampler.unref();

const ready: GatewayReady = {
  url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
  processStartEpochMs: performance.timeOrigin,
  importedAtEpochMs,
  listeningAtEpochMs,
  memoryAtListen: process.memoryUsage(),
};

let profiler: Session | null = null;

serve<GatewayApi>(
  {
    served: ({ reset }) => {
      const count = served;
      if (reset) served = 0;
      return count;
    },
    profileStart: async ({ samplingIntervalUs }) => {
      profiler = new Session();
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.setSamplingInterval', { interval: samplingIntervalUs });
      await profiler.post('Profiler.start');
      return null;
    },
    profileStop: async ({ dir }) => {
      if (!profiler) throw new Error('the profiler was not started');
      const { profile } = await profiler.post('Profiler.stop');
      profiler.disconnect();
      profiler = null;
      const file = path.join(dir, `gateway-${process.pid}-${Date.now()}.cpuprofile`);
      await writeFile(file, JSON.stringify(profile));
      return file;
    },
    rss: ({ reset }) => {
      const current = process.memoryUsage.rss();
      const result = { peak: Math.max(peak, current), current };
      if (reset) peak = current;
      return result;
    },
    shutdown: async () => {
      clearInterval(sampler);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await gateway.close();
      await store?.close();
      // A normal exit, so `--cpu-prof` writes its profile.
      setImmediate(() => process.exit(0));
      return null;
    },
  },
  ready,
);
