/**
 * Trackly SMS v2 wire shapes (snake_case), as zod schemas: every upstream answer is parsed through these,
 * so a malformed answer becomes a typed `UPSTREAM_BAD_RESPONSE` instead of a crash deeper in.
 * Fields the docs show only in examples are lenient (nullable/optional) on purpose.
 */
import { z } from 'zod';

export const TRACKLY_DAY_KEYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type TracklyDayKey = (typeof TRACKLY_DAY_KEYS)[number];

const TRACKLY_STATUSES = ['draft', 'off', 'on', 'complete', 'archive'] as const;
export type TracklyStatus = (typeof TRACKLY_STATUSES)[number];

const offerLink = z.object({
  key: z.string(),
  offer_id: z.string(),
  // The docs' Node.js example sends a query string instead of an object; accept both when reading.
  url_params: z.union([z.record(z.string(), z.string()), z.string()]).nullish(),
});

const tracklyBlast = z.object({
  message: z.string(),
  offer_links: z.array(offerLink).nullish(),
  percent_audience: z.number(),
  variant_name: z.string().nullish(),
  mms_image_url: z.string().nullish(),
});

/**
 * ASSUMPTION T9: Trackly's ids are opaque strings. The docs' examples show 24-hex ObjectIds for schedules,
 * audiences and offers, and `offer_abc123`-like offer ids in `offer_links`; both fit letters, digits, `_`
 * and `-`, up to 64 characters. Anything else (`.`, `..`, `a/b`, …) cannot be a Trackly id, so it is not
 * looked up: a schedule id of another shape is not found, an input reference of another shape does not exist.
 */
const TRACKLY_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function isTracklyId(id: string): boolean {
  return TRACKLY_ID.test(id);
}

export const tracklySchedule = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  send_type: z.string(),
  source_lists: z.array(z.number()).nullish(),
  audiences: z.array(z.string()).nullish(),
  is_repeating: z.boolean(),
  send_time: z.string(),
  send_date: z.string().nullish(),
  start_date: z.string().nullish(),
  end_date: z.string().nullish(),
  days_of_week: z.record(z.string(), z.boolean()).nullish(),
  skip_within_hours: z.number().nullish(),
  use_local_time: z.boolean().nullish(),
  filter_bots: z.boolean().nullish(),
  is_mms: z.boolean().nullish(),
  is_cto: z.boolean().nullish(),
  automated_percent: z.number().nullish(),
  ir_revenue: z.number().nullish(),
  blasts: z.array(tracklyBlast).nullish(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
});
export type TracklySchedule = z.infer<typeof tracklySchedule>;

export const tracklyScheduleList = z.object({ schedules: z.array(tracklySchedule) });
export const tracklyScheduleEnvelope = z.object({ success: z.literal(true), schedule: tracklySchedule });
export const tracklyDeleteEnvelope = z.object({ success: z.literal(true), archived: z.boolean() });

export const tracklyAudience = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullish(),
  source_lists: z.array(z.number()).nullish(),
  cached_size: z.number().nullish(),
  cached_size_updated_at: z.string().nullish(),
  status: z.string(),
  created_at: z.string().nullish(),
});
export type TracklyAudience = z.infer<typeof tracklyAudience>;

export const tracklyOffer = z.object({
  id: z.string(),
  name: z.string(),
  tracking_url: z.string().nullish(),
  external_platform: z.string().nullish(),
  external_id: z.string().nullish(),
  advertiser_id: z.string().nullish(),
  payout: z.number().nullish(),
  payout_type: z.string().nullish(),
  filter_bots: z.boolean().nullish(),
  status: z.string(),
  metadata: z.record(z.string(), z.string()).nullish(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
});
export type TracklyOffer = z.infer<typeof tracklyOffer>;

export const tracklySourceList = z.object({
  id: z.number(),
  phone_number: z.string().nullish(),
  brand_name: z.string().nullish(),
  list_name: z.string().nullish(),
  list_type: z.string().nullish(),
  status: z.string(),
  contact_count: z.number().nullish(),
  created_at: z.string().nullish(),
});
export type TracklySourceList = z.infer<typeof tracklySourceList>;

export const tracklyError = z.object({ error: z.string().optional(), code: z.string().optional(), message: z.string().optional() });

/** The body of POST/PUT /schedules: every field optional, so one type serves the create and the partial update. */
export interface TracklyWriteBody {
  name?: string;
  send_type?: 'blast' | 'automated';
  audiences?: string[];
  is_repeating?: boolean;
  send_time?: string;
  source_lists?: number[];
  status?: TracklyStatus;
  send_date?: string;
  start_date?: string;
  end_date?: string;
  days_of_week?: Record<TracklyDayKey, boolean>;
  skip_within_hours?: number;
  use_local_time?: boolean;
  filter_bots?: boolean;
  is_mms?: boolean;
  is_cto?: boolean;
  automated_percent?: number;
  ir_revenue?: number;
  blasts?: Array<{
    message: string;
    percent_audience: number;
    variant_name?: string;
    mms_image_url?: string;
    offer_links: Array<{ key: string; offer_id: string; url_params: Record<string, string> }>;
  }>;
}
