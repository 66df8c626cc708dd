/**
 * The gateway process, loaded by `main.ts` once its start-up settings are applied: config → (sandbox upstreams
 * when no provider key is set) → HTTP server → graceful shutdown.
 *
 * Shutdown (SIGTERM / SIGINT), in two phases:
 * 1. Drain (`GATEWAY_SHUTDOWN_DRAIN_MS`): `/ready` answers 503 while everything else is still served, so load
 *    balancers stop routing here before a connection is ever refused; each response in this phase carries
 *    `Connection: close`, so keep-alive clients reconnect elsewhere. A second signal ends the drain early.
 * 2. Close: the server stops accepting connections, requests in flight finish (each is bounded by its deadline,
 *    `GATEWAY_REQUEST_TIMEOUT_MS`), idle keep-alive connections are closed, then the provider pools and
 *    sandboxes close and the process exits 0. If this phase takes longer than `GATEWAY_SHUTDOWN_TIMEOUT_MS`,
 *    the remaining connections are cut and it exits 1.
 */
import cluster, { type Worker } from 'node:cluster';
import { createServer, type Server } from 'node:http';
import { assertAccessConfigured, ConfigError, configSecrets, loadConfig, type Config } from './config.js';
import { PROVIDERS } from './core/model.js';
import { PROVIDER_MODULES } from './providers/index.js';
import { createLogger, exitAfterLogs, type Logger } from './logger.js';
import { sandboxConfig, sandboxEndpoints, startSandboxes, type SandboxEndpoints, type Sandboxes } from './sandbox/index.js';
import { createGateway, type Gateway } from './server.js';
import { openStore, type Store } from './store/index.js';

