/**
 * createGateway(config) → the Yoga instance with its plugins and per-request context. The gateway's typed
 * errors become GraphQL errors with `extensions.code` when a query hits them; anything else is masked
 * (message "Unexpected error.", no stack, no upstream detail).
 */
import { GraphQLError } from 'graphql';
import { createYoga, maskError, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { Config } from './config.js';
import { createContext, type GatewayContext } from './context.js';
import { GatewayError, UpstreamError, ValidationError } from './core/errors.js';
import type { UpstreamAttempt } from './providers/http.js';
import { closeProviders, createProviders, type ProviderRegistry } from './providers/registry.js';
import { schema } from './schema/index.js';
import { DEFAULT_QUERY } from './graphiql.js';

/** The `extensions` of a GraphQL error for one of the gateway's typed errors: no stack, no secrets. */
export function errorExtensions(error: GatewayError): Record<string, unknown> {
  return {
    code: error.code,
    provider: error.provider,
    providerCode: error.providerCode,
    ...(error instanceof UpstreamError ? { httpStatus: error.httpStatus, requestId: error.requestId } : {}),
    ...(error instanceof ValidationError ? { issues: error.issues.map((i) => ({ field: i.path.join('.'), message: i.message, providerCode: i.providerCode })) } : {}),
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

export interface Gateway {
  yoga: YogaServerInstance<Record<string, never>, GatewayContext>;
  registry: ProviderRegistry;
  close(): Promise<void>;
}

export interface GatewayOptions {
  /** Observes every upstream call attempt (tests count calls with it; metrics will too). */
  onUpstreamAttempt?: (event: UpstreamAttempt) => void;
}

export function createGateway(config: Config, options: GatewayOptions = {}): Gateway {
  const registry = createProviders(config, options.onUpstreamAttempt);
  const yoga = createYoga<Record<string, never>, GatewayContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: { title: 'schedule-gateway', defaultQuery: DEFAULT_QUERY },
    context: ({ request }) => createContext(registry, config, request.signal),
    maskedErrors: {
      maskError: (error, message, isDev) => {
        const original = error instanceof GraphQLError ? error.originalError : error;
        if (original instanceof GatewayError) return gatewayGraphQLError(original, error instanceof GraphQLError ? error : undefined);
        return maskError(error, message, isDev);
      },
    },
    plugins: [partialErrorsPlugin()],
  });
  return {
    yoga,
    registry,
    close: () => closeProviders(registry),
  };
}
