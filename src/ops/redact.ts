/**
 * Last line of defence for responses: no configured secret (gateway keys, provider keys and secrets) and no
 * JWT ever leaves in a GraphQL answer, even if an upstream echoes one in an error text that a provider
 * passes on as a message. Walks the result's data and errors once per response; results are small.
 */
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { createScrubber, type Scrubber } from '../logger.js';

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
      if (next !== value[i]) (copy ??= value.slice())[i] = next;
    }
    return copy ?? value;
  }
  if (value && typeof value === 'object') {
    let copy: Record<string, unknown> | null = null;
    for (const [key, inner] of Object.entries(value)) {
      const next = scrubValue(inner, scrub);
      if (next !== inner) (copy ??= { ...value })[key] = next;
    }
    return copy ?? value;
  }
  return value;
}

export function responseRedactionPlugin(secrets: readonly string[]): Plugin {
  const scrub = createScrubber(secrets);
  return {
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          if (Symbol.asyncIterator in result) return;
          const data = result.data ? (scrubValue(result.data, scrub) as typeof result.data) : result.data;
          const errors = result.errors?.map((error) => {
            const message = scrub(error.message);
            const extensions = scrubValue(error.extensions, scrub) as Record<string, unknown>;
            return new GraphQLError(message, { nodes: error.nodes ?? null, path: error.path ?? null, originalError: error.originalError ?? null, extensions });
          });
          setResult({ ...result, data, ...(errors ? { errors } : {}) });
        },
      };
    },
  };
}
