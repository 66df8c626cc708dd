/**
 * The messages between `run.ts` (the orchestrator and load generator) and its two children: the sandbox
 * upstreams (`sandboxes-child.ts`) and the gateway (`gateway-child.ts`). Each child answers typed RPCs over
 * Node's IPC channel; `ipc.ts` carries them.
 */

/** Where the sandboxes listen and the credentials the gateway (and the direct baselines) must send. */
export interface SandboxEndpoints {
  trackly: { url: string; baseUrl: string; apiKey: string };
  heymarket: { url: string; secretId: string; secretKey: string };
  burki: { url: string; apiKey: string };
}

/** What the sandbox child seeded into Trackly for the scenarios (ids are the sandbox's own). */
export interface BenchSeed {
  /** The schedule `schedule(id)` reads. */
  scheduleId: string;
  /** Every seeded schedule (the 100-schedule page). */
  scheduleIds: string[];
  audienceIds: string[];
  offerIds: string[];
  listIds: number[];
}

export interface Latencies {
  trackly: number;
  heymarket: number;
  burki: number;
}

/** Upstream requests received by each sandbox since the last `clear`. */
export type UpstreamCounts = Latencies;

/** One RPC: its parameters and its result. */
export interface Rpc<P, R> {
  params: P;
  result: R;
}

/** Sent once by the sandbox child when it listens. */
export interface SandboxReady {
  endpoints: SandboxEndpoints;
  seed: BenchSeed;
}

export interface SandboxApi {
  setLatency: Rpc<Latencies, null>;
  /** Forget the request logs (the start of a measured window). */
  clear: Rpc<null, null>;
  counts: Rpc<null, UpstreamCounts>;
  /** `METHOD /path` of every logged request of one sandbox, at most `limit` (for single-request probes). */
  log: Rpc<{ sandbox: keyof Latencies; limit: number }, string[]>;
  /** JSON body of the last logged request of Trackly matching `METHOD /path` exactly. */
  lastBody: Rpc<{ signature: string }, unknown>;
  /** Remove the Trackly schedules created since seeding, so create scenarios leave the store as they found it. */
  prune: Rpc<null, number>;
  shutdown: Rpc<null, null>;
}

/** Sent once by the gateway child when it listens. */
export interface GatewayReady {
  url: string;
  /** Epoch ms (sub-ms precision): the child's process start, its imports (schema included) loaded, listening. */
  processStartEpochMs: number;
  importedAtEpochMs: number;
  listeningAtEpochMs: number;
  /** `process.memoryUsage()` right after listening, before any request. */
  memoryAtListen: NodeJS.MemoryUsage;
}

export interface GatewayApi {
  /** Peak RSS since the last reset, in bytes, sampled every `RSS_SAMPLE_MS`. */
  rss: Rpc<{ reset: boolean }, { peak: number; current: number; atPeak: MemoryAtPeak }>;
  /** HTTP requests the gateway received since the last reset (answered or not). */
  served: Rpc<{ reset: boolean }, number>;
  /** Start V8's CPU profiler on the gateway's main thread (the same profiler as `node --cpu-prof`). */
  profileStart: Rpc<{ samplingIntervalUs: number }, null>;
  /** Stop it and write the `.cpuprofile` into `dir`; returns the file's path. */
  profileStop: Rpc<{ dir: string }, string>;
  shutdown: Rpc<null, null>;
}

export const RSS_SAMPLE_MS = 20;

/**
 * Where the memory was when RSS peaked, in bytes: V8's young generation (new space: garbage between scavenges),
 * the rest of V8's heap (old space, code, large objects), memory outside V8's heap that V8 tracks (buffers), and
 * the rest of RSS (the binary, native allocations, freed memory not yet returned to the system).
 */
export interface MemoryAtPeak {
  rss: number;
  newSpace: number;
  restOfHeap: number;
  heapUsed: number;
  external: number;
  other: number;
}

export type RpcName<Api> = Extract<keyof Api, string>;

export interface RpcRequest {
  kind: 'rpc';
  id: number;
  name: string;
  params: unknown;
}

export type RpcReply = { kind: 'reply'; id: number; ok: true; result: unknown } | { kind: 'reply'; id: number; ok: false; error: string };

export interface ReadyMessage {
  kind: 'ready';
  payload: unknown;
}

export function isReadyMessage(message: unknown): message is ReadyMessage {
  return typeof message === 'object' && message !== null && (message as { kind?: unknown }).kind === 'ready';
}

export function isRpcRequest(message: unknown): message is RpcRequest {
  return typeof message === 'object' && message !== null && (message as { kind?: unknown }).kind === 'rpc';
}

export function isRpcReply(message: unknown): message is RpcReply {
  return typeof message === 'object' && message !== null && (message as { kind?: unknown }).kind === 'reply';
}
