/**
 * Prometheus metrics (prom-client), one `Registry` per gateway instance so that several gateways in one
 * process (the tests) never share counters. Fed by the upstream-attempt hook of `http.ts`, the circuit
 * breakers, and the request plugin in `requests.ts`; served at `/metrics` by `health.ts`.
 *
 * Labels are bounded on purpose: upstream paths are not labels (they carry ids), and GraphQL operation names
 * (chosen by clients) are kept only while fewer than `MAX_OPERATION_NAMES` distinct ones were seen.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CircuitEvent, UpstreamAttempt } from '../providers/http.js';

export const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** What admission control exposes to the metrics (ops/admission.ts). */
export interface AdmissionState {
  readonly inFlight: number;
  readonly queued: number;
}

export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly upstreamRequests: Counter<'provider' | 'method' | 'status'>;
  private readonly upstreamDuration: Histogram<'provider' | 'method'>;
  private readonly upstreamErrors: Counter<'provider' | 'code'>;
  private readonly circuitState: Gauge<'provider'>;
  private readonly circuitRefusals: Counter<'provider'>;
  private readonly graphqlRequests: Counter<'operation' | 'status'>;
  private readonly graphqlDuration: Histogram<'operation'>;
  private readonly operationNames = new Set<string>();
  private readonly busyRefusals: Counter;
  private readonly compiledDocuments: Counter;
  private admission: AdmissionState | null = null;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.upstreamRequests = new Counter({
      name: 'gateway_upstream_requests_total',
      help: 'Upstream HTTP attempts by provider, method and status (status "none": no answer arrived).',
      labelNames: ['provider', 'method', 'status'],
      registers,
    });
    this.upstreamDuration = new Histogram({
      name: 'gateway_upstream_request_duration_seconds',
      help: 'Upstream HTTP attempt latency by provider and method.',
      labelNames: ['provider', 'method'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.upstreamErrors = new Counter({
      name: 'gateway_upstream_errors_total',
      help: 'Failed upstream attempts by provider and gateway error code (including calls refused by an open circuit).',
      labelNames: ['provider', 'code'],
      registers,
    });
    this.circuitState = new Gauge({
      name: 'gateway_upstream_circuit_state',
      help: 'Circuit breaker state per provider: 0 closed, 1 open, 2 half-open.',
      labelNames: ['provider'],
      registers,
    });
    this.circuitRefusals = new Counter({
      name: 'gateway_upstream_circuit_refusals_total',
      help: 'Upstream calls not sent because the provider circuit was open.',
      labelNames: ['provider'],
      registers,
    });
    this.graphqlRequests = new Counter({
      name: 'gateway_graphql_requests_total',
      help: 'GraphQL HTTP requests by operation name and HTTP status.',
      labelNames: ['operation', 'status'],
      registers,
    });
    this.graphqlDuration = new Histogram({
      name: 'gateway_graphql_request_duration_seconds',
      help: 'GraphQL HTTP request duration by operation name.',
      labelNames: ['operation'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    // Read at scrape time: nothing is counted on the request path.
    const admission = () => this.admission;
    new Gauge({
      name: 'gateway_requests_in_flight',
      help: 'Requests being handled now (at most GATEWAY_MAX_CONCURRENT_REQUESTS).',
      registers,
      collect() {
        this.set(admission()?.inFlight ?? 0);
      },
    });
    new Gauge({
      name: 'gateway_requests_queued',
      help: 'Requests waiting for their turn (admission control).',
      registers,
      collect() {
        this.set(admission()?.queued ?? 0);
      },
    });
    this.compiledDocuments = new Counter({
      name: 'gateway_graphql_compiled_documents_total',
      help: 'Hot query documents compiled by graphql-jit (ops/jit.ts); each is compiled once per process.',
      registers,
    });
    this.busyRefusals = new Counter({
      name: 'gateway_requests_refused_busy_total',
      help: 'Requests answered 503 because they waited longer than GATEWAY_MAX_QUEUE_WAIT_MS for their turn.',
      registers,
    });
  }

  compiledDocument(): void {
    this.compiledDocuments.inc();
  }

  /** The admission queue whose state the in-flight and queued gauges report. */
  watchAdmission(state: AdmissionState): void {
    this.admission = state;
  }

  busyRefusal(): void {
    this.busyRefusals.inc();
  }

  upstreamAttempt(event: UpstreamAttempt): void {
    const status = event.status === null ? 'none' : String(event.status);
    this.upstreamRequests.inc({ provider: event.provider, method: event.method, status });
    this.upstreamDuration.observe({ provider: event.provider, method: event.method }, event.durationMs / 1000);
    if (event.errorCode) this.upstreamErrors.inc({ provider: event.provider, code: event.errorCode });
  }

  circuit(event: CircuitEvent): void {
    if (event.kind === 'rejected') {
      this.circuitRefusals.inc({ provider: event.provider });
      this.upstreamErrors.inc({ provider: event.provider, code: 'UPSTREAM_UNAVAILABLE' });
      return;
    }
    this.circuitState.set({ provider: event.provider }, event.state === 'closed' ? 0 : event.state === 'open' ? 1 : 2);
  }

  graphqlRequest(operationName: string | null, status: number, durationMs: number): void {
    const operation = this.operationLabel(operationName);
    this.graphqlRequests.inc({ operation, status: String(status) });
    this.graphqlDuration.observe({ operation }, durationMs / 1000);
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /** The bounded label of an operation name (also used for the Yoga metrics' `operationName`, yoga-metrics.ts). */
  operationLabel(name: string | null): string {
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'invalid';
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= MAX_OPERATION_NAMES) return 'other';
    this.operationNames.add(name);
    return name;
  }
}
