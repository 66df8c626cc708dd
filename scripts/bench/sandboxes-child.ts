/**
 * Child process: the three sandbox upstreams, with the bench's Trackly data (no demo seed for Trackly, so a
 * page holds exactly the bench's schedules; Heymarket and Burki keep their demo seed for the cross-provider
 * list). Kept out of the gateway's process so the gateway's RSS and CPU are its own, and out of the load
 * generator's process so autocannon's CPU does not delay the upstreams' answers.
 *
 * Env: BENCH_LATENCY_MS (the injected latency of every sandbox at start).
 */
import { startBurkiSandbox } from '../../src/providers/burki/sandbox/index.js';
import { startHeymarketSandbox } from '../../src/providers/heymarket/sandbox/index.js';
import { startTracklySandbox } from '../../src/providers/trackly/sandbox/index.js';
import { serve } from './ipc.js';
import type { SandboxApi, SandboxReady } from './protocol.js';
import { seedSharedPage } from './seed.js';

const latencyMs = Number(process.env['BENCH_LATENCY_MS'] ?? '5');

const [trackly, heymarket, burki] = await Promise.all([
  startTracklySandbox({ latencyMs, seed: false }),
  startHeymarketSandbox({ latencyMs }),
  startBurkiSandbox({ latencyMs }),
]);
const sandboxes = { trackly, heymarket, burki };
const page = seedSharedPage(trackly.store);
const seededSchedules = new Set(trackly.store.schedules.keys());
const firstScheduleId = page.scheduleIds[0];
if (firstScheduleId === undefined) throw new Error('no schedule seeded');

const ready: SandboxReady = {
  endpoints: {
    trackly: { url: trackly.url, baseUrl: trackly.baseUrl, apiKey: trackly.apiKey },
    heymarket: { url: heymarket.url, secretId: heymarket.secretId, secretKey: heymarket.secretKey },
    burki: { url: burki.url, apiKey: burki.apiKey },
  },
  seed: { scheduleId: firstScheduleId, ...page },
};

serve<SandboxApi>(
  {
    setLatency: (latencies) => {
      trackly.latencyMs = latencies.trackly;
      heymarket.latencyMs = latencies.heymarket;
      burki.latencyMs = latencies.burki;
      return null;
    },
    clear: () => {
      for (const sandbox of Object.values(sandboxes)) sandbox.clearRequests();
      return null;
    },
    counts: () => ({ trackly: trackly.requests.length, heymarket: heymarket.requests.length, burki: burki.requests.length }),
    log: ({ sandbox, limit }) => sandboxes[sandbox].requests.slice(0, limit).map((r) => `${r.method} ${r.path}`),
    lastBody: ({ signature }) => trackly.requests.findLast((r) => `${r.method} ${r.path}` === signature)?.body ?? null,
    prune: () => {
      let removed = 0;
      for (const id of [...trackly.store.schedules.keys()]) {
        if (seededSchedules.has(id)) continue;
        trackly.store.schedules.delete(id);
        removed += 1;
      }
      return removed;
    },
    shutdown: async () => {
      await Promise.all(Object.values(sandboxes).map((sandbox) => sandbox.close()));
      setImmediate(() => process.exit(0));
      return null;
    },
  },
  ready,
);
