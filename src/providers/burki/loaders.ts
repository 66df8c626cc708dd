/**
 * Per-request DataLoaders for Burki. Burki has no batch endpoints, so a loader's job is to make each distinct
 * campaign cost one call per request however many fields ask for it (a list whose items resolve
 * `details.campaign` costs one campaign call per campaign at most — none when the list already carried it), and
 * to run those calls in parallel. A 404 is `null`; any other failure is that key's error.
 */
import type DataLoader from 'dataloader';
import { perKeyLoader } from '../loaders.js';
import type { BurkiApi } from './client.js';
import type { BurkiCampaign, BurkiScheduleRead } from './native.js';

export interface BurkiLoaders {
  campaign: DataLoader<number, BurkiCampaign | null>;
  schedule: DataLoader<number, BurkiScheduleRead | null>;
}

export function createBurkiLoaders(api: BurkiApi, signal?: AbortSignal): BurkiLoaders {
  return {
    campaign: perKeyLoader((id) => api.getCampaign(id, signal)),
    schedule: perKeyLoader((id) => api.getSchedule(id, signal)),
  };
}
