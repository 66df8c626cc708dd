/**
 * Environment → one typed, validated `Config`. Nothing else in the gateway reads `process.env`.
 * A bad value stops start-up with one line naming the variable (see `ConfigError`).
 */
import { z } from 'zod';
import { isValidTimeZone } from './core/time.js';

export type ProviderMode = 'live' | 'sandbox' | 'unconfigured';

export interface TracklyConfig {
  mode: ProviderMode;
  baseUrl: string;
  apiKey: string | null;
  /** The Trackly account's zone, in which `send_time` is read. */
  timeZone: string;
}

export type HeymarketAuth =
  | { kind: 'apiKey'; apiKey: string }
  | { kind: 'jwt'; secretId: string; secretKey: string };

export interface HeymarketConfig {
  mode: ProviderMode;
  baseUrl: string;
  auth: HeymarketAuth | null;
  /** Heymarket allows 500 requests a minute; the gateway stays under this many. */
  requestsPerMinute: number;
}

export interface BurkiConfig {
  mode: ProviderMode;
  baseUrl: string;
  apiKey: string | null;
}

export interface HttpConfig {
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  retries: number;
  retryInitialDelayMs: number;
  retryMaxDelayMs: number;
  maxRetryAfterMs: number;
  connectionsPerProvider: number;
}

export interface Config {
  port: number;
  /** `sandbox`: no provider key at all, so all three are served by the built-in emulators. */
  mode: 'live' | 'sandbox';
  trackly: TracklyConfig;
  heymarket: HeymarketConfig;
  burki: BurkiConfig;
  http: HttpConfig;
}

export class ConfigError extends Error {
  constructor(readonly variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

const optionalSecret = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : null));

const url = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .refine((value) => {
      try {
        const parsed = new URL(value);
        return parsed.protocol === 'http:' || parsed.protocol === 'https:';
      } catch {
        return false;
      }
    }, 'must be an absolute http(s) URL')
    .transform((value) => value.replace(/\/+$/, ''));

const integer = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const envSchema = z.object({
  PORT: integer(4000, 0, 65535),
  TRACKLY_BASE_URL: url('https://app.tracklysms.com/api/v2'),
  TRACKLY_API_KEY: optionalSecret,
  TRACKLY_TIMEZONE: z.string().trim().default('UTC').refine(isValidTimeZone, 'must be an IANA time zone name such as America/New_York'),
  HEYMARKET_BASE_URL: url('https://api.heymarket.com'),
  HEYMARKET_API_KEY: optionalSecret,
  HEYMARKET_SECRET_ID: optionalSecret,
  HEYMARKET_SECRET_KEY: optionalSecret,
  HEYMARKET_REQUESTS_PER_MINUTE: integer(450, 1, 500),
  BURKI_BASE_URL: url('https://api.burki.dev'),
  BURKI_API_KEY: optionalSecret,
  UPSTREAM_CONNECT_TIMEOUT_MS: integer(3_000, 1, 60_000),
  UPSTREAM_HEADERS_TIMEOUT_MS: integer(10_000, 1, 120_000),
  UPSTREAM_BODY_TIMEOUT_MS: integer(10_000, 1, 120_000),
  UPSTREAM_RETRIES: integer(2, 0, 5),
  UPSTREAM_RETRY_INITIAL_DELAY_MS: integer(100, 0, 10_000),
  UPSTREAM_RETRY_MAX_DELAY_MS: integer(2_000, 0, 60_000),
  UPSTREAM_MAX_RETRY_AFTER_MS: integer(10_000, 0, 120_000),
  UPSTREAM_CONNECTIONS: integer(32, 1, 1024),
});

export type Environment = Record<string, string | undefined>;

export function loadConfig(env: Environment): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(variable, `${issue?.message ?? 'invalid'} (got ${JSON.stringify(env[variable] ?? null)})`);
  }
  const e = parsed.data;
  if ((e.HEYMARKET_SECRET_ID === null) !== (e.HEYMARKET_SECRET_KEY === null)) {
    const missing = e.HEYMARKET_SECRET_ID === null ? 'HEYMARKET_SECRET_ID' : 'HEYMARKET_SECRET_KEY';
    throw new ConfigError(missing, 'HEYMARKET_SECRET_ID and HEYMARKET_SECRET_KEY must be set together');
  }
  const heymarketAuth: HeymarketAuth | null =
    e.HEYMARKET_SECRET_ID && e.HEYMARKET_SECRET_KEY
      ? { kind: 'jwt', secretId: e.HEYMARKET_SECRET_ID, secretKey: e.HEYMARKET_SECRET_KEY }
      : e.HEYMARKET_API_KEY
        ? { kind: 'apiKey', apiKey: e.HEYMARKET_API_KEY }
        : null;

  // With no key at all the gateway is a sandbox; with some keys, a provider without one is simply
  // unavailable: a live deployment never falls back to an emulator silently.
  const anyKey = Boolean(e.TRACKLY_API_KEY || heymarketAuth || e.BURKI_API_KEY);
  const modeOf = (configured: boolean): ProviderMode => (configured ? 'live' : anyKey ? 'unconfigured' : 'sandbox');

  return {
    port: e.PORT,
    mode: anyKey ? 'live' : 'sandbox',
    trackly: { mode: modeOf(Boolean(e.TRACKLY_API_KEY)), baseUrl: e.TRACKLY_BASE_URL, apiKey: e.TRACKLY_API_KEY, timeZone: e.TRACKLY_TIMEZONE },
    heymarket: {
      mode: modeOf(heymarketAuth !== null),
      baseUrl: e.HEYMARKET_BASE_URL,
      auth: heymarketAuth,
      requestsPerMinute: e.HEYMARKET_REQUESTS_PER_MINUTE,
    },
    burki: { mode: modeOf(Boolean(e.BURKI_API_KEY)), baseUrl: e.BURKI_BASE_URL, apiKey: e.BURKI_API_KEY },
    http: {
      connectTimeoutMs: e.UPSTREAM_CONNECT_TIMEOUT_MS,
      headersTimeoutMs: e.UPSTREAM_HEADERS_TIMEOUT_MS,
      bodyTimeoutMs: e.UPSTREAM_BODY_TIMEOUT_MS,
      retries: e.UPSTREAM_RETRIES,
      retryInitialDelayMs: e.UPSTREAM_RETRY_INITIAL_DELAY_MS,
      retryMaxDelayMs: e.UPSTREAM_RETRY_MAX_DELAY_MS,
      maxRetryAfterMs: e.UPSTREAM_MAX_RETRY_AFTER_MS,
      connectionsPerProvider: e.UPSTREAM_CONNECTIONS,
    },
  };
}
