/**
 * createGateway(config) → the Yoga instance with its plugins and per-request context. The gateway's typed
 * errors become GraphQL errors with `extensions.code` when a query hits them; anything else is masked
 * (message "Unexpected error.", no stack, no upstream detail).
 *
 * Plugin order matters (Yoga runs `onRequest` hooks in order, after its own CORS and GraphiQL page):
 * request bookkeeping (id, log line, metrics; then Yoga's standard metrics and, when configured, tracing) → ops
 * endpoints (/health, /ready, /metrics) → access (API key) → CSRF → persisted documents (APQ or trusted only)
 * → operation limits → introspection switch → GraphQL-level plugins.
 */
import { GraphQLError } from 'graphql';
import { createYoga, maskError, type Plugin, type YogaLogger, type YogaServerInstance } from 'graphql-yoga';
import { assertAccessConfigured, configSecrets, type Config } from './config.js';
import { createContext, type GatewayContext } from './context.js';
import { GatewayError, UpstreamError, ValidationError } from './core/errors.js';
import { InMemoryIdempotencyStore, type IdempotencyStore } from './core/idempotency.js';
import { createLogger, type Logger } from './logger.js';
import { ApiKeys, OPEN_PATHS, accessPlugin } from './ops/auth.js';
import { actorLabels, callerOf } from './ops/caller.js';
import { requestDeadline, type Deadline } from './ops/deadline.js';
import { graphiqlPagePlugin } from './ops/graphiql-page.js';
import { renderGraphiQLInWorker } from './ops/graphiql-render.js';
import { opsPlugin } from './ops/health.js';
import { hotQueryJitPlugin } from './ops/jit.js';
import { admissionPlugin } from './ops/admission.js';
import { corsOption } from './ops/cors.js';
import { armorPlugins, csrfPlugin, introspectionPlugin, requestBodyLimitPlugin } from './ops/limits.js';
import { GatewayMetrics } from './ops/metrics.js';
import { yogaMetricsPlugin } from './ops/yoga-metrics.js';
import { Tracing } from './ops/tracing.js';
import { persistedDocumentsPlugin } from './ops/persisted-documents.js';
import { RequestTracker } from './ops/requests.js';
import { responseRedactionPlugin } from './ops/redact.js';
import type { ProviderCircuits, UpstreamAttempt } from './providers/http.js';
import { closeProviders, createProviders, type ProviderRegistry } from './providers/registry.js';
import { circuitsFor, upstreamObserver } from './providers/settings.js';
import { schema } from './schema/index.js';
import type { Store } from './store/index.js';
import { graphiqlOptions } from './graphiql.js';

/** The `extensions` of a GraphQL error for one of the gateway's typed errors: no stack, no secrets. */
function errorExtensions(error: GatewayError): Record<string, unknown> {
  return {
    code: error.code,
    provider: error.provider,
    providerCode: error.providerCode,
    ...(error instanceof UpstreamError ? { httpStatus: error.httpStatus, requestId: error.requestId } : {}),
    ...(error instanceof ValidationError
      ? { issues: error.issues.map((i) => ({ field: i.path.join('.'), message: i.message, providerCode: i.providerCode })) }
      : {}),
  };
}

function gatewayGraphQLError(error: GatewayError, from?: GraphQLError): GraphQLError {
  return new GraphQLError(error.message, { nodes: from?.nodes ?? null, path: from?.path ?? null, extensions: errorExtensions(error) });
}

/** Adds the per-provider failures of multi-provider answers (ctx.partialErrors) to the response's errors. */
function partialErrorsPlugin(): Plugin<GatewayContext> {
  return {
    onExecute: ({ args }) => ({
      onExecuteDone: ({ result, setResult }) => {
        const ctx = args.contextValue;
        if (!ctx.partialErrors?.length || Symbol.asyncIterator in result) return;
        const extra = ctx.partialErrors.map(({ path, error }) => new GraphQLError(error.message, { path, extensions: errorExtensions(error) }));
        setResult({ ...result, errors: [...(result.errors ?? []), ...extra] });
      },
    }),
  };
}

/** What a typed error says in a log line: enough to act on, no stack (it is an expected outcome). */
function describeGatewayError(error: GatewayError): Record<string, unknown> {
  return {
    code: error.code,
    provider: error.provider,
    providerCode: error.providerCode,
    message: error.message,
    ...(error instanceof UpstreamError ? { httpStatus: error.httpStatus, upstreamRequestId: error.requestId } : {}),
  };
}

