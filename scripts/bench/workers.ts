/**
 * The gateway as `npm start` runs it (`src/main.ts`, compiled), with `WORKERS=N` (node:cluster: a primary and
 * N workers sharing the port) over the bench's sandboxes, on a PostgreSQL database of its own (WORKERS > 1
 * needs DATABASE_URL; WORKERS=1 gets the same store so the two differ only in the process count). The
 * sandboxes are passed as live upstreams (base URLs and keys), so the primary starts no emulators of its own.
 * Peak RSS is the sum over the primary and its workers, read from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { freePort } from '../../test/support/child-process.js';
import type { SandboxEndpoints } from './protocol.js';

export interface ClusterGateway {
  url: string;
  workers: number;
  /** Peak summed RSS (primary + workers) since the last reset, in bytes. */
  peakRss(reset: boolean): number;
  stop(): Promise<void>;
}

async function rssOf(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

async function childrenOf(pid: number): Promise<number[]> {
  try {
    const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8');
    return text.split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

async function treeRss(pid: number): Promise<number> {
  const children = await childrenOf(pid);
  const sizes = await Promise.all([pid, ...children].map(rssOf));
  return sizes.reduce((total, size) => total + size, 0);
}

export interface ClusterOptions {
  root: string;
  workers: number;
  endpoints: SandboxEndpoints;
  databaseUrl: string;
  env: NodeJS.ProcessEnv;
  startTimeoutMs?: number;
}

/** Spawns `node dist-like/src/main.js` with WORKERS=N and resolves once every worker listens. */
export async function startClusterGateway(options: ClusterOptions): Promise<ClusterGateway> {
  const main = path.join(options.root, '.bench-tmp', 'src', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run the bench through \`npm run bench\` (it compiles with tsc first)`);
  const port = await freePort();
  const { trackly, heymarket, burki } = options.endpoints;
  const child: ChildProcess = spawn(process.execPath, [main], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ...options.env,
      WORKERS: String(options.workers),
      PORT: String(port),
      DATABASE_URL: options.databaseUrl,
      TRACKLY_BASE_URL: trackly.baseUrl,
      TRACKLY_API_KEY: trackly.apiKey,
      HEYMARKET_BASE_URL: heymarket.url,
      HEYMARKET_SECRET_ID: heymarket.secretId,
      HEYMARKET_SECRET_KEY: heymarket.secretKey,
      BURKI_BASE_URL: burki.url,
      BURKI_API_KEY: burki.apiKey,
      GATEWAY_SHUTDOWN_DRAIN_MS: '0',
    },
  });
  const tail: string[] = [];
  let listening = 0;
  let onListening: () => void = () => undefined;
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      for (const line of chunk.split('\n')) {
        if (!line.trim()) continue;
        // Only start-up lines are inspected: per-request log lines are far more numerous and not needed.
        if (listening < options.workers && line.includes('schedule-gateway listening')) {
          listening += 1;
          onListening();
        }
        if (tail.length < 40) tail.push(line);
      }
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`WORKERS=${options.workers}: not listening after ${options.startTimeoutMs ?? 30_000} ms\n${tail.join('\n')}`)),
      options.startTimeoutMs ?? 30_000,
    );
    onListening = () => {
      if (listening < options.workers) return;
      clearTimeout(timer);
      resolve();
    };
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`WORKERS=${options.workers}: the gateway exited (code ${code}) before listening\n${tail.join('\n')}`));
    });
  });

  const pid = child.pid ?? 0;
  let peak = await treeRss(pid);
  let sampling = false;
  const sampler = setInterval(() => {
    if (sampling) return;
    sampling = true;
    void treeRss(pid)
      .then((rss) => {
        if (rss > peak) peak = rss;
      })
      .finally(() => {
        sampling = false;
      });
  }, 100);
  sampler.unref();
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    workers: options.workers,
    peakRss: (reset) => {
      const value = peak;
      if (reset) peak = 0;
      return value;
    },
    stop: async () => {
      clearInterval(sampler);
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
