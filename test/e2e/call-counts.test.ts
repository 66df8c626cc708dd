/**
 * N+1 never comes back: exact upstream request counts for the reads that fan out, through the real gateway
 * over HTTP and the Trackly sandbox's request log. No timing: this is the cheap guard behind `npm run bench`.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PAGE_QUERY } from '../../scripts/bench/scenarios.js';
import { PAGE_SHAPE, seedSharedPage, type SeededPage } from '../../scripts/bench/seed.js';
import { encodeScheduleId } from '../../src/core/global-id.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

let gw: TestGateway;
let seeded: SeededPage;

const trackly = () => gw.sandboxes.trackly;
const calls = (pattern: RegExp) => trackly().count(pattern);

beforeAll(async () => {
  gw = await startTestGateway({
    sandboxes: { seed: false },
    // The page below is a real client query: let the gateway's cost and alias limits admit it, so this test
    // is about call counts only.
    env: { GATEWAY_MAX_COST: '1000000', GATEWAY_MAX_ALIASES: '100' },
  });
  seeded = seedSharedPage(trackly().store, PAGE_SHAPE);
});
afterAll(() => gw.close());
beforeEach(() => trackly().clearRequests());

describe('a page of 100 schedules sharing 5 audiences, 3 offers and 2 lists', () => {
  it('makes 1 list call and exactly one call per distinct audience, offer and list', async () => {
    const response = await gw.gql<{
      schedules: {
        totalCount: number;
        edges: Array<{
          node: { details: { audiences: unknown[]; sourceLists: unknown[]; variants: Array<{ offerLinks: Array<{ offer: { id: string } | null }> }> } };
        }>;
      };
    }>(PAGE_QUERY);
    expect(response.errors).toBeUndefined();
    const edges = response.data!.schedules.edges;
    expect(edges).toHaveLength(PAGE_SHAPE.schedules);
    // Every nested entity really was resolved (a silent null would also make few calls).
    for (const { node } of edges) {
      expect(node.details.audiences).toHaveLength(2);
      expect(node.details.sourceLists).toHaveLength(1);
      for (const variant of node.details.variants) for (const link of variant.offerLinks) expect(link.offer).not.toBeNull();
    }

    expect(calls(/^GET \/api\/v2\/schedules$/)).toBe(1);
    expect(calls(/^GET \/api\/v2\/audiences\/[^/]+$/)).toBe(seeded.audienceIds.length);
    expect(calls(/^GET \/api\/v2\/offers\/[^/]+$/)).toBe(seeded.offerIds.length);
    expect(calls(/^GET \/api\/v2\/lists\/[^/]+$/)).toBe(seeded.listIds.length);
    expect(trackly().requests).toHaveLength(1 + PAGE_SHAPE.audiences + PAGE_SHAPE.offers + PAGE_SHAPE.lists);
    // …and no entity was fetched twice.
    const paths = trackly().requests.map((r) => r.path);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('the schedules of the page are not fetched again one by one', async () => {
    await gw.gql(PAGE_QUERY);
    expect(calls(/^GET \/api\/v2\/schedules\/[^/]+$/)).toBe(0);
  });
});

describe('node(id) under 20 aliases', () => {
  const aliases = (ids: string[]) =>
    `{ ${ids.map((id, i) => `n${i}: node(id: "${encodeScheduleId('TRACKLY', id)}") { id ... on Schedule { name } }`).join(' ')} }`;

  it('20 different schedules: at most one GET each, and none twice', async () => {
    const ids = seeded.scheduleIds.slice(0, 20);
    const response = await gw.gql<Record<string, { id: string; name: string } | null>>(aliases(ids));
    expect(response.errors).toBeUndefined();
    expect(Object.values(response.data!).filter((node) => node !== null)).toHaveLength(20);
    const gets = trackly().requests.filter((r) => r.method === 'GET' && /^\/api\/v2\/schedules\/[^/]+$/.test(r.path));
    expect(gets.length).toBeLessThanOrEqual(20);
    expect(new Set(gets.map((r) => r.path)).size).toBe(gets.length);
    expect(trackly().requests).toHaveLength(gets.length);
  });

  it('the same schedule under 20 aliases: one GET', async () => {
    const id = seeded.scheduleIds[0]!;
    const response = await gw.gql<Record<string, { id: string } | null>>(aliases(Array.from({ length: 20 }, () => id)));
    expect(response.errors).toBeUndefined();
    expect(new Set(Object.values(response.data!).map((node) => node?.id))).toEqual(new Set([encodeScheduleId('TRACKLY', id)]));
    expect(calls(new RegExp(`^GET /api/v2/schedules/${id}$`))).toBe(1);
    expect(trackly().requests).toHaveLength(1);
  });
});
