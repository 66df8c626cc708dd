/**
 * Environment → one typed, validated `Config`. Nothing else in the gateway reads `process.env`.
 * A bad value stops start-up with one line naming the variable (see `ConfigError`).
 */
import { z } from 'zod';
import { integer, parseVariables, type HttpConfig, type ProviderMode } from './config-parts.js';
import { PROVIDERS, type ProviderName } from './core/model.js';
import { isValidTimeZone } from './core/time.js';
import { PROVIDER_MODULES } from './providers/index.js';
import type { ProviderModule } from './providers/module.js';
import {
  DEFAULT_AUDIENCE_ZONES,
  DEFAULT_WINDOW,
  SENDING_WINDOW_POLICIES,
  parseWindow,
  type LocalWindow,
  type SendingWindowPolicy,
} from './core/sending-window.js';
import { tracingConfig, type TracingConfig } from './ops/tracing-config.js';
import { trustedDocumentsFrom } from './ops/persisted-documents.js';
// In config-error.ts so the ops/ config sections can use them without an import cycle back to here.
import { ConfigError, type Environment } from './config-error.js';

export { ConfigError, type Environment };

/** A gateway key and the name its changes are shown under in `Schedule.history`. */
interface ApiKeyLabel {
  key: string;
  label: string;
}

/** Who may call the gateway (see `src/ops/auth.ts`). */
interface AccessConfig {
  /** Accepted `Authorization: Bearer <key>` values; empty = open (sandbox, or explicitly allowed). */
  apiKeys: string[];
  /** The names configured with some keys (`label=key`), shown as the `actor` of their changes instead of a fingerprint. */
  apiKeyLabels: ApiKeyLabel[];
  /** Live mode without keys is refused at start-up unless this is set (e.g. behind an authenticating proxy). */
  allowUnauthenticated: boolean;
  /** Serve `/metrics` without a key (e.g. on a private scrape network). */
  metricsPublic: boolean;
}

/** Limits on what one HTTP request may ask of the gateway (see `src/ops/limits.ts`). */
export interface LimitsConfig {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
  maxTokens: number;
  maxDirectives: number;
  maxBodyBytes: number;
  /** Operations per batched request; 0 = batching off. */
  batchLimit: number;
  introspection: boolean;
  /** Every GraphQL request is abandoned (upstream calls aborted) after this long. */
  requestTimeoutMs: number;
  /** Requests handled at once; the rest wait in arrival order (`src/ops/admission.ts`). 0 = no limit. */
  maxConcurrentRequests: number;
  /** The longest a request waits for its turn before a 503 with `Retry-After`. */
  maxQueueWaitMs: number;
}

/** Which browser origins may call the gateway (see `src/ops/cors.ts`). */
export interface CorsConfig {
  /** `any`: every origin, without credentials; a list: only these; empty: same origin only (no CORS headers). */
  origins: 'any' | string[];
}

/** The gateway's own state (see `src/store/`). */
export interface StoreConfig {
  /** PostgreSQL shared by every instance; null = the embedded store in `dataDir` (one instance). */
  databaseUrl: string | null;
  dataDir: string;
  /** How long an idempotency key is remembered (at least 24 h). */
  idempotencyTtlHours: number;
}

type Modules = typeof PROVIDER_MODULES;

/** Each provider's section, under its module's config key, of the type its module's create() takes. */
export type ProviderSections = { [P in ProviderName as Modules[P]['configKey']]: Parameters<Modules[P]['create']>[0] };

export type Config = CoreConfig & ProviderSections;

