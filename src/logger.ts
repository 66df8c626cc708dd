/**
 * The gateway's structured JSON logger (pino). Secrets are kept out twice, once here for every call site:
 * 1. `redact` paths censor every field that could hold a secret (API keys, tokens, Authorization and
 *    X-Api-Key headers, provider secrets, the gateway's own keys), at any of the depths we log them;
 * 2. a last-line scrub (`hooks.streamWrite`) replaces any configured secret value and anything shaped like
 *    a JWT or a Bearer credential in the finished line, so a secret that slips into a message string (an
 *    upstream echoing a header, an error message) is still never written.
 */
import pino from 'pino';

const SECRET_FIELDS = [
  'apiKey',
  'apiKeys',
  'apiKeyLabels',
  'secretKey',
  'secretId',
  'token',
  'accessToken',
  'jwt',
  'password',
  'authorization',
  'Authorization',
  'cookie',
  '"x-api-key"',
  '"X-Api-Key"',
];

/** Each secret field at the top level and up to three levels down, plus the usual header containers. */
const REDACTED_PATHS = [
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((field) => `*.${field}`),
  ...SECRET_FIELDS.map((field) => `*.*.${field}`),
  ...SECRET_FIELDS.map((field) => `*.*.*.${field}`),
  'headers["x-api-key"]',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
];

const REDACTED = '[redacted]';

const JWT = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/;
const BEARER = /(Bearer\s+)[A-Za-z0-9._~+/=-]{6,}/;

function escapeForRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export type Scrubber = (text: string) => string;

/**
 * A function that replaces every given secret value (as written, JSON-escaped as it appears inside a log
 * line, and URL-encoded), every JWT and every Bearer credential in a text. Compiled once into a single
 * pattern: it runs on every log line and every string of every response, so it must be cheap.
 */
/** Each secret as written, JSON-escaped and URL-encoded; too-short values are skipped (searching for them would mangle ordinary text). */
function secretVariants(secrets: readonly string[]): Set<string> {
  const variants = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < 6) continue;
    variants.add(secret);
    variants.add(JSON.stringify(secret).slice(1, -1));
    variants.add(encodeURIComponent(secret));
  }
  return variants;
}

const jsonEscaped = (text: string) => JSON.stringify(text).slice(1, -1);

export function createScrubber(secrets: readonly string[]): Scrubber {
  const variants = secretVariants(secrets);
  const literal = [...variants].sort((a, b) => b.length - a.length).map(escapeForRegExp);
  const pattern = new RegExp([...literal, JWT.source, `(?:${BEARER.source})`].join('|'), 'gi');
  // Only the Bearer alternative has a capture group: keep its "Bearer " and redact the credential.
  return (text) =>
    text.replace(pattern, (_match: string, bearerPrefix: string | undefined) => (bearerPrefix === undefined ? REDACTED : `${bearerPrefix}${REDACTED}`));
}

/**
 * A test over a JSON text (`JSON.stringify` of a value) that is true whenever the scrubber of the same secrets
 * would change any string inside that value: a superset, so false means no string needs scrubbing. It looks
 * for every variant as written and JSON-escaped (how a string's characters appear once serialised), and for
 * `eyJ` and `bearer` anywhere, case-insensitively (every JWT and every Bearer credential contains one). One
 * scan of the whole text instead of one replace per string.
 */
export function createSecretDetector(secrets: readonly string[]): (json: string) => boolean {
  const literals = new Set<string>();
  for (const variant of secretVariants(secrets)) {
    literals.add(variant);
    literals.add(jsonEscaped(variant));
  }
  const pattern = new RegExp([...[...literals].sort((a, b) => b.length - a.length).map(escapeForRegExp), 'eyj', 'bearer'].join('|'), 'i');
  return (json) => pattern.test(json);
}

export interface LoggerOptions {
  level?: string;
  /** Where lines go (default stdout); tests inject a stream to read every line. */
  destination?: pino.DestinationStream;
  /** Values that must never appear in a line (gateway keys, provider keys and secrets). */
  secrets?: readonly string[];
}

export type Logger = pino.Logger;

export function createLogger(options: LoggerOptions | string = {}): pino.Logger {
  const { level = 'info', destination, secrets = [] } = typeof options === 'string' ? { level: options } : options;
  const scrub = createScrubber(secrets.filter((secret) => secret.length > 0));
  const settings = (streamWrite: (line: string) => string): pino.LoggerOptions => ({
    level,
    base: { service: 'schedule-gateway' },
    redact: { paths: REDACTED_PATHS, censor: REDACTED },
    hooks: { streamWrite },
  });
  if (destination) return pino(settings(scrub), destination);
  // Asynchronous writes: a line is handed to the kernel as soon as the previous write finishes, so under load
  // the lines of many requests leave in one write(2) instead of one blocking write each (the profile showed
  // that syscall at ~3% of a schedule(id) request's CPU). Nothing is held back at low load. At exit, pino
  // writes synchronously what is still queued, but not the line whose write is under way (on the thread pool,
  // or waiting to retry a full pipe): that one is lost unless the exit waits for it, so the gateway exits
  // through `exitAfterLogs`.
  const stdout = pino.destination({ dest: 1, sync: false });
  const gate: LogExitGate = { idle: true, stdout };
  // 'drain': everything handed to it has been written.
  stdout.on('drain', () => {
    gate.idle = true;
  });
  exitGates.add(gate);
  return pino(
    settings((line) => {
      gate.idle = false;
      return scrub(line);
    }),
    stdout,
  );
}

interface LogExitGate {
  /** Nothing handed to `stdout` is still being written. */
  idle: boolean;
  stdout: ReturnType<typeof pino.destination>;
}

const exitGates = new Set<LogExitGate>();
/** The longest an exit waits for its last lines: a pipe nobody reads must not keep a stopping process alive. */
const EXIT_WAIT_FOR_LOGS_MS = 2_000;

/**
 * `process.exit(code)` once every line already logged has been written. Use it instead of `process.exit`
 * after logging: "stopped" and a fatal line are the lines read most, and the ones an immediate exit can lose.
 */
export function exitAfterLogs(code: number): void {
  process.exitCode = code;
  const writing = [...exitGates].filter((gate) => !gate.idle);
  if (writing.length === 0) {
    process.exit(code);
    return;
  }
  let left = writing.length;
  for (const gate of writing) {
    gate.stdout.once('drain', () => {
      left -= 1;
      if (left === 0) process.exit(code);
    });
  }
  setTimeout(() => process.exit(code), EXIT_WAIT_FOR_LOGS_MS).unref();
}
