/**
 * autocannon 8 ships no typings (and there is no @types package in the project): the part of its API the
 * bench uses, read from node_modules/autocannon/lib (init.js, run.js, aggregateResult.js, requestIterator.js).
 */
declare module 'autocannon' {
  export interface AutocannonRequest {
    method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    /** Called with the whole response body of every response to this request. */
    onResponse?: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string>) => void;
  }

  export interface AutocannonOptions extends AutocannonRequest {
    url: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    /** Seconds before a request times out (default 10). */
    timeout?: number;
    pipelining?: number;
    requests?: AutocannonRequest[];
    /** Exclude non-2xx responses from the latency and throughput stats (default false in v8: included). */
    excludeErrorStats?: boolean;
    /** Run in worker threads; the bench keeps it off so `response` events reach the main thread. */
    workers?: number;
  }

  /** Percentiles are in the histogram's unit (latency: whole milliseconds; the histogram has 1 ms resolution). */
  export interface AutocannonHistogram {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    total: number;
    sent?: number;
    p50: number;
    p90: number;
    p97_5: number;
    p99: number;
  }

  export interface AutocannonResult {
    url: string;
    connections: number;
    duration: number;
    start: Date;
    finish: Date;
    errors: number;
    timeouts: number;
    non2xx: number;
    resets: number;
    mismatches: number;
    '1xx': number;
    '2xx': number;
    '3xx': number;
    '4xx': number;
    '5xx': number;
    statusCodeStats: Record<string, { count: number }>;
    latency: AutocannonHistogram & { totalCount: number };
    requests: AutocannonHistogram;
    throughput: AutocannonHistogram;
  }

  export interface AutocannonInstance {
    stop(): void;
    /** `responseTime` is in milliseconds with sub-millisecond precision (process.hrtime). */
    on(event: 'response', listener: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): this;
    on(event: 'reqError', listener: (error: Error) => void): this;
    on(event: 'done', listener: (result: AutocannonResult) => void): this;
  }

  function autocannon(options: AutocannonOptions, callback: (error: Error | null, result: AutocannonResult) => void): AutocannonInstance;
  export default autocannon;
}
