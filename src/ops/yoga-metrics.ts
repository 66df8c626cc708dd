/**
 * The standard Yoga/Envelop Prometheus metrics (`@graphql-yoga/plugin-prometheus`: `graphql_envelop_*` and
 * `graphql_yoga_http_duration`), on the gateway's own registry so that `/metrics` serves them beside the
 * `gateway_*` ones, under the names existing Yoga/Grafana dashboards read.
 *
 * Every metric is declared here with the plugin's own names, help texts and label names, for one reason: the
 * `operationName` label. The plugin takes it from the request (`operationName` or the document's first
 * operation name), which an attacker chooses freely; each new name would be a new time series. Here it goes
 * through `boundedName` (the same bounded set as the `gateway_*` metrics: at most `MAX_OPERATION_NAMES`
 * distinct names, then `other`; a name that is not a GraphQL name is `invalid`). The plugin's other
 * unbounded labels are off: `url` (a GET carries the whole query in it) and the error `path` (aliases and
 * list indexes are the caller's). Subscriptions and per-resolver timings are not used by the gateway.
 */
import { isInterfaceType, isObjectType, type GraphQLSchema } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Registry } from 'prom-client';
import { createCounter, createHistogram, createSummary, usePrometheus, type FillLabelsFnParams } from '@graphql-yoga/plugin-prometheus';

type OperationLabels = { operationName: string; operationType: string };

/**
 * Whether any field or field argument of the schema is deprecated: the only things the plugin's
 * `graphql_envelop_deprecated_field` counter counts. Without one, the counter can never move, so the walk of
 * every request's document it would make (a TypeInfo visit per request) is skipped; the counter stays
 * registered under its name, as dashboards expect.
 */
function hasDeprecatedFields(schema: GraphQLSchema): boolean {
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.deprecationReason != null || field.args.some((arg) => arg.deprecationReason != null)) return true;
    }
  }
  return false;
}

/** `boundedName(name)`: the label for a non-empty operation name (the name itself, `invalid` or `other`). */
export function yogaMetricsPlugin(registry: Registry, boundedName: (name: string) => string, schema: GraphQLSchema): Plugin {
  const countsDeprecations = hasDeprecatedFields(schema);
  const operation = (params: Partial<FillLabelsFnParams>): OperationLabels => ({
    operationName: params.operationName && params.operationName !== 'Anonymous' ? boundedName(params.operationName) : 'Anonymous',
    operationType: params.operationType ?? 'unknown',
  });
  const phase = <P extends 'parse' | 'validate' | 'context' | 'execute'>(name: string, help: string, phases: [P]) =>
    createHistogram({
      registry,
      histogram: { name, help, labelNames: ['operationType', 'operationName'] as const },
      fillLabelsFn: operation,
      phases,
    });

  return usePrometheus({
    registry,
    endpoint: false, // served by ops/health.ts with the gateway metrics, behind the same access rule
    labels: { url: false, path: false },
    metrics: {
      graphql_envelop_phase_parse: phase('graphql_envelop_phase_parse', 'Time spent on running GraphQL "parse" function', ['parse']),
      graphql_envelop_phase_validate: phase('graphql_envelop_phase_validate', 'Time spent on running GraphQL "validate" function', ['validate']),
      graphql_envelop_phase_context: phase('graphql_envelop_phase_context', 'Time spent on building the GraphQL context', ['context']),
      graphql_envelop_phase_execute: phase('graphql_envelop_phase_execute', 'Time spent on running the GraphQL "execute" function', ['execute']),
      graphql_envelop_request_duration: phase('graphql_envelop_request_duration', 'Time spent on running the GraphQL operation from parse to execute', [
        'execute',
      ]),
      graphql_envelop_request_time_summary: createSummary({
        registry,
        summary: {
          name: 'graphql_envelop_request_time_summary',
          help: 'Summary to measure the time to complete GraphQL operations',
          labelNames: ['operationType', 'operationName'] as const,
        },
        fillLabelsFn: operation,
        phases: ['execute'],
      }),
      graphql_envelop_request: createCounter({
        registry,
        counter: {
          name: 'graphql_envelop_request',
          help: 'Counts the amount of GraphQL requests executed through Envelop',
          labelNames: ['operationType', 'operationName'] as const,
        },
        fillLabelsFn: operation,
        phases: ['execute'],
      }),
      graphql_envelop_error_result: createCounter({
        registry,
        counter: {
          name: 'graphql_envelop_error_result',
          help: 'Counts the amount of errors reported from all phases',
          labelNames: ['operationType', 'operationName', 'phase'] as const,
        },
        fillLabelsFn: (params: FillLabelsFnParams & { errorPhase?: string }) => ({ ...operation(params), phase: params.errorPhase ?? 'unknown' }),
        phases: ['parse', 'validate', 'context', 'execute'],
      }),
      graphql_envelop_deprecated_field: createCounter({
        registry,
        counter: {
          name: 'graphql_envelop_deprecated_field',
          help: 'Counts the amount of deprecated fields used in selection sets',
          labelNames: ['operationType', 'operationName', 'fieldName', 'typeName'] as const,
        },
        fillLabelsFn: (params: FillLabelsFnParams & { deprecationInfo?: { fieldName: string; typeName: string } }) => ({
          ...operation(params),
          fieldName: params.deprecationInfo?.fieldName ?? 'unknown',
          typeName: params.deprecationInfo?.typeName ?? 'unknown',
        }),
        phases: ['parse'],
        shouldObserve: () => countsDeprecations,
      }),
      graphql_envelop_phase_subscribe: false,
      graphql_envelop_execute_resolver: false,
      graphql_envelop_schema_change: true,
      graphql_yoga_http_duration: createHistogram({
        registry,
        histogram: {
          name: 'graphql_yoga_http_duration',
          help: 'Time spent on HTTP connection',
          labelNames: ['operationName', 'operationType', 'method', 'statusCode'] as const,
        },
        fillLabelsFn: (params: FillLabelsFnParams & { request: Request; response: Response }) => ({
          ...operation(params),
          method: params.request.method,
          statusCode: String(params.response.status),
        }),
        phases: ['request'],
      }),
    },
  });
}
