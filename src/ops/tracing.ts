/**
 * OpenTelemetry tracing, hand-wired on the kept SDK packages: one SERVER span per GraphQL operation (a child
 * of the caller's W3C `traceparent` when it sends one) and one CLIENT span per upstream HTTP attempt, a child
 * of the operation that made it, whose W3C `traceparent` goes to the provider with the request.
 *
 * What a span carries is chosen so that a trace never holds an id or a secret: upstream spans name the
 * provider, the method and the route *template* (`/schedules/{id}`, see `routeTemplate` in providers/http.ts),
 * the status, the error code and the retry count (`http.request.resend_count`) — no URL, query, header or
 * body; operation spans carry the operation's type and name, not its document (literals may hold personal
 * data) nor its variables.
 *
 * Why not `@envelop/opentelemetry`: it pins the 1.x SDK (two majors old) and traces every resolver by
 * default; the gateway needs two spans and the parent link between them. The 3.x SDK line needs Node 22.15,
 * so the 2.x line (Node ≥ 20.6) is used while Node 20 machines still run the suite.
 *
 * Off unless configured (`Config.tracing`, from `OTEL_*`): then `createGateway` builds no `Tracing`, no hook
 * is registered and the HTTP client gets no tracer, so tracing costs nothing at all: the SDK is not even loaded
 * (`loadSdk`, on the first `new Tracing()`).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import type * as OtelApi from '@opentelemetry/api';
import type { Span, TextMapGetter, TextMapPropagator, Tracer } from '@opentelemetry/api';
import type * as OtelCore from '@opentelemetry/core';
import type * as OtelOtlpHttp from '@opentelemetry/exporter-trace-otlp-http';
import type * as OtelResources from '@opentelemetry/resources';
import type * as OtelSdk from '@opentelemetry/sdk-trace-node';
import type { NodeTracerProvider, Sampler, SpanExporter } from '@opentelemetry/sdk-trace-node';
import type * as OtelSemconv from '@opentelemetry/semantic-conventions';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { TracedAttempt, UpstreamTracer } from '../providers/http.js';
import { GatewayError, type UpstreamErrorCode } from '../core/errors.js';
import type { TracingConfig } from './tracing-config.js';

// Incubating semantic-convention names, copied as the semconv package recommends (they may still change).
const ATTR_URL_TEMPLATE = 'url.template';
const ATTR_GRAPHQL_OPERATION_TYPE = 'graphql.operation.type';
const ATTR_GRAPHQL_OPERATION_NAME = 'graphql.operation.name';
/** The gateway's own attribute: which provider an upstream call went to (TRACKLY, HEYMARKET, BURKI). */
const ATTR_GATEWAY_PROVIDER = 'gateway.provider';

const headersGetter: TextMapGetter<Headers> = {
  get: (carrier, key) => carrier.get(key) ?? undefined,
  keys: (carrier) => [...carrier.keys()],
};

/** The OpenTelemetry packages a `Tracing` runs on (the OTLP exporter apart: see `otlpExporter`). */
interface Sdk {
  api: typeof OtelApi;
  core: typeof OtelCore;
  resources: typeof OtelResources;
  trace: typeof OtelSdk;
  semconv: typeof OtelSemconv;
}

// Why `require` on first use rather than `import` at the top: the SDK is some 200 CommonJS files (the OTLP
// exporter alone brings the metrics and logs SDKs and their transformer), about a tenth of the gateway's
// start-up, and a gateway without `OTEL_*` never runs a line of it. The packages are CommonJS, so loading
// them synchronously keeps `new Tracing()` (and `createGateway`) synchronous.
const requireSdk = createRequire(import.meta.url);
let sdk: Sdk | null = null;

function loadSdk(): Sdk {
  sdk ??= {
    api: requireSdk('@opentelemetry/api') as typeof OtelApi,
    core: requireSdk('@opentelemetry/core') as typeof OtelCore,
    resources: requireSdk('@opentelemetry/resources') as typeof OtelResources,
    trace: requireSdk('@opentelemetry/sdk-trace-node') as typeof OtelSdk,
    semconv: requireSdk('@opentelemetry/semantic-conventions') as typeof OtelSemconv,
  };
  return sdk;
}

function otlpExporter(config: TracingConfig): SpanExporter {
  const { OTLPTraceExporter } = requireSdk('@opentelemetry/exporter-trace-otlp-http') as typeof OtelOtlpHttp;
  return new OTLPTraceExporter({ url: config.endpoint, headers: config.headers });
}

function samplerOf({ trace }: Sdk, config: TracingConfig['sampler']): Sampler {
  const root =
    config.kind === 'always_on'
      ? new trace.AlwaysOnSampler()
      : config.kind === 'always_off'
        ? new trace.AlwaysOffSampler()
        : new trace.TraceIdRatioBasedSampler(config.ratio);
  return config.parentBased ? new trace.ParentBasedSampler({ root }) : root;
}

export class Tracing implements UpstreamTracer {
  private readonly sdk: Sdk;
  private readonly provider: NodeTracerProvider;
  private readonly tracer: Tracer;
  private readonly propagator: TextMapPropagator;
  /** The operation span of the GraphQL operation whose work is running now (what upstream spans hang from). */
  private readonly operations = new AsyncLocalStorage<Span>();

