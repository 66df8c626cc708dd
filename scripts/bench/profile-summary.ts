/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): self time per function and per component
 * (graphql-js parse / validate / execute, Yoga + envelop, whatwg-node, Pothos, undici, zod, Node's HTTP, the
 * gateway's own code, GC, idle). `npm run bench -- --profile` uses it; it also runs on its own:
 *   npx tsx scripts/bench/profile-summary.ts path/to/file.cpuprofile [top]
 */
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface SelfTime {
  name: string;
  where: string;
  component: string;
  ms: number;
  /** Share of the non-idle time. */
  percent: number;
}

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  busyMs: number;
  functions: SelfTime[];
  components: Array<{ component: string; ms: number; percent: number }>;
}

/** Which part of the stack a frame belongs to. */
export function componentOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (functionName === '(idle)') return '(idle)';
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(program)') return 'V8/native (program)';
  if (url === '') return 'V8 builtins (JSON, RegExp, …)';
  const inModule = (name: string) => url.includes(`/node_modules/${name}/`);
  if (inModule('graphql')) {
    if (/\/language\//.test(url)) return 'graphql-js parse/print';
    if (/\/validation\//.test(url)) return 'graphql-js validate';
    if (/\/execution\//.test(url)) return 'graphql-js execute';
    return 'graphql-js other (type/utilities/jsutils)';
  }
  if (inModule('graphql-yoga') || url.includes('/node_modules/@graphql-yoga/')) return 'graphql-yoga';
  if (url.includes('/node_modules/@envelop/')) return 'envelop';
  if (url.includes('/node_modules/@whatwg-node/')) return 'whatwg-node (Request/Response adapter)';
  if (url.includes('/node_modules/@graphql-tools/')) return 'graphql-tools';
  if (url.includes('/node_modules/@pothos/')) return 'pothos';
  if (url.includes('/node_modules/@escape.tech/')) return 'graphql-armor';
  if (inModule('undici') || url.includes('internal/deps/undici')) return 'undici';
  if (inModule('zod')) return 'zod';
  if (inModule('dataloader')) return 'dataloader';
  if (inModule('pino') || url.includes('/node_modules/pino-') || inModule('sonic-boom')) return 'pino';
  if (inModule('prom-client')) return 'prom-client';
  if (inModule('temporal-polyfill')) return 'temporal-polyfill';
  if (inModule('rrule')) return 'rrule';
  if (inModule('cockatiel')) return 'cockatiel';
  if (inModule('tsx') || inModule('esbuild')) return 'tsx loader';
  const mod = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (mod?.[1]) return `node_modules/${mod[1]}`;
  const src = /\/src\/(.+)$/.exec(url);
  if (src?.[1])
    return `gateway src/${src[1]
      .replace(/\.[cm]?[jt]s$/, '')
      .split('/')
      .slice(0, 2)
      .join('/')}`;
  if (url.startsWith('node:')) {
    if (/_http_|internal\/http|node:http/.test(url)) return 'node http';
    if (/abort_controller|domexception/.test(url)) return 'node AbortSignal/DOMException';
    if (/async_hooks|async_local_storage/.test(url)) return 'node async_hooks (AsyncLocalStorage)';
    if (/internal\/modules|internal\/vm/.test(url)) return 'node module loading';
    if (/timers/.test(url)) return 'node timers';
    if (/task_queues|node:events|internal\/event_target/.test(url)) return 'node events/ticks';
    if (/net|stream|internal\/streams/.test(url)) return 'node net/streams';
    if (/crypto/.test(url)) return 'node crypto';
    return 'node core (other)';
  }
  return url.includes('/scripts/bench/') ? 'bench child' : 'other';
}

function shortUrl(url: string): string {
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) return url.slice(nm + '/node_modules/'.length);
  const src = url.indexOf('/src/');
  if (src >= 0) return url.slice(src + 1);
  return url.replace(/^file:\/\//, '');
}

export function summarize(profile: CpuProfile, top = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  if (samples.length > 0 && deltas.length === samples.length) {
    // timeDeltas[i] is the time since the previous sample: attribute the interval ending at sample i+1 to i.
    for (let i = 0; i < samples.length; i += 1) {
      const id = samples[i];
      const interval = deltas[i + 1] ?? deltas[i] ?? 0;
      if (id !== undefined) selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, interval));
    }
  } else {
    const total = profile.endTime - profile.startTime;
    const hits = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0) || 1;
    for (const node of profile.nodes) selfUs.set(node.id, ((node.hitCount ?? 0) * total) / hits);
  }

  const functions = new Map<string, SelfTime>();
  const components = new Map<string, number>();
  let totalUs = 0;
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    totalUs += us;
    const component = componentOf(node.callFrame);
    if (component === '(idle)') {
      idleUs += us;
      continue;
    }
    components.set(component, (components.get(component) ?? 0) + us);
    const name = node.callFrame.functionName || '(anonymous)';
    const where = node.callFrame.url ? `${shortUrl(node.callFrame.url)}:${node.callFrame.lineNumber + 1}` : '';
    const key = `${name}@${where}`;
    const entry = functions.get(key) ?? { name, where, component, ms: 0, percent: 0 };
    entry.ms += us / 1000;
    functions.set(key, entry);
  }
  const busyMs = (totalUs - idleUs) / 1000;
  const pct = (ms: number) => (busyMs > 0 ? (100 * ms) / busyMs : 0);
  return {
    totalMs: totalUs / 1000,
    idleMs: idleUs / 1000,
    busyMs,
    functions: [...functions.values()]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top)
      .map((f) => ({ ...f, percent: pct(f.ms) })),
    components: [...components.entries()].map(([component, us]) => ({ component, ms: us / 1000, percent: pct(us / 1000) })).sort((a, b) => b.ms - a.ms),
  };
}

export function formatSummary(summary: ProfileSummary, requests?: number): string {
  const lines: string[] = [];
  const perRequest = requests ? ` = ${((summary.busyMs * 1000) / requests).toFixed(0)} µs CPU per request over ${requests} requests` : '';
  lines.push(`profile: ${summary.totalMs.toFixed(0)} ms sampled, ${summary.busyMs.toFixed(0)} ms busy (${summary.idleMs.toFixed(0)} ms idle)${perRequest}`);
  lines.push('', 'self time by component (% of busy):');
  for (const c of summary.components) lines.push(`  ${c.percent.toFixed(1).padStart(5)}%  ${c.ms.toFixed(0).padStart(7)} ms  ${c.component}`);
  lines.push('', 'top functions by self time (% of busy):');
  for (const f of summary.functions)
    lines.push(`  ${f.percent.toFixed(1).padStart(5)}%  ${f.ms.toFixed(0).padStart(7)} ms  ${f.name}  ${f.where}  [${f.component}]`);
  return lines.join('\n');
}

export async function summarizeFile(path: string, top = 25): Promise<ProfileSummary> {
  return summarize(JSON.parse(await readFile(path, 'utf8')) as CpuProfile, top);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [path, top] = process.argv.slice(2);
  if (!path) {
    process.stderr.write('usage: tsx scripts/bench/profile-summary.ts <file.cpuprofile> [top]\n');
    process.exit(2);
  }
  process.stdout.write(`${formatSummary(await summarizeFile(path, Number(top ?? 25)))}\n`);
}
