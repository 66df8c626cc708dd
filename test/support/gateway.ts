/**
 * Starts the real gateway over HTTP on 127.0.0.1 in front of the three sandbox emulators (also real HTTP),
 * for end-to-end tests. Nothing is mocked: tests speak GraphQL over fetch and count upstream calls from the
 * sandboxes' request logs or the gateway's upstream-attempt hook.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig, type Config, type Environment } from '../../src/config.js';
import type { UpstreamAttempt } from '../../src/providers/http.js';
import { sandboxConfig, startSandboxes, type Sandboxes, type SandboxesOptions } from '../../src/sandbox/index.js';
import { createGateway, type Gateway } from '../../src/server.js';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data: T | null | undefined;
  errors: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }> | undefined;
  headers: Headers;
}

export interface TestGateway {
  url: string;
  config: Config;
  gateway: Gateway;
  sandboxes: Sandboxes;
  /** Every upstream attempt the gateway made, in order. */
  attempts: UpstreamAttempt[];
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

export interface TestGatewayOptions {
  /** Extra environment (e.g. TRACKLY_TIMEZONE); provider keys and URLs come from the sandboxes. */
  env?: Environment;
  sandboxes?: SandboxesOptions;
  /** Change the config after the sandboxes are wired in (e.g. to point one provider elsewhere). */
  adjust?: (config: Config) => Config;
}

export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const sandboxes = await startSandboxes(options.sandboxes);
  let config = sandboxConfig(loadConfig({ UPSTREAM_RETRY_INITIAL_DELAY_MS: '10', ...options.env, PORT: '0' }), sandboxes);
  if (options.adjust) config = options.adjust(config);
  const attempts: UpstreamAttempt[] = [];
  const gateway = createGateway(config, { onUpstreamAttempt: (event) => attempts.push(event) });
  const server: Server = createServer(gateway.yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;

  return {
    url,
    config,
    gateway,
    sandboxes,
    attempts,
    async gql<T>(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: T | null; errors?: GraphQLResponse<T>['errors'] };
      return { status: response.status, data: body.data, errors: body.errors, headers: response.headers };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await gateway.close();
      await sandboxes.close();
    },
  };
}
