/**
 * What one request may ask of the gateway, enforced before anything executes:
 * - graphql-armor validation rules: depth, aliases, cost, tokens, directives (limits exposed in the message
 *   so a client developer knows what to change);
 * - introspection switchable (`GATEWAY_INTROSPECTION`) with graphql-js's own `NoSchemaIntrospectionCustomRule`,
 *   and "Did you mean …?" field suggestions removed whenever introspection is off (they would leak the
 *   schema one guess at a time);
 * - CSRF prevention (`@graphql-yoga/plugin-csrf-prevention`): a request with a "simple" content type
 *   (text/plain, form-encoded, multipart) or none at all (GET) must carry one of `CSRF_HEADERS` or an
 *   `Authorization: Bearer …` header. JSON POSTs (Apollo Client, urql, GraphiQL, fetch with
 *   `content-type: application/json`) already force a CORS preflight and pass untouched.
 * Body size and batching are Yoga options (`maxRequestBodySize`, `batching`) set in `server.ts`.
 */
import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { GraphQLError, NoSchemaIntrospectionCustomRule, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { LimitsConfig } from '../config.js';

/** Any one of these headers marks a request as not forgeable by a plain HTML form or `<img>`. */
export const CSRF_HEADERS = ['x-graphql-yoga-csrf', 'apollo-require-preflight', 'x-apollo-operation-name', 'graphql-preflight'];

/**
 * A breach as the caller sees it: HTTP 400 whatever the Accept header, code `OPERATION_LIMIT_EXCEEDED`, and
 * armor's message without its misleading "Syntax Error: " prefix (the limit is in it, so a developer knows
 * what to change).
 */
export function limitError(error: GraphQLError): GraphQLError {
  return new GraphQLError(error.message.replace(/^Syntax Error: /, ''), {
    extensions: { code: 'OPERATION_LIMIT_EXCEEDED', http: { status: 400 } },
  });
}

/**
 * Armor's rules report a breach through `onReject`: during validation it becomes a validation error (the
 * other rules still run, nothing executes); the token limit acts while parsing, where it is thrown.
 */
function reject(context: ValidationContext | null, error: GraphQLError): void {
  const refused = limitError(error);
  if (!context) throw refused;
  context.reportError(refused);
}

export function armorPlugins(limits: LimitsConfig): Plugin[] {
  const callbacks = { propagateOnRejection: false, onReject: [reject] };
  return [
    maxTokensPlugin({ n: limits.maxTokens, ...callbacks }),
    maxDepthPlugin({ n: limits.maxDepth, ignoreIntrospection: true, flattenFragments: true, ...callbacks }),
    maxAliasesPlugin({ n: limits.maxAliases, ...callbacks }),
    maxDirectivesPlugin({ n: limits.maxDirectives, ...callbacks }),
    costLimitPlugin({ maxCost: limits.maxCost, ignoreIntrospection: true, ...callbacks }),
  ] as Plugin[];
}

/**
 * A Bearer `Authorization` header satisfies the check like a preflight header: a browser never attaches one by
 * itself (unlike cookies or cached Basic credentials) and always preflights a cross-origin request that sets
 * it, so a form or `<img>` cannot forge it. This is what lets urql's default GET (with the gateway key) and
 * any plain `fetch(url, { headers: { authorization } })` through. A key-less GET (the open sandbox) still
 * needs one of `CSRF_HEADERS`.
 */
const BEARER = /^\s*Bearer\s+\S/i;

export function csrfPlugin(): Plugin {
  const prevention = useCSRFPrevention({ requestHeaders: CSRF_HEADERS });
  return {
    onRequestParse(payload) {
      if (BEARER.test(payload.request.headers.get('authorization') ?? '')) return;
      return prevention.onRequestParse?.(payload);
    },
  };
}

const SUGGESTION = /\s*Did you mean (?:to use an inline fragment on )?["“][^?]*\?/g;

/** Removes graphql-js's "Did you mean …?" hints from validation messages. */
export function withoutSuggestions(message: string): string {
  return message.replace(SUGGESTION, '');
}

function stripped<E extends Error>(error: E): E | GraphQLError {
  const message = withoutSuggestions(error.message);
  if (message === error.message) return error;
  if (!(error instanceof GraphQLError)) return new GraphQLError(message);
  return new GraphQLError(message, { nodes: error.nodes ?? null, path: error.path ?? null, extensions: error.extensions });
}

/**
 * Introspection off → graphql-js's introspection rule is added, and suggestions are stripped from validation
 * errors and from variable-coercion errors (reported by execution, e.g. an unknown input field).
 */
export function introspectionPlugin(enabled: boolean): Plugin {
  if (enabled) return {};
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(NoSchemaIntrospectionCustomRule);
      return ({ result, setResult }) => {
        if (result.length > 0) setResult(result.map(stripped));
      };
    },
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in result || !result.errors?.length) return;
          setResult({ ...result, errors: result.errors.map(stripped) });
        },
      };
    },
  };
}
