/** Trackly's config section and the environment variables it is read from. */
import { z } from 'zod';
import type { Environment } from '../../config-error.js';
import { optionalSecret, parseVariables, url, type ProviderMode, type SectionDraft } from '../../config-parts.js';
import { isValidTimeZone } from '../../core/time.js';

export interface TracklyConfig {
  mode: ProviderMode;
  baseUrl: string;
  apiKey: string | null;
  /** The Trackly account's zone, in which `send_time` is read. */
  timeZone: string;
}

const variables = z.object({
  TRACKLY_BASE_URL: url('https://app.tracklysms.com/api/v2'),
  TRACKLY_API_KEY: optionalSecret,
  TRACKLY_TIMEZONE: z.string().trim().default('UTC').refine(isValidTimeZone, 'must be an IANA time zone name such as America/New_York'),
});

export function parseTracklyConfig(env: Environment): () => SectionDraft<TracklyConfig> {
  const e = parseVariables(variables, env);
  return () => ({ configured: Boolean(e.TRACKLY_API_KEY), section: { baseUrl: e.TRACKLY_BASE_URL, apiKey: e.TRACKLY_API_KEY, timeZone: e.TRACKLY_TIMEZONE } });
}

export const tracklySecrets = (section: TracklyConfig): Array<string | null> => [section.apiKey];
