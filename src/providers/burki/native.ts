/**
 * Burki wire shapes (snake_case), as zod schemas: every upstream answer is parsed through these, so a
 * malformed answer becomes a typed `UPSTREAM_BAD_RESPONSE` instead of a crash deeper in. Fields the docs show
 * only in examples are lenient (nullable/optional) on purpose; enums whose full list is undocumented
 * (campaign status, campaign type) are plain strings here and mapped in `mapping.ts`.
 */
import { z } from 'zod';

export const BURKI_CAMPAIGN_TYPES = ['call', 'sms', 'mixed'] as const;
export type BurkiCampaignType = (typeof BURKI_CAMPAIGN_TYPES)[number];

/** The statuses seen or mentioned in the docs; the full enum is not documented (upstreams.md 3.6). */
const BURKI_CAMPAIGN_STATUSES = ['draft', 'scheduled', 'running', 'paused', 'completed'] as const;
export type BurkiCampaignStatus = (typeof BURKI_CAMPAIGN_STATUSES)[number];

const BURKI_FREQUENCIES = ['daily', 'weekly', 'monthly'] as const;
export type BurkiFrequency = (typeof BURKI_FREQUENCIES)[number];

/** `GET /api/v1/campaigns/{id}` (upstreams.md 3.6). */
export const burkiCampaign = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string().nullish(),
  campaign_type: z.string(),
  status: z.string(),
  assistant_id: z.number().int().nullish(),
  assistant_name: z.string().nullish(),
  welcome_message_template: z.string().nullish(),
  agenda_template: z.string().nullish(),
  end_call_message_template: z.string().nullish(),
  sms_message_template: z.string().nullish(),
  max_attempts: z.number().int().nullish(),
  retry_delay_minutes: z.number().int().nullish(),
  total_contacts: z.number().int().nullish(),
  completed_contacts: z.number().int().nullish(),
  failed_contacts: z.number().int().nullish(),
  created_at: z.string().nullish(),
  updated_at: z.string().nullish(),
  last_import_file_name: z.string().nullish(),
  last_import_date: z.string().nullish(),
  last_import_row_count: z.number().int().nullish(),
});
export type BurkiCampaign = z.infer<typeof burkiCampaign>;

/**
 * One item of the (undocumented) campaigns list: only what identifies a campaign is required, so a list that
 * returns summaries still parses; a full item is used to prime the campaign loader (see `list.ts`).
 */
const burkiCampaignListItem = z.looseObject({ id: z.number().int(), name: z.string(), status: z.string() });
export const burkiCampaignList = z.array(burkiCampaignListItem);

/** The `recurring_config` echo of `GET …/schedule` (upstreams.md 3.4). */
const burkiRecurringConfig = z.object({
  frequency: z.string(),
  interval: z.number().int().nullish(),
  days_of_week: z.array(z.number().int()).nullish(),
  // Not in the doc's echo list; read when present (the gateway always sends it for monthly).
  day_of_month: z.number().int().nullish(),
  time: z.string().nullish(),
  time_zone: z.string().nullish(),
  end_date: z.string().nullish(),
});
export type BurkiRecurringConfig = z.infer<typeof burkiRecurringConfig>;

/** `GET /api/v1/campaigns/{id}/schedule`: `scheduled_at` comes back in UTC with a `Z`. */
export const burkiScheduleRead = z.object({
  schedule_type: z.string(),
  scheduled_at: z.string().nullish(),
  recurring_config: burkiRecurringConfig.nullish(),
});
export type BurkiScheduleRead = z.infer<typeof burkiScheduleRead>;

/** `POST …/schedule` answers `{success, message}`. */
export const burkiSaveAnswer = z.looseObject({ success: z.boolean().optional(), message: z.string().optional() });

/** `POST …/start` (upstreams.md 3.5). */
export const burkiStartAnswer = z.looseObject({
  success: z.boolean().optional(),
  message: z.string().optional(),
  task_id: z.string().nullish(),
  campaign_id: z.number().int().optional(),
  status: z.string().optional(),
  scheduled_time: z.string().nullish(),
});

/** `POST …/pause` answers `{message}`. */
export const burkiPauseAnswer = z.looseObject({ message: z.string().optional() });

/** FastAPI's error bodies: `{detail: "text"}` or, for a 422, `{detail: [{loc, msg, type}]}`. */
const burkiValidationItem = z.looseObject({
  loc: z.array(z.union([z.string(), z.number()])),
  msg: z.string(),
  type: z.string(),
});
export const burkiError = z.object({ detail: z.union([z.string(), z.array(burkiValidationItem)]) });

/** The body of `POST /api/v1/campaigns/{id}/schedule` (upstreams.md 3.3). */
export interface BurkiRecurringConfigBody {
  frequency: BurkiFrequency;
  interval: number;
  days_of_week?: number[];
  day_of_month?: number;
  /** `HH:MM`, 24-hour. */
  time: string;
  /** IANA; note the underscore, unlike the top-level `timezone`. */
  time_zone: string;
  /** `YYYY-MM-DD`: the last local date that still runs (see mapping.ts B3). */
  end_date?: string;
}

export type BurkiScheduleBody =
  | { schedule_type: 'immediate' }
  | { schedule_type: 'scheduled'; scheduled_at: string; timezone: string }
  | { schedule_type: 'recurring'; scheduled_at?: string; timezone: string; recurring_config: BurkiRecurringConfigBody };
