/**
 * Starts the three upstream emulators on 127.0.0.1 and points a config at them. Used by `npm start` when
 * no provider key is set, by the tests, and by the benchmark.
 */
import type { Config } from '../config.js';
import { startBurkiSandbox, type BurkiSandbox } from '../providers/burki/sandbox/index.js';
import { startHeymarketSandbox, type HeymarketSandbox } from '../providers/heymarket/sandbox/index.js';
import { startTracklySandbox, type TracklySandbox } from '../providers/trackly/sandbox/index.js';

export interface Sandboxes {
  trackly: TracklySandbox;
  heymarket: HeymarketSandbox;
  burki: BurkiSandbox;
  close(): Promise<void>;
}

export interface SandboxesOptions {
  latencyMs?: number;
  now?: () => Date;
  seed?: boolean;
}

export async function startSandboxes(options: SandboxesOptions = {}): Promise<Sandboxes> {
  const [trackly, heymarket, burki] = await Promise.all([startTracklySandbox(options), startHeymarketSandbox(options), startBurkiSandbox(options)]);
  return {
    trackly,
    heymarket,
    burki,
    close: async () => {
      await Promise.all([trackly.close(), heymarket.close(), burki.close()]);
    },
  };
}

/** Where the emulators listen and the credentials they accept: all a config needs to point at them. */
export interface SandboxEndpoints {
  trackly: { baseUrl: string; apiKey: string };
  heymarket: { url: string; secretId: string; secretKey: string };
  burki: { url: string; apiKey: string };
}

/** Just the endpoints of running emulators, as plain data another process can be handed (e.g. as JSON). */
export function sandboxEndpoints(sandboxes: SandboxEndpoints): SandboxEndpoints {
  const { trackly, heymarket, burki } = sandboxes;
  return {
    trackly: { baseUrl: trackly.baseUrl, apiKey: trackly.apiKey },
    heymarket: { url: heymarket.url, secretId: heymarket.secretId, secretKey: heymarket.secretKey },
    burki: { url: burki.url, apiKey: burki.apiKey },
  };
}

/** The config with every provider served by its emulator (Heymarket through the signed-JWT path). */
export function sandboxConfig(config: Config, sandboxes: SandboxEndpoints): Config {
  return {
    ...config,
    mode: 'sandbox',
    trackly: { ...config.trackly, mode: 'sandbox', baseUrl: sandboxes.trackly.baseUrl, apiKey: sandboxes.trackly.apiKey },
    heymarket: {
      ...config.heymarket,
      mode: 'sandbox',
      baseUrl: sandboxes.heymarket.url,
      auth: { kind: 'jwt', secretId: sandboxes.heymarket.secretId, secretKey: sandboxes.heymarket.secretKey },
    },
    burki: { ...config.burki, mode: 'sandbox', baseUrl: sandboxes.burki.url, apiKey: sandboxes.burki.apiKey },
  };
}
