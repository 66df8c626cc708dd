/**
 * The pieces of the config that provider folders and the HTTP settings build on, apart from config.ts: that
 * file assembles the provider sections from the list of providers, so anything a provider imports must not
 * lead back to it (an import cycle). Here: the provider modes, the upstream HTTP section, the zod helpers
 * for variables, and the one way a bad variable stops start-up.
 */
import { z } from 'zod';
import { ConfigError, type Environment } from './config-error.js';

export type ProviderMode = 'live' | 'sandbox' | 'unconfigured';

export interface HttpConfig {
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  retries: number;
  retryInitialDelayMs: number;
  retryMaxDelayMs: number;
  maxRetryAfterMs: number;
  connectionsPerProvider: number;
  /** The most bytes read from one upstream answer; a larger body is abandoned at the cap (UPSTREAM_BAD_RESPONSE). */
  maxBodyBytes: number;
  /** Consecutive transport failures / 5xx of one provider that open its circuit breaker. */
  breakerFailures: number;
  /** How long an open circuit fails fast before one trial call is let through (half-open). */
  breakerHalfOpenMs: number;
}

export const optionalSecret = z
  .string()
  .trim()
  .optional()
  .transform((value) => (value ? value : null));

export const url = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .refine((value) => {
      try {
        const parsed = new URL(value);
        return parsed.protocol === 'http:' || parsed.protocol === 'https:';
      } catch {
        return false;
      }
    }, 'must be an absolute http(s) URL')
    .transform((value) => value.replace(/\/+$/, ''));

export const integer = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/** The variables of `schema`, or a ConfigError naming the first bad one (its value redacted when it is a secret). */
export function parseVariables<S extends z.ZodRawShape>(schema: z.ZodObject<S>, env: Environment): z.output<z.ZodObject<S>> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const variable = String(issue?.path[0] ?? 'environment');
  // Never echo a secret's value into the start-up error (it ends up in deployment logs).
  const shown = /KEY|SECRET|TOKEN|PASSWORD|DATABASE_URL/i.test(variable) ? '[redacted]' : JSON.stringify(env[variable] ?? null);
  throw new ConfigError(variable, `${issue?.message ?? 'invalid'} (got ${shown})`);
}

/**
 * A provider's config section as its module reads it: `parse` validates its variables (in list order, with
 * the rest of the environment) and returns the step that finishes the section once every variable is valid
 * (cross-variable rules); `configured` says whether it has credentials, which decides every provider's mode.
 */
export interface SectionDraft<C> {
  configured: boolean;
  section: Omit<C, 'mode'>;
}
