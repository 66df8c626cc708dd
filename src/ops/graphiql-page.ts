/**
 * The GraphiQL page, served by the gateway itself instead of Yoga's built-in renderer, because the page is
 * big (GraphiQL's JS and CSS are inlined: ~9 MB, so it works offline and behind firewalls) and anyone may ask
 * for it without a key:
 * - rendered once, on the first visit (single flight: every request that arrives while it renders waits for
 *   the same promise), never at start-up (it would cost every instance the memory and its cold start);
 * - compressed once per coding (brotli, gzip; off the event loop, single flight too) when first asked for, and
 *   served from the same buffers to every visitor: no per-request render or copy, so a burst of
 *   unauthenticated visitors costs the sockets' buffers, not 9 MB each;
 * - cacheable: a strong `ETag` (hash of the page) with `Cache-Control: no-cache`, so a browser revalidates and
 *   gets `304 Not Modified` with no body. Not `immutable`: the URL is the API endpoint and the page changes
 *   with the gateway's version and configuration (the API-key headers template).
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../logger.js';

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

interface RenderedPage {
  identity: Uint8Array<ArrayBuffer>;
  etag: string;
}

type Encoding = 'br' | 'gzip';

/** A Buffer's bytes as the plain Uint8Array a Response body takes (no copy). */
const bytes = (buffer: Buffer): Uint8Array<ArrayBuffer> => new Uint8Array(buffer.buffer as ArrayBuffer, buffer.byteOffset, buffer.length);

export interface GraphiQLPageOptions {
  /** Renders the page's HTML (called once per gateway, unless a render fails). */
  render: () => Promise<Buffer>;
  log: Logger;
  /** The GraphQL endpoint the page is served on (GET with `Accept: text/html`). */
  endpoint: string;
}

/** `br` before `gzip` before none, among the codings the client accepts (a `q=0` refuses one). */
function preferredEncoding(acceptEncoding: string | null): Encoding | null {
  const accepted = new Set<string>();
  for (const part of (acceptEncoding ?? '').toLowerCase().split(',')) {
    const [name = '', ...params] = part.trim().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (q && Number(q.slice(2)) === 0) continue;
    accepted.add(name.trim());
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
  return null;
}

function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed === etag || trimmed === `W/${etag}`;
  });
}

/**
 * One shared promise per key: every caller that asks while it runs gets the same one; a failure is
 * forgotten so the next caller tries again.
 */
function singleFlight<K, V>(build: (key: K) => Promise<V>): (key: K) => Promise<V> {
  const flights = new Map<K, Promise<V>>();
  return (key) => {
    let flight = flights.get(key);
    if (!flight) {
      flight = build(key).catch((error: unknown) => {
        flights.delete(key);
        throw error;
      });
      flights.set(key, flight);
    }
    return flight;
  };
}

export function graphiqlPagePlugin(options: GraphiQLPageOptions): Plugin {
  const rendered = singleFlight(async (): Promise<RenderedPage> => {
    const html = await options.render();
    const etag = `"${createHash('sha256').update(html).digest('base64url').slice(0, 32)}"`;
    options.log.info({ bytes: html.length, etag }, 'graphiql page rendered');
    return { identity: bytes(html), etag };
  });
  // Each coding is compressed on its first request (off the event loop), so a visitor who takes the page
  // uncompressed never waits for it. Brotli quality 5 and gzip level 6 are within 5% of their best sizes on
  // this page (9 MB → 1.9 MB / 2.4 MB) at a quarter of the CPU time.
  const compressed = singleFlight(async (encoding: Encoding): Promise<Uint8Array<ArrayBuffer>> => {
    const { identity } = await rendered(undefined);
    const output =
      encoding === 'br'
        ? await brotliAsync(identity, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: identity.length } })
        : await gzipAsync(identity, { level: 6 });
    options.log.info({ encoding, bytes: output.length }, 'graphiql page compressed');
    return bytes(output);
  });

  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'GET' || !request.headers.get('accept')?.includes('text/html')) return;
      if (url.pathname !== options.endpoint && url.pathname !== `${options.endpoint}/`) return;
      const { identity, etag } = await rendered(undefined);
      const headers: Record<string, string> = {
        'content-type': 'text/html; charset=utf-8',
        etag,
        'cache-control': 'no-cache',
        vary: 'Accept, Accept-Encoding',
      };
      if (etagMatches(request.headers.get('if-none-match'), etag)) {
        endResponse(new fetchAPI.Response(null, { status: 304, headers }));
        return;
      }
      const encoding = preferredEncoding(request.headers.get('accept-encoding'));
      const body = encoding ? await compressed(encoding) : identity;
      if (encoding) headers['content-encoding'] = encoding;
      headers['content-length'] = String(body.length);
      endResponse(new fetchAPI.Response(body, { status: 200, headers }));
    },
  };
}
