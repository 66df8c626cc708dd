/**
 * The tiny HTTP framework the three upstream emulators share: routing, JSON bodies, a log of every request
 * (tests count upstream calls from it), an optional latency, and injectable faults (status codes, hangs,
 * connection resets, malformed or truncated JSON) for the fault suites. Real HTTP on 127.0.0.1, no mocks.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface SandboxRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body; undefined when there was none. */
  body: unknown;
  rawBody: string;
}

export interface SandboxResponse {
  status: number;
  /** Serialised as JSON unless `rawBody` is given. */
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export type RouteHandler = (request: SandboxRequest) => SandboxResponse | Promise<SandboxResponse>;

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path pattern with `:name` segments, e.g. `/v2/schedules/:id`. */
  pattern: string;
  handler: RouteHandler;
}

type Fault =
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'hang' }
  | { kind: 'reset' }
  | { kind: 'badJson' }
  | { kind: 'truncate' }
  | { kind: 'delay'; ms: number };

interface FaultRule {
  fault: Fault;
  /** Only requests whose `METHOD /path` matches; all when omitted. */
  match?: RegExp;
  /** How many matching requests it applies to; forever when omitted. */
  times?: number;
}

interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  at: number;
}

export interface SandboxOptions {
  name: string;
  routes: Route[];
  /** Returns a response to refuse the request (401, …) or null to let it through. */
  authenticate?: (request: SandboxRequest) => SandboxResponse | null | Promise<SandboxResponse | null>;
  /** Headers added to every response (Heymarket's `X-Request-Id`, …). */
  decorate?: (request: SandboxRequest) => Record<string, string>;
  notFound?: (request: SandboxRequest) => SandboxResponse;
  port?: number;
  latencyMs?: number;
}

export interface SandboxHandle {
  readonly name: string;
  readonly url: string;
  readonly requests: RecordedRequest[];
  latencyMs: number;
  injectFault(rule: FaultRule): void;
  clearFaults(): void;
  /** Requests matching `METHOD /path` (regex over e.g. `GET /v2/audiences/abc`). */
  count(match?: RegExp): number;
  clearRequests(): void;
  close(): Promise<void>;
}

interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.pattern
    .split('/')
    .map((segment) => {
      if (segment.startsWith(':')) {
        names.push(segment.slice(1));
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { ...route, regex: new RegExp(`^${source}/?$`), names };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, response: SandboxResponse, extraHeaders: Record<string, string>): void {
  const payload = response.rawBody ?? (response.body === undefined ? '' : JSON.stringify(response.body));
  const headers: Record<string, string> = { ...extraHeaders, ...response.headers };
  if (response.rawBody === undefined && response.body !== undefined) headers['content-type'] ??= 'application/json';
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(response.status, headers);
  res.end(payload);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function startSandboxServer(options: SandboxOptions): Promise<SandboxHandle> {
  const routes = options.routes.map(compile);
  const requests: RecordedRequest[] = [];
  const faults: FaultRule[] = [];
  const sockets = new Set<Socket>();
  let latencyMs = options.latencyMs ?? 0;

  function takeFault(signature: string): Fault | null {
    for (const rule of faults) {
      if (rule.match && !rule.match.test(signature)) continue;
      if (rule.times !== undefined) {
        if (rule.times <= 0) continue;
        rule.times -= 1;
      }
      return rule.fault;
    }
    return null;
  }

  const server: Server = createServer((req, res) => {
    let decorations: Record<string, string> = {};
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://sandbox.local');
      const rawBody = await readBody(req);
      let body: unknown;
      let bodyIsJson = true;
      if (rawBody.length > 0) {
        try {
          body = JSON.parse(rawBody);
        } catch {
          bodyIsJson = false;
        }
      }
      const method = req.method ?? 'GET';
      requests.push({ method, path: url.pathname, query: url.search, headers: req.headers, body, at: Date.now() });
      const request: SandboxRequest = { method, path: url.pathname, params: {}, query: url.searchParams, headers: req.headers, body, rawBody };
      decorations = options.decorate?.(request) ?? {};

      if (latencyMs > 0) await sleep(latencyMs);
      const fault = takeFault(`${method} ${url.pathname}`);
      if (fault) {
        switch (fault.kind) {
          case 'hang':
            return; // never answer; the client's timeout must fire
          case 'reset':
            req.socket.destroy();
            return;
          case 'badJson':
            send(res, { status: 200, rawBody: '{"schedule": {"id": ', headers: { 'content-type': 'application/json' } }, decorations);
            return;
          case 'truncate': {
            // Promise a longer body than we send, then cut the connection.
            res.writeHead(200, { ...decorations, 'content-type': 'application/json', 'content-length': '4096' });
            res.write('{"schedules": [');
            setTimeout(() => req.socket.destroy(), 5);
            return;
          }
          case 'delay':
            await sleep(fault.ms);
            break;
          case 'status':
            send(res, { status: fault.status, body: fault.body ?? { error: 'injected fault' }, headers: fault.headers ?? {} }, decorations);
            return;
        }
      }

      if (!bodyIsJson) {
        send(res, { status: 400, body: { error: 'Request body must be valid JSON', code: 'invalid_json' } }, decorations);
        return;
      }
      const refused = await options.authenticate?.(request);
      if (refused) {
        send(res, refused, decorations);
        return;
      }
      for (const route of routes) {
        if (route.method !== method) continue;
        const match = route.regex.exec(url.pathname);
        if (!match) continue;
        route.names.forEach((name, i) => {
          request.params[name] = decodeURIComponent(match[i + 1] ?? '');
        });
        send(res, await route.handler(request), decorations);
        return;
      }
      send(res, options.notFound?.(request) ?? { status: 404, body: { error: 'Not found' } }, decorations);
    })().catch((error: unknown) => {
      if (!res.headersSent) send(res, { status: 500, body: { error: String(error) } }, decorations);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    name: options.name,
    url: `http://127.0.0.1:${port}`,
    requests,
    get latencyMs() {
      return latencyMs;
    },
    set latencyMs(value: number) {
      latencyMs = value;
    },
    injectFault: (rule) => faults.push({ ...rule }),
    clearFaults: () => faults.splice(0, faults.length),
    count: (match) => requests.filter((r) => !match || match.test(`${r.method} ${r.path}`)).length,
    clearRequests: () => requests.splice(0, requests.length),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * A handle with an emulator's own extras (its key, store, …) that still delegates to the live handle:
 * spreading would copy `latencyMs` once instead of keeping its getter/setter.
 */
export function extendHandle<T extends object>(handle: SandboxHandle, extras: T): SandboxHandle & T {
  return Object.assign(Object.create(handle) as SandboxHandle, extras);
}
