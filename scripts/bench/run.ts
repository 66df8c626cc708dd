/**
 * `npm run bench`: the gateway's cost on top of its upstreams, measured.
 *
 * Four processes, so each number belongs to one of them:
 *   - this one: orchestration and load (autocannon; an undici client for chained baselines);
 *   - `sandboxes-child.ts`: the three upstream emulators with an injected latency and the bench's data;
 *   - `gateway-child.ts`: the gateway alone, so its peak RSS and its cold start are its own;
 *   - `floor-child.ts`: the floor, a bare graphql-yoga server with no plugins making the same upstream calls
 *     and mapping the same fields by hand (bench code only).
 * Every scenario runs next to its baselines (the floor, the direct REST calls) in the same run (same machine
 * state, same sandboxes, same load settings), after a warm-up; the gateway's throughput is reported as a
 * ratio of each. The `workers` scenario runs `src/main.ts` itself with WORKERS=1 and WORKERS=2 on a
 * throwaway PostgreSQL database. Upstream calls per GraphQL request come from the sandboxes' request logs. Budgets are printed as
 * PASS/FAIL; the exit code is 0 whatever they say (a measurement, not a test) and non-zero only when
 * something crashed.
 *
 *   npm run bench -- [--latency 5] [--warmup 1] [--duration 5] [--stress-duration 30] [--stress-connections 200]
 *                    [--connections 1] [--only schedule,page,cross,create,stress,workers,store] [--out bench/results.json]
 *                    [--stress-baseline-duration 5] [--workers-connections 10]
 *                    [--cold-starts 3] [--log-level info] [--gateway-node-flags "--max-semi-space-size=16"]
 *   npm run bench -- --profile [--profile-query schedule|page] [--profile-seconds 15] [--profile-connections 10]
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import module from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Agent, request } from 'undici';
import { spawnChild, type ChildRpc } from './ipc.js';
import { runAutocannon, runClosedLoop, type AutocannonSpec, type LoadStats } from './load.js';
import { formatSummary, summarizeFile, type ProfileSummary } from './profile-summary.js';
import type { GatewayApi, GatewayReady, Latencies, MemoryAtPeak, SandboxApi, SandboxReady, UpstreamCounts } from './protocol.js';
import {
  BENCH_GATEWAY_API_KEY,
  CREATE_MUTATION,
  CROSS_QUERY,
  GATEWAY_HEADERS,
  PAGE_QUERY,
  SCHEDULE_QUERY,
  checkCreate,
  checkCross,
  checkNoErrors,
  checkPage,
  checkStatus,
  createVariables,
  graphqlBody,
  scheduleVariables,
} from './scenarios.js';
import { PAGE_SHAPE } from './seed.js';
import { measureStoreCost, type StoreCost } from './store-cost.js';
import { startClusterGateway } from './workers.js';
import { storeLocation } from '../../test/support/store.js';

const HERE = path.dirname(new URL(import.meta.url).pathname);
const ROOT = path.resolve(HERE, '../..');
/**
 * The children run compiled JavaScript (built by `npm run bench` into .bench-tmp/ with tsc), as the gateway
 * runs in production (`npm start` builds dist/): measuring them under tsx would count its loader's start-up
 * time and memory against the gateway. Falls back to the .ts sources when no build is there.
 */
const COMPILED = path.join(ROOT, '.bench-tmp', 'scripts', 'bench');
function childScript(name: string): string {
  // The gateway child bundled as dist/ is (scripts/bench/bundle-children.mjs), when `npm run bench` made it.
  const bundled = path.join(COMPILED, 'bundle', `${name}.js`);
  if (existsSync(bundled)) return bundled;
  const compiled = path.join(COMPILED, `${name}.js`);
  return existsSync(compiled) ? compiled : path.join(HERE, `${name}.ts`);
}

const { values: flags } = parseArgs({
  options: {
    latency: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    duration: { type: 'string', default: '5' },
    'stress-duration': { type: 'string', default: '30' },
    'stress-connections': { type: 'string', default: '200' },
    /** The window of the stress scenario's baselines (floor, direct); the gateway keeps --stress-duration. */
    'stress-baseline-duration': { type: 'string', default: '5' },
    /** Connections of the `workers` scenario (schedule(id) with WORKERS=1 and WORKERS=2). */
    'workers-connections': { type: 'string', default: '10' },
    connections: { type: 'string', default: '1' },
    'cold-starts': { type: 'string', default: '3' },
    /** The child gateway's store: `embedded` (as `npm start`: SQLite in a temporary DATA_DIR) or `none`. */
    store: { type: 'string', default: 'embedded' },
    /** Keyed creates per store backend in the `store` scenario. */
    'store-creates': { type: 'string', default: '100' },
    /** The gateway's LOG_LEVEL; default: its own default (one access-log line per request at info). */
    'log-level': { type: 'string' },
    /** Node/V8 flags for the gateway child (e.g. "--max-semi-space-size=16"), to measure a heap setting. */
    'gateway-node-flags': { type: 'string', default: '' },
    only: { type: 'string' },
    out: { type: 'string', default: 'bench/results.json' },
    profile: { type: 'boolean', default: false },
    'profile-seconds': { type: 'string', default: '15' },
    'profile-connections': { type: 'string', default: '10' },
    'profile-query': { type: 'string', default: 'schedule' },
  },
  allowPositionals: false,
});

function num(name: string, value: string | undefined): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`--${name} must be a non-negative number (got ${value})`);
  return parsed;
}

const settings = {
  latencyMs: num('latency', flags.latency),
  warmupSec: num('warmup', flags.warmup),
  durationSec: num('duration', flags.duration),
  stressDurationSec: num('stress-duration', flags['stress-duration']),
  stressConnections: num('stress-connections', flags['stress-connections']),
  stressBaselineDurationSec: num('stress-baseline-duration', flags['stress-baseline-duration']),
  workersConnections: Math.max(1, num('workers-connections', flags['workers-connections'])),
  pairConnections: Math.max(1, num('connections', flags.connections)),
  coldStarts: Math.max(1, num('cold-starts', flags['cold-starts'])),
  storeCreates: Math.max(1, num('store-creates', flags['store-creates'])),
  crossLatencies: { trackly: 50, heymarket: 5, burki: 20 } satisfies Latencies,
  gatewayLogLevel: flags['log-level'] ?? 'gateway default',
  gatewayNodeFlags: (flags['gateway-node-flags'] ?? '').split(' ').filter(Boolean),
  gatewayStore: flags.store === 'none' ? 'none' : 'embedded (SQLite through libsql, one DATA_DIR for the run)',
};
const only = flags.only ? new Set(flags.only.split(',').map((s) => s.trim())) : null;
const enabled = (id: string) => !only || only.has(id);

