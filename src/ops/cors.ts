/**
 * Which web origins may call the gateway from a browser (`CORS_ORIGINS`). Yoga's default reflects any Origin
 * with `Access-Control-Allow-Credentials: true`, which lets every site on the internet script the API from a
 * logged-in browser. Here:
 * - an allow-list: only a listed origin gets `Access-Control-Allow-Origin` (its own value, `Vary: Origin`);
 * - `any` (the sandbox default, or `CORS_ORIGINS=*`): every origin is allowed, but never with credentials;
 * - none (the live default): no CORS headers at all, so only the gateway's own origin (GraphiQL) can read
 *   answers in a browser.
 * Credentials are never allowed: callers authenticate with an `Authorization` header set by their code, which
 * needs no credentialed CORS; the gateway sets no cookies.
 */
import type { YogaServerOptions } from 'graphql-yoga';
import type { CorsConfig } from '../config.js';

type CorsOption = NonNullable<YogaServerOptions<Record<string, never>, Record<string, never>>['cors']>;

export function corsOption(cors: CorsConfig): CorsOption {
  if (cors.origins === 'any') return { origin: '*', credentials: false };
  if (cors.origins.length === 0) return false;
  const allowed = new Set(cors.origins);
  return (request: Request) => {
    const origin = request.headers.get('origin');
    // Only a listed origin gets CORS headers at all. Yoga sends a one-element list as is, without
    // `Vary: Origin`; given twice, it reflects the (matching) origin and adds `Vary: Origin` for caches.
    return origin !== null && allowed.has(origin) ? { origin: [origin, origin], credentials: false } : false;
  };
}
