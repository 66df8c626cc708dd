/** What a caller gives the gateway for a Trackly schedule (camelCase, provider-specific, GraphQL-free). */
import type { ScheduleStatus } from '../../core/model.js';

type TracklySendType = 'BLAST' | 'AUTOMATED';

interface TracklyOfferLinkInput {
  key: string;
  offerId: string;
  urlParams?: Array<{ key: string; value: string }> | null;
}

export interface TracklyVariantInput {
  name?: string | null;
  message: string;
  percentAudience: number;
  mmsImageUrl?: string | null;
  offerLinks?: TracklyOfferLinkInput[] | null;
}

export interface TracklyTargetInput {
  name: string;
  sendType?: TracklySendType | null;
  audienceIds: string[];
  sourceListIds?: number[] | null;
  status?: ScheduleStatus | null;
  variants?: TracklyVariantInput[] | null;
  skipWithinHours?: number | null;
  filterBots?: boolean | null;
  isMms?: boolean | null;
  isCto?: boolean | null;
  automatedPercent?: number | null;
  irRevenue?: number | null;
}

/** A partial update: an omitted (or null) field is left as it is upstream. */
export type TracklyPatchInput = { [K in keyof TracklyTargetInput]?: TracklyTargetInput[K] | null };
