/** Heymarket's config section and the environment variables it is read from (an API key or a JWT secret pair). */
import { z } from 'zod';
import { ConfigError, type Environment } from '../../config-error.js';
import { integer, optionalSecret, parseVariables, url, type ProviderMode, type SectionDraft } from '../../config-parts.js';

export type HeymarketAuth = { kind: 'apiKey'; apiKey: string } | { kind: 'jwt'; secretId: string; secretKey: string };

export interface HeymarketConfig {
  mode: ProviderMode;
  baseUrl: string;
  auth: HeymarketAuth | null;
  /** Heymarket allows 500 requests a minute; the gateway stays under this many. */
  requestsPerMinute: number;
}

const variables = z.object({
  HEYMARKET_BASE_URL: url('https://api.heymarket.com'),
  HEYMARKET_API_KEY: optionalSecret,
  HEYMARKET_SECRET_ID: optionalSecret,
  HEYMARKET_SECRET_KEY: optionalSecret,
  HEYMARKET_REQUESTS_PER_MINUTE: integer(450, 1, 500),
});

export function parseHeymarketConfig(env: Environment): () => SectionDraft<HeymarketConfig> {
  const e = parseVariables(variables, env);
  // The pair rule runs once every variable is valid, so a bad variable elsewhere is still the one reported.
  return () => {
    if ((e.HEYMARKET_SECRET_ID === null) !== (e.HEYMARKET_SECRET_KEY === null)) {
      const missing = e.HEYMARKET_SECRET_ID === null ? 'HEYMARKET_SECRET_ID' : 'HEYMARKET_SECRET_KEY';
      throw new ConfigError(missing, 'HEYMARKET_SECRET_ID and HEYMARKET_SECRET_KEY must be set together');
    }
    const auth: HeymarketAuth | null =
      e.HEYMARKET_SECRET_ID && e.HEYMARKET_SECRET_KEY
        ? { kind: 'jwt', secretId: e.HEYMARKET_SECRET_ID, secretKey: e.HEYMARKET_SECRET_KEY }
        : e.HEYMARKET_API_KEY
          ? { kind: 'apiKey', apiKey: e.HEYMARKET_API_KEY }
          : null;
    return { configured: auth !== null, section: { baseUrl: e.HEYMARKET_BASE_URL, auth, requestsPerMinute: e.HEYMARKET_REQUESTS_PER_MINUTE } };
  };
}

export const heymarketSecrets = ({ auth }: HeymarketConfig): Array<string | null> => [
  auth?.kind === 'apiKey' ? auth.apiKey : null,
  auth?.kind === 'jwt' ? auth.secretKey : null,
];