interface CoreConfig {
  port: number;
  /** `WORKERS`: processes serving the port (node:cluster); more than 1 needs the shared store (DATABASE_URL). */
  workers: number;
  /** `sandbox`: no provider key at all, so all three are served by the built-in emulators. */
  mode: 'live' | 'sandbox';
  http: HttpConfig;
  access: AccessConfig;
  limits: LimitsConfig;
  cors: CorsConfig;
  store: StoreConfig;
  logLevel: LogLevel;
  /** Latency the built-in emulators add to every answer (sandbox mode only; demos and the shutdown test). */
  sandboxLatencyMs: number;
  /** How long SIGTERM waits for in-flight requests before the process gives up and exits 1. */
  shutdownTimeoutMs: number;
  /** Quiet hours: which runs are flagged or refused (see `src/core/sending-window.ts`). */
  sendingWindow: SendingWindowPolicy;
  /**
   * After SIGTERM, how long `/ready` answers 503 while the gateway still serves, before the listener closes: the
   * time load balancers need to see the 503 (or the endpoint removal) and stop sending new requests.
   */
  shutdownDrainMs: number;
  /** OpenTelemetry tracing from the standard `OTEL_*` variables; null (off, no cost) unless configured. */
  tracing: TracingConfig | null;
  /** `TRUSTED_DOCUMENTS`: the manifest's operations (hash → document); only they run. Null: any operation, with APQ. */
  trustedDocuments: ReadonlyMap<string, string> | null;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

const boolean = <F extends boolean | undefined>(fallback: F) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .optional()
    .refine((value) => value === undefined || value === '' || ['true', 'false', '1', '0', 'yes', 'no'].includes(value), 'must be true or false')
    .transform((value): boolean | F => (value === undefined || value === '' ? fallback : ['true', '1', 'yes'].includes(value)));

/**
 * `label=` before a key names its caller in history. The label must look like a name (a letter, then up to 39
 * letters, digits, `.`, `_` or `-`) and what follows must be a whole key (16+ characters); anything else is
 * read as a key in full, so a key that merely contains `=` (base64 padding) keeps working unchanged.
 */
const LABELLED_KEY = /^([A-Za-z][A-Za-z0-9._-]{0,39})=(.{16,})$/;

function parseApiKeyEntry(entry: string): { key: string; label: string | null } {
  const match = LABELLED_KEY.exec(entry);
  return match ? { key: match[2]!, label: match[1]! } : { key: entry, label: null };
}

/** Comma-separated gateway keys, each optionally `label=key`; each key at least 16 characters so a guessable key cannot be configured by accident. */
const apiKeys = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry.length > 0)
      .map(parseApiKeyEntry),
  )
  .refine((entries) => entries.every(({ key }) => key.length >= 16), 'each key must be at least 16 characters')
  .refine((entries) => entries.every(({ key }) => /^[\x21-\x7e]+$/.test(key)), 'keys must be printable ASCII without spaces')
  .refine((entries) => new Set(entries.map(({ key }) => key)).size === entries.length, 'a key is listed twice')
  .refine((entries) => {
    const labels = entries.flatMap(({ label }) => (label ? [label] : []));
    return new Set(labels).size === labels.length;
  }, 'two keys have the same label');

/**
 * `CORS_ORIGINS`: `*` (any origin), or comma-separated origins such as `https://app.example.com`; each must be
 * an origin exactly (scheme, host, optional port; no path), compared as the browser sends it.
 */
const corsOrigins = z
  .string()
  .trim()
  .optional()
  .refine(
    (value) =>
      value === undefined ||
      value === '' ||
      value === '*' ||
      value.split(',').every((origin) => {
        try {
          const url = new URL(origin.trim());
          return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === origin.trim().replace(/\/$/, '');
        } catch {
          return false;
        }
      }),
    'must be * or comma-separated origins such as https://app.example.com (scheme and host, no path)',
  )
  .transform((value): 'any' | string[] | undefined =>
    value === undefined || value === '' ? undefined : value === '*' ? 'any' : value.split(',').map((origin) => new URL(origin.trim()).origin),
  );
