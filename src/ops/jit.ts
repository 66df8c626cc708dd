/**
 * Compiled execution for hot read queries: a query document executed `HOT_AFTER` times is compiled by
 * graphql-jit into plain functions, which cut a 100-row page's CPU by about a fifth and `schedule(id)`'s by
 * about an eighth in the bench's profile. Everything else runs on Yoga's executor, as before.
 *
 * Which documents, and why:
 * - queries only: graphql-jit coerces variables with its own code, and for refused mutation inputs (a custom
 *   scalar's own message, `@oneOf` inputs) it answers differently from graphql-js — five mutation tests failed
 *   with it on for everything — while every query test passes unchanged;
 * - variables of built-in scalar or enum types only, for the same reason (a custom scalar's parse message),
 *   and only values graphql-js accepts: a refused variable is answered by the reference executor;
 * - one operation per document, so the compiled operation is always the one asked for;
 * - no introspection (`__schema`, `__type`): GraphiQL's and codegen's documents stay on the reference executor;
 * - hot documents only: compiling costs more than executing once, so a caller sending fresh documents never
 *   makes the gateway compile for them;
 * - a document graphql-jit cannot compile stays on the reference executor.
 * The verdict is kept per parsed document: Yoga's parser cache hands out the same object for the same text.
 * graphql-jit itself (with fast-json-stringify and ajv, ~100 ms to import) is loaded when the first document
 * turns hot, not at start-up: a cold start never pays for it.
 */
import type { CompiledQuery } from 'graphql-jit';
import {
  Kind,
  getNamedType,
  getVariableValues,
  isEnumType,
  isSpecifiedScalarType,
  typeFromAST,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type VariableDefinitionNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** Executions of a document before it is compiled. */
const HOT_AFTER = 3;

/** Whether the document may ever be compiled (see the rules above). */
function compilable(schema: GraphQLSchema, document: DocumentNode): boolean {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const [operation] = operations;
  if (operations.length !== 1 || !operation || operation.operation !== 'query') return false;
  for (const variable of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, variable.type);
    const named = type ? getNamedType(type) : undefined;
    if (!named || !(isEnumType(named) || isSpecifiedScalarType(named))) return false;
  }
  return !operation.selectionSet.selections.some((s) => s.kind === Kind.FIELD && (s.name.value === '__schema' || s.name.value === '__type'));
}

/** A compiled document, with its one operation's variable definitions. */
interface Compiled {
  query: CompiledQuery['query'];
  variables: readonly VariableDefinitionNode[];
}

/** A document's state: executions so far, its compiled form, or `never`. */
type Verdict = number | Compiled | 'never';

type GraphqlJit = typeof import('graphql-jit');

/** `onCompiled` is told each time a document is compiled (the metric `gateway_graphql_compiled_documents_total`). */
export function hotQueryJitPlugin(onCompiled: () => void): Plugin {
  const verdicts = new WeakMap<DocumentNode, Verdict>();
  let jit: GraphqlJit | null = null;
  // One import however many documents turn hot at once.
  let loadStarted = false;
  const load = () => {
    if (loadStarted) return;
    loadStarted = true;
    import('graphql-jit').then(
      (module) => {
        jit = module;
      },
      // Unloadable (never expected): every document stays on the reference executor.
      () => undefined,
    );
  };
  const compiledFor = (schema: GraphQLSchema, document: DocumentNode): Compiled | null => {
    let verdict = verdicts.get(document);
    if (verdict === undefined) {
      verdict = compilable(schema, document) ? 0 : 'never';
      verdicts.set(document, verdict);
    }
    if (verdict === 'never') return null;
    if (typeof verdict === 'object') return verdict;
    if (verdict + 1 < HOT_AFTER) {
      verdicts.set(document, verdict + 1);
      return null;
    }
    if (!jit) {
      // Hot, but the compiler is still loading: this execution runs as before, a later one compiles.
      load();
      verdicts.set(document, verdict + 1);
      return null;
    }
    const compiled = jit.compileQuery(schema, document);
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const next: Verdict = jit.isCompiledQuery(compiled) && operation ? { query: compiled.query, variables: operation.variableDefinitions ?? [] } : 'never';
    verdicts.set(document, next);
    if (next !== 'never') onCompiled();
    return typeof next === 'object' ? next : null;
  };
  return {
    onExecute({ args, setExecuteFn }) {
      const compiled = compiledFor(args.schema, args.document);
      if (!compiled) return;
      // Variables graphql-js refuses are left to it, so the refusal reads exactly as it always has (graphql-jit
      // words it differently and answers 200 instead of 400); the ones it accepts, graphql-jit accepts alike.
      if (compiled.variables.length > 0 && 'errors' in getVariableValues(args.schema, compiled.variables, args.variableValues ?? {})) return;
      setExecuteFn((run) => compiled.query(run.rootValue, run.contextValue, run.variableValues));
    },
  };
}
