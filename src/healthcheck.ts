/**
 * The container image's HEALTHCHECK (`node dist/healthcheck.js`): exit 0 when the gateway in this container
 * answers `GET /health` with 200, else 1. Plain node, because the slim base image has no curl; the port is read
 * through the same config as the gateway's, so `PORT` means the same thing to both.
 */
import { loadConfig } from './config.js';

const { port } = loadConfig(process.env);
try {
  const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(4_000) });
  process.exit(response.status === 200 ? 0 : 1);
} catch {
  process.exit(1);
}
