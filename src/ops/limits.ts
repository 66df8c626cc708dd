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
import { costLimitPlugin, costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import {
  BREAK,
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  getOperationAST,
  validate,
  visit,
  type ArgumentNode,
  type DefinitionNode,
  type DocumentNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';
import { IncomingMessage } from 'node:http';
import type { FetchAPI, Plugin } from 'graphql-yoga';
import type { LimitsConfig } from '../config.js';

/** Any one of these headers marks a request as not forgeable by a plain HTML form or `<img>`. */
const CSRF_HEADERS = ['x-graphql-yoga-csrf', 'apollo-require-preflight', 'x-apollo-operation-name', 'graphql-preflight'];

const LIMIT_CODE = 'OPERATION_LIMIT_EXCEEDED';

/**
 * A breach as the caller sees it: HTTP 400 whatever the Accept header, code `OPERATION_LIMIT_EXCEEDED`, and
 * armor's message without its misleading "Syntax Error: " prefix (the limit is in it, so a developer knows
 * what to change).
 */
function limitError(error: GraphQLError): GraphQLError {
  return new GraphQLError(error.message.replace(/^Syntax Error: /, ''), {
    extensions: { code: LIMIT_CODE, http: { status: 400 } },
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
    variableCostPlugin(limits.maxCost),
    limitStatusPlugin(),
  ] as Plugin[];
}

/**
 * Yoga marks validation and parse errors as "spec" errors and, for `Accept: application/json` (or none),
 * answers them with 200 as the GraphQL-over-HTTP spec allows for legacy clients — it even overwrites a
 * `spec: false` on parse errors. A refused operation is the caller's request being refused, so the status is
 * set on the result itself (Yoga reads it before the errors' own and never serialises it): 400 for every
 * client alike.
 */
function limitStatusPlugin(): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || Symbol.asyncIterator in result) return;
      if (!result.errors?.some((error) => error.extensions?.code === LIMIT_CODE)) return;
      setResult({ ...result, extensions: { ...result.extensions, http: { status: 400 } } });
    },
  };
}

/** The list-size arguments armor's cost model multiplies by (it reads only literal integers). */
const SIZE_ARGUMENTS = new Set(['first', 'last']);

/** Per parsed document (Yoga's parse cache hands out the same object for the same text): does any `first`/`last` read a variable? */
const readsSizeVariableCache = new WeakMap<DocumentNode, boolean>();

/** Whether any size argument of the document reads a variable; without one there is nothing to re-count, and no visit per request. */
function readsSizeVariable(document: DocumentNode): boolean {
  const known = readsSizeVariableCache.get(document);
  if (known !== undefined) return known;
  let found = false;
  visit(document, {
    Argument(node) {
      if (!SIZE_ARGUMENTS.has(node.name.value) || node.value.kind !== Kind.VARIABLE) return undefined;
      found = true;
      return BREAK;
    },
  });
  readsSizeVariableCache.set(document, found);
  return found;
}

/**
 * The operation's document with every `first`/`last` that reads a variable replaced by the variable's value
 * (or its default) as an integer literal; null when no size argument reads a variable (nothing to re-count).
 */
function withSizeVariablesInlined(document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown>): DocumentNode | null {
  const operation = getOperationAST(document, operationName);
  if (!operation) return null;
  const defaults = new Map<string, ValueNode>();
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) defaults.set(definition.variable.name.value, definition.defaultValue);
  }
  let inlined = false;
  const result = visit(document, {
    Argument(node): ArgumentNode | undefined {
      if (!SIZE_ARGUMENTS.has(node.name.value) || node.value.kind !== Kind.VARIABLE) return undefined;
      const name = node.value.name.value;
      const value = Object.hasOwn(variables, name) ? variables[name] : undefined;
      const literal: ValueNode | undefined =
        typeof value === 'number' && Number.isSafeInteger(value)
          ? { kind: Kind.INT, value: String(value) }
          : value === undefined
            ? defaults.get(name)
            : undefined;
      if (!literal) return undefined;
      inlined = true;
      return { ...node, value: literal };
    },
  });
  return inlined ? result : null;
}

