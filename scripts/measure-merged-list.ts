/**
 * Measures the merged `schedules` list with Trackly's sandbox slowed to 200 ms and Burki's to 50 ms: the
 * providers are asked in parallel, so the answer should take about the slowest chain, not the sum.
 * Usage: npx tsx scripts/measure-merged-list.ts
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config.js';
import { sandboxConfig, startSandboxes } from '../src/sandbox/index.js';
import { createGateway } from '../src/server.js';

const sandboxes = await startSandboxes();
const gateway = createGateway(sandboxConfig(loadConfig({ PORT: '0' }), sandboxes));
const server = createServer(gateway.yoga);
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
const query = JSON.stringify({ query: '{ schedules(first: 50) { totalCount edges { node { id name nextRuns(first: 1) { at } } } } }' });

async function timeOnce(): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: query });
  await response.json();
  return performance.now() - started;
}

sandboxes.trackly.latencyMs = 200;
sandboxes.burki.latencyMs = 50;
for (let i = 0; i < 3; i += 1) await timeOnce();
const runs: number[] = [];
for (let i = 0; i < 20; i += 1) runs.push(await timeOnce());
runs.sort((a, b) => a - b);
const p50 = runs[Math.floor(runs.length / 2)]!;
process.stdout.write(
  `merged list, Trackly at 200 ms, Burki at 50 ms per upstream call: p50 ${p50.toFixed(1)} ms, min ${runs[0]!.toFixed(1)} ms, max ${runs.at(-1)!.toFixed(1)} ms over ${runs.length} requests\n`,
);
server.close();
await gateway.close();
await sandboxes.close();
