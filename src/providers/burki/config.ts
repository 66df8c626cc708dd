/** Burki's config section and the environment variables it is read from. */
import { z } from 'zod';
import type { Environment } from '../../config-error.js';
import { optionalSecret, parseVariables, url, type ProviderMode, type SectionDraft } from '../../config-parts.js';

export interface BurkiConfig {
  mode: ProviderMode;
  baseUrl: string;
  apiKey: string | null;
}

const variables = z.object({
  BURKI_BASE_URL: url('https://api.burki.dev'),
  BURKI_API_KEY: optionalSecret,
});

export function parseBurkiConfig(env: Environment): () => SectionDraft<BurkiConfig> {
  const e = parseVariables(variables, env);
  return () => ({ configured: Boolean(e.BURKI_API_KEY), section: { baseUrl: e.BURKI_BASE_URL, apiKey: e.BURKI_API_KEY } });
}

export const burkiSecrets = (section: BurkiConfig): Array<string | null> => [section.apiKey];