const databaseUrl = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : null))
  .refine((value) => {
    if (value === null) return true;
    try {
      return ['postgres:', 'postgresql:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, 'must be a postgres:// or postgresql:// URL');

// Read in this order, head, then each provider's variables (its module's), then the rest, so a bad value is
// reported for the same variable as when they were one schema.
const headSchema = z.object({
  PORT: integer(4000, 0, 65535),
  WORKERS: integer(1, 1, 64),
});

const envSchema = z.object({
  UPSTREAM_CONNECT_TIMEOUT_MS: integer(3_000, 1, 60_000),
  UPSTREAM_HEADERS_TIMEOUT_MS: integer(10_000, 1, 120_000),
  UPSTREAM_BODY_TIMEOUT_MS: integer(10_000, 1, 120_000),
  UPSTREAM_RETRIES: integer(2, 0, 5),
  UPSTREAM_RETRY_INITIAL_DELAY_MS: integer(100, 0, 10_000),
  UPSTREAM_RETRY_MAX_DELAY_MS: integer(2_000, 0, 60_000),
  UPSTREAM_MAX_RETRY_AFTER_MS: integer(10_000, 0, 120_000),
  UPSTREAM_CONNECTIONS: integer(32, 1, 1024),
  // 8 MiB: ~10× the largest real page (100 schedules with variants); see DEFAULT_MAX_BODY_BYTES in providers/http.ts.
  UPSTREAM_MAX_BODY_BYTES: integer(8 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
  UPSTREAM_BREAKER_FAILURES: integer(5, 1, 1000),
  UPSTREAM_BREAKER_HALF_OPEN_MS: integer(10_000, 100, 600_000),
  GATEWAY_API_KEYS: apiKeys,
  GATEWAY_ALLOW_UNAUTHENTICATED: boolean(false),
  GATEWAY_METRICS_PUBLIC: boolean(false),
  GATEWAY_INTROSPECTION: boolean(undefined),
  GATEWAY_MAX_DEPTH: integer(12, 1, 100),
  GATEWAY_MAX_ALIASES: integer(15, 0, 1000),
  GATEWAY_MAX_COST: integer(100_000, 1, 100_000_000),
  GATEWAY_MAX_TOKENS: integer(2_000, 10, 100_000),
  GATEWAY_MAX_DIRECTIVES: integer(20, 0, 1000),
  GATEWAY_MAX_BODY_BYTES: integer(100_000, 1_000, 50_000_000),
  GATEWAY_BATCH_LIMIT: integer(0, 0, 100),
  GATEWAY_REQUEST_TIMEOUT_MS: integer(15_000, 100, 300_000),
  GATEWAY_MAX_CONCURRENT_REQUESTS: integer(512, 0, 100_000),
  GATEWAY_MAX_QUEUE_WAIT_MS: integer(5_000, 1, 300_000),
  GATEWAY_SHUTDOWN_TIMEOUT_MS: integer(0, 0, 600_000),
  CORS_ORIGINS: corsOrigins,
  // No fallback here: the default depends on the mode (see `shutdownDrainMs` below).
  GATEWAY_SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).max(600_000).optional(),
  DATABASE_URL: databaseUrl,
  DATA_DIR: z.string().trim().min(1).default('./data'),
  // Stripe-style: a key is promised for at least 24 hours.
  IDEMPOTENCY_TTL_HOURS: z.coerce
    .number()
    .min(24)
    .max(24 * 365)
    .default(24),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  SANDBOX_LATENCY_MS: integer(0, 0, 60_000),
  SENDING_WINDOW_POLICY: z.string().trim().toLowerCase().default('warn').pipe(z.enum(SENDING_WINDOW_POLICIES)),
  SENDING_WINDOW: z
    .string()
    .trim()
    .default(DEFAULT_WINDOW)
    .transform((value) => parseWindow(value))
    .refine((window): window is LocalWindow => window !== null, 'must be two 24-hour times HH:MM-HH:MM with the start first, such as 08:00-21:00'),
  SENDING_WINDOW_ZONES: z
    .string()
    .optional()
    .transform((value) =>
      (value ?? '')
        .split(',')
        .map((zone) => zone.trim())
        .filter((zone) => zone.length > 0),
    )
    .refine((zones) => zones.every(isValidTimeZone), 'must be comma-separated IANA time zone names such as America/New_York,America/Los_Angeles')
    .transform((zones) => (zones.length > 0 ? [...new Set(zones)] : [...DEFAULT_AUDIENCE_ZONES])),
});

/** A module as the general type, so one loop can call every module's config reader. */
function moduleOf(name: ProviderName): ProviderModule {
  return PROVIDER_MODULES[name];
}

export function loadConfig(env: Environment): Config {
  const head = parseVariables(headSchema, env);
  const drafts = PROVIDERS.map((name) => ({ name, finish: moduleOf(name).config.parse(env) }));
  const e = parseVariables(envSchema, env);
  const finished = drafts.map(({ name, finish }) => ({ name, ...finish() }));

  // With no key at all the gateway is a sandbox; with some keys, a provider without one is simply
  // unavailable: a live deployment never falls back to an emulator silently.
  const anyKey = finished.some(({ configured }) => configured);
  const modeOf = (configured: boolean): ProviderMode => (configured ? 'live' : anyKey ? 'unconfigured' : 'sandbox');
  // fromEntries loses the per-key types; each entry is its own module's section by construction.
  const sections = Object.fromEntries(
    finished.map(({ name, configured, section }) => [PROVIDER_MODULES[name].configKey, { ...section, mode: modeOf(configured) }]),
  ) as ProviderSections;

  return {
    port: head.PORT,
    workers: head.WORKERS,
    mode: anyKey ? 'live' : 'sandbox',
    ...sections,
    http: {
      connectTimeoutMs: e.UPSTREAM_CONNECT_TIMEOUT_MS,
      headersTimeoutMs: e.UPSTREAM_HEADERS_TIMEOUT_MS,
      bodyTimeoutMs: e.UPSTREAM_BODY_TIMEOUT_MS,
      retries: e.UPSTREAM_RETRIES,
      retryInitialDelayMs: e.UPSTREAM_RETRY_INITIAL_DELAY_MS,
      retryMaxDelayMs: e.UPSTREAM_RETRY_MAX_DELAY_MS,
      maxRetryAfterMs: e.UPSTREAM_MAX_RETRY_AFTER_MS,
      connectionsPerProvider: e.UPSTREAM_CONNECTIONS,
      maxBodyBytes: e.UPSTREAM_MAX_BODY_BYTES,
      breakerFailures: e.UPSTREAM_BREAKER_FAILURES,
      breakerHalfOpenMs: e.UPSTREAM_BREAKER_HALF_OPEN_MS,
    },
    access: {
      apiKeys: e.GATEWAY_API_KEYS.map(({ key }) => key),
      apiKeyLabels: e.GATEWAY_API_KEYS.flatMap(({ key, label }) => (label ? [{ key, label }] : [])),
      allowUnauthenticated: e.GATEWAY_ALLOW_UNAUTHENTICATED,
      metricsPublic: e.GATEWAY_METRICS_PUBLIC,
    },
    limits: {
      maxDepth: e.GATEWAY_MAX_DEPTH,
      maxAliases: e.GATEWAY_MAX_ALIASES,
      maxCost: e.GATEWAY_MAX_COST,
      maxTokens: e.GATEWAY_MAX_TOKENS,
      maxDirectives: e.GATEWAY_MAX_DIRECTIVES,
      maxBodyBytes: e.GATEWAY_MAX_BODY_BYTES,
      batchLimit: e.GATEWAY_BATCH_LIMIT,
      // Introspection helps in the sandbox (GraphiQL docs); in a live deployment it is off unless asked for.
      introspection: e.GATEWAY_INTROSPECTION ?? !anyKey,
      requestTimeoutMs: e.GATEWAY_REQUEST_TIMEOUT_MS,
      maxConcurrentRequests: e.GATEWAY_MAX_CONCURRENT_REQUESTS,
      maxQueueWaitMs: e.GATEWAY_MAX_QUEUE_WAIT_MS,
    },
    // Unset: a sandbox is for trying things from anywhere; a live gateway answers browsers of its own origin only.
    cors: { origins: e.CORS_ORIGINS ?? (anyKey ? [] : 'any') },
    store: { databaseUrl: e.DATABASE_URL, dataDir: e.DATA_DIR, idempotencyTtlHours: e.IDEMPOTENCY_TTL_HOURS },
    logLevel: e.LOG_LEVEL,
    sandboxLatencyMs: e.SANDBOX_LATENCY_MS,
    shutdownTimeoutMs: e.GATEWAY_SHUTDOWN_TIMEOUT_MS || e.GATEWAY_REQUEST_TIMEOUT_MS + 5_000,
    // One rule for every zone today; a regional rule (e.g. 08:00-20:00) is one more entry before it.
    sendingWindow: { mode: e.SENDING_WINDOW_POLICY, rules: [{ zones: null, window: e.SENDING_WINDOW }], audienceZones: e.SENDING_WINDOW_ZONES },
    // A live deployment sits behind a load balancer whose health checks need a few seconds to notice; the
    // sandbox is a developer's terminal, where Ctrl-C should stop at once.
    shutdownDrainMs: e.GATEWAY_SHUTDOWN_DRAIN_MS ?? (anyKey ? 5_000 : 0),
    tracing: tracingConfig(env),
    trustedDocuments: trustedDocumentsFrom(env),
  };
}

/**
 * A live gateway (real provider keys) must not be open to anyone who can reach it: without
 * `GATEWAY_API_KEYS` it refuses to start unless `GATEWAY_ALLOW_UNAUTHENTICATED=true` says that something in
 * front of it authenticates callers. Checked by `main.ts` and `createGateway`, not by `loadConfig`, so a
 * config can still be loaded and inspected on its own.
 */
export function assertAccessConfigured(config: Config): void {
  if (config.mode === 'live' && config.access.apiKeys.length === 0 && !config.access.allowUnauthenticated) {
    throw new ConfigError(
      'GATEWAY_API_KEYS',
      'required when a provider key is set (live mode); set GATEWAY_ALLOW_UNAUTHENTICATED=true only if a proxy in front authenticates callers',
    );
  }
}

function databasePassword(url: string | null): string | null {
  if (!url) return null;
  try {
    return decodeURIComponent(new URL(url).password) || null;
  } catch {
    return null;
  }
}

/** Every secret value in a config, so the logger can make sure none is ever written. */
export function configSecrets(config: Config): string[] {
  return [
    ...config.access.apiKeys,
    ...PROVIDERS.flatMap((name) => moduleOf(name).config.secrets(config[PROVIDER_MODULES[name].configKey])),
    databasePassword(config.store.databaseUrl),
    // Collector headers usually carry an API key; short values ("1", "true") are flags, not secrets.
    ...Object.values(config.tracing?.headers ?? {}).filter((value) => value.length >= 8),
  ].filter((secret): secret is string => typeof secret === 'string' && secret.length > 0);
}