/** Upstream trouble is a warning (someone may need to look); a caller's mistake is information. */
function logGatewayError(log: Logger, error: GatewayError): void {
  if (error instanceof UpstreamError) log.warn({ error: describeGatewayError(error) }, 'upstream error');
  else log.info({ error: describeGatewayError(error) }, 'request refused');
}

/** Yoga's own logger, routed through pino: typed errors at warn without stacks, anything else as is. */
function yogaLogger(log: Logger): YogaLogger {
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]): void => {
      const [first, ...rest] = args;
      const original = first instanceof GraphQLError ? (first.originalError ?? first) : first;
      if (original instanceof GatewayError) {
        logGatewayError(log, original);
      } else if (original instanceof Error) {
        log[level]({ err: original }, original.message);
      } else {
        log[level](rest.length > 0 ? { details: rest.map((value) => (value instanceof Error ? value.message : value)) } : {}, String(first));
      }
    };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

export interface Gateway {
  yoga: YogaServerInstance<Record<string, never>, GatewayContext>;
  registry: ProviderRegistry;
  /** The per-provider circuit breakers the providers use (read by `/ready`). */
  circuits: ProviderCircuits;
  metrics: GatewayMetrics;
  idempotency: IdempotencyStore;
  logger: Logger;
  /** From now on `/ready` answers 503 so load balancers stop sending traffic (SIGTERM). */
  startDraining(): void;
  close(): Promise<void>;
}

export interface GatewayOptions {
  /** Observes every upstream call attempt (tests count calls with it; the metrics get them too). */
  onUpstreamAttempt?: (event: UpstreamAttempt) => void;
  /**
   * The gateway's store (`openStore`): durable idempotency keys shared by every instance on its database.
   * Owned by the caller, who closes it after the gateway. Without one, keys live in this process's memory.
   */
  store?: Store;
  /** An idempotency store to use instead of the store's (tests of the rules alone). */
  idempotency?: IdempotencyStore;
  /** The logger; default pino JSON on stdout at `LOG_LEVEL`, scrubbing every secret of the config. */
  logger?: Logger;
  /** Test only (default true): false leaves error extensions unredacted, to prove the suite's secret grep fires. */
  redactErrorExtensions?: boolean;
  /** Tracing; default one built from `config.tracing` (none when that is null). */
  tracing?: Tracing;
}

