/**
 * Gateway access: every request except `/health` and `/ready` (and GraphiQL's static page) must carry
 * `Authorization: Bearer <key>` with one of `GATEWAY_API_KEYS`. Keys are compared as SHA-256 digests with
 * `crypto.timingSafeEqual`, against every configured key, so neither the position of a wrong character nor
 * a key's length shows in the response time. A refused request gets HTTP 401 with a GraphQL error body and
 * nothing is parsed or executed.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';

export type AccessDecision = 'ok' | 'missing' | 'invalid';

export class ApiKeys {
  private readonly digests: Buffer[];

  constructor(keys: readonly string[]) {
    this.digests = keys.map(digest);
  }

  /** With no key configured, access is open (sandbox, or `GATEWAY_ALLOW_UNAUTHENTICATED`). */
  get required(): boolean {
    return this.digests.length > 0;
  }

  check(authorization: string | null): AccessDecision {
    if (!this.required) return 'ok';
    const match = /^\s*Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match?.[1]) return 'missing';
    const presented = digest(match[1]);
    let accepted = false;
    // No early exit: every key is compared, whatever matched.
    for (const key of this.digests) accepted = timingSafeEqual(key, presented) || accepted;
    return accepted ? 'ok' : 'invalid';
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

const UNAUTHENTICATED_MESSAGES: Record<Exclude<AccessDecision, 'ok'>, string> = {
  missing: 'Missing gateway API key: send "Authorization: Bearer <key>".',
  invalid: 'Invalid gateway API key.',
};

/** The 401 answer: a GraphQL error body, so GraphQL clients surface it like any other error. */
export function unauthenticatedResponse(decision: Exclude<AccessDecision, 'ok'>, ResponseClass: typeof Response = Response): Response {
  return new ResponseClass(JSON.stringify({ errors: [{ message: UNAUTHENTICATED_MESSAGES[decision], extensions: { code: 'UNAUTHENTICATED' } }] }), {
    status: 401,
    headers: { 'content-type': 'application/json; charset=utf-8', 'www-authenticate': 'Bearer realm="schedule-gateway"' },
  });
}

/** Paths served without a key: liveness and readiness probes (they reveal nothing). */
export const OPEN_PATHS = new Set(['/health', '/ready']);

/**
 * Refuses unauthenticated requests before Yoga parses them. Runs after Yoga's built-in CORS (preflights
 * carry no Authorization header by design) and GraphiQL page plugins; GraphiQL's own queries are POSTs and
 * do need the key (set it in GraphiQL's Headers tab).
 */
export function accessPlugin(keys: ApiKeys, options: { openPaths?: ReadonlySet<string> } = {}): Plugin {
  const open = options.openPaths ?? OPEN_PATHS;
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (!keys.required || open.has(url.pathname)) return;
      const decision = keys.check(request.headers.get('authorization'));
      if (decision !== 'ok') endResponse(unauthenticatedResponse(decision, fetchAPI.Response));
    },
  };
}
