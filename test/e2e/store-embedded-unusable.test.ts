/**
 * A DATA_DIR the embedded store cannot use: the real entry point (`node --import tsx src/main.ts`) refuses to
 * start — exit 1 with one fatal log line that names the file and why — instead of serving without its store
 * or dying of an uncaught exception. Three ways a directory is unusable that need no root-defeating
 * permission trick: a `gateway.sqlite` that is not SQLite, a `gateway.sqlite` that is a directory, and a
 * DATA_DIR below a regular file.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { logLines, startChild } from '../support/child-process.js';

const root = mkdtempSync(join(tmpdir(), 'sgw-unusable-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function startOn(dataDir: string): Promise<{ code: number | null; output: string }> {
  const child = startChild(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', GATEWAY_API_KEYS: '', DATABASE_URL: '', DATA_DIR: dataDir },
  });
  try {
    return { code: await child.exited, output: child.output() };
  } finally {
    child.kill();
  }
}

/** Every line is a JSON log line (no stack printed by an uncaught error); the fatal one says what is wrong. */
function expectRefusal(result: { code: number | null; output: string }, reason: RegExp): void {
  expect(result.code, result.output).toBe(1);
  const lines = result.output.split('\n').filter((line) => line.trim() !== '');
  expect(
    lines.every((line) => line.startsWith('{')),
    result.output,
  ).toBe(true);
  expect(result.output).not.toMatch(/schedule-gateway listening/);
  const fatal = logLines(result.output).filter((line) => line.level === 60);
  expect(fatal).toHaveLength(1);
  expect(fatal[0]!.msg).toBe('cannot open the store (DATABASE_URL / DATA_DIR)');
  expect((fatal[0]!.err as { message: string }).message).toMatch(reason);
}

it('a gateway.sqlite that is not a database: refused at start-up, by name', async () => {
  const dir = join(root, 'corrupt');
  mkdirSync(dir);
  writeFileSync(join(dir, 'gateway.sqlite'), 'not a database, only text that happens to sit here. '.repeat(200));
  expectRefusal(await startOn(dir), /embedded store .*corrupt\/gateway\.sqlite cannot be opened: .*not a database/);
}, 60_000);

it('a gateway.sqlite that is a directory (the file cannot be created or opened): refused at start-up', async () => {
  const dir = join(root, 'occupied');
  mkdirSync(join(dir, 'gateway.sqlite'), { recursive: true });
  expectRefusal(await startOn(dir), /embedded store .*occupied\/gateway\.sqlite cannot be opened/);
}, 60_000);

it('a DATA_DIR below a regular file: refused at start-up', async () => {
  const file = join(root, 'a-file');
  writeFileSync(file, 'x');
  expectRefusal(await startOn(join(file, 'data')), /embedded store .*a-file\/data\/gateway\.sqlite cannot be opened: .*ENOTDIR/);
}, 60_000);
