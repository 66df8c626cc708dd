/**
 * Trackly SMS v2 sandbox: an in-memory emulator of the REST API over real HTTP on 127.0.0.1, enforcing the
 * documented rules, codes and envelopes. Point the gateway's `TRACKLY_BASE_URL` at `${sandbox.url}/api/v2`.
 */
import { startSandboxServer, type SandboxHandle, type SandboxRequest, type SandboxResponse, extendHandle } from '../../../sandbox/server.js';
import { TRACKLY_API_ROOT, tracklyError, tracklyNotFound, tracklyRoutes } from './routes.js';
import { TracklyStore } from './store.js';

export { TracklyStore, TRACKLY_SEED } from './store.js';

/** A fixed, obviously fake key in the documented `trk_<32 alphanumerics>` form. */
export const TRACKLY_SANDBOX_API_KEY = 'trk_SANDBOXnotAREALkey00000000000000';

export interface TracklySandboxOptions {
  port?: number;
  apiKey?: string;
  latencyMs?: number;
  /** Load the demo account (`TRACKLY_SEED`); default true. */
  seed?: boolean;
  /** Clock used for timestamps and for the seed's relative dates. */
  now?: () => Date;
}

export interface TracklySandbox extends SandboxHandle {
  readonly apiKey: string;
  readonly store: TracklyStore;
  /** `${url}/api/v2`: what `TRACKLY_BASE_URL` should be. */
  readonly baseUrl: string;
}

/**
 * `X-Api-Key` must equal the key; a key sent in `Authorization` does not count.
 * CONFLICT in the docs: the global v2 error page answers 401 `missing_api_key` ("API key required") and
 * `invalid_api_key` ("Invalid API key"), while every per-endpoint table lists 401 `unauthorized`. The emulator
 * uses the global page's codes; clients should treat any 401 as an auth failure whatever its code.
 */
function authenticator(apiKey: string): (request: SandboxRequest) => SandboxResponse | null {
  return (request) => {
    const header = request.headers['x-api-key'];
    const key = Array.isArray(header) ? header[0] : header;
    if (key === undefined || key.trim() === '') return tracklyError(401, 'missing_api_key', 'API key required');
    if (key !== apiKey) return tracklyError(401, 'invalid_api_key', 'Invalid API key');
    return null;
  };
}

export async function startTracklySandbox(options: TracklySandboxOptions = {}): Promise<TracklySandbox> {
  const apiKey = options.apiKey ?? TRACKLY_SANDBOX_API_KEY;
  const store = new TracklyStore({ ...(options.now ? { now: options.now } : {}), seed: options.seed !== false });
  const handle = await startSandboxServer({
    name: 'trackly',
    routes: tracklyRoutes(store),
    authenticate: authenticator(apiKey),
    notFound: tracklyNotFound,
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}),
  });
  return extendHandle(handle, {
    apiKey,
    store,
    baseUrl: `${handle.url}${TRACKLY_API_ROOT}`,
  });
}
