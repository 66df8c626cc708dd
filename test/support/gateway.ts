/**
 * Starts the real gateway over HTTP on 127.0.0.1 in front of the three sandbox emulators (also real HTTP),
 * for end-to-end tests. Nothing is mocked: tests speak GraphQL over fetch and count upstream calls from the
 * sandboxes' request logs or the gateway's upstream-attempt hook.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig, type Config, type Environment } from '../../src/config.js';
import { Writable } from 'node:stream';
import type { IdempotencyStore } from '../../src/core/idempotency.js';
import { createLogger } from '../../src/logger.js';
import { configSecrets } from '../../src/config.js';
import type { UpstreamAttempt } from '../../src/providers/http.js';
import { sandboxConfig, startSandboxes, type Sandboxes, type SandboxesOptions } from '../../src/sandbox/index.js';
import { createGateway, type Gateway, type GatewayOptions } from '../../src/server.js';

import type { Store } from '../../src/store/index.js';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data: T | null | undefined;
  errors: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }> | undefined;
  headers: Headers;
}

export interface TestGateway {
  url: string;
  config: Config;
  gateway: Gateway;
  sandboxes: Sandboxes;
  /** Every upstream attempt the gateway made, in order. */
  attempts: UpstreamAttempt[];
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  /** `fetch` against the gateway (`path` below the origin); the answer's headers and body join the secret grep. */
  fetch(path: string, init?: RequestInit): Promise<{ status: number; headers: Headers; body: Buffer }>;
  /** Every log line the gateway wrote (JSON text), when started with `captureLogs`. */
  logs: string[];
  /** The server root (`http://127.0.0.1:port`), for /health, /ready and /metrics. */
  origin: string;
  close(): Promise<void>;
}

export interface TestGatewayOptions {
  /** Extra environment (e.g. TRACKLY_TIMEZONE); provider keys and URLs come from the sandboxes. */
  env?: Environment;
  sandboxes?: SandboxesOptions;
  /** Change the config after the sandboxes are wired in (e.g. to point one provider elsewhere). */
  adjust?: (config: Config) => Config;
  /** Headers sent with every `gql` call (e.g. the gateway API key). */
  headers?: Record<string, string>;
  /** Keep every log line in `logs` instead of dropping them (default: silent at LOG_LEVEL). */
  captureLogs?: boolean;
  idempotency?: IdempotencyStore;
  /** Gateway options beyond the harness's own (e.g. the test-only switch that leaves extensions unredacted). */
  gateway?: Pick<GatewayOptions, 'redactErrorExtensions'>;
  /** The gateway's store (durable idempotency); the test opens and closes it. */
  store?: Store;
  /** Use these running sandboxes (another test gateway's: a second instance, or a restart) and leave them open. */
  upstreams?: Sandboxes;
}

export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const sandboxes = options.upstreams ?? (await startSandboxes(options.sandboxes));
  let config = sandboxConfig(loadConfig({ UPSTREAM_RETRY_INITIAL_DELAY_MS: '10', ...options.env, PORT: '0' }), sandboxes);
  if (options.adjust) config = options.adjust(config);
  const attempts: UpstreamAttempt[] = [];
  const logs: string[] = [];
  // Every log line, and every response of every test that uses this harness's `gql` and `fetch` — status,
  // headers and body, so data, error messages and error extensions alike — is kept, and `close()` fails the
  // file if any configured secret or a JWT appears in them: the whole suite is the secret grep.
  const transcript: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      const lines = String(chunk)
        .split('\n')
        .filter((line) => line.length > 0);
      transcript.push(...lines);
      if (options.captureLogs) logs.push(...lines);
      done();
    },
  });
  const logger = createLogger({ level: 'debug', destination, secrets: configSecrets(config) });
  const gateway = createGateway(config, {
    onUpstreamAttempt: (event) => attempts.push(event),
    logger,
    ...(options.idempotency ? { idempotency: options.idempotency } : {}),
    ...options.gateway,
    ...(options.store ? { store: options.store } : {}),
  });
  const server: Server = createServer(gateway.yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const url = `${origin}/graphql`;
  const defaultHeaders = options.headers ?? {};

  return {
    url,
    origin,
    config,
    gateway,
    sandboxes,
    attempts,
    logs,
    async gql<T>(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...defaultHeaders, ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const text = await response.text();
      transcript.push(`${response.status} ${JSON.stringify([...response.headers])} ${text}`);
      const body = JSON.parse(text) as { data?: T | null; errors?: GraphQLResponse<T>['errors'] };
      return { status: response.status, data: body.data, errors: body.errors, headers: response.headers };
    },
    async fetch(path: string, init?: RequestInit) {
      const response = await fetch(`${origin}${path}`, init);
      const body = Buffer.from(await response.arrayBuffer());
      const type = response.headers.get('content-type') ?? '';
      const readable = !response.headers.get('content-encoding') && /json|text/.test(type);
      transcript.push(`${response.status} ${JSON.stringify([...response.headers])} ${readable ? body.toString('utf8') : ''}`);
      return { status: response.status, headers: response.headers, body };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await gateway.close();
      if (!options.upstreams) await sandboxes.close();
      const leaks = leakedSecrets(transcript, configSecrets(config));
      if (leaks.length > 0) throw new Error(`a secret appeared in a log line or a response: ${leaks.join('; ')}`);
    },
  };
}

const JWT = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/;

/** Where a secret (or any JWT) shows up in the transcript; each finding names the secret only by its length. */
function leakedSecrets(transcript: readonly string[], secrets: readonly string[]): string[] {
  const findings: string[] = [];
  for (const text of transcript) {
    for (const secret of secrets)
      if (secret.length >= 6 && text.includes(secret)) findings.push(`a ${secret.length}-character secret in ${text.slice(0, 80)}…`);
    if (JWT.test(text)) findings.push(`a JWT in ${text.slice(0, 80)}…`);
  }
  return findings;
}
