/**
 * In-memory emulator of the Heymarket v1 scheduled-message API over real HTTP on 127.0.0.1. The gateway's
 * `HEYMARKET_BASE_URL` is the sandbox `url` (host root); it appends `/v1/...`.
 */
import { randomBytes } from 'node:crypto';
import { startSandboxServer, type SandboxHandle, extendHandle } from '../../../sandbox/server.js';
import { RateLimiter } from './auth.js';
import { heymarketError } from './rules.js';
import { buildHeymarketRoutes } from './routes.js';
import { HeymarketStore } from './store.js';

export { HEYMARKET_SEED } from './store.js';

export const HEYMARKET_SANDBOX_API_KEY = 'hm_sandbox_legacy_key_NOT_A_REAL_KEY_0000';
export const HEYMARKET_SANDBOX_SECRET_ID = 'hm_sandbox_secret_id_FAKE_0001';
export const HEYMARKET_SANDBOX_SECRET_KEY = 'hm_sandbox_secret_key_FAKE_do_not_use_in_production_0001';

export interface HeymarketSandboxOptions {
  port?: number;
  apiKey?: string;
  secretId?: string;
  secretKey?: string;
  latencyMs?: number;
  /** Pre-create the seeded scheduled messages (ids 88, 89, 90). Default true. */
  seed?: boolean;
  /** The emulator's clock (execute_at rules, JWT age, rate-limit window, sent state). */
  now?: () => Date;
  /** Requests per 60 s per credential before 429. Default 500. */
  rateLimitPerMinute?: number;
}

export interface HeymarketSandbox extends SandboxHandle {
  readonly apiKey: string;
  readonly secretId: string;
  readonly secretKey: string;
  readonly store: HeymarketStore;
  /** claims of every JWT accepted, in order */
  readonly acceptedJwtClaims: Array<Record<string, unknown>>;
}

export async function startHeymarketSandbox(options: HeymarketSandboxOptions = {}): Promise<HeymarketSandbox> {
  const now = options.now ?? (() => new Date());
  const credentials = {
    apiKey: options.apiKey ?? HEYMARKET_SANDBOX_API_KEY,
    secretId: options.secretId ?? HEYMARKET_SANDBOX_SECRET_ID,
    secretKey: options.secretKey ?? HEYMARKET_SANDBOX_SECRET_KEY,
  };
  const store = new HeymarketStore({ seed: options.seed ?? true, now: now() });
  const acceptedJwtClaims: Array<Record<string, unknown>> = [];
  let requestCounter = 0;

  const handle = await startSandboxServer({
    name: 'heymarket',
    routes: buildHeymarketRoutes({
      store,
      credentials,
      rateLimiter: new RateLimiter(options.rateLimitPerMinute ?? 500),
      now,
      onJwtAccepted: (claims) => acceptedJwtClaims.push(claims),
    }),
    decorate: () => {
      requestCounter += 1;
      return { 'X-Request-Id': `hm-req-${requestCounter}-${randomBytes(4).toString('hex')}` };
    },
    // ASSUMPTION: unknown paths answer 404 not_found without checking credentials (the framework's notFound
    // hook is synchronous, JWT verification is not).
    notFound: (request) => heymarketError('not_found', `no route for ${request.method} ${request.path}`),
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}),
  });

  // Spread would snapshot the `latencyMs` accessor; delegate explicitly instead.
  return extendHandle(handle, {
    apiKey: credentials.apiKey,
    secretId: credentials.secretId,
    secretKey: credentials.secretKey,
    store,
    acceptedJwtClaims,
  });
}
