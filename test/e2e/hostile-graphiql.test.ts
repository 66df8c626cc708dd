/**
 * Issue 11, item 2: 50 concurrent unauthenticated `GET /graphql` with `Accept: text/html` on a fresh gateway
 * used to render the 9 MB page once per request that arrived before the first render finished. Now the page
 * is rendered once (counted from the gateway's own "graphiql page rendered" log lines), served compressed
 * when the client accepts it, with an ETag that answers 304. Memory is measured by `npm run bench:graphiql`,
 * not asserted here.
 */
import { request } from 'node:http';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const KEY = 'gw_graphiql_burst_key_0123456789';
let gw: TestGateway;

/** A GET whose body comes back as sent on the wire (fetch would decompress it). */
function rawGet(headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(gw.url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const renders = () => gw.logs.filter((line) => (JSON.parse(line) as { msg?: string }).msg === 'graphiql page rendered').length;

beforeAll(async () => {
  // A gateway that requires a key: the page itself stays public, and nothing else is reachable without one.
  gw = await startTestGateway({ env: { GATEWAY_API_KEYS: KEY }, captureLogs: true });
});
afterAll(() => gw.close());

describe('the GraphiQL page under a burst of unauthenticated visitors', () => {
  it('50 concurrent first visits render the page once and all get the same page', async () => {
    expect(renders()).toBe(0);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => rawGet({ accept: 'text/html', ...(i % 2 === 0 ? { 'accept-encoding': 'gzip' } : {}) })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 50 }, () => 200));
    expect(renders()).toBe(1);
    const etags = new Set(answers.map((a) => a.headers.etag));
    expect(etags.size).toBe(1);
    expect([...etags][0]).toMatch(/^"[A-Za-z0-9_-]{20,}"$/);
    const plain = answers[1]!;
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString('utf8')).toMatch(/<html/i);
    const zipped = answers[0]!;
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.body.length).toBeLessThan(plain.body.length / 3);
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
  }, 120_000);

  it('brotli when accepted, gzip otherwise, and the caching headers', async () => {
    const br = await rawGet({ accept: 'text/html', 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).toString('utf8')).toMatch(/<html/i);
    expect(br.headers['cache-control']).toBe('no-cache');
    expect(br.headers.vary).toMatch(/Accept-Encoding/);
    const refused = await rawGet({ accept: 'text/html', 'accept-encoding': 'br;q=0, gzip' });
    expect(refused.headers['content-encoding']).toBe('gzip');
    expect(renders()).toBe(1);
  });

  it('a revalidation with the ETag answers 304 with no body', async () => {
    const first = await rawGet({ accept: 'text/html' });
    const etag = String(first.headers.etag);
    const again = await rawGet({ accept: 'text/html', 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(etag);
    const stale = await rawGet({ accept: 'text/html', 'if-none-match': '"something-else"' });
    expect(stale.status).toBe(200);
    expect(renders()).toBe(1);
  });

  it('the page needs no key, but a query still does', async () => {
    const query = await gw.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ providers { provider } }' }),
    });
    expect(query.status).toBe(401);
  });
});
