/**
 * Issue 11, item 3: an upstream answering a read with 50 MB. The gateway caps what it reads from an upstream
 * (`UPSTREAM_MAX_BODY_BYTES`, default 8 MiB), stops reading at the cap (the upstream sees the connection
 * close long before it has written everything) and answers a typed `UPSTREAM_BAD_RESPONSE` — instead of
 * buffering the 50 MB and serving the schedule. The hostile Trackly on 127.0.0.1 answers with the sandbox's
 * real schedule plus a 50 MB padding field, so the body is valid and would be served if read to the end.
 */
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeScheduleId } from '../../src/core/global-id.js';
import { TRACKLY_SEED } from '../../src/providers/trackly/sandbox/index.js';
import { startHostileUpstream, type HostileUpstream } from '../support/hostile-upstream.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const FIFTY_MB = 50 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'x');

let sandboxTrackly = '';
let hostile: HostileUpstream;
let gw: TestGateway;
/** Bytes the hostile upstream managed to write for its last answer. */
let written = 0;
let declareLength = false;

/** Writes `head`, then padding up to 50 MB, then `tail`, chunk by chunk with back-pressure, until the socket closes. */
async function stream(res: ServerResponse, head: string, tail: string): Promise<void> {
  const padding = FIFTY_MB - head.length - tail.length;
  res.writeHead(200, { 'content-type': 'application/json', ...(declareLength ? { 'content-length': String(FIFTY_MB) } : {}) });
  written = 0;
  const write = (chunk: Buffer | string) =>
    new Promise<boolean>((resolve) => {
      if (res.destroyed) return resolve(false);
      written += Buffer.byteLength(chunk);
      if (res.write(chunk)) return resolve(true);
      const done = (ok: boolean) => {
        res.off('drain', onDrain);
        res.off('close', onClose);
        resolve(ok);
      };
      const onDrain = () => done(true);
      const onClose = () => done(false);
      res.once('drain', onDrain);
      res.once('close', onClose);
    });
  if (!(await write(head))) return;
  for (let sent = 0; sent < padding; sent += CHUNK.length) {
    if (!(await write(sent + CHUNK.length <= padding ? CHUNK : CHUNK.subarray(0, padding - sent)))) return;
  }
  if (await write(tail)) res.end();
}

beforeAll(async () => {
  hostile = await startHostileUpstream(async (request, res) => {
    // The real schedule from the sandbox, so the only thing wrong with the answer is its size.
    const real = await fetch(`${sandboxTrackly}${request.path.replace(/^\/api\/v2/, '')}`, { headers: { 'x-api-key': String(request.headers['x-api-key']) } });
    const json = await real.text();
    if (!real.ok) return { status: real.status, body: JSON.parse(json) as unknown };
    await stream(res, `${json.slice(0, -1)},"padding":"`, '"}');
    return undefined;
  });
  gw = await startTestGateway({
    adjust: (config) => {
      sandboxTrackly = config.trackly.baseUrl;
      return { ...config, trackly: { ...config.trackly, baseUrl: `${hostile.url}/api/v2` } };
    },
  });
});
afterAll(async () => {
  await gw.close();
  await hostile.close();
});

const READ = `{ schedule(id: "${encodeScheduleId('TRACKLY', TRACKLY_SEED.schedules.weeklyAb)}") { id name } }`;

describe('an upstream body larger than the cap', () => {
  it('a streamed 50 MB answer is cut at the cap and answered with a typed UpstreamError', async () => {
    declareLength = false;
    const answer = await gw.gql<{ schedule: unknown }>(READ);
    expect(answer.status).toBe(200);
    expect(answer.data?.schedule).toBeNull();
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', provider: 'TRACKLY' });
    expect(answer.errors?.[0]?.message).toMatch(/larger than 8388608 bytes/);
    // The read stopped at the cap: the upstream could not push the 50 MB (socket buffers hold a few MB at most).
    expect(written).toBeLessThan(FIFTY_MB / 2);
    // Not retried: the same answer would come again.
    expect(hostile.requests.filter((r) => r.path.startsWith('/api/v2/schedules/'))).toHaveLength(1);
  });

  it('a declared Content-Length above the cap is refused before reading the body', async () => {
    declareLength = true;
    const before = hostile.requests.length;
    const answer = await gw.gql<{ schedule: unknown }>(READ);
    expect(answer.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', provider: 'TRACKLY' });
    expect(written).toBeLessThan(FIFTY_MB / 2);
    expect(hostile.requests.length - before).toBe(1);
  });

  it('an answer under the cap is served as usual', async () => {
    const small = await startTestGateway({ env: { UPSTREAM_MAX_BODY_BYTES: String(1024 * 1024) } });
    try {
      const answer = await small.gql<{ schedule: { name: string } }>(READ);
      expect(answer.errors).toBeUndefined();
      expect(answer.data?.schedule.name).toBeTruthy();
    } finally {
      await small.close();
    }
  });
});
