/** What the registry adds to a page of schedules (`history`, the caller's zone), in one query per provider. */
import DataLoader from 'dataloader';
import type { ProviderName } from '../core/model.js';
import type { ScheduleChange, ScheduleRegistry } from './registry.js';

export type HistoryLoader = DataLoader<{ provider: ProviderName; nativeId: string }, ScheduleChange[], string>;

export function historyLoader(registry: ScheduleRegistry): HistoryLoader {
  return new DataLoader(
    async (keys) => {
      const byProvider = new Map<ProviderName, string[]>();
      for (const key of keys) byProvider.set(key.provider, [...(byProvider.get(key.provider) ?? []), key.nativeId]);
      const found = new Map<string, ScheduleChange[]>();
      for (const [provider, ids] of byProvider) {
        const lists = await registry.history(provider, ids);
        ids.forEach((id, index) => {
          found.set(`${provider}:${id}`, lists[index] ?? []);
        });
      }
      return keys.map((key) => found.get(`${key.provider}:${key.nativeId}`) ?? []);
    },
    { cacheKeyFn: (key) => `${key.provider}:${key.nativeId}` },
  );
}

export type ZoneLoader = DataLoader<{ provider: ProviderName; nativeId: string }, string | null, string>;

export function zoneLoader(registry: ScheduleRegistry): ZoneLoader {
  return new DataLoader(
    async (keys) => {
      const byProvider = new Map<ProviderName, string[]>();
      for (const key of keys) byProvider.set(key.provider, [...(byProvider.get(key.provider) ?? []), key.nativeId]);
      const found = new Map<string, string>();
      for (const [provider, ids] of byProvider) {
        for (const [id, zone] of await registry.zones(provider, ids)) found.set(`${provider}:${id}`, zone);
      }
      return keys.map((key) => found.get(`${key.provider}:${key.nativeId}`) ?? null);
    },
    { cacheKeyFn: (key) => `${key.provider}:${key.nativeId}` },
  );
}
