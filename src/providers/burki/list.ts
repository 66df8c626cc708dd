/**
 * The ONE place that knows the campaigns-list contract, which Burki does not document (upstreams.md 3.7:
 * "the list-campaigns endpoint contract: NOT FOUND").
 *
 * ASSUMPTION B7 (named in the README): `GET /api/v1/campaigns?skip=<n>&limit=<n>[&status=<native status>]`
 * answers a bare JSON array of campaign objects (the same shape as `GET /api/v1/campaigns/{id}`, or at least
 * `{id, name, status}`), ordered stably, only the caller's organization; `skip`/`limit` as on Burki's other
 * lists ("Most lists use skip + limit"), `limit` at most 100 here to stay within any plausible maximum; a
 * page shorter than `limit` is the last one; `status` filters by the exact native value.
 */
import type { z } from 'zod';
import type { UpstreamRequest } from '../http.js';
import { burkiCampaignList } from './native.js';

const CAMPAIGN_LIST_PATH = '/api/v1/campaigns';
const CAMPAIGN_LIST_PAGE_SIZE = 100;
/** Why a cap: a misbehaving upstream that ignores `skip` would otherwise be paged through forever. */
const CAMPAIGN_LIST_MAX_PAGES = 100;

export type CampaignListItem = z.infer<typeof burkiCampaignList>[number];

/** One page's request (method, path, query) below the Burki base URL. */
export function campaignListRequest(skip: number, limit: number, status: string | null): Pick<UpstreamRequest, 'method' | 'path' | 'query'> {
  return { method: 'GET', path: CAMPAIGN_LIST_PATH, query: { skip, limit, status: status ?? undefined } };
}

export const campaignListPage = burkiCampaignList;

/**
 * Every campaign, paging with `skip`/`limit` until a short page. `fetchPage` sends one page's request and
 * returns its parsed items. Items are de-duplicated by id (a campaign created while paging shifts pages).
 */
export async function listAllCampaigns(fetchPage: (skip: number, limit: number) => Promise<CampaignListItem[]>): Promise<CampaignListItem[]> {
  const seen = new Set<number>();
  const all: CampaignListItem[] = [];
  for (let page = 0; page < CAMPAIGN_LIST_MAX_PAGES; page += 1) {
    const items = await fetchPage(page * CAMPAIGN_LIST_PAGE_SIZE, CAMPAIGN_LIST_PAGE_SIZE);
    for (const item of items) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      all.push(item);
    }
    if (items.length < CAMPAIGN_LIST_PAGE_SIZE) break;
  }
  return all;
}
