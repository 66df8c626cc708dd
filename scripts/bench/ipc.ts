/**
 * Typed RPC over Node's IPC channel: `serve` in a child, `spawnChild` + `call` in the parent. The parent
 * keeps the last lines of the child's stdout/stderr so a crash can be shown with its cause.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { isReadyMessage, isRpcReply, isRpcRequest, type Rpc, type RpcName } from './protocol.js';

type Handlers<Api> = { [K in keyof Api]: Api[K] extends Rpc<infer P, infer R> ? (params: P) => R | Promise<R> : never };

function send(message: unknown): void {
  if (!process.send) throw new Error('bench child started without an IPC channel');
  process.send(message);
}

/** In a child: answer the parent's RPCs, then announce readiness with `payload`. */
export function serve<Api>(handlers: Handlers<Api>, payload: unknown): void {
  process.on('message', (message: unknown) => {
    if (!isRpcRequest(message)) return;
    const handler = (handlers as Record<string, ((params: unknown) => unknown) | undefined>)[message.name];
    const reply = (result: { ok: true; result: unknown } | { ok: false; error: string }) => send({ kind: 'reply', id: message.id, ...result });
    if (!handler) {
      reply({ ok: false, error: `unknown rpc ${message.name}` });
      return;
    }
    Promise.resolve()
      .then(() => handler(message.params))
      .then(
        (result) => reply({ ok: true, result: result ?? null }),
        (error: unknown) => reply({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      );
  });
  // The parent going away must not leave an orphaned server behind.
  process.on('disconnect', () => process.exit(0));
  send({ kind: 'ready', payload });
}

export interface SpawnOptions {
  name: string;
  script: string;
  env?: NodeJS.ProcessEnv;
  /** Extra node flags before `--import tsx` (e.g. `--cpu-prof`). */
  nodeFlags?: string[];
}

export class ChildRpc<Api, Ready> {
  readonly process: ChildProcess;
  readonly spawnedAt: number;
  /** Resolves with the child's ready payload; rejects if it exits first. */
  readonly ready: Promise<Ready>;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readonly tail: string[] = [];
  /** Lines the child has printed (stdout + stderr), e.g. the gateway's log lines under load. */
  linesPrinted = 0;
  private exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private expectedExit = false;

  constructor(private readonly options: SpawnOptions) {
    this.spawnedAt = performance.now();
    // Compiled children (what `npm run bench` builds) run on plain node, as in production; a .ts child needs tsx.
    const loader = options.script.endsWith('.ts') ? ['--import', 'tsx'] : [];
    this.process = spawn(process.execPath, [...(options.nodeFlags ?? []), ...loader, options.script], {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: { ...process.env, ...options.env },
    });
    for (const stream of [this.process.stdout, this.process.stderr]) {
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        for (const line of chunk.split('\n')) {
          if (!line.trim()) continue;
          this.tail.push(line);
          this.linesPrinted += 1;
        }
        if (this.tail.length > 40) this.tail.splice(0, this.tail.length - 40);
      });
    }
    this.ready = new Promise<Ready>((resolve, reject) => {
      this.process.on('message', (message: unknown) => {
        if (isReadyMessage(message)) {
          resolve(message.payload as Ready);
          return;
        }
        if (!isRpcReply(message)) return;
        const waiter = this.pending.get(message.id);
        if (!waiter) return;
        this.pending.delete(message.id);
        if (message.ok) waiter.resolve(message.result);
        else waiter.reject(new Error(`${options.name}: ${message.error}`));
      });
      this.process.on('exit', (code, signal) => {
        this.exited = { code, signal };
        const error = new Error(`${options.name} exited (code ${code}, signal ${signal})${this.expectedExit ? '' : `\n${this.output()}`}`);
        reject(error);
        for (const waiter of this.pending.values()) waiter.reject(error);
        this.pending.clear();
      });
      this.process.on('error', reject);
    });
    // Avoid an unhandled rejection when nobody awaits `ready` after a later exit.
    this.ready.catch(() => undefined);
  }

  /** The last lines the child printed. */
  output(): string {
    return this.tail.map((line) => `  [${this.options.name}] ${line}`).join('\n');
  }

  get hasExited(): boolean {
    return this.exited !== null;
  }

  call<K extends RpcName<Api>>(name: K, params: Api[K] extends Rpc<infer P, unknown> ? P : never): Promise<Api[K] extends Rpc<unknown, infer R> ? R : never> {
    if (this.exited) return Promise.reject(new Error(`${this.options.name} has exited`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.process.send({ kind: 'rpc', id, name, params });
    });
  }

  /** Ask the child to shut down (so e.g. `--cpu-prof` can write its profile); kill it if it does not. */
  async stop(shutdownRpc: RpcName<Api>, timeoutMs = 10_000): Promise<void> {
    if (this.exited) return;
    this.expectedExit = true;
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    try {
      this.process.send({ kind: 'rpc', id: this.nextId++, name: shutdownRpc, params: null });
    } catch {
      this.process.kill('SIGTERM');
    }
    const timer = setTimeout(() => this.process.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }
}

export function spawnChild<Api, Ready>(options: SpawnOptions): ChildRpc<Api, Ready> {
  return new ChildRpc<Api, Ready>(options);
}
