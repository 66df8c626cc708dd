/**
 * Child process for test/unit/logger-exit.test.ts: logs "the last line" through the gateway's logger (stdout,
 * asynchronous) with PADDING bytes in it, and a moment later — its write still under way while nobody reads
 * the pipe — exits the way the gateway exits after logging.
 * Env: PADDING (default 300000), EXIT = `exitAfterLogs` (the gateway's way) or `process.exit` (the naive one).
 */
import { createLogger, exitAfterLogs } from '../../src/logger.js';

const log = createLogger({ level: 'info' });
log.info({ padding: 'x'.repeat(Number(process.env['PADDING'] ?? '300000')) }, 'the last line');
setTimeout(() => {
  if (process.env['EXIT'] === 'process.exit') process.exit(0);
  else exitAfterLogs(0);
}, 100);
