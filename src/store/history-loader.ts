/** `Schedule.history` for a whole page of schedules in one registry query per provider. */
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
        ids.forEach((id, index) => found.set(`${provider}:${id}`, lists[index] ?? []));
      }
      return keys.map((key) => found.get(`${key.provider}:${key.nativeId}`) ?? []);
    },
    { cacheKeyFn: (key) => `${key.provider}:${key.nativeId}` },
  );
}