// ---------------------------------------------------------------------------------------------------------
// Result model

interface RunResult {
  label: string;
  /** `floor`: the bare-Yoga floor; `workers`: src/main.ts with WORKERS=N. */
  kind: 'gateway' | 'floor' | 'direct' | 'chain' | 'workers';
  stats: LoadStats;
  upstream: UpstreamCounts;
  /** Upstream requests received by the sandboxes during the window ÷ requests completed. */
  upstreamPerRequest: number;
  /** Peak RSS of the server process during the window (gateway and floor runs; workers: primary + workers). */
  peakRssMb: number | null;
  /** Gateway and floor runs: where that memory was at the peak, in MB (see `MemoryAtPeak`). */
  memoryAtPeakMb?: Record<keyof MemoryAtPeak, number>;
}

interface Budget {
  name: string;
  limit: string;
  measured: string;
  pass: boolean;
  gap: string;
  /** The bare-Yoga floor on the same measure, where it has one: a budget the floor itself misses is shown so. */
  floor?: string;
}

/** One concurrency level of a scenario: the gateway next to the floor and the direct call(s). */
interface Comparison {
  connections: number;
  gateway: { rps: number; p50Ms: number; p99Ms: number; peakRssMb: number | null };
  floor: { rps: number; p50Ms: number; p99Ms: number; peakRssMb: number | null } | null;
  direct: { rps: number; p50Ms: number; p99Ms: number } | null;
  /** Gateway throughput ÷ floor throughput (1 = as fast as a bare Yoga server). */
  gatewayVsFloor: number | null;
  /** Gateway throughput ÷ direct REST throughput. */
  gatewayVsDirect: number | null;
  /** Floor throughput ÷ direct REST throughput (what a bare GraphQL layer costs on this machine). */
  floorVsDirect: number | null;
}

interface ScenarioResult {
  id: string;
  comparisons?: Comparison[];
  title: string;
  runs: RunResult[];
  /** The upstream requests of one single request, in order (exact, not averaged). */
  probe: { requests: string[]; count: number } | null;
  derived: Record<string, number>;
  budgets: Budget[];
  notes: string[];
}

const mb = (bytes: number) => bytes / (1024 * 1024);
const memoryInMb = (memory: MemoryAtPeak) =>
  Object.fromEntries(Object.entries(memory).map(([part, bytes]) => [part, mb(bytes)])) as Record<keyof MemoryAtPeak, number>;
/** `new space 134 · rest of heap 60 · external 9 · other 113` — where a run's peak RSS was. */
const memoryLine = (m: Record<keyof MemoryAtPeak, number>) =>
  `at peak: new space ${f1(m.newSpace)} · rest of heap ${f1(m.restOfHeap)} (used ${f1(m.heapUsed)} in all) · external ${f1(m.external)} · other ${f1(m.other)} MB`;
const sum = (counts: UpstreamCounts) => counts.trackly + counts.heymarket + counts.burki;
const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);

// ---------------------------------------------------------------------------------------------------------
// Processes

type SandboxChild = ChildRpc<SandboxApi, SandboxReady>;
type GatewayChild = ChildRpc<GatewayApi, GatewayReady>;

/** The most `GATEWAY_MAX_COST` accepts. */
const BENCH_MAX_COST = 1_000_000;

/** One DATA_DIR for every spawn of the run: the first spawn creates the SQLite file, later ones reopen it, as restarts do. */
const BENCH_DATA_DIR = mkdtempSync(path.join(os.tmpdir(), 'sgw-bench-data-'));
process.on('exit', () => rmSync(BENCH_DATA_DIR, { recursive: true, force: true }));
/**
 * One empty module compile cache per run (src/startup.ts; Node ≥ 22.1): the first spawn starts without a
 * cache, as the first start of a new build does, and fills it; the later spawns start with it, as restarts do.
 */
const BENCH_COMPILE_CACHE = mkdtempSync(path.join(os.tmpdir(), 'sgw-bench-compile-cache-'));
process.on('exit', () => rmSync(BENCH_COMPILE_CACHE, { recursive: true, force: true }));
const COMPILE_CACHE_NOTE =
  typeof module.enableCompileCache === 'function'
    ? 'spawn 1 starts with an empty module compile cache (a new build), the later ones with the cache it wrote (restarts)'
    : `no module compile cache on Node ${process.versions.node} (it needs Node ≥ 22.1): every spawn compiles every module`;

function gatewayEnv(sandboxes: SandboxReady): NodeJS.ProcessEnv {
  return {
    BENCH_SANDBOXES: JSON.stringify(sandboxes.endpoints),
    ...(flags.store === 'none' ? { BENCH_STORE: 'none' } : { DATA_DIR: BENCH_DATA_DIR }),
    NODE_COMPILE_CACHE: BENCH_COMPILE_CACHE,
    PORT: '0',
    ...(flags['log-level'] ? { LOG_LEVEL: flags['log-level'] } : {}),
    NODE_ENV: 'production',
    GATEWAY_API_KEYS: BENCH_GATEWAY_API_KEY,
    // The default cost limit (5000) refuses the issue's own 100-schedule page (cost ≈ 33,500): raised here so
    // the page can be measured at all; the report says so.
    GATEWAY_MAX_COST: String(BENCH_MAX_COST),
  };
}

function spawnGateway(sandboxes: SandboxReady, nodeFlags: string[] = []): GatewayChild {
  return spawnChild<GatewayApi, GatewayReady>({
    name: 'gateway',
    script: childScript('gateway-child'),
    env: gatewayEnv(sandboxes),
    nodeFlags: [...settings.gatewayNodeFlags, ...nodeFlags],
  });
}

/** The bare-Yoga floor over the same sandboxes (scripts/bench/floor-child.ts). */
function spawnFloor(sandboxes: SandboxReady): GatewayChild {
  return spawnChild<GatewayApi, GatewayReady>({
    name: 'floor',
    script: childScript('floor-child'),
    env: { BENCH_SANDBOXES: JSON.stringify(sandboxes.endpoints), NODE_ENV: 'production' },
  });
}

async function postGraphQL(url: string, body: string): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { method: 'POST', headers: GATEWAY_HEADERS, body });
  return { status: response.status, text: await response.text() };
}

interface ColdStart {
  spawnToListeningMs: number;
  spawnToFirstAnswerMs: number;
  phases: { nodeBootMs: number; importsMs: number; createAndListenMs: number; firstRequestMs: number };
  /** The gateway's memory right after listening, before any request (MB). */
  memoryAtListenMb: { rss: number; heapUsed: number; heapTotal: number; external: number };
}

