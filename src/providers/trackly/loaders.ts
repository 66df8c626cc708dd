/**
 * Per-request DataLoaders for Trackly. Trackly has no batch endpoints, so a loader's job is to make each
 * distinct id cost one call per request however many schedules refer to it (a page of 50 schedules sharing
 * 5 audiences makes 5 audience calls), and to run those calls in parallel.
 */
import type DataLoader from 'dataloader';
import { perKeyLoader } from '../loaders.js';
import type { TracklyApi } from './client.js';
import type { TracklyAudience, TracklyOffer, TracklySchedule, TracklySourceList } from './native.js';

export interface TracklyLoaders {
  schedule: DataLoader<string, TracklySchedule | null>;
  audience: DataLoader<string, TracklyAudience | null>;
  offer: DataLoader<string, TracklyOffer | null>;
  sourceList: DataLoader<number, TracklySourceList | null>;
}

export function createTracklyLoaders(api: TracklyApi, signal?: AbortSignal): TracklyLoaders {
  return {
    schedule: perKeyLoader((id) => api.getSchedule(id, signal)),
    audience: perKeyLoader((id) => api.getAudience(id, signal)),
    offer: perKeyLoader((id) => api.getOffer(id, signal)),
    sourceList: perKeyLoader((id) => api.getSourceList(id, signal)),
  };
}
