/**
 * Per-request bookkeeping: a request id (a sane incoming `x-request-id` is kept, otherwise a UUID), echoed
 * in the `x-request-id` response header; one JSON log line per request (operation, status, duration,
 * upstream call count); the GraphQL request metrics. The request's state lives in an AsyncLocalStorage
 * entered around Yoga's whole handling of the request, so the upstream-attempt hook (called deep inside a
 * provider) can count calls against the request that made them.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../logger.js';
import type { GatewayMetrics } from './metrics.js';

export interface RequestState {
  id: string;
  startedAt: number;
  method: string;
  path: string;
  operationName: string | null;
  operationType: string | null;
  upstreamCalls: number;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function requestIdFrom(header: string | null): string {
  return header && REQUEST_ID.test(header) ? header : randomUUID();
}

export class RequestTracker {
  private readonly storage = new AsyncLocalStorage<RequestState>();
  private readonly byRequest = new WeakMap<Request, RequestState>();

  /** The state of the request whose handling is running now, if any. */
  current(): RequestState | undefined {
    return this.storage.getStore();
  }

  of(request: Request): RequestState | undefined {
    return this.byRequest.get(request);
  }

  plugin(log: Logger, metrics: GatewayMetrics, graphqlEndpoint: string, quietPaths: ReadonlySet<string>): Plugin {
    // The access line's keys are fixed (below) and none of them is a secret field, so pino's redact paths can
    // never match it; running them anyway (wildcards over every value) was the largest single cost of a
    // request's log line. The line still goes through the logger's last-line scrub (`hooks.streamWrite`,
    // inherited by the child), which replaces any secret value, JWT or Bearer credential in the text.
    const access = log.child({}, { redact: [] });
    return {
      instrumentation: {
        request: ({ request }, wrapped) => {
          const url = new URL(request.url, 'http://gateway.local');
          const state: RequestState = {
            id: requestIdFrom(request.headers.get('x-request-id')),
            startedAt: performance.now(),
            method: request.method,
            path: url.pathname,
            operationName: null,
            operationType: null,
            upstreamCalls: 0,
          };
          this.byRequest.set(request, state);
          return this.storage.run(state, wrapped);
        },
      },
      onExecute: ({ args }) => {
        const state = this.current();
        if (!state) return;
        const operation = getOperationAST(args.document, args.operationName ?? undefined);
        state.operationName = operation?.name?.value ?? null;
        state.operationType = operation?.operation ?? null;
      },
      onResponse: ({ request, response }) => {
        const state = this.byRequest.get(request) ?? this.current();
        if (!state) return;
        try {
          response.headers.set('x-request-id', state.id);
        } catch {
          // an immutable response (never ours in practice); the log line still carries the id
        }
        const durationMs = Math.round((performance.now() - state.startedAt) * 10) / 10;
        const status = response.status;
        // GraphiQL's page is served on the GraphQL endpoint too; a page load is not a GraphQL request.
        const graphiqlPage = state.method === 'GET' && (response.headers.get('content-type') ?? '').startsWith('text/html');
        // Everything above is read now; the metrics and the log line are written once the response has been
        // handed to the socket (the next turn of the event loop), off the request's critical path. Still one
        // line per request, with the duration measured up to this point.
        const line = {
          requestId: state.id,
          method: state.method,
          path: state.path,
          operation: state.operationName,
          operationType: state.operationType,
          status,
          durationMs,
          upstreamCalls: state.upstreamCalls,
        };
        setImmediate(() => {
          if (state.path === graphqlEndpoint && !graphiqlPage) metrics.graphqlRequest(state.operationName, status, durationMs);
          if (quietPaths.has(state.path)) access.debug(line, 'request');
          else if (status >= 500) access.error(line, 'request');
          else access.info(line, 'request');
        });
      },
    };
  }
}
