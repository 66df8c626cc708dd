/**
 * Load generation: autocannon for every HTTP scenario (gateway and direct-to-sandbox baselines alike), and a
 * closed-loop undici client for baselines that are a chain of calls rather than one request (list, then the
 * distinct entities in parallel), which autocannon cannot express.
 *
 * Latency percentiles come from autocannon's per-response `responseTime` (process.hrtime, sub-millisecond),
 * not from its result histogram, which has 1 ms resolution: a 0.5 ms overhead budget needs better than that.
 */
import autocannon, { type AutocannonOptions, type AutocannonResult } from 'autocannon';

export interface LatencyStats {
  count: number;
  mean: number;
  min: number;
  p50: number;
  p97_5: number;
  p99: number;
  max: number;
}

export interface LoadStats {
  connections: number;
  durationSec: number;
  /** Responses completed in the measured window (any status). */
  requests: number;
  rps: number;
  latency: LatencyStats;
  non2xx: number;
  /** Transport errors (refused, reset) and timeouts. */
  errors: number;
  timeouts: number;
  /** 2xx responses whose body the scenario's check refused (e.g. GraphQL `errors`). */
  badBodies: number;
  firstProblem: string | null;
}

export interface AutocannonSpec {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  connections: number;
  warmupSec: number;
  durationSec: number;
  /** A problem with a response (status + body), or null when it is what the scenario expects. */
  check?: (status: number, body: string) => string | null;
  /** Between the warm-up and the measured window: clear upstream logs, reset the RSS peak. */
  beforeMeasure?: () => Promise<void>;
}

export function latencyStats(samples: Float64Array | number[]): LatencyStats {
  const sorted = Float64Array.from(samples).sort();
  const n = sorted.length;
  const rank = (p: number) => (n === 0 ? 0 : (sorted[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))] ?? 0));
  let sum = 0;
  for (const value of sorted) sum += value;
  return { count: n, mean: n ? sum / n : 0, min: n ? (sorted[0] ?? 0) : 0, p50: rank(50), p97_5: rank(97.5), p99: rank(99), max: n ? (sorted[n - 1] ?? 0) : 0 };
}

class Samples {
  private values = new Float64Array(1 << 16);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }

  view(): Float64Array {
    return this.values.subarray(0, this.length);
  }
}

function cannon(options: AutocannonOptions, onLatency?: (ms: number) => void): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
    if (onLatency) instance.on('response', (_client, _status, _bytes, responseTime) => onLatency(responseTime));
  });
}

export async function runAutocannon(spec: AutocannonSpec): Promise<LoadStats> {
  let badBodies = 0;
  let firstProblem: string | null = null;
  let checking = false;
  const request: AutocannonOptions = {
    url: spec.url,
    method: spec.method,
    headers: spec.headers,
    connections: spec.connections,
    timeout: 30,
    ...(spec.body !== undefined ? { body: spec.body } : {}),
  };
  if (spec.check) {
    const check = spec.check;
    request.requests = [
      {
        onResponse: (status, body) => {
          if (!checking) return;
          const problem = check(status, body);
          if (problem === null) return;
          badBodies += 1;
          firstProblem ??= problem;
        },
      },
    ];
  }
  if (spec.warmupSec > 0) await cannon({ ...request, duration: spec.warmupSec });
  await spec.beforeMeasure?.();
  const samples = new Samples();
  checking = true;
  const result = await cannon({ ...request, duration: spec.durationSec }, (ms) => samples.push(ms));
  checking = false;
  const seconds = (result.finish.getTime() - result.start.getTime()) / 1000 || spec.durationSec;
  const completed = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
  return {
    connections: spec.connections,
    durationSec: seconds,
    requests: completed,
    rps: completed / seconds,
    latency: latencyStats(samples.view()),
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    badBodies,
    firstProblem: firstProblem ?? (result.non2xx > 0 ? `${result.non2xx} non-2xx: ${JSON.stringify(result.statusCodeStats)}` : null),
  };
}

export interface ClosedLoopSpec {
  connections: number;
  warmupSec: number;
  durationSec: number;
  /** One operation (e.g. a chain of upstream calls); throws on failure. */
  once: () => Promise<void>;
  beforeMeasure?: () => Promise<void>;
}

/** `connections` workers each running `once` back to back; latency per `once`. */
export async function runClosedLoop(spec: ClosedLoopSpec): Promise<LoadStats> {
  const loop = async (seconds: number, samples: Samples | null) => {
    let errors = 0;
    let firstProblem: string | null = null;
    const deadline = performance.now() + seconds * 1000;
    const worker = async () => {
      while (performance.now() < deadline) {
        const started = performance.now();
        try {
          await spec.once();
          samples?.push(performance.now() - started);
        } catch (error) {
          errors += 1;
          firstProblem ??= error instanceof Error ? error.message : String(error);
        }
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: spec.connections }, worker));
    return { errors, firstProblem, seconds: (performance.now() - started) / 1000 };
  };
  if (spec.warmupSec > 0) await loop(spec.warmupSec, null);
  await spec.beforeMeasure?.();
  const samples = new Samples();
  const { errors, firstProblem, seconds } = await loop(spec.durationSec, samples);
  return {
    connections: spec.connections,
    durationSec: seconds,
    requests: samples.length,
    rps: samples.length / seconds,
    latency: latencyStats(samples.view()),
    non2xx: 0,
    errors,
    timeouts: 0,
    badBodies: 0,
    firstProblem,
  };
}
