/** Trackly's own fields of a schedule, in neutral (camelCase) form; related objects are ids, resolved through the request's DataLoaders. */
export interface TracklyOfferLink {
  key: string;
  offerId: string;
  urlParams: Array<{ key: string; value: string }>;
}

export interface TracklyVariant {
  name: string | null;
  message: string;
  percentAudience: number;
  mmsImageUrl: string | null;
  offerLinks: TracklyOfferLink[];
}

export interface TracklyDetails {
  provider: 'TRACKLY';
  sendType: 'BLAST' | 'AUTOMATED';
  audienceIds: string[];
  sourceListIds: number[];
  variants: TracklyVariant[];
  skipWithinHours: number;
  useLocalTime: boolean;
  filterBots: boolean;
  isMms: boolean;
  isCto: boolean;
  automatedPercent: number;
  irRevenue: number;
}

/** A Trackly audience as the schema shows it (mapping.ts `fromTracklyAudience`). */
export interface TracklyAudienceInfo {
  id: string;
  name: string;
  description: string | null;
  status: string;
  cachedSize: number | null;
  sourceListIds: number[];
}

/** A Trackly offer as the schema shows it. */
export interface TracklyOfferInfo {
  id: string;
  name: string;
  trackingUrl: string | null;
  payout: number | null;
  payoutType: string | null;
  externalPlatform: string | null;
  status: string;
}

/** A Trackly sending list as the schema shows it. */
export interface TracklySourceListInfo {
  id: number;
  listName: string | null;
  brandName: string | null;
  phoneNumber: string | null;
  listType: string | null;
  status: string;
  contactCount: number | null;
}
