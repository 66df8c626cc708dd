/**
 * OpenTelemetry tracing end to end: the gateway configured only by standard `OTEL_*` variables exports to a
 * real OTLP/HTTP receiver on 127.0.0.1 (JSON encoding); the operation span is the parent of the upstream spans;
 * upstream spans name provider, method, route template, status and retry count — never the native id; the
 * upstream received a W3C `traceparent` of the same trace, naming its span; a caller's `traceparent` is
 * continued. Without `OTEL_*` no tracing is built at all.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSecrets, loadConfig } from '../../src/config.js';
import { encodeScheduleId } from '../../src/core/global-id.js';
import { TRACKLY_SEED } from '../../src/providers/trackly/sandbox/index.js';
import { startTestGateway } from '../support/gateway.js';

type AnyValue = { stringValue?: string; intValue?: number | string; boolValue?: boolean };
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Array<{ key: string; value: AnyValue }>;
  status?: { code?: number };
}
interface ExportedSpan extends Omit<OtlpSpan, 'attributes'> {
  attributes: Record<string, string | number | boolean | undefined>;
  service: string | undefined;
}

/** A minimal OTLP/HTTP traces receiver: keeps every span of every JSON export request. */
async function startReceiver(): Promise<{ url: string; spans: ExportedSpan[]; contentTypes: string[]; close(): Promise<void> }> {
  const spans: ExportedSpan[] = [];
  const contentTypes: string[] = [];
  const value = (v: AnyValue) => v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : v.boolValue);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      contentTypes.push(String(req.headers['content-type']));
      if (req.method !== 'POST' || req.url !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        resourceSpans: Array<{ resource: { attributes: OtlpSpan['attributes'] }; scopeSpans: Array<{ spans: OtlpSpan[] }> }>;
      };
      for (const resourceSpan of body.resourceSpans) {
        const service = resourceSpan.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue;
        for (const scope of resourceSpan.scopeSpans) {
          for (const span of scope.spans) {
            spans.push({ ...span, service, attributes: Object.fromEntries(span.attributes.map((a) => [a.key, value(a.value)])) });
          }
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    contentTypes,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const S = TRACKLY_SEED.schedules;
const READ = `query ReadForTrace($id: ID!) { schedule(id: $id) { name status } }`;
const getOne = /^GET \/api\/v2\/schedules\/[^/]+$/;
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]$/;

describe('OpenTelemetry tracing to a real OTLP/HTTP receiver', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const callerTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const callerSpanId = '00f067aa0ba902b7';
  let upstreamTraceparents: string[] = [];

  beforeAll(async () => {
    receiver = await startReceiver();
    const gw = await startTestGateway({
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_SERVICE_NAME: 'schedule-gateway-test',
        UPSTREAM_RETRIES: '2',
      },
    });
    try {
      // One 503 first: the read is retried, so there are two upstream attempts (resend count 0 and 1).
      gw.sandboxes.trackly.injectFault({ match: getOne, times: 1, fault: { kind: 'status', status: 503 } });
      gw.sandboxes.trackly.clearRequests();
      const answer = await gw.gql(READ, { id: encodeScheduleId('TRACKLY', S.weeklyAb) }, { traceparent: `00-${callerTraceId}-${callerSpanId}-01` });
      expect(answer.errors).toBeUndefined();
      upstreamTraceparents = gw.sandboxes.trackly.requests.filter((r) => getOne.test(`${r.method} ${r.path}`)).map((r) => String(r.headers['traceparent']));
      // Another operation without a caller traceparent: a new trace of its own.
      expect((await gw.gql('query Providers { providers { provider } }')).errors).toBeUndefined();
    } finally {
      await gw.close(); // flushes the batch processor to the receiver
    }
  });
  afterAll(async () => {
    await receiver?.close();
  });

  const operation = () => receiver.spans.find((s) => s.name === 'query ReadForTrace');
  const upstream = () => receiver.spans.filter((s) => s.name === 'GET /schedules/{id}');

  it('exports OTLP/HTTP JSON with the configured service name', () => {
    expect(receiver.contentTypes.every((type) => type.startsWith('application/json'))).toBe(true);
    expect(receiver.spans.length).toBeGreaterThanOrEqual(3);
    expect(new Set(receiver.spans.map((s) => s.service))).toEqual(new Set(['schedule-gateway-test']));
  });

  it("one SERVER span per operation, continuing the caller's trace, with the operation's type and name", () => {
    const span = operation();
    expect(span).toBeDefined();
    expect(span?.kind).toBe(2); // SPAN_KIND_SERVER
    expect(span?.traceId).toBe(callerTraceId);
    expect(span?.parentSpanId).toBe(callerSpanId);
    expect(span?.attributes).toMatchObject({ 'graphql.operation.type': 'query', 'graphql.operation.name': 'ReadForTrace' });
    const other = receiver.spans.find((s) => s.name === 'query Providers');
    expect(other?.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(other?.traceId).not.toBe(callerTraceId);
  });

  it('the operation span is the parent of each upstream attempt span; attributes say provider, method, route template, status, retry', () => {
    const parent = operation();
    const attempts = upstream().sort((a, b) => Number(a.attributes['http.request.resend_count'] ?? 0) - Number(b.attributes['http.request.resend_count'] ?? 0));
    expect(attempts).toHaveLength(2);
    for (const span of attempts) {
      expect(span.kind).toBe(3); // SPAN_KIND_CLIENT
      expect(span.traceId).toBe(parent?.traceId);
      expect(span.parentSpanId).toBe(parent?.spanId);
      expect(span.attributes).toMatchObject({
        'gateway.provider': 'TRACKLY',
        'http.request.method': 'GET',
        'url.template': '/schedules/{id}',
        'server.address': '127.0.0.1',
      });
    }
    expect(attempts[0]?.attributes).toMatchObject({ 'http.response.status_code': 503, 'error.type': 'UPSTREAM_UNAVAILABLE' });
    expect(attempts[0]?.attributes['http.request.resend_count']).toBeUndefined();
    expect(attempts[0]?.status?.code).toBe(2); // STATUS_CODE_ERROR
    expect(attempts[1]?.attributes).toMatchObject({ 'http.response.status_code': 200, 'http.request.resend_count': 1 });
    expect(attempts[1]?.attributes['error.type']).toBeUndefined();
  });

  it('each upstream request carried a W3C traceparent of the same trace, naming its own attempt span', () => {
    expect(upstreamTraceparents).toHaveLength(2);
    const spanIds = new Set(upstream().map((s) => s.spanId));
    for (const header of upstreamTraceparents) {
      const [, traceId, spanId] = TRACEPARENT.exec(header) ?? [];
      expect(traceId).toBe(callerTraceId);
      expect(spanIds.has(spanId ?? '')).toBe(true);
    }
  });

  it('no span holds the native id, a URL with it, or the document', () => {
    const exported = JSON.stringify(receiver.spans);
    expect(exported).not.toContain(S.weeklyAb);
    expect(exported).not.toContain(encodeScheduleId('TRACKLY', S.weeklyAb));
    expect(exported).not.toMatch(/url\.full|schedule\(id/);
  });
});

describe('tracing is off unless configured', () => {
  it('no OTEL_* variable (or OTEL_SDK_DISABLED / OTEL_TRACES_EXPORTER=none) → no tracing config; an endpoint or exporter → on', () => {
    expect(loadConfig({}).tracing).toBeNull();
    expect(loadConfig({ OTEL_SERVICE_NAME: 'x' }).tracing).toBeNull();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_SDK_DISABLED: 'true' }).tracing).toBeNull();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', OTEL_TRACES_EXPORTER: 'none' }).tracing).toBeNull();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing?.endpoint).toBe('http://collector:4318/v1/traces');
    expect(loadConfig({ OTEL_TRACES_EXPORTER: 'otlp' }).tracing?.endpoint).toBe('http://localhost:4318/v1/traces');
    expect(loadConfig({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/custom' }).tracing?.endpoint).toBe('http://collector:4318/custom');
    expect(() => loadConfig({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(/^OTEL_EXPORTER_OTLP_PROTOCOL: only http\/json/);
    expect(() => loadConfig({ OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow(/^OTEL_TRACES_EXPORTER: must be otlp, console or none/);
  });

  it('when off, upstream requests carry no traceparent', async () => {
    const gw = await startTestGateway();
    try {
      expect(gw.config.tracing).toBeNull();
      expect((await gw.gql(READ, { id: encodeScheduleId('TRACKLY', S.weeklyAb) })).errors).toBeUndefined();
      const reads = gw.sandboxes.trackly.requests.filter((r) => getOne.test(`${r.method} ${r.path}`));
      expect(reads.length).toBeGreaterThan(0);
      expect(reads.every((r) => r.headers['traceparent'] === undefined)).toBe(true);
    } finally {
      await gw.close();
    }
  });

  it('collector headers (often an API key) count as secrets: never logged', () => {
    const config = loadConfig({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_HEADERS: 'x-api-key=collector_secret_123,x-flag=1' });
    expect(config.tracing?.headers).toEqual({ 'x-api-key': 'collector_secret_123', 'x-flag': '1' });
    expect(configSecrets(config)).toContain('collector_secret_123');
    expect(configSecrets(config)).not.toContain('1');
  });
});
