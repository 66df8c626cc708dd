/**
 * The gateway's structured JSON logger (pino). Every path that could hold a secret is redacted here, once,
 * so no call site has to remember: API keys, tokens, Authorization headers, provider secrets.
 */
import pino from 'pino';

export const REDACTED_PATHS = [
  'apiKey',
  '*.apiKey',
  '*.*.apiKey',
  'secretKey',
  '*.secretKey',
  '*.*.secretKey',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'headers["x-api-key"]',
  'req.headers["x-api-key"]',
];

export function createLogger(level = 'info'): pino.Logger {
  return pino({ level, base: { service: 'schedule-gateway' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } });
}
