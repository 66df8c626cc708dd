/**
 * Operations endpoints, answered before GraphQL parsing:
 * - `GET /health`: 200 `{"status":"ok"}` whenever the process serves HTTP (liveness);
 * - `GET /ready`: 200 when the gateway can take traffic: the configuration was valid (it started), it is not
 *   draining for shutdown, every configured provider is sandboxed or has a circuit that is not open, and the
 *   gateway's store (PostgreSQL or embedded) answers a `SELECT 1`.
 *   Otherwise 503 with the detail per provider. Probes never call an upstream: the circuit breakers already
 *   know whether a provider is failing, from real traffic;
 * - `GET /metrics`: Prometheus text, behind the gateway API key unless `GATEWAY_METRICS_PUBLIC=true`.
 */
import type { Plugin } from 'graphql-yoga';
import type { ProviderMode } from '../config-parts.js';
import type { ProviderName } from '../core/model.js';
import type { CircuitSnapshot, ProviderCircuits } from '../providers/http.js';
import type { ProviderRegistry } from '../providers/registry.js';
import { unauthenticatedResponse, type ApiKeys } from './auth.js';
import type { GatewayMetrics } from './metrics.js';

interface ProviderReadiness {
  mode: ProviderMode;
  ready: boolean;
  circuit: CircuitSnapshot['state'];
  /** When an open circuit will let a trial call through (ISO instant). */
  retryAt?: string;
}

interface Readiness {
  ready: boolean;
  draining: boolean;
  providers: Partial<Record<ProviderName, ProviderReadiness>>;
}

function readiness(registry: ProviderRegistry, circuits: ProviderCircuits, draining: boolean, now = Date.now()): Readiness {
  const providers: Readiness['providers'] = {};
  let ready = !draining;
  for (const [name, provider] of Object.entries(registry) as Array<[ProviderName, ProviderRegistry[ProviderName]]>) {
    if (!provider) continue; // unconfigured: not offered, so it cannot make the gateway unready
    const circuit = circuits.snapshot(name, now);
    const providerReady = provider.mode === 'sandbox' || circuit.state !== 'open';
    ready &&= providerReady;
    providers[name] = {
      mode: provider.mode,
      ready: providerReady,
      circuit: circuit.state,
      ...(circuit.retryAt !== null ? { retryAt: new Date(circuit.retryAt).toISOString() } : {}),
    };
  }
  return { ready, draining, providers };
}

export interface OpsOptions {
  registry: ProviderRegistry;
  circuits: ProviderCircuits;
  metrics: GatewayMetrics;
  keys: ApiKeys;
  metricsPublic: boolean;
  isDraining: () => boolean;
  /** The gateway's store, when it has one: `/ready` is 503 while it does not answer (writes need it). */
  store?: { backend: string; ping(): Promise<boolean> };
}

// A fresh object per response: the Response implementation may add content-length to the one it is given.
// Spread into a fresh object per response: the Response implementation adds content-length to the object it is given.
const json = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };

export function opsPlugin(options: OpsOptions): Plugin {
  return {
    async onRequest({ request, url, endResponse, fetchAPI }) {
      const path = url.pathname;
      if (path !== '/health' && path !== '/ready' && path !== '/metrics') return;
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        endResponse(new fetchAPI.Response(JSON.stringify({ error: 'method not allowed' }), { status: 405, headers: { ...json, allow: 'GET, HEAD' } }));
        return;
      }
      if (path === '/health') {
        endResponse(new fetchAPI.Response(JSON.stringify({ status: 'ok' }), { status: 200, headers: { ...json } }));
        return;
      }
      if (path === '/ready') {
        const state = readiness(options.registry, options.circuits, options.isDraining());
        const store = options.store ? { backend: options.store.backend, ready: await options.store.ping() } : undefined;
        const ready = state.ready && (store?.ready ?? true);
        const body = { status: ready ? 'ready' : 'unavailable', draining: state.draining, providers: state.providers, ...(store ? { store } : {}) };
        endResponse(new fetchAPI.Response(JSON.stringify(body), { status: ready ? 200 : 503, headers: { ...json } }));
        return;
      }
      if (!options.metricsPublic) {
        const decision = options.keys.check(request.headers.get('authorization'));
        if (decision !== 'ok') {
          endResponse(unauthenticatedResponse(decision, fetchAPI.Response));
          return;
        }
      }
      const { contentType, body } = await options.metrics.render();
      endResponse(new fetchAPI.Response(body, { status: 200, headers: { 'content-type': contentType, 'cache-control': 'no-store' } }));
    },
  };
}