/** The configuration, or exit 1 with one line naming what is wrong (never a stack, never a value that may be a key). */
function loadConfigOrExit(): Config {
  try {
    const config = loadConfig(process.env);
    assertAccessConfigured(config);
    return config;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`schedule-gateway: invalid configuration: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  let config = loadConfigOrExit();
  if (config.workers > 1 && cluster.isPrimary) {
    await primary(config);
    return;
  }

  // Opening the store (connecting or opening the SQLite file, migrations) runs while the sandboxes start.
  let recordFailure: (error: unknown) => void = () => undefined;
  const opening = openStore(config.store, { onRecordFailure: (error) => recordFailure(error) });
  opening.catch(() => undefined);

  let sandboxes: Sandboxes | null = null;
  const shared = cluster.isWorker ? process.env[SANDBOX_ENDPOINTS] : undefined;
  if (config.mode === 'sandbox' && shared) {
    // A worker uses the primary's emulators: one in-memory state for every worker, as one deployment would have.
    config = sandboxConfig(config, JSON.parse(shared) as SandboxEndpoints);
  } else if (config.mode === 'sandbox') {
    sandboxes = await startSandboxes({ latencyMs: config.sandboxLatencyMs });
    config = sandboxConfig(config, sandboxes);
  }
  const log = createLogger({ level: config.logLevel, secrets: configSecrets(config) });
  logStartup(log, config, sandboxes !== null);

  recordFailure = (error) => log.error({ err: error }, 'could not record an idempotency outcome');
  const store = await storeOrExit(opening, config, log);
  const gateway = createGateway(config, { logger: log, store });
  let draining = false;
  const server = createServer((request, response) => {
    if (draining) response.setHeader('connection', 'close');
    void gateway.yoga(request, response);
  });
  await new Promise<void>((resolve) => server.listen(config.port, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  log.info({ port, mode: config.mode, pid: process.pid }, `schedule-gateway listening: GraphiQL at http://localhost:${port}/graphql`);

  onStopSignals(
    stopper({
      server,
      gateway,
      sandboxes,
      store,
      config,
      log,
      startDraining: () => {
        draining = true;
      },
    }),
  );
}

/** Where each provider points and who may call: the first lines an operator reads. */
function logStartup(log: Logger, config: Config, sandboxed: boolean): void {
  const sections = PROVIDERS.map((name) => ({ key: PROVIDER_MODULES[name].configKey, section: config[PROVIDER_MODULES[name].configKey] }));
  if (sandboxed) {
    const labels = PROVIDERS.map((name) => PROVIDER_MODULES[name].label);
    log.warn(
      Object.fromEntries(sections.map(({ key, section }) => [key, section.baseUrl])),
      `SANDBOX MODE: no provider key is set, so ${labels.slice(0, -1).join(', ')} and ${labels.at(-1)} are in-memory emulators on 127.0.0.1. Nothing is sent to real people.`,
    );
  } else {
    for (const { key, section } of sections) {
      log.info({ provider: key, mode: section.mode, baseUrl: section.baseUrl }, `${key}: ${section.mode}`);
    }
  }
  if (config.access.apiKeys.length === 0) {
    log.warn(
      { mode: config.mode },
      config.mode === 'sandbox'
        ? 'OPEN ACCESS: GATEWAY_API_KEYS is not set, so anyone who can reach this port can use the gateway (sandbox only).'
        : 'OPEN ACCESS: GATEWAY_ALLOW_UNAUTHENTICATED=true and no GATEWAY_API_KEYS: callers must be authenticated in front of the gateway.',
    );
  } else {
    log.info({ keys: config.access.apiKeys.length }, 'gateway API keys required (Authorization: Bearer <key>)');
  }
}

/** The opened store, or exit 1: a gateway without the store it was configured with would drop its guarantees. */
async function storeOrExit(opening: Promise<Store>, config: Config, log: Logger): Promise<Store> {
  let store: Store;
  try {
    store = await opening;
  } catch (error) {
    log.fatal({ err: error, backend: config.store.databaseUrl ? 'postgres' : 'embedded' }, 'cannot open the store (DATABASE_URL / DATA_DIR)');
    exitAfterLogs(1);
    // Unreached: nothing below may run while the exit waits for that line.
    return await new Promise<never>(() => undefined);
  }
  log.info(
    config.store.databaseUrl ? { store: 'postgres' } : { store: 'embedded', dataDir: config.store.dataDir },
    config.store.databaseUrl
      ? 'store: PostgreSQL (DATABASE_URL), shared by every instance'
      : `store: embedded in ${config.store.dataDir} (one instance; set DATABASE_URL to share)`,
  );
  return store;
}

interface Running {
  server: Server;
  gateway: Gateway;
  sandboxes: Sandboxes | null;
  store: Store;
  config: Config;
  log: Logger;
  /** Tells the HTTP server to close each connection after its answer. */
  startDraining(): void;
}

/** The graceful stop of a running gateway: drain (`/ready` 503, still serving), then close, then exit. */
function stopper(parts: Running): (signal: string) => void {
  const { server, gateway, sandboxes, store, config, log } = parts;
  let draining = false;
  const closeListener = () => {
    const giveUp = setTimeout(() => {
      log.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out: cutting remaining connections');
      server.closeAllConnections();
      exitAfterLogs(1);
    }, config.shutdownTimeoutMs);
    giveUp.unref();
    // Keep-alive connections that finish their request become idle: close them as they do.
    const sweep = setInterval(() => server.closeIdleConnections(), 100);
    sweep.unref();
    server.close(() => {
      clearInterval(sweep);
      void Promise.all([gateway.close(), sandboxes?.close()])
        .then(() => store.close())
        .then(() => {
          log.info('stopped');
          exitAfterLogs(0);
        })
        .catch((error: unknown) => {
          log.error({ err: error }, 'error while closing');
          exitAfterLogs(1);
        });
    });
    server.closeIdleConnections();
    // Logged once the listener is closed, so whoever reads it knows that new connections are refused.
    log.info('shutting down: finishing in-flight requests');
  };

  let drain: NodeJS.Timeout | null = null;
  const stop = (signal: string) => {
    if (draining) {
      // A second signal (Ctrl-C twice, an impatient orchestrator) skips the rest of the drain, not the close.
      if (drain) {
        clearTimeout(drain);
        drain = null;
        log.info({ signal }, 'shutting down: drain ended early by a second signal');
        closeListener();
      }
      return;
    }
    draining = true;
    parts.startDraining();
    gateway.startDraining();
    log.info({ signal, drainMs: config.shutdownDrainMs }, 'shutting down: /ready answers 503, still serving during the drain');
    drain = setTimeout(() => {
      drain = null;
      closeListener();
    }, config.shutdownDrainMs);
  };
  return stop;
}

/** Stops on SIGTERM/SIGINT; a worker on the primary's forwarded message instead (see below). */
function onStopSignals(stop: (signal: string) => void): void {
  if (cluster.isWorker) {
    // The primary forwards each signal it receives as a message. Signals sent to the whole group (Ctrl-C, a
    // process-group kill) are ignored here, or a worker would see each one twice and end its drain early.
    process.on('SIGTERM', () => undefined);
    process.on('SIGINT', () => undefined);
    process.on('message', (message: unknown) => {
      if (isStopMessage(message)) stop(message.signal);
    });
  } else {
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  }
}

/** Where a worker finds the primary's sandbox endpoints (internal, set by the primary; not configuration). */
const SANDBOX_ENDPOINTS = 'SCHEDULE_GATEWAY_SANDBOX_ENDPOINTS';

interface StopMessage {
  type: 'schedule-gateway:stop';
  signal: string;
}

function isStopMessage(message: unknown): message is StopMessage {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'schedule-gateway:stop';
}

/**
 * `WORKERS=N`: the primary serves nothing itself; it forks N workers that share the listening port, forwards
 * shutdown signals to them, replaces a worker that dies unexpectedly, and exits once every worker has stopped
 * (1 if any of them exited non-zero).
 */
async function primary(config: Config): Promise<void> {
  const log = createLogger({ level: config.logLevel, secrets: configSecrets(config) });
  if (!config.store.databaseUrl) {
    // The embedded store is one process's (one SQLite connection, its waits for a lock stop the event loop):
    // workers on one file were never designed for, so the guarantees the store gives could silently not hold.
    process.stderr.write(
      `schedule-gateway: invalid configuration: WORKERS=${config.workers} needs DATABASE_URL (the embedded store is single-process); set DATABASE_URL or WORKERS=1\n`,
    );
    process.exit(1);
  }
  let sandboxes: Sandboxes | null = null;
  const env: Record<string, string> = {};
  if (config.mode === 'sandbox') {
    sandboxes = await startSandboxes({ latencyMs: config.sandboxLatencyMs });
    env[SANDBOX_ENDPOINTS] = JSON.stringify(sandboxEndpoints(sandboxes));
  }
  let stopping = false;
  let failed = false;
  const workers = new Set<Worker>();
  const fork = () => workers.add(cluster.fork(env));
  const listened = new WeakSet<Worker>();
  cluster.on('listening', (worker) => listened.add(worker));
  cluster.on('exit', (worker, code, signal) => {
    workers.delete(worker);
    if (code !== 0) failed = true;
    if (!stopping && !listened.has(worker)) {
      // It died before serving (the store unreachable, a bad setting): another would die the same way, so
      // stop instead of restarting in a loop; the worker has logged why.
      log.fatal({ pid: worker.process.pid, code, signal }, 'a worker exited during start-up: stopping');
      stopping = true;
      for (const other of workers) other.kill('SIGKILL');
      void (sandboxes?.close() ?? Promise.resolve()).finally(() => exitAfterLogs(1));
      return;
    }
    if (!stopping) {
      log.error({ pid: worker.process.pid, code, signal }, 'worker exited unexpectedly: starting another');
      failed = false;
      fork();
      return;
    }
    if (workers.size === 0) {
      void (sandboxes?.close() ?? Promise.resolve()).finally(() => {
        log.info({ workers: config.workers }, 'all workers stopped');
        exitAfterLogs(failed ? 1 : 0);
      });
    }
  });
  for (let i = 0; i < config.workers; i += 1) fork();
  log.info({ workers: config.workers }, `primary ${process.pid}: ${config.workers} workers on port ${config.port}`);
  const forward = (signal: string) => {
    stopping = true;
    for (const worker of workers) worker.send({ type: 'schedule-gateway:stop', signal } satisfies StopMessage);
  };
  process.on('SIGTERM', () => forward('SIGTERM'));
  process.on('SIGINT', () => forward('SIGINT'));
}

void main();