/** Spawn → the first answered `schedule(id)` (a real query that reaches Trackly). */
async function coldStart(sandboxes: SandboxReady): Promise<{ child: GatewayChild; result: ColdStart }> {
  const child = spawnGateway(sandboxes);
  const spawnedAtEpoch = performance.timeOrigin + child.spawnedAt;
  const ready = await child.ready;
  const listening = performance.now();
  const answer = await postGraphQL(ready.url, graphqlBody(SCHEDULE_QUERY, scheduleVariables(sandboxes.seed)));
  const answered = performance.now();
  const problem = checkNoErrors(answer.status, answer.text);
  if (problem) throw new Error(`cold start: first request failed: ${problem}`);
  return {
    child,
    result: {
      spawnToListeningMs: listening - child.spawnedAt,
      spawnToFirstAnswerMs: answered - child.spawnedAt,
      phases: {
        nodeBootMs: ready.processStartEpochMs - spawnedAtEpoch,
        importsMs: ready.importedAtEpochMs - ready.processStartEpochMs,
        createAndListenMs: ready.listeningAtEpochMs - ready.importedAtEpochMs,
        firstRequestMs: answered - listening,
      },
      memoryAtListenMb: {
        rss: mb(ready.memoryAtListen.rss),
        heapUsed: mb(ready.memoryAtListen.heapUsed),
        heapTotal: mb(ready.memoryAtListen.heapTotal),
        external: mb(ready.memoryAtListen.external),
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Runs

class Bench {
  constructor(
    readonly sandboxes: SandboxChild,
    readonly ready: SandboxReady,
    readonly gateway: GatewayChild,
    readonly gatewayUrl: string,
    readonly floor: GatewayChild,
    readonly floorUrl: string,
  ) {}

  /**
   * Waits until the sandboxes have seen no request for a while: requests a load run left in flight (a
   * cancelled GraphQL request can still be finishing its upstream calls) must not be counted in the next window.
   */
  async quiesce(quietMs = 150, maxMs = 5_000): Promise<void> {
    const deadline = performance.now() + maxMs;
    let last = sum(await this.sandboxes.call('counts', null));
    while (performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, quietMs));
      const now = sum(await this.sandboxes.call('counts', null));
      if (now === last) return;
      last = now;
    }
  }

  async probe(body: string, check: (status: number, body: string) => string | null): Promise<{ requests: string[]; count: number; text: string }> {
    await this.quiesce();
    await this.sandboxes.call('clear', null);
    const answer = await postGraphQL(this.gatewayUrl, body);
    const problem = check(answer.status, answer.text);
    if (problem) throw new Error(`probe failed: ${problem}`);
    const requests: string[] = [];
    for (const sandbox of ['trackly', 'heymarket', 'burki'] as const) requests.push(...(await this.sandboxes.call('log', { sandbox, limit: 1000 })));
    return { requests, count: requests.length, text: answer.text };
  }

  async measured<T extends LoadStats>(
    label: string,
    kind: RunResult['kind'],
    run: (beforeMeasure: () => Promise<void>) => Promise<T>,
    rssOf?: (reset: boolean) => Promise<number>,
  ): Promise<RunResult> {
    const server = kind === 'gateway' ? this.gateway : kind === 'floor' ? this.floor : null;
    const stats = await run(async () => {
      await this.quiesce();
      await this.sandboxes.call('clear', null);
      await rssOf?.(true);
      if (server) {
        await server.call('rss', { reset: true });
        await server.call('served', { reset: true });
      }
    });
    const serverRss = server ? await server.call('rss', { reset: false }) : null;
    const peakRss = serverRss ? serverRss.peak : rssOf ? await rssOf(false) : null;
    // Calls of requests still in flight when the window closed land now; they are divided by every request
    // the server received in the window (not only those autocannon saw answered).
    await this.quiesce();
    const upstream = await this.sandboxes.call('counts', null);
    const received = server ? await server.call('served', { reset: false }) : stats.requests;
    for (const child of [this.gateway, this.floor]) {
      if (child.hasExited) throw new Error(`a measured child died during "${label}"\n${child.output()}`);
    }
    const result: RunResult = {
      label,
      kind,
      stats,
      upstream,
      upstreamPerRequest: received > 0 ? sum(upstream) / received : 0,
      peakRssMb: peakRss === null ? null : mb(peakRss),
      ...(serverRss ? { memoryAtPeakMb: memoryInMb(serverRss.atPeak) } : {}),
    };
    process.stdout.write(
      `  ${label.padEnd(44)} ${f1(stats.rps).padStart(8)} req/s  p50 ${f2(stats.latency.p50).padStart(7)} ms  p99 ${f2(stats.latency.p99).padStart(7)} ms  upstream/req ${f2(result.upstreamPerRequest)}${result.peakRssMb !== null ? `  rss ${f1(result.peakRssMb)} MB` : ''}${problems(stats) ? `  PROBLEMS: ${problems(stats)}` : ''}\n`,
    );
    return result;
  }

  gatewayRun(label: string, body: string, check: AutocannonSpec['check'], connections: number, durationSec = settings.durationSec): Promise<RunResult> {
    return this.measured(label, 'gateway', (beforeMeasure) =>
      runAutocannon({
        url: this.gatewayUrl,
        method: 'POST',
        headers: GATEWAY_HEADERS,
        body,
        connections,
        warmupSec: settings.warmupSec,
        durationSec,
        check,
        beforeMeasure,
      }),
    );
  }

  /** The same request, load and check against the floor instead of the gateway. */
  floorRun(label: string, body: string, check: AutocannonSpec['check'], connections: number, durationSec = settings.durationSec): Promise<RunResult> {
    return this.measured(label, 'floor', (beforeMeasure) =>
      runAutocannon({
        url: this.floorUrl,
        method: 'POST',
        headers: GATEWAY_HEADERS,
        body,
        connections,
        warmupSec: settings.warmupSec,
        durationSec,
        check,
        beforeMeasure,
      }),
    );
  }

  directRun(label: string, spec: Omit<AutocannonSpec, 'warmupSec' | 'durationSec' | 'beforeMeasure'>, durationSec = settings.durationSec): Promise<RunResult> {
    return this.measured(label, 'direct', (beforeMeasure) => runAutocannon({ ...spec, warmupSec: settings.warmupSec, durationSec, beforeMeasure }));
  }

  chainRun(label: string, connections: number, once: () => Promise<void>): Promise<RunResult> {
    return this.measured(label, 'chain', (beforeMeasure) =>
      runClosedLoop({ connections, warmupSec: settings.warmupSec, durationSec: settings.durationSec, once, beforeMeasure }),
    );
  }
}

function problems(stats: LoadStats): string {
  const parts: string[] = [];
  if (stats.non2xx) parts.push(`${stats.non2xx} non-2xx`);
  if (stats.errors) parts.push(`${stats.errors} errors`);
  if (stats.timeouts) parts.push(`${stats.timeouts} timeouts`);
  if (stats.badBodies) parts.push(`${stats.badBodies} bad bodies`);
  if (parts.length && stats.firstProblem) parts.push(`first: ${stats.firstProblem}`);
  return parts.join(', ');
}

function budget(name: string, measured: number, max: number, unit: string, digits = 2, floor?: number): Budget {
  const pass = measured <= max;
  const gap = measured - max;
  return {
    name,
    limit: `≤ ${max}${unit}`,
    measured: `${measured.toFixed(digits)}${unit}`,
    pass,
    gap: pass ? `${(-gap).toFixed(digits)}${unit} to spare` : `over by ${gap.toFixed(digits)}${unit}`,
    ...(floor !== undefined && Number.isFinite(floor) ? { floor: `${floor.toFixed(digits)}${unit}${floor <= max ? '' : ' (misses it)'}` } : {}),
  };
}

/** A lower bound: `measured` must be at least `min`. */
function atLeast(name: string, measured: number, min: number, unit: string, digits = 2): Budget {
  const pass = measured >= min;
  const gap = min - measured;
  return {
    name,
    limit: `≥ ${min}${unit}`,
    measured: `${measured.toFixed(digits)}${unit}`,
    pass,
    gap: pass ? `${(-gap).toFixed(digits)}${unit} to spare` : `short by ${gap.toFixed(digits)}${unit}`,
  };
}

/** The gateway run next to the floor run and the direct run (or chain) of the same concurrency. */
function compare(gateway: RunResult, floor: RunResult | null, direct: RunResult | null): Comparison {
  const ratio = (a: RunResult | null, b: RunResult | null) => (a && b && b.stats.rps > 0 ? a.stats.rps / b.stats.rps : null);
  const point = (r: RunResult) => ({ rps: r.stats.rps, p50Ms: r.stats.latency.p50, p99Ms: r.stats.latency.p99 });
  return {
    connections: gateway.stats.connections,
    gateway: { ...point(gateway), peakRssMb: gateway.peakRssMb },
    floor: floor ? { ...point(floor), peakRssMb: floor.peakRssMb } : null,
    direct: direct ? point(direct) : null,
    gatewayVsFloor: ratio(gateway, floor),
    gatewayVsDirect: ratio(gateway, direct),
    floorVsDirect: ratio(floor, direct),
  };
}

function run(result: ScenarioResult, kind: RunResult['kind'], index = 0): RunResult {
  const found = result.runs.filter((r) => r.kind === kind)[index];
  if (!found) throw new Error(`${result.id}: no ${kind} run #${index}`);
  return found;
}

// ---------------------------------------------------------------------------------------------------------
// Scenarios

async function scheduleById(bench: Bench): Promise<ScenarioResult> {
  const { seed } = bench.ready;
  const body = graphqlBody(SCHEDULE_QUERY, scheduleVariables(seed));
  const probe = await bench.probe(body, checkNoErrors);
  const direct = directScheduleGet(bench.ready);
  const result: ScenarioResult = {
    id: 'schedule',
    title: 'schedule(id): one Trackly schedule vs a direct GET /api/v2/schedules/{id}',
    runs: [],
    probe: { requests: probe.requests, count: probe.count },
    derived: {},
    budgets: [],
    notes: [],
  };
  const floorProbe = await postGraphQL(bench.floorUrl, body);
  const floorProblem = checkNoErrors(floorProbe.status, floorProbe.text);
  if (floorProblem) throw new Error(`the floor cannot answer schedule(id): ${floorProblem}`);
  const levels = [...new Set([settings.pairConnections, 10])];
  for (const connections of levels) {
    result.runs.push(await bench.gatewayRun(`gateway schedule(id) c=${connections}`, body, checkNoErrors, connections));
    result.runs.push(await bench.floorRun(`floor (bare Yoga) schedule(id) c=${connections}`, body, checkNoErrors, connections));
    result.runs.push(await bench.directRun(`direct GET /schedules/{id} c=${connections}`, { ...direct, connections }));
  }
  result.comparisons = [];
  levels.forEach((connections, i) => {
    const gateway = run(result, 'gateway', i);
    const floor = run(result, 'floor', i);
    const dr = run(result, 'direct', i);
    const comparison = compare(gateway, floor, dr);
    result.comparisons?.push(comparison);
    result.derived[`overheadP50Ms_c${connections}`] = gateway.stats.latency.p50 - dr.stats.latency.p50;
    result.derived[`overheadP99Ms_c${connections}`] = gateway.stats.latency.p99 - dr.stats.latency.p99;
    result.derived[`floorOverheadP50Ms_c${connections}`] = floor.stats.latency.p50 - dr.stats.latency.p50;
    result.derived[`floorOverheadP99Ms_c${connections}`] = floor.stats.latency.p99 - dr.stats.latency.p99;
    result.derived[`gatewayVsFloor_c${connections}`] = comparison.gatewayVsFloor ?? NaN;
    result.derived[`gatewayVsDirect_c${connections}`] = comparison.gatewayVsDirect ?? NaN;
  });
  const c = settings.pairConnections;
  // Issue 16: added latency over the direct call at 1 connection, p50 ≤ 1 ms and p99 ≤ 3 ms.
  const floorP50 = result.derived[`floorOverheadP50Ms_c${c}`];
  const floorP99 = result.derived[`floorOverheadP99Ms_c${c}`];
  result.budgets.push(budget(`schedule(id) added latency over direct, p50 (c=${c})`, result.derived[`overheadP50Ms_c${c}`] ?? NaN, 1, ' ms', 2, floorP50));
  result.budgets.push(budget(`schedule(id) added latency over direct, p99 (c=${c})`, result.derived[`overheadP99Ms_c${c}`] ?? NaN, 3, ' ms', 2, floorP99));
  result.budgets.push(atLeast('schedule(id) throughput vs the bare-Yoga floor (c=10)', result.derived['gatewayVsFloor_c10'] ?? NaN, 0.8, '×'));
  result.budgets.push(budget('schedule(id) upstream calls (1 request)', probe.count, 1, '', 0));
  result.notes.push(
    'Overhead = gateway latency − direct latency at the same percentile and concurrency; the budgets use the lowest concurrency (no queueing), c=10 is shown for context.',
    'The floor: a bare graphql-yoga server with no plugins (scripts/bench/floor-child.ts), the same document, the same single undici GET, the fields mapped by hand; its throughput is what a Node GraphQL layer alone costs here.',
  );
  return result;
}

async function page(bench: Bench): Promise<ScenarioResult> {
  const { seed, endpoints } = bench.ready;
  const body = graphqlBody(PAGE_QUERY);
  const probe = await bench.probe(body, checkPage(PAGE_SHAPE.schedules));
  const distinct = seed.audienceIds.length + seed.offerIds.length + seed.listIds.length;
  const result: ScenarioResult = {
    id: 'page',
    title: `a page of ${PAGE_SHAPE.schedules} Trackly schedules with audiences, source lists, variants and offers (${seed.audienceIds.length} audiences, ${seed.offerIds.length} offers, ${seed.listIds.length} lists shared)`,
    runs: [],
    probe: { requests: probe.requests, count: probe.count },
    derived: { distinctEntities: distinct, allowedCalls: 1 + distinct },
    budgets: [],
    notes: [],
  };
  const c = settings.pairConnections;
  result.runs.push(await bench.gatewayRun(`gateway page of ${PAGE_SHAPE.schedules} c=${c}`, body, checkPage(PAGE_SHAPE.schedules), c));
  const floorProbe = await postGraphQL(bench.floorUrl, body);
  const floorOk = checkPage(PAGE_SHAPE.schedules)(floorProbe.status, floorProbe.text) === null;
  if (floorOk) result.runs.push(await bench.floorRun(`floor (bare Yoga) page of ${PAGE_SHAPE.schedules} c=${c}`, body, checkPage(PAGE_SHAPE.schedules), c));
  else result.notes.push(`The floor could not answer the page (${floorProbe.text.slice(0, 160)}); left out.`);

  // The slowest single upstream call chain, done directly: the list, then every distinct entity in parallel.
  const agent = new Agent({ connections: 64, keepAliveTimeout: 10_000 });
  const headers = { 'x-api-key': endpoints.trackly.apiKey, accept: 'application/json' };
  const get = async (pathname: string) => {
    const response = await request(`${endpoints.trackly.baseUrl}${pathname}`, { method: 'GET', headers, dispatcher: agent });
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw new Error(`GET ${pathname}: HTTP ${response.statusCode}`);
    }
    await response.body.json();
  };
  const chain = async () => {
    await get('/schedules');
    await Promise.all([
      ...seed.audienceIds.map((id) => get(`/audiences/${id}`)),
      ...seed.offerIds.map((id) => get(`/offers/${id}`)),
      ...seed.listIds.map((id) => get(`/lists/${id}`)),
    ]);
  };
  try {
    result.runs.push(await bench.chainRun(`direct chain: list + ${distinct} entities c=${c}`, c, chain));
  } finally {
    await agent.close();
  }
  const gw = run(result, 'gateway').stats.latency;
  const ch = run(result, 'chain').stats.latency;
  result.derived['ratioP50'] = gw.p50 / ch.p50;
  result.derived['ratioP99'] = gw.p99 / ch.p99;
  const comparison = compare(run(result, 'gateway'), floorOk ? run(result, 'floor') : null, run(result, 'chain'));
  result.comparisons = [comparison];
  if (comparison.gatewayVsFloor !== null) result.derived['gatewayVsFloor'] = comparison.gatewayVsFloor;
  if (comparison.gatewayVsDirect !== null) result.derived['gatewayVsDirectChain'] = comparison.gatewayVsDirect;
  if (floorOk) {
    result.notes.push(
      'The floor fetches each distinct audience, list and offer once per request (a per-request promise cache) and keeps the list order (the gateway sorts by next run, which the floor does not).',
    );
  }
  const floorRatio = floorOk ? run(result, 'floor').stats.latency.p50 / ch.p50 : undefined;
  result.budgets.push(budget(`page of ${PAGE_SHAPE.schedules}: p50 vs direct chain`, result.derived['ratioP50'] ?? NaN, 1.2, '×', 2, floorRatio));
  result.budgets.push(budget(`page of ${PAGE_SHAPE.schedules}: upstream calls (1 request; 1 list + ${distinct} distinct)`, probe.count, 1 + distinct, '', 0));
  result.notes.push(`One request made: ${summarizeCalls(probe.requests)}.`);
  return result;
}

async function crossProvider(bench: Bench): Promise<ScenarioResult> {
  const lat = settings.crossLatencies;
  await bench.sandboxes.call('setLatency', lat);
  const result: ScenarioResult = {
    id: 'cross',
    title: `schedules across providers, Trackly at ${lat.trackly} ms, Burki at ${lat.burki} ms (Heymarket ${lat.heymarket} ms, no list endpoint)`,
    runs: [],
    probe: null,
    derived: {},
    budgets: [],
    notes: [],
  };
  try {
    const all = graphqlBody(CROSS_QUERY);
    const probe = await bench.probe(all, checkCross);
    result.probe = { requests: probe.requests, count: probe.count };
    // Lowest concurrency: "≈ the slowest provider" is about waiting in parallel; under CPU saturation every
    // provider's processing queues up and the list costs the sum of their CPU instead.
    const c = settings.pairConnections;
    result.runs.push(await bench.gatewayRun(`gateway schedules (all providers) c=${c}`, all, checkCross, c));
    const singles: RunResult[] = [];
    for (const provider of ['TRACKLY', 'BURKI'] as const) {
      const single = graphqlBody(CROSS_QUERY, { provider });
      const answer = await postGraphQL(bench.gatewayUrl, single);
      const problem = checkNoErrors(answer.status, answer.text);
      if (problem) {
        result.notes.push(
          `schedules(provider: ${provider}) is not available in this build (${problem.slice(0, 160)}); left out of the slowest-provider baseline.`,
        );
        continue;
      }
      const measured = await bench.gatewayRun(`gateway schedules(provider: ${provider}) c=${c}`, single, checkNoErrors, c);
      singles.push(measured);
      result.runs.push(measured);
    }
    const merged = run(result, 'gateway').stats.latency;
    const slowest = singles.reduce((max, r) => Math.max(max, r.stats.latency.p50), 0);
    const serial = singles.reduce((total, r) => total + r.stats.latency.p50, 0);
    result.derived['slowestSingleP50Ms'] = slowest;
    result.derived['sumOfSinglesP50Ms'] = serial;
    result.derived['ratioToSlowestP50'] = merged.p50 / slowest;
    result.budgets.push(budget('cross-provider list p50 vs slowest single-provider list (guide)', merged.p50 / slowest, 1.2, '×'));
    result.notes.push(
      `If providers were asked one after the other the list would take ≈ ${f1(serial)} ms at p50; it takes ${f1(merged.p50)} ms (slowest alone: ${f1(slowest)} ms).`,
    );
    result.notes.push(`One request made: ${summarizeCalls(probe.requests)}.`);
  } finally {
    const base = settings.latencyMs;
    await bench.sandboxes.call('setLatency', { trackly: base, heymarket: base, burki: base });
  }
  return result;
}

async function create(bench: Bench): Promise<ScenarioResult> {
  const { seed, endpoints } = bench.ready;
  const body = graphqlBody(CREATE_MUTATION, createVariables(seed));
  const probe = await bench.probe(body, checkCreate);
  const nativeBody = await bench.sandboxes.call('lastBody', { signature: 'POST /api/v2/schedules' });
  if (nativeBody === null) throw new Error('create probe: no POST /api/v2/schedules reached Trackly');
  const c = settings.pairConnections;
  const result: ScenarioResult = {
    id: 'create',
    title: 'createSchedule (Trackly, validated, references checked) vs a direct POST /api/v2/schedules of the same body',
    runs: [],
    probe: { requests: probe.requests, count: probe.count },
    derived: {},
    budgets: [],
    notes: [
      'Real creates (not dryRun): the sandbox store grows during the window and is pruned back to the seed after each run, so later scenarios see the same data.',
    ],
  };
  try {
    result.runs.push(await bench.gatewayRun(`gateway createSchedule c=${c}`, body, checkCreate, c));
    await bench.sandboxes.call('prune', null);
    result.runs.push(
      await bench.directRun(`direct POST /schedules c=${c}`, {
        url: `${endpoints.trackly.baseUrl}/schedules`,
        method: 'POST',
        headers: { 'x-api-key': endpoints.trackly.apiKey, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(nativeBody),
        connections: c,
        check: checkStatus(201),
      }),
    );
  } finally {
    await bench.sandboxes.call('prune', null);
  }
  const gw = run(result, 'gateway').stats.latency;
  const dr = run(result, 'direct').stats.latency;
  result.derived['overheadP50Ms'] = gw.p50 - dr.p50;
  result.derived['overheadP99Ms'] = gw.p99 - dr.p99;
  result.notes.push(
    `One createSchedule made: ${summarizeCalls(probe.requests)} (reference checks run in parallel, then the POST), so its floor is two upstream round trips, not one.`,
  );
  return result;
}

/** The direct call `schedule(id)` is measured against: the same Trackly schedule, straight from the upstream. */
function directScheduleGet({ seed, endpoints }: Bench['ready']) {
  return {
    url: `${endpoints.trackly.baseUrl}/schedules/${seed.scheduleId}`,
    method: 'GET' as const,
    headers: { 'x-api-key': endpoints.trackly.apiKey, accept: 'application/json' },
    check: checkStatus(200),
  };
}

async function stress(bench: Bench): Promise<ScenarioResult> {
  const { seed } = bench.ready;
  const c = settings.stressConnections;
  const body = graphqlBody(SCHEDULE_QUERY, scheduleVariables(seed));
  const result: ScenarioResult = {
    id: 'stress',
    title: `${c} concurrent connections on schedule(id) for ${settings.stressDurationSec} s`,
    runs: [],
    probe: null,
    derived: {},
    budgets: [],
    notes: [],
  };
  result.runs.push(await bench.gatewayRun(`gateway schedule(id) c=${c}`, body, checkNoErrors, c, settings.stressDurationSec));
  const baseline = settings.stressBaselineDurationSec;
  result.runs.push(await bench.floorRun(`floor (bare Yoga) schedule(id) c=${c}`, body, checkNoErrors, c, baseline));
  result.runs.push(await bench.directRun(`direct GET /schedules/{id} c=${c}`, { ...directScheduleGet(bench.ready), connections: c }, baseline));
  const gw = run(result, 'gateway');
  const comparison = compare(gw, run(result, 'floor'), run(result, 'direct'));
  result.comparisons = [comparison];
  result.derived['gatewayVsFloor'] = comparison.gatewayVsFloor ?? NaN;
  result.derived['gatewayVsDirect'] = comparison.gatewayVsDirect ?? NaN;
  result.notes.push(
    `The gateway runs ${settings.stressDurationSec} s; the floor and the direct baselines ${baseline} s each (to keep the bench's wall time down).`,
  );
  const failures = gw.stats.non2xx + gw.stats.errors + gw.stats.timeouts + gw.stats.badBodies;
  result.derived['failures'] = failures;
  for (const measuredRun of [gw, run(result, 'floor')]) {
    if (measuredRun.memoryAtPeakMb) result.notes.push(`${measuredRun.label}, ${memoryLine(measuredRun.memoryAtPeakMb)}.`);
  }
  result.budgets.push(budget(`peak gateway RSS at ${c} clients`, gw.peakRssMb ?? NaN, 150, ' MB', 1, run(result, 'floor').peakRssMb ?? undefined));
  result.budgets.push(budget(`failed requests at ${c} clients (non-2xx, errors, timeouts, GraphQL errors)`, failures, 0, '', 0));
  result.budgets.push(budget(`p99 at ${c} clients`, gw.stats.latency.p99, 500, ' ms', 0, run(result, 'floor').stats.latency.p99));
  return result;
}

/**
 * `schedule(id)` through `src/main.ts` itself at WORKERS=1 and WORKERS=2 (node:cluster), same load, on one
 * throwaway PostgreSQL database (created on TEST_DATABASE_URL's server, dropped afterwards).
 */
async function workers(bench: Bench): Promise<ScenarioResult> {
  const { seed, endpoints } = bench.ready;
  const c = settings.workersConnections;
  const body = graphqlBody(SCHEDULE_QUERY, scheduleVariables(seed));
  const result: ScenarioResult = {
    id: 'workers',
    title: `schedule(id) at c=${c} through src/main.ts with WORKERS=1 and WORKERS=2 (node:cluster), PostgreSQL store`,
    runs: [],
    probe: null,
    derived: {},
    budgets: [],
    notes: [
      'Started as `node .bench-tmp/src/main.js` (the compiled entry point), the bench sandboxes given as upstream base URLs and keys, DATABASE_URL on a database created for the run and dropped after it; peak RSS is the primary plus its workers (/proc).',
    ],
  };
  const database = await storeLocation('postgres');
  try {
    for (const count of [1, 2]) {
      const cluster = await startClusterGateway({
        root: ROOT,
        workers: count,
        endpoints,
        databaseUrl: database.env['DATABASE_URL'] ?? '',
        env: {
          NODE_ENV: 'production',
          GATEWAY_API_KEYS: BENCH_GATEWAY_API_KEY,
          GATEWAY_MAX_COST: String(BENCH_MAX_COST),
          ...(flags['log-level'] ? { LOG_LEVEL: flags['log-level'] } : {}),
        },
      });
      try {
        const answer = await postGraphQL(cluster.url, body);
        const problem = checkNoErrors(answer.status, answer.text);
        if (problem) throw new Error(`WORKERS=${count}: first request failed: ${problem}`);
        result.runs.push(
          await bench.measured(
            `WORKERS=${count} schedule(id) c=${c}`,
            'workers',
            (beforeMeasure) =>
              runAutocannon({
                url: cluster.url,
                method: 'POST',
                headers: GATEWAY_HEADERS,
                body,
                connections: c,
                warmupSec: settings.warmupSec,
                durationSec: settings.durationSec,
                check: checkNoErrors,
                beforeMeasure,
              }),
            async (reset) => cluster.peakRss(reset),
          ),
        );
      } finally {
        await cluster.stop();
      }
    }
  } finally {
    await database.destroy();
  }
  const [one, two] = result.runs;
  if (one && two) {
    result.derived['rpsWorkers1'] = one.stats.rps;
    result.derived['rpsWorkers2'] = two.stats.rps;
    result.derived['speedup2vs1'] = one.stats.rps > 0 ? two.stats.rps / one.stats.rps : NaN;
  }
  return result;
}

function summarizeCalls(requests: string[]): string {
  const counts = new Map<string, number>();
  for (const r of requests) {
    const key = r.replace(/\/[0-9a-f]{24}$/, '/{id}').replace(/\/\d+(\/|$)/, '/{id}$1');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return `${requests.length} upstream requests (${[...counts.entries()].map(([k, n]) => `${n}× ${k}`).join(', ')})`;
}

// ---------------------------------------------------------------------------------------------------------
// Output

function table(headers: string[], rows: string[][], rightAligned: Set<number>): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function machine() {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    totalMemoryMb: Math.round(mb(os.totalmem())),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    nodeVersion: process.version,
    date: new Date().toISOString(),
    /** 1-minute load average: well above the bench's own ~2-3 means something else shared the CPUs. */
    loadAverage1m: Number((os.loadavg()[0] ?? 0).toFixed(2)),
  };
}

function report(scenarios: ScenarioResult[], cold: ColdStart[], coldBudget: Budget | null, storeCost: StoreCost | null, seconds: number): string {
  const rows: string[][] = [];
  for (const s of scenarios) {
    for (const r of s.runs) {
      const st = r.stats;
      rows.push([
        s.id,
        r.label,
        String(st.connections),
        f1(st.rps),
        f2(st.latency.p50),
        f2(st.latency.p97_5),
        f2(st.latency.p99),
        f2(r.upstreamPerRequest),
        r.peakRssMb === null ? '-' : f1(r.peakRssMb),
        String(st.non2xx + st.errors + st.timeouts + st.badBodies),
      ]);
    }
  }
  const out: string[] = [];
  const m = machine();
  out.push('', `schedule-gateway bench: ${m.cpuModel}, ${m.cores} cores, ${m.totalMemoryMb} MB, node ${m.nodeVersion}, ${m.date}`);
  out.push(
    `upstream latency ${settings.latencyMs} ms, warm-up ${settings.warmupSec} s, window ${settings.durationSec} s (stress ${settings.stressDurationSec} s), ${seconds.toFixed(0)} s in all`,
    '',
  );
  out.push(
    table(
      ['scenario', 'run', 'conns', 'req/s', 'p50 ms', 'p97.5 ms', 'p99 ms', 'upstream/req', 'peak RSS MB', 'failed'],
      rows,
      new Set([2, 3, 4, 5, 6, 7, 8, 9]),
    ),
  );
  const comparisons = scenarios.flatMap((s) => (s.comparisons ?? []).map((c) => ({ id: s.id, c })));
  if (comparisons.length) {
    const x = (n: number | null) => (n === null ? '-' : `${f2(n)}×`);
    const lat = (p: { p50Ms: number; p99Ms: number } | null) => (p ? `${f1(p.p50Ms)} / ${f1(p.p99Ms)}` : '-');
    const rss = (n: number | null | undefined) => (n === null || n === undefined ? '-' : f1(n));
    out.push('', 'gateway vs the bare-Yoga floor and the direct REST call(s), same run, same load:');
    out.push(
      table(
        [
          'scenario',
          'conns',
          'gateway req/s',
          'floor req/s',
          'direct req/s',
          'gw/floor',
          'gw/direct',
          'floor/direct',
          'gw p50/p99 ms',
          'floor p50/p99 ms',
          'direct p50/p99 ms',
          'gw RSS MB',
          'floor RSS MB',
        ],
        comparisons.map(({ id, c }) => [
          id,
          String(c.connections),
          f1(c.gateway.rps),
          c.floor ? f1(c.floor.rps) : '-',
          c.direct ? f1(c.direct.rps) : '-',
          x(c.gatewayVsFloor),
          x(c.gatewayVsDirect),
          x(c.floorVsDirect),
          lat(c.gateway),
          lat(c.floor),
          lat(c.direct),
          rss(c.gateway.peakRssMb),
          rss(c.floor?.peakRssMb),
        ]),
        new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
      ),
    );
  }
  if (cold.length) {
    out.push(
      '',
      `cold start (spawn → first answered schedule(id)), ${cold.length} spawns: ${cold.map((c) => `${c.spawnToFirstAnswerMs.toFixed(0)} ms`).join(', ')}`,
      `  ${COMPILE_CACHE_NOTE}`,
    );
    for (const c of cold) {
      const m = c.memoryAtListenMb;
      out.push(
        `  node boot ${c.phases.nodeBootMs.toFixed(0)} ms + imports/schema ${c.phases.importsMs.toFixed(0)} ms + createGateway/listen ${c.phases.createAndListenMs.toFixed(0)} ms + first request ${c.phases.firstRequestMs.toFixed(0)} ms; idle after listen: rss ${f1(m.rss)} MB, heap ${f1(m.heapUsed)}/${f1(m.heapTotal)} MB, external ${f1(m.external)} MB`,
      );
    }
  }
  if (storeCost) {
    out.push('', `store: keyed createSchedule, ${storeCost.creates[0]?.creates ?? 0} sequential per backend, gateway in the bench's own process`);
    out.push(
      table(
        ['store', 'p50 ms', 'p99 ms'],
        storeCost.creates.map((c) => [c.backend, f2(c.p50Ms), f2(c.p99Ms)]),
        new Set([1, 2]),
      ),
    );
    out.push(
      `embedded store cold start: ${storeCost.embeddedColdStartNewDirMs.toFixed(0)} ms on a new DATA_DIR, ${storeCost.embeddedColdStartExistingDirMs.toFixed(0)} ms on an existing one`,
    );
  }
  const derived = scenarios.flatMap((s) => Object.entries(s.derived).map(([k, v]) => `${s.id}.${k} = ${Number.isInteger(v) ? v : v.toFixed(3)}`));
  if (derived.length) out.push('', `derived: ${derived.join(', ')}`);
  const budgets = [...scenarios.flatMap((s) => s.budgets), ...(coldBudget ? [coldBudget] : [])];
  out.push(
    '',
    table(
      ['budget', 'limit', 'measured', 'result', 'gap', 'bare-Yoga floor, same measure'],
      budgets.map((b) => [b.name, b.limit, b.measured, b.pass ? 'PASS' : 'FAIL', b.gap, b.floor ?? '']),
      new Set([2]),
    ),
  );
  const notes = scenarios.flatMap((s) => s.notes.map((n) => `  [${s.id}] ${n}`));
  if (notes.length) out.push('', 'notes:', ...notes);
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------------------
// Main

/**
 * `--profile`: the gateway under a steady load with V8's CPU profiler on its main thread for the measured
 * window only (started and stopped through `node:inspector` in the child: the same profiler and
 * `.cpuprofile` format as `node --cpu-prof`, without start-up and module loading in the numbers).
 */
async function profile(ready: SandboxReady): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'schedule-gateway-prof-'));
  const seconds = num('profile-seconds', flags['profile-seconds']);
  const connections = num('profile-connections', flags['profile-connections']);
  const which = flags['profile-query'] === 'page' ? 'page' : 'schedule';
  const [body, check] =
    which === 'page' ? [graphqlBody(PAGE_QUERY), checkPage(PAGE_SHAPE.schedules)] : [graphqlBody(SCHEDULE_QUERY, scheduleVariables(ready.seed)), checkNoErrors];
  const gateway = spawnGateway(ready);
  try {
    const { url } = await gateway.ready;
    process.stdout.write(`profiling ${which} at c=${connections} for ${seconds} s (after ${settings.warmupSec} s warm-up)…\n`);
    const stats = await runAutocannon({
      url,
      method: 'POST',
      headers: GATEWAY_HEADERS,
      body,
      connections,
      warmupSec: settings.warmupSec,
      durationSec: seconds,
      check,
      beforeMeasure: async () => {
        await gateway.call('profileStart', { samplingIntervalUs: 200 });
      },
    });
    const file = await gateway.call('profileStop', { dir });
    const summary: ProfileSummary = await summarizeFile(file, 30);
    process.stdout.write(`${f1(stats.rps)} req/s, p50 ${f2(stats.latency.p50)} ms, p99 ${f2(stats.latency.p99)} ms, ${problems(stats) || 'no failures'}\n`);
    process.stdout.write(`${formatSummary(summary, stats.requests)}\n\nprofile: ${file} (not part of the repo)\n`);
    process.stdout.write(`the gateway printed ${gateway.linesPrinted} lines; last ones:\n${gateway.output().split('\n').slice(-3).join('\n')}\n`);
  } finally {
    await gateway.stop('shutdown');
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const loadAtStart = Number((os.loadavg()[0] ?? 0).toFixed(2));
  const sandboxes = spawnChild<SandboxApi, SandboxReady>({
    name: 'sandboxes',
    script: childScript('sandboxes-child'),
    env: { BENCH_LATENCY_MS: String(settings.latencyMs) },
  });
  let gateway: GatewayChild | null = null;
  let floor: GatewayChild | null = null;
  try {
    const ready = await sandboxes.ready;
    if (flags.profile) {
      await profile(ready);
      return;
    }

    process.stdout.write(`cold start: ${settings.coldStarts} spawns of the gateway…\n`);
    const cold: ColdStart[] = [];
    for (let i = 0; i < settings.coldStarts; i += 1) {
      const { child, result } = await coldStart(ready);
      cold.push(result);
      process.stdout.write(`  spawn ${i + 1}: ${result.spawnToFirstAnswerMs.toFixed(0)} ms\n`);
      if (i < settings.coldStarts - 1) await child.stop('shutdown');
      else gateway = child;
    }
    if (!gateway) throw new Error('no gateway');
    const sortedCold = cold.map((c) => c.spawnToFirstAnswerMs).sort((a, b) => a - b);
    const coldMedian = sortedCold[Math.floor(sortedCold.length / 2)] ?? NaN;
    const coldBudget = budget(`cold start to first answer (median of ${cold.length})`, coldMedian, 1000, ' ms', 0);

    floor = spawnFloor(ready);
    const bench = new Bench(sandboxes, ready, gateway, (await gateway.ready).url, floor, (await floor.ready).url);
    const plan: Array<[string, (b: Bench) => Promise<ScenarioResult>]> = [
      ['schedule', scheduleById],
      ['page', page],
      ['cross', crossProvider],
      ['create', create],
      ['stress', stress],
      ['workers', workers],
    ];
    const scenarios: ScenarioResult[] = [];
    for (const [id, scenario] of plan) {
      if (!enabled(id)) continue;
      process.stdout.write(`\n${id}:\n`);
      scenarios.push(await scenario(bench));
    }
    // The store's cost runs in this process with gateways of its own, after the child gateway's scenarios,
    // so its PostgreSQL and SQLite work never overlaps a measured window above.
    let storeCost: StoreCost | null = null;
    if (enabled('store')) {
      process.stdout.write(`\nstore (${settings.storeCreates} keyed creates per backend):\n`);
      storeCost = await measureStoreCost(settings.storeCreates, (line) => process.stdout.write(`  ${line}\n`));
    }
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(`${report(scenarios, cold, coldBudget, storeCost, seconds)}\n`);

    const out = path.resolve(ROOT, flags.out ?? 'bench/results.json');
    await mkdir(path.dirname(out), { recursive: true });
    const json = {
      machine: { ...machine(), loadAverage1mAtStart: loadAtStart },
      settings: {
        ...settings,
        gatewayEnvironment: {
          GATEWAY_MAX_COST: String(BENCH_MAX_COST),
          GATEWAY_API_KEYS: '(one bench key)',
          LOG_LEVEL: flags['log-level'] ?? '(gateway default)',
        },
        gatewayProcess: 'separate child (node .bench-tmp/scripts/bench/gateway-child.js, compiled by tsc)',
        floorProcess:
          'separate child (node .bench-tmp/scripts/bench/floor-child.js): bare graphql-yoga, no plugins, hand-written schema, one undici GET per upstream read, fields mapped by hand',
        workersProcess: 'node .bench-tmp/src/main.js with WORKERS=1 and WORKERS=2, PostgreSQL on a throwaway database',
        sandboxesProcess: 'separate child',
        loadGenerator: 'autocannon 8 (latencies from per-response hrtime), undici for the chained baseline',
      },
      totalSeconds: Number(seconds.toFixed(1)),
      coldStart: { medianMs: coldMedian, spawns: cold, compileCache: COMPILE_CACHE_NOTE },
      scenarios,
      storeCost,
      budgets: [...scenarios.flatMap((s) => s.budgets), coldBudget],
    };
    await writeFile(out, `${JSON.stringify(json, null, 2)}\n`);
    process.stdout.write(`\nwrote ${path.relative(ROOT, out)}\n`);
  } finally {
    await gateway?.stop('shutdown');
    await floor?.stop('shutdown');
    await sandboxes.stop('shutdown');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
