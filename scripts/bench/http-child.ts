/**
 * What every measured HTTP child of the bench (the gateway, the bare-Yoga floor) answers the orchestrator:
 * requests served, peak RSS, a CPU profile of its main thread, and shutdown. Shared so that both are
 * measured the same way.
 */
import { writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { getHeapSpaceStatistics } from 'node:v8';
import path from 'node:path';
import { serve } from './ipc.js';
import { RSS_SAMPLE_MS, type GatewayApi, type GatewayReady, type MemoryAtPeak } from './protocol.js';

export interface HttpChildTimes {
  importedAtEpochMs: number;
  listeningAtEpochMs: number;
}

/** Counts requests, samples RSS, and serves the `GatewayApi` RPCs for `server` (already listening). */
export function serveHttpChild(server: Server, times: HttpChildTimes, close: () => Promise<void>): void {
  let served = 0;
  server.on('request', () => {
    served += 1;
  });
  let atPeak = memoryNow();
  let peak = atPeak.rss;
  const sampler = setInterval(() => {
    const rss = process.memoryUsage.rss();
    if (rss > peak) {
      // Only a new peak pays for the breakdown, so sampling stays cheap under load.
      atPeak = memoryNow();
      peak = Math.max(rss, atPeak.rss);
    }
  }, RSS_SAMPLE_MS);
  sampler.unref();

  const ready: GatewayReady = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    processStartEpochMs: performance.timeOrigin,
    importedAtEpochMs: times.importedAtEpochMs,
    listeningAtEpochMs: times.listeningAtEpochMs,
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
        const file = path.join(dir, `child-${process.pid}-${Date.now()}.cpuprofile`);
        await writeFile(file, JSON.stringify(profile));
        return file;
      },
      rss: ({ reset }) => {
        const current = process.memoryUsage.rss();
        const result = { peak: Math.max(peak, current), current, atPeak };
        if (reset) {
          atPeak = memoryNow();
          peak = atPeak.rss;
        }
        return result;
      },
      shutdown: async () => {
        clearInterval(sampler);
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await close();
        // A normal exit, so `--cpu-prof` writes its profile.
        setImmediate(() => process.exit(0));
        return null;
      },
    },
    ready,
  );
}

function memoryNow(): MemoryAtPeak {
  const usage = process.memoryUsage();
  const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
  return {
    rss: usage.rss,
    newSpace,
    restOfHeap: usage.heapTotal - newSpace,
    heapUsed: usage.heapUsed,
    external: usage.external,
    other: usage.rss - usage.heapTotal - usage.external,
  };
}
