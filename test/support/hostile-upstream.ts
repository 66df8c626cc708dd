/**
 * A misbehaving upstream on 127.0.0.1 for the hostile-upstream tests: real HTTP, every request recorded
 * (method, raw path as it arrived on the wire, headers), and an answer chosen per request by the test. It can
 * echo credentials, send absurd ids or stream a huge body — what a compromised or broken provider would do.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** The request target exactly as sent (path and query, not normalised). */
  path: string;
  headers: IncomingHttpHeaders;
}

export interface HostileAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** Answers a request; or writes the response itself (e.g. a streamed body) and returns nothing. */
export type HostileHandler = (
  request: RecordedRequest,
  res: ServerResponse,
  raw: IncomingMessage,
) => HostileAnswer | undefined | Promise<HostileAnswer | undefined>;

export interface HostileUpstream {
  /** `http://127.0.0.1:port` */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startHostileUpstream(handler: HostileHandler): Promise<HostileUpstream> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const recorded: RecordedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers };
    requests.push(recorded);
    req.resume();
    req.on('end', () => {
      void Promise.resolve(handler(recorded, res, req)).then(
        (answer) => {
          if (!answer) return;
          const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
          res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
          res.end(text);
        },
        () => res.destroy(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
