/**
 * The access log is written asynchronously (src/logger.ts). A process that exits right after logging — the
 * gateway's "stopped", a fatal line — must still have written every line: pino's exit hook writes what is
 * queued, but not the line whose write is under way, so the gateway exits through `exitAfterLogs`. Here the
 * reader of the child's stdout does not read for a while (a slow log collector, a busy CI machine), so the
 * last line's write is still under way when the child exits. (A plain `process.exit` loses all but the
 * first 64 KB of it: the pipe's size.)
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const checkout = join(import.meta.dirname, '..', '..');
const PADDING = 300_000;

async function runChild(exit: 'exitAfterLogs' | 'process.exit'): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/log-then-exit.ts'], {
    cwd: checkout,
    env: { ...process.env, PADDING: String(PADDING), EXIT: exit },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Not read for a while: the child's write blocks once the pipe is full, and it decides to exit meanwhile.
  child.stdout.pause();
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  child.stdout.resume();
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, output: Buffer.concat(chunks).toString('utf8') };
}

describe('the logger at exit', () => {
  it('the last line is written whole before the process exits, even while its write waits for a full pipe', async () => {
    const { code, output } = await runChild('exitAfterLogs');
    expect(code).toBe(0);
    const lines = output.split('\n').filter((line) => line.length > 0);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'the last line', padding: 'x'.repeat(PADDING) });
  }, 30_000);
});
