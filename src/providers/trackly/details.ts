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