export function createGateway(config: Config, options: GatewayOptions = {}): Gateway {
  assertAccessConfigured(config);
  const secrets = configSecrets(config);
  const log = options.logger ?? createLogger({ level: config.logLevel, secrets });
  const metrics = new GatewayMetrics();
  const tracker = new RequestTracker();
  const circuits = circuitsFor(config.http);
  circuits.onEvent((event) => {
    metrics.circuit(event);
    if (event.kind === 'state') log.warn({ provider: event.provider, circuit: event.state }, `${event.provider} circuit ${event.state}`);
  });
  const onAttempt = (event: UpstreamAttempt): void => {
    metrics.upstreamAttempt(event);
    const request = tracker.current();
    if (request) request.upstreamCalls += 1;
    options.onUpstreamAttempt?.(event);
  };
  // Off (null) unless OTEL_* configures it: then nothing below registers a hook or passes a tracer.
  const tracing = options.tracing ?? (config.tracing ? new Tracing(config.tracing) : null);
  const store = options.store;
  const registry = createProviders(
    config,
    upstreamObserver(onAttempt, circuits, tracing ?? undefined),
    store ? { rateBudget: (bucket, limit) => store.rateBudget(bucket, limit) } : {},
  );
  const idempotency = options.idempotency ?? options.store?.idempotency ?? new InMemoryIdempotencyStore();
  const keys = new ApiKeys(config.access.apiKeys);
  const labels = actorLabels(config.access.apiKeyLabels);
  let draining = false;
  const deadlines = new WeakMap<Request, Deadline>();

  // Health, readiness and metrics: not logged per request, and never queued behind GraphQL work.
  const unqueuedPaths = new Set([...OPEN_PATHS, '/metrics']);
  const yoga = createYoga<Record<string, never>, GatewayContext>({
    schema,
    graphqlEndpoint: '/graphql',
    // Yoga's built-in probe answers an empty 200 on any path ending with its endpoint; ours (ops/health.ts)
    // answers /health and /ready with a body, so the built-in one is moved out of the way.
    healthCheckEndpoint: '/__yoga/health',
    landingPage: false,
    cors: corsOption(config.cors),
    // GraphiQL is served by graphiqlPagePlugin (rendered once, compressed, ETag), not by Yoga's renderer.
    graphiql: false,
    logging: yogaLogger(log),
    // Enforced by requestBodyLimitPlugin (ops/limits.ts), the last plugin below, with Yoga's answers.
    maxRequestBodySize: false,
    batching: config.limits.batchLimit > 0 ? { limit: config.limits.batchLimit } : false,
    context: ({ request }) => {
      const deadline = requestDeadline(request.signal, config.limits.requestTimeoutMs);
      deadlines.set(request, deadline);
      return createContext(registry, config, deadline.signal, {
        idempotency,
        requestId: tracker.of(request)?.id ?? tracker.current()?.id ?? null,
        caller: callerOf(request.headers.get('authorization'), keys.required, labels),
        ...(options.store ? { schedules: options.store.schedules } : {}),
      });
    },
    maskedErrors: {
      maskError: (error, message, isDev) => {
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (original instanceof GatewayError) {
          logGatewayError(log, original);
          // No scrubbing here: every response, extensions included, is redacted in one place (ops/redact.ts).
          return gatewayGraphQLError(original, error instanceof GraphQLError ? error : undefined);
        }
        if (!(error instanceof GraphQLError) || (original !== undefined && original !== null && !(original instanceof GraphQLError))) {
          log.error({ err: original ?? error }, 'unexpected error (masked in the response)');
        }
        return maskError(error, message, isDev);
      },
    },
    plugins: [
      tracker.plugin(log, metrics, '/graphql', unqueuedPaths),
      // Inside the tracker, so a request's log line and duration include its wait for a turn.
      ...(config.limits.maxConcurrentRequests > 0
        ? [
            admissionPlugin({
              limit: config.limits.maxConcurrentRequests,
              maxWaitMs: config.limits.maxQueueWaitMs,
              bypassPaths: unqueuedPaths,
              // The tracker's wrapper runs first and has parsed the URL already.
              pathOf: (request) => tracker.of(request)?.path ?? new URL(request.url, 'http://gateway.local').pathname,
              metrics,
            }),
          ]
        : []),
      yogaMetricsPlugin(metrics.registry, (name) => metrics.operationLabel(name), schema),
      ...(tracing ? [tracing.plugin()] : []),
      opsPlugin({
        registry,
        circuits,
        metrics,
        keys,
        metricsPublic: config.access.metricsPublic,
        isDraining: () => draining,
        ...(options.store ? { store: { backend: options.store.db.backend, ping: options.store.ping } } : {}),
      }),
      // Before access: the page holds no data and stays public; its queries need the key.
      graphiqlPagePlugin({
        endpoint: '/graphql',
        log,
        // GraphiQL with its JS and CSS inlined: the default page loads them from a CDN, which fails offline and
        // behind firewalls. The module is ~9 MB of strings: rendered on the first visit, in a worker that
        // takes that memory away with it (ops/graphiql-render.ts).
        render: () => renderGraphiQLInWorker(graphiqlOptions({ apiKeyRequired: keys.required })),
      }),
      accessPlugin(keys),
      csrfPlugin(),
      persistedDocumentsPlugin(config.trustedDocuments),
      ...armorPlugins(config.limits),
      introspectionPlugin(config.limits.introspection),
      partialErrorsPlugin(),
      hotQueryJitPlugin(() => metrics.compiledDocument()),
      { onResponse: ({ request }) => deadlines.get(request)?.dispose() },
      // Every result and every response header, whatever produced them, is redacted here and only here.
      responseRedactionPlugin(secrets, { errorExtensions: options.redactErrorExtensions ?? true }),
      // Last: it wraps whichever request parser the plugins above left selected.
      requestBodyLimitPlugin(config.limits.maxBodyBytes),
    ],
  });
  return {
    yoga,
    registry,
    circuits,
    metrics,
    idempotency,
    logger: log,
    startDraining: () => {
      draining = true;
    },
    close: async () => {
      await closeProviders(registry);
      await tracing?.shutdown();
    },
  };
}
