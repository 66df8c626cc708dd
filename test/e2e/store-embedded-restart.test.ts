/**
 * The embedded store (SQLite in DATA_DIR) across real process restarts: the entry point (`node --import tsx
 * src/main.ts`) runs as an operator runs it, pointed at emulators this test owns, so the upstream's count of
 * POSTs outlives every gateway process. A keyed create replayed by the next process on the same DATA_DIR gets
 * the same schedule and sends nothing; the registry (Heymarket's list, a schedule's history) is still there;
 * an older gateway's PGlite files in DATA_DIR are left as they were. Counts only, no timing assertion.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HEYMARKET_SEED } from '../../src/providers/heymarket/sandbox/index.js';
import { startSandboxes, type Sandboxes } from '../../src/sandbox/index.js';
import { freePort, startChild, type RunningChild } from '../support/child-process.js';

const KEY = 'sgw_restart_key_4b7d1e9a2c6f';
const CREATE = `mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { __typename ... on CreateScheduleSuccess { schedule { id history { action actor } } } ... on Error { code message } } }`;
const READ = `query($id: ID!) { schedule(id: $id) { id history { action actor } } }`;
const LIST = `{ schedules(provider: HEYMARKET, first: 100) { edges { node { id } } } }`;
type Created = { createSchedule: { __typename: string; schedule?: { id: string; history: Array<{ action: string; actor: string }> } } };

const tracklyInput = (key: string) => ({
  idempotencyKey: key,
  target: { trackly: { name: 'Across restarts', audienceIds: ['665fa1b2c3d4e5f6a7b8c901'], variants: [{ message: 'Hi', percentAudience: 100 }] } },
  recurrence: { oneTime: { at: '2027-05-01T10:00:00Z' } },
});

/** A quarter hour at least three hours ahead (Heymarket's rule), as RFC 3339 UTC. */
function sendAt(): string {
  const at = new Date(Date.now() + 3 * 3_600_000);
  at.setUTCMinutes(0, 0, 0);
  return at.toISOString().replace('.000Z', 'Z');
}

describe('the embedded store across gateway processes', () => {
  let upstreams: Sandboxes;
  let dataDir: string;
  let running: RunningChild | null = null;
  let port = 0;
  const posts = () => upstreams.trackly.count(/^POST \/api\/v2\/schedules$/);

  beforeAll(async () => {
    upstreams = await startSandboxes();
    dataDir = mkdtempSync(join(tmpdir(), 'sgw-restart-'));
  });
  afterEach(() => {
    running?.kill();
    running = null;
  });
  afterAll(async () => {
    await upstreams?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function startGateway(): Promise<void> {
    port = await freePort();
    running = startChild(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env,
        PORT: String(port),
        LOG_LEVEL: 'info',
        GATEWAY_API_KEYS: KEY,
        DATA_DIR: dataDir,
        DATABASE_URL: '',
        // Live mode would wait for a load balancer to notice the stop; nothing is in front of this one.
        GATEWAY_SHUTDOWN_DRAIN_MS: '0',
        TRACKLY_BASE_URL: upstreams.trackly.baseUrl,
        TRACKLY_API_KEY: upstreams.trackly.apiKey,
        HEYMARKET_BASE_URL: upstreams.heymarket.url,
        HEYMARKET_API_KEY: upstreams.heymarket.apiKey,
      },
    });
    await running.waitFor(/schedule-gateway listening/);
  }

  async function stopGateway(): Promise<void> {
    running!.signal('SIGTERM');
    expect(await running!.exited).toBe(0);
    running = null;
  }

  async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: unknown };
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    return body.data!;
  }

  it('a keyed create replayed by the next process gets the same schedule with one POST, and its history is still there', async () => {
    await startGateway();
    expect(running!.output()).toContain(`store: embedded in ${dataDir}`);
    const before = posts();
    const first = await gql<Created>(CREATE, { input: tracklyInput('across-processes') });
    expect(first.createSchedule.__typename).toBe('CreateScheduleSuccess');
    expect(posts()).toBe(before + 1);
    await stopGateway();
    expect(readdirSync(dataDir)).toContain('gateway.sqlite');

    await startGateway();
    const replay = await gql<Created>(CREATE, { input: tracklyInput('across-processes') });
    expect(replay.createSchedule.schedule!.id).toBe(first.createSchedule.schedule!.id);
    expect(posts()).toBe(before + 1);
    const read = await gql<{ schedule: { id: string; history: Array<{ action: string; actor: string }> } }>(READ, { id: first.createSchedule.schedule!.id });
    expect(read.schedule.history).toEqual(first.createSchedule.schedule!.history);
    expect(read.schedule.history.map((change) => change.action)).toEqual(['CREATED']);
    await stopGateway();
  }, 120_000);

  it('a Heymarket message (listable only through the registry) is still listed after a restart', async () => {
    await startGateway();
    const created = await gql<Created>(CREATE, {
      input: {
        target: { heymarket: { inboxId: HEYMARKET_SEED.inboxes.main, text: 'Still listed', recipient: { phoneNumber: '+14155553434' } } },
        recurrence: { oneTime: { at: sendAt() } },
      },
    });
    expect(created.createSchedule.__typename).toBe('CreateScheduleSuccess');
    await stopGateway();

    await startGateway();
    const listed = await gql<{ schedules: { edges: Array<{ node: { id: string } }> } }>(LIST);
    expect(listed.schedules.edges.map((edge) => edge.node.id)).toContain(created.createSchedule.schedule!.id);
    await stopGateway();
  }, 120_000);

  it('an older gateway’s PGlite files in DATA_DIR are left alone: the SQLite file sits beside them', async () => {
    const legacy = mkdtempSync(join(tmpdir(), 'sgw-legacy-'));
    try {
      // The shape PGlite leaves in a data directory (PG_VERSION, base/, …): never read, moved or deleted.
      writeFileSync(join(legacy, 'PG_VERSION'), '17\n');
      mkdirSync(join(legacy, 'base', '1'), { recursive: true });
      writeFileSync(join(legacy, 'base', '1', '1259'), 'pglite page');
      const saved = dataDir;
      dataDir = legacy;
      try {
        await startGateway();
        expect((await gql<Created>(CREATE, { input: tracklyInput('beside-pglite') })).createSchedule.__typename).toBe('CreateScheduleSuccess');
        await stopGateway();
      } finally {
        dataDir = saved;
      }
      expect(readFileSync(join(legacy, 'PG_VERSION'), 'utf8')).toBe('17\n');
      expect(readFileSync(join(legacy, 'base', '1', '1259'), 'utf8')).toBe('pglite page');
      // (SQLite's own -wal and -shm files may sit beside its file too.)
      expect(
        readdirSync(legacy)
          .filter((name) => !name.startsWith('gateway.sqlite-'))
          .sort(),
      ).toEqual(['PG_VERSION', 'base', 'gateway.sqlite']);
    } finally {
      rmSync(legacy, { recursive: true, force: true });
    }
  }, 120_000);
});
