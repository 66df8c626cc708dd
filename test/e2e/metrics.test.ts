/**
 * Metrics under the names existing Yoga/Grafana dashboards read (`graphql_envelop_*`,
 * `graphql_yoga_http_duration`), beside the gateway's per-provider `gateway_*` metrics on the same `/metrics`;
 * a GraphiQL page load counted nowhere as a GraphQL request; and label cardinality that a caller cannot blow
 * up by sending fresh operation names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_OPERATION_NAMES } from '../../src/ops/metrics.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const KEY = 'gw_metrics_test_key_0123456789';
const auth = { authorization: `Bearer ${KEY}` };

/** The samples of one metric in Prometheus text format: labels (as an object) and value. */
function samples(text: string, name: string): Array<{ labels: Record<string, string>; value: number }> {
  const found: Array<{ labels: Record<string, string>; value: number }> = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const match = /^[^{ ]+(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries([...(match[1] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1] ?? '', m[2] ?? '']));
    found.push({ labels, value: Number(match[2]) });
  }
  return found;
}

function total(text: string, name: string, where: Record<string, string>): number {
  return samples(text, name)
    .filter((s) => Object.entries(where).every(([key, value]) => s.labels[key] === value))
    .reduce((sum, s) => sum + s.value, 0);
}

describe('Prometheus metrics: the standard Yoga names beside the gateway ones', () => {
  let gw: TestGateway;
  const scrape = async () => (await fetch(`${gw.origin}/metrics`, { headers: auth })).text();

  beforeAll(async () => {
    gw = await startTestGateway({ env: { GATEWAY_API_KEYS: KEY }, headers: auth });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('after a query, the graphql_envelop_* and graphql_yoga_http_duration series exist with its operation name, next to gateway_upstream_*', async () => {
    const answer = await gw.gql('query MetricsList { schedules(provider: TRACKLY, first: 1) { totalCount } }');
    expect(answer.errors).toBeUndefined();
    const text = await scrape();
    const op = { operationName: 'MetricsList', operationType: 'query' };
    expect(total(text, 'graphql_envelop_request', op)).toBe(1);
    for (const histogram of [
      'graphql_envelop_phase_parse',
      'graphql_envelop_phase_validate',
      'graphql_envelop_phase_context',
      'graphql_envelop_phase_execute',
      'graphql_envelop_request_duration',
    ]) {
      expect(total(text, `${histogram}_count`, op), histogram).toBe(1);
    }
    expect(total(text, 'graphql_envelop_request_time_summary_count', op)).toBe(1);
    expect(total(text, 'graphql_yoga_http_duration_count', { ...op, method: 'POST', statusCode: '200' })).toBe(1);
    expect(total(text, 'gateway_upstream_requests_total', { provider: 'TRACKLY', method: 'GET' })).toBeGreaterThan(0);
    expect(total(text, 'gateway_graphql_requests_total', { operation: 'MetricsList', status: '200' })).toBe(1);
    // The raw URL is not a label (a GET carries the whole query in it).
    expect(text).not.toMatch(/graphql_yoga_http_duration_bucket\{[^}]*url=/);
  });

  it('a validation failure is counted in graphql_envelop_error_result with its phase, without the caller-chosen path', async () => {
    await gw.gql('query MetricsBroken { schedules { nope } }');
    const text = await scrape();
    expect(total(text, 'graphql_envelop_error_result', { operationName: 'MetricsBroken', phase: 'validate' })).toBe(1);
    expect(samples(text, 'graphql_envelop_error_result').every((s) => !('path' in s.labels))).toBe(true);
  });

  it('a GraphiQL page load is not counted as a GraphQL request, anonymous or otherwise', async () => {
    const before = await scrape();
    const page = await fetch(gw.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    await page.text();
    const after = await scrape();
    for (const name of ['gateway_graphql_requests_total', 'graphql_yoga_http_duration_count', 'graphql_envelop_request']) {
      expect(total(after, name, {}), name).toBe(total(before, name, {}));
    }
    expect(total(after, 'gateway_graphql_requests_total', { operation: 'anonymous' })).toBe(
      total(before, 'gateway_graphql_requests_total', { operation: 'anonymous' }),
    );
  });

  it('fresh operation names cannot add series without bound: past the cap they are all "other"', async () => {
    const names = Array.from({ length: MAX_OPERATION_NAMES + 30 }, (_, i) => `Attacker${i}`);
    for (let i = 0; i < names.length; i += 25) {
      await Promise.all(names.slice(i, i + 25).map((name) => gw.gql(`query ${name} { __typename }`)));
    }
    const text = await scrape();
    const envelopNames = new Set(samples(text, 'graphql_envelop_request').map((s) => s.labels['operationName']));
    const httpNames = new Set(samples(text, 'graphql_yoga_http_duration_count').map((s) => s.labels['operationName']));
    const gatewayNames = new Set(samples(text, 'gateway_graphql_requests_total').map((s) => s.labels['operation']));
    for (const seen of [envelopNames, httpNames]) {
      expect(seen.size).toBeLessThanOrEqual(MAX_OPERATION_NAMES + 2);
      expect(seen).toContain('other');
    }
    expect(gatewayNames.size).toBeLessThanOrEqual(MAX_OPERATION_NAMES + 2);
    expect(total(text, 'graphql_envelop_request', { operationName: 'other' })).toBeGreaterThanOrEqual(30);
  });
});