/**
 * Armor's cost rule runs at validation, where variables are unknown (and Yoga caches validation per document),
 * so `schedules(first: $f)` would count as one row. Variables are known before execution: this re-runs the
 * same rule, with the same options and message, on the document with the size variables inlined, and refuses
 * the operation before any resolver (or upstream call) runs. The literal and the variable form of a request
 * are therefore refused identically.
 */
function variableCostPlugin(maxCost: number): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      if (!args.document.definitions.some((d: DefinitionNode) => d.kind === Kind.OPERATION_DEFINITION && (d.variableDefinitions?.length ?? 0) > 0)) return;
      if (!readsSizeVariable(args.document)) return;
      const inlined = withSizeVariablesInlined(args.document, args.operationName, (args.variableValues ?? {}) as Record<string, unknown>);
      if (!inlined) return;
      const refusals: GraphQLError[] = [];
      const rule = costLimitRule({
        maxCost,
        ignoreIntrospection: true,
        propagateOnRejection: false,
        onReject: [(_context, error) => refusals.push(limitError(error))],
      });
      validate(args.schema, inlined, [rule]);
      if (refusals.length > 0) setResultAndStopExecution({ errors: refusals });
    },
  };
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
function withoutSuggestions(message: string): string {
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

const CONTENT_LENGTH = /^\d+$/;

function bodyTooLarge(): GraphQLError {
  return new GraphQLError('Request body too large', { extensions: { http: { status: 413 }, code: 'REQUEST_ENTITY_TOO_LARGE' } });
}

/** Whether the request came through Node's HTTP server (its adapter puts the IncomingMessage in the server context). */
function fromNodeHttp(serverContext: unknown): boolean {
  const req = (serverContext as { req?: unknown } | null)?.req;
  return req instanceof IncomingMessage;
}

/** The body, refused once more than `limit` bytes have been read (Yoga's own wrapper, for bodies without a usable length). */
function limitedBody(request: Request, limit: number, fetchAPI: FetchAPI): Request {
  const body = request.body;
  if (!body) return request;
  // As Yoga does: a native ReadableStream needs the native TransformStream, a ponyfilled one the ponyfill's.
  const Transform = body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
  let bytesRead = 0;
  const limited = body.pipeThrough(
    new Transform<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytesRead += chunk.byteLength;
        if (bytesRead > limit) {
          controller.error(bodyTooLarge());
          return;
        }
        controller.enqueue(chunk);
      },
    }),
  );
  return new fetchAPI.Request(request.url, {
    method: request.method,
    headers: request.headers,
    signal: request.signal,
    body: limited,
    duplex: 'half',
  } as RequestInit);
}

/**
 * `GATEWAY_MAX_BODY_BYTES`, in place of Yoga's `maxRequestBodySize` and with its answers (413
 * REQUEST_ENTITY_TOO_LARGE; 400 BAD_REQUEST for a Content-Length that is not one non-negative integer): a
 * declared length over the limit is refused before the body is read, and a body without a declared length
 * (chunked) is counted as it streams and refused past the limit. Yoga also streams every body with a valid
 * declared length through a counting TransformStream (~75 µs a request in the profile); here that is skipped
 * when Node's HTTP server received the request with a Content-Length and no Transfer-Encoding, because Node's
 * parser then delivers exactly that many bytes as the body (the rest of the connection is the next request).
 * Must be the last plugin, after every request parser is registered.
 */
export function requestBodyLimitPlugin(limit: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI, serverContext }) {
      const contentLength = request.headers.get('content-length');
      if (contentLength !== null) {
        if (!CONTENT_LENGTH.test(contentLength)) {
          throw new GraphQLError('Content-Length header is invalid.', { extensions: { http: { status: 400 }, code: 'BAD_REQUEST' } });
        }
        if (Number(contentLength) > limit) throw bodyTooLarge();
        if (!request.headers.has('transfer-encoding') && fromNodeHttp(serverContext)) return;
      }
      if (!requestParser || !request.body) return;
      setRequestParser((req) => requestParser(limitedBody(req, limit, fetchAPI)));
    },
  };
}
