/**
 * Per-request DataLoaders for Heymarket. `schedule` costs one GET per distinct id per request. `inbox` is keyed
 * by inbox id, but Heymarket only lists inboxes (`GET /v1/inboxes`, a bare unpaginated array), so its batch
 * function picks ids out of that list, and the list is fetched at most ONCE per request however many batches
 * (create validation, then the details' `inbox` field, …) ask for inboxes.
 */
import DataLoader from 'dataloader';
import { asError, perKeyLoader } from '../loaders.js';
import type { HeymarketApi } from './client.js';
import type { HeymarketInbox, HeymarketScheduled } from './native.js';

export interface HeymarketLoaders {
  schedule: DataLoader<string, HeymarketScheduled | null>;
  inbox: DataLoader<number, HeymarketInbox | null>;
}

export function createHeymarketLoaders(api: HeymarketApi, signal?: AbortSignal): HeymarketLoaders {
  let inboxes: Promise<Map<number, HeymarketInbox>> | null = null;
  const allInboxes = () => (inboxes ??= api.listInboxes(signal).then((list) => new Map(list.map((inbox) => [inbox.id, inbox]))));

  return {
    schedule: perKeyLoader((id: string) => api.getSchedule(id, signal)),
    inbox: new DataLoader<number, HeymarketInbox | null>(async (ids) => {
      try {
        const byId = await allInboxes();
        return ids.map((id) => byId.get(id) ?? null);
      } catch (error) {
        return ids.map(() => asError(error));
      }
    }),
  };
}
