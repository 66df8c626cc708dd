/**
 * A gateway (or any server) in a child process, as an operator runs it: a free port, its output collected, and
 * waits on what it prints. The waits have deadlines only so that a broken start fails the test instead of
 * hanging it; no test asserts on how long anything took.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningChild {
  readonly process: ChildProcessWithoutNullStreams;
  /** Everything it printed so far, stdout and stderr interleaved. */
  output(): string;
  /** Resolves once the output matches `pattern`; rejects (with the output) if it exits or the deadline passes first. */
  waitFor(pattern: RegExp, deadlineMs?: number): Promise<void>;
  /** The exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** Sends a signal to it and everything it started (`npm start` runs the gateway under a shell). */
  signal(name: NodeJS.Signals): void;
  /** SIGKILL to it and everything it started, if still running: for `finally` blocks and `afterEach`. */
  kill(): void;
}

export function startChild(
  command: string,
  args: string[],
  options: { cwd?: string; env: NodeJS.ProcessEnv /** Run as this user (the test must be root). */; as?: { uid: number; gid: number } },
): RunningChild {
  // Its own process group, so that a signal reaches whatever it starts (npm → sh → node) and nothing outlives a test.
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true, ...options.as });
  const signalGroup = (name: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, name);
    } catch {
      // the group is gone already
    }
  };
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exitCode: number | null | undefined;
  // A child that cannot be started at all (EACCES, ENOENT) says so at once instead of through waitFor's deadline.
  let startError: Error | undefined;
  // 'close', not 'exit': it also waits for whatever it started to let go of its output (npm exits before the
  // gateway under it has printed its last line).
  const exited = new Promise<number | null>((resolve) => {
    child.on('close', (code) => {
      exitCode = code;
      resolve(code);
    });
    child.on('error', (error) => {
      startError = error;
      exitCode = null;
      resolve(null);
    });
  });
  return {
    process: child,
    output: () => output,
    exited,
    async waitFor(pattern, deadlineMs = 60_000) {
      const deadline = Date.now() + deadlineMs;
      while (!pattern.test(output)) {
        if (startError) throw new Error(`could not be started (${startError.message}), so it never printed ${pattern}`);
        if (exitCode !== undefined) throw new Error(`exited (${exitCode}) before printing ${pattern}:\n${output}`);
        if (Date.now() > deadline) throw new Error(`did not print ${pattern} in time:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    signal: signalGroup,
    kill: () => signalGroup('SIGKILL'),
  };
}

/** The pino lines a gateway printed, parsed (other output skipped). */
export function logLines(output: string): Array<Record<string, unknown>> {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
