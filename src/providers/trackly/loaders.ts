/**
 * Per-request DataLoaders for Trackly. Trackly has no batch endpoints, so a loader's job is to make each
 * distinct id cost one call per request however many schedules refer to it (a page of 50 schedules sharing
 * 5 audiences makes 5 audience calls), and to run those calls in parallel.
 */
import DataLoader from 'dataloader';
import type { TracklyApi } from './client.js';
import type { TracklyAudience, TracklyOffer, TracklySchedule, TracklySourceList } from './native.js';

export interface TracklyLoaders {
  schedule: DataLoader<string, TracklySchedule | null>;
  audience: DataLoader<string, TracklyAudience | null>;
  offer: DataLoader<string, TracklyOffer | null>;
  sourceList: DataLoader<number, TracklySourceList | null>;
}

function perId<K, V>(load: (key: K) => Promise<V>): DataLoader<K, V> {
  return new DataLoader<K, V>((keys) => Promise.all(keys.map((key) => load(key).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))))));
}

export function createTracklyLoaders(api: TracklyApi, signal?: AbortSignal): TracklyLoaders {
  return {
    schedule: perId((id) => api.getSchedule(id, signal)),
    audience: perId((id) => api.getAudience(id, signal)),
    offer: perId((id) => api.getOffer(id, signal)),
    sourceList: perId((id) => api.getSourceList(id, signal)),
  };
}
