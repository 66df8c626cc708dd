/**
 * The one place where responses are redacted: no configured secret (gateway keys, provider keys and secrets),
 * no JWT and no Bearer credential ever leaves in any byte of an answer, whatever an upstream echoed and
 * wherever the gateway put it. Field-by-field scrubbing is not done anywhere else, by design: a field added
 * tomorrow (a new error extension, a new data field carrying upstream text) is covered without anyone
 * remembering to scrub it.
 *
 * - Every GraphQL result — data, every error's message and every extension (`providerCode`, `issues`,
 *   `requestId`, …), whether it came from execution, masking, validation, parsing or a per-provider partial
 *   failure, batched or not — passes through `onResultProcess`, the last step before Yoga serialises it;
 *   there it gets the serialiser Yoga then uses for it, which scans the finished JSON text once and scrubs
 *   the result only when that scan finds a secret, a JWT or a Bearer credential.
 * - Every response's headers pass through `onResponse`.
 * Other bodies (`/health`, `/ready`, `/metrics`, 401/403/413 refusals, the GraphiQL page) are built by the
 * gateway from fixed text and its own state; no upstream text reaches them.
 */
import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { createScrubber, createSecretDetector, type Scrubber } from '../logger.js';

/**
 * The value with every string scrubbed, copying only the arrays and objects on the path to a change: a
 * response with no secret in it (nearly all of them) is returned as it is, without a second copy to collect.
 */
function scrubValue(value: unknown, scrub: Scrubber): unknown {
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let i = 0; i < value.length; i += 1) {
      const next = scrubValue(value[i], scrub);
      if (next === value[i]) continue;
      copy ??= value.slice();
      copy[i] = next;
    }
    return copy ?? value;
  }
  if (value && typeof value === 'object') {
    let copy: Record<string, unknown> | null = null;
    for (const [key, inner] of Object.entries(value)) {
      const next = scrubValue(inner, scrub);
      if (next === inner) continue;
      copy ??= { ...value };
      copy[key] = next;
    }
    return copy ?? value;
  }
  return value;
}

/** A result with the serialiser Yoga uses for it instead of `JSON.stringify` (its `ExecutionResultWithSerializer`). */
type SerializableResult = ExecutionResult & { stringify?: (result: ExecutionResult) => string };

export interface RedactionOptions {
  /**
   * Redact error extensions (default true). Only the test of the suite-wide secret grep turns this off, to
   * show that the grep fires when a secret reaches a response; never set it in a deployment.
   */
  errorExtensions?: boolean;
}

function scrubError(error: GraphQLError, scrub: Scrubber, extensionsToo: boolean): GraphQLError {
  const message = scrub(error.message);
  const extensions = extensionsToo ? (scrubValue(error.extensions, scrub) as GraphQLError['extensions']) : error.extensions;
  if (message === error.message && extensions === error.extensions) return error;
  return new GraphQLError(message, {
    nodes: error.nodes ?? null,
    source: error.source ?? null,
    positions: error.positions ?? null,
    path: error.path ?? null,
    originalError: error.originalError ?? null,
    extensions,
  });
}

function scrubResult(result: ExecutionResult, scrub: Scrubber, extensionsToo: boolean): ExecutionResult {
  const data = result.data ? (scrubValue(result.data, scrub) as ExecutionResult['data']) : result.data;
  const errors = result.errors?.map((error) => (error instanceof GraphQLError ? scrubError(error, scrub, extensionsToo) : error));
  const extensions = result.extensions && extensionsToo ? (scrubValue(result.extensions, scrub) as ExecutionResult['extensions']) : result.extensions;
  const changed = data !== result.data || extensions !== result.extensions || errors?.some((error, i) => error !== result.errors?.[i]);
  return changed ? { ...result, data, extensions, ...(errors ? { errors } : {}) } : result;
}

export function responseRedactionPlugin(secrets: readonly string[], options: RedactionOptions = {}): Plugin {
  const scrub = createScrubber(secrets);
  const suspicious = createSecretDetector(secrets);
  const extensionsToo = options.errorExtensions ?? true;
  /**
   * One pass over the serialised form: Yoga serialises a result with the result's own `stringify` when it has
   * one (every result processor — JSON, SSE, multipart — goes through it), so the text is searched once, in
   * one scan for every secret variant (as written and JSON-escaped) plus `eyJ` and `bearer`. Nearly every
   * answer has none, and that text is sent as it is, with no second serialisation and no walk. Only when the
   * scan finds something is the result walked string by string (as the scrubber always did) and serialised
   * again.
   */
  const withRedactingSerializer = (result: SerializableResult): SerializableResult => {
    const base = result.stringify ?? JSON.stringify;
    return {
      ...result,
      stringify: (sanitized: ExecutionResult) => {
        const text = base(sanitized);
        return suspicious(text) ? base(scrubResult(sanitized, scrub, extensionsToo)) : text;
      },
    };
  };
  return {
    onResultProcess({ result, setResult }) {
      // No subscriptions or @defer in this schema: a streamed result is never produced.
      if (Array.isArray(result)) setResult(result.map((one: SerializableResult) => withRedactingSerializer(one)));
      else if (!(Symbol.asyncIterator in result)) setResult(withRedactingSerializer(result));
    },
    onResponse({ response, setResponse, fetchAPI }) {
      let headers: Headers | null = null;
      response.headers.forEach((value, name) => {
        if (!suspicious(value)) return;
        const clean = scrub(value);
        if (clean === value) return;
        headers ??= new fetchAPI.Headers(response.headers);
        headers.set(name, clean);
      });
      if (headers) setResponse(new fetchAPI.Response(response.body, { status: response.status, statusText: response.statusText, headers }));
    },
  };
}
