/**
 * `npm run bench:graphiql` — the unauthenticated GraphiQL burst of issue 11, measured on a real process.
 *
 * Builds the gateway (tsc → dist/, as `npm start` runs it), starts a fresh one in sandbox mode as a child
 * process, and fires 50 concurrent `GET /graphql` with `Accept: text/html` and no key — first with no
 * `Accept-Encoding` (the whole 9 MB page each: the worst case), then again with `gzip, br` — while sampling
 * the child's resident set size (/proc/<pid>/status, Linux) every 20 ms. Prints the RSS before, the peak
 * during each burst and the RSS after it settles. `--no-build` reuses dist/. The budget is growth < 50 MB.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

const CLIENTS = 50;
const BUDGET_MB = 50;

function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.replace(/\D+/g, '') ?? 0) / 1024;
}

function getPage(port: number, headers: Record<string, string>): Promise<{ status: number; bytes: number; renders: number }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/graphql', agent: false, headers: { accept: 'text/html', ...headers } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, renders: 0 }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function burst(pid: number, port: number, label: string, headers: Record<string, string>, baseline: number): Promise<{ peak: number; settled: number }> {
  let peak = rssMb(pid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 20);
  const answers = await Promise.all(Array.from({ length: CLIENTS }, () => getPage(port, headers)));
  clearInterval(sampler);
  peak = Math.max(peak, rssMb(pid));
  await sleep(3000);
  const settled = rssMb(pid);
  const statuses = [...new Set(answers.map((a) => a.status))].join(',');
  const bytes = answers[0]?.bytes ?? 0;
  console.log(
    `${label}: ${CLIENTS} clients, status ${statuses}, ${(bytes / 1e6).toFixed(2)} MB each on the wire; ` +
      `RSS peak ${peak.toFixed(0)} MB (+${(peak - baseline).toFixed(0)} MB), settled ${settled.toFixed(0)} MB (+${(settled - baseline).toFixed(0)} MB)`,
  );
  return { peak: peak - baseline, settled: settled - baseline };
}

async function main(): Promise<void> {
  if (!process.argv.includes('--no-build')) execFileSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' });
  const child = spawn(process.execPath, ['dist/main.js'], {
    env: { PATH: process.env.PATH, PORT: '0', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let renders = 0;
  const port = await new Promise<number>((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line.includes('graphiql page rendered')) renders += 1;
        const match = /"port":(\d+)/.exec(line);
        if (match && line.includes('listening')) resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`gateway exited with ${code}`)));
  });
  try {
    await sleep(1500);
    const baseline = rssMb(child.pid!);
    console.log(`fresh gateway (pid ${child.pid}, sandbox, no key), RSS ${baseline.toFixed(0)} MB`);
    const cold = await burst(child.pid!, port, 'burst 1, fresh, no Accept-Encoding', {}, baseline);
    const warm = await burst(child.pid!, port, 'burst 2, gzip/br accepted', { 'accept-encoding': 'gzip, br' }, baseline);
    console.log(`page renders: ${renders}`);
    const settled = Math.max(cold.settled, warm.settled);
    const peak = Math.max(cold.peak, warm.peak);
    console.log(`RSS growth that stays: ${settled.toFixed(0)} MB (budget < ${BUDGET_MB} MB): ${settled < BUDGET_MB ? 'met' : 'NOT met'}`);
    console.log(`RSS growth at the peak (transient, while the render worker runs and 50 × 9 MB are in flight): ${peak.toFixed(0)} MB`);
  } finally {
    child.kill('SIGTERM');
  }
}

await main();