  /** `exporter` replaces the configured one (tests, or an in-process collector). */
  constructor(config: TracingConfig, exporter?: SpanExporter) {
    const sdk = loadSdk();
    const { trace, semconv } = sdk;
    this.sdk = sdk;
    this.propagator = new sdk.core.W3CTraceContextPropagator();
    const spanExporter = exporter ?? (config.exporter === 'console' ? new trace.ConsoleSpanExporter() : otlpExporter(config));
    this.provider = new trace.NodeTracerProvider({
      resource: sdk.resources.resourceFromAttributes({ ...config.resourceAttributes, [semconv.ATTR_SERVICE_NAME]: config.serviceName }),
      sampler: samplerOf(sdk, config.sampler),
      spanProcessors: [new trace.BatchSpanProcessor(spanExporter)],
    });
    this.tracer = this.provider.getTracer('schedule-gateway');
  }

  /** The Yoga plugin: opens the operation span around parse → validate → execute, names it once parsed. */
  plugin(): Plugin {
    return {
      instrumentation: {
        operation: ({ request }, wrapped) => {
          const { ROOT_CONTEXT, SpanKind } = this.sdk.api;
          const parent = this.propagator.extract(ROOT_CONTEXT, request.headers, headersGetter);
          const span = this.tracer.startSpan('GraphQL operation', { kind: SpanKind.SERVER }, parent);
          const end = () => span.end();
          try {
            const done = this.operations.run(span, wrapped);
            if (done instanceof Promise) return done.finally(end);
            end();
            return done;
          } catch (error) {
            end();
            throw error;
          }
        },
      },
      onParse:
        () =>
        ({ result }) => {
          if (result instanceof Error) this.failed('GRAPHQL_PARSE_FAILED');
        },
      onValidate:
        () =>
        ({ valid, result }) => {
          if (!valid) this.failed('GRAPHQL_VALIDATION_FAILED', result.length);
        },
      onExecute: ({ args }) => {
        const span = this.operations.getStore();
        if (!span) return;
        const operation = getOperationAST(args.document, args.operationName ?? undefined);
        if (operation) {
          const name = operation.name?.value.slice(0, 128);
          span.setAttribute(ATTR_GRAPHQL_OPERATION_TYPE, operation.operation);
          if (name) span.setAttribute(ATTR_GRAPHQL_OPERATION_NAME, name);
          span.updateName(name ? `${operation.operation} ${name}` : operation.operation);
        }
        return {
          onExecuteDone: ({ result }) => {
            if (Symbol.asyncIterator in result || !result.errors?.length) return;
            const first = result.errors[0];
            const code = first?.originalError instanceof GatewayError ? first.originalError.code : first?.extensions['code'];
            this.failed(typeof code === 'string' ? code : 'INTERNAL_ERROR', result.errors.length);
          },
        };
      },
    };
  }

  /** A span around one upstream attempt (`UpstreamTracer`, called by providers/http.ts). */
  start(attempt: TracedAttempt): { headers: Record<string, string>; end(status: number | null, errorCode: UpstreamErrorCode | null): void } {
    const { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } = this.sdk.api;
    const { semconv } = this.sdk;
    const operation = this.operations.getStore();
    const parent = operation ? trace.setSpan(ROOT_CONTEXT, operation) : ROOT_CONTEXT;
    const origin = new URL(attempt.origin);
    const span = this.tracer.startSpan(
      `${attempt.method} ${attempt.route}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          [ATTR_GATEWAY_PROVIDER]: attempt.provider,
          [semconv.ATTR_HTTP_REQUEST_METHOD]: attempt.method,
          [ATTR_URL_TEMPLATE]: attempt.route,
          [semconv.ATTR_SERVER_ADDRESS]: origin.hostname,
          [semconv.ATTR_SERVER_PORT]: Number(origin.port) || (origin.protocol === 'https:' ? 443 : 80),
          ...(attempt.retry > 0 ? { [semconv.ATTR_HTTP_REQUEST_RESEND_COUNT]: attempt.retry } : {}),
        },
      },
      parent,
    );
    const headers: Record<string, string> = {};
    this.propagator.inject(trace.setSpan(parent, span), headers, { set: (carrier, key, value) => (carrier[key] = value) });
    return {
      headers,
      end: (status, errorCode) => {
        if (status !== null) span.setAttribute(semconv.ATTR_HTTP_RESPONSE_STATUS_CODE, status);
        const error = errorCode ?? (status !== null && status >= 400 ? String(status) : null);
        if (error) {
          span.setAttribute(semconv.ATTR_ERROR_TYPE, error);
          span.setStatus({ code: SpanStatusCode.ERROR });
        }
        span.end();
      },
    };
  }

  /** Sends what is buffered and stops (gateway close). */
  async shutdown(): Promise<void> {
    await this.provider.shutdown();
  }

  /**
   * Marks the current operation failed with an error *code*: messages are left out on purpose (a validation
   * message can quote the caller's input, an upstream one a native id).
   */
  private failed(code: string, count = 1): void {
    const span = this.operations.getStore();
    if (!span) return;
    span.setStatus({ code: this.sdk.api.SpanStatusCode.ERROR });
    span.setAttribute(this.sdk.semconv.ATTR_ERROR_TYPE, code);
    span.setAttribute('graphql.error.count', count);
  }
}
