/**
 * Entry point: config → (sandbox upstreams when no provider key is set) → HTTP server → graceful shutdown.
 */
import { createServer } from 'node:http';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger } from './logger.js';
import { sandboxConfig, startSandboxes, type Sandboxes } from './sandbox/index.js';
import { createGateway } from './server.js';

const log = createLogger(process.env.LOG_LEVEL ?? 'info');

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`schedule-gateway: invalid configuration: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  let sandboxes: Sandboxes | null = null;
  if (config.mode === 'sandbox') {
    sandboxes = await startSandboxes();
    config = sandboxConfig(config, sandboxes);
    log.warn(
      { trackly: sandboxes.trackly.baseUrl, heymarket: sandboxes.heymarket.url, burki: sandboxes.burki.url },
      'SANDBOX MODE: no provider key is set, so Trackly, Heymarket and Burki are in-memory emulators on 127.0.0.1. Nothing is sent to real people.',
    );
  } else {
    for (const [name, provider] of Object.entries({ trackly: config.trackly, heymarket: config.heymarket, burki: config.burki })) {
      log.info({ provider: name, mode: provider.mode, baseUrl: provider.baseUrl }, `${name}: ${provider.mode}`);
    }
  }

  const gateway = createGateway(config);
  const server = createServer(gateway.yoga);
  await new Promise<void>((resolve) => server.listen(config.port, resolve));
  log.info({ port: config.port, mode: config.mode }, `schedule-gateway listening: GraphiQL at http://localhost:${config.port}/graphql`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing in-flight requests');
    server.close(() => {
      void Promise.all([gateway.close(), sandboxes?.close()]).then(() => {
        log.info('stopped');
        process.exit(0);
      });
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

void main();
