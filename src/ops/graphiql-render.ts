/**
 * Renders the GraphiQL page in a short-lived worker thread. `@graphql-yoga/render-graphiql` is ~9 MB of
 * JavaScript strings: importing it into the gateway's own isolate keeps ~50 MB of heap and source resident for
 * the life of the process, just to produce one page. In a worker, that memory goes away with the worker; the
 * gateway receives only the page's bytes (the buffer is transferred, not copied).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The options `renderGraphiQL` takes that this gateway sets (plain JSON, so they cross to the worker). */
export interface GraphiQLRenderOptions {
  title: string;
  defaultQuery: string;
  defaultTabs: Array<{ query: string; variables?: string; headers?: string }>;
  headers?: string;
}

// CommonJS so it runs as an `eval` worker, with no TypeScript loader needed under tsx, vitest or plain node.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { renderGraphiQL } = require(workerData.modulePath);
const page = Buffer.from(renderGraphiQL(workerData.options), 'utf8');
const bytes = new Uint8Array(page.buffer, page.byteOffset, page.length);
parentPort.postMessage(bytes, [page.buffer]);
`;

export function renderGraphiQLInWorker(options: GraphiQLRenderOptions): Promise<Buffer> {
  const modulePath = createRequire(import.meta.url).resolve('@graphql-yoga/render-graphiql');
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { modulePath, options } });
    let page: Buffer | null = null;
    worker.once('message', (bytes: Uint8Array) => {
      page = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => (page ? resolve(page) : reject(new Error(`GraphiQL render worker exited with ${code} and no page`))));
  });
}
