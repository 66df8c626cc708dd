/**
 * The Burki campaigns sandbox: an in-memory emulator of Burki's campaign + campaign-schedule API
 * (`/api/v1/campaigns/...`) over real HTTP on 127.0.0.1. The gateway's BURKI_BASE_URL is `sandbox.url`.
 */
import { extendHandle, startSandboxServer, type SandboxHandle } from '../../../sandbox/server.js';
import { burkiAuthenticate, burkiNotFound, burkiRoutes } from './routes.js';
import { BURKI_ORGANIZATION_ID, BurkiStore } from './store.js';

export { BURKI_SEED } from './store.js';
export type { BurkiCampaignJson } from './store.js';

/** The sandbox's API key (obviously fake). */
export const BURKI_SANDBOX_API_KEY = 'burki_sandbox_key_not_a_real_secret';

export interface BurkiSandboxOptions {
  port?: number;
  apiKey?: string;
  latencyMs?: number;
  /** Load the seed campaigns (default true). */
  seed?: boolean;
  /** The emulator's clock (schedule "past" checks, timestamps); default the real clock. */
  now?: () => Date;
}

export interface BurkiSandbox extends SandboxHandle {
  readonly apiKey: string;
  readonly store: BurkiStore;
}

export async function startBurkiSandbox(options: BurkiSandboxOptions = {}): Promise<BurkiSandbox> {
  const now = options.now ?? (() => new Date());
  const apiKey = options.apiKey ?? BURKI_SANDBOX_API_KEY;
  const store = new BurkiStore(now);
  if (options.seed !== false) store.seed();
  const routes = burkiRoutes({ store, now, apiKey, organizationId: BURKI_ORGANIZATION_ID });
  const handle = await startSandboxServer({
    name: 'burki',
    routes,
    authenticate: burkiAuthenticate(apiKey),
    notFound: burkiNotFound(routes),
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}),
  });
  return extendHandle(handle, { apiKey, store });
}
