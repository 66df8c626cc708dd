/**
 * Heymarket authentication and rate limiting.
 *
 * `Authorization: Bearer <token>` where the token is either the legacy team API key or an HS256 JWT with
 * payload `{iss: <SecretID>, iat}` signed with the HMAC key `<SecretID>||<SecretKey>` and valid for 5 minutes.
 * Verification is async (jose), so it runs inside each route handler rather than the framework's synchronous
 * `authenticate` hook.
 */
import { errors as joseErrors, jwtVerify } from 'jose';
import type { SandboxRequest, SandboxResponse } from '../../../sandbox/server.js';
import { heymarketError } from './rules.js';

export interface HeymarketCredentials {
  apiKey: string;
  secretId: string;
  secretKey: string;
}

export type AuthResult = { ok: true; credential: string; claims: Record<string, unknown> | null } | { ok: false; response: SandboxResponse };

/** JWT life after `iat`. */
const JWT_MAX_AGE_SECONDS = 5 * 60;
/** ASSUMPTION: clock-skew allowance for an `iat` in the future. */
const JWT_FUTURE_SKEW_SECONDS = 60;

function bearerToken(request: SandboxRequest): string | null {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}

export async function authenticateHeymarket(request: SandboxRequest, credentials: HeymarketCredentials, now: Date): Promise<AuthResult> {
  const token = bearerToken(request);
  // ASSUMPTION: HTTP Basic (allowed by an older doc version) is not accepted; only Bearer.
  if (token === null) return { ok: false, response: heymarketError('unauthorized', 'missing Authorization: Bearer <token> header') };
  if (token === credentials.apiKey) return { ok: true, credential: `key:${credentials.apiKey}`, claims: null };
  if (token.split('.').length !== 3) return { ok: false, response: heymarketError('unauthorized', 'invalid API key') };

  const key = new TextEncoder().encode(`${credentials.secretId}||${credentials.secretKey}`);
  let payload: Record<string, unknown>;
  try {
    // jose also enforces `exp` / `nbf` when present, judged on the emulator's clock.
    const verified = await jwtVerify(token, key, { algorithms: ['HS256'], currentDate: now });
    payload = { ...verified.payload };
  } catch (error: unknown) {
    const reason =
      error instanceof joseErrors.JWSSignatureVerificationFailed
        ? 'signature verification failed'
        : error instanceof joseErrors.JOSEAlgNotAllowed
          ? 'only HS256 is accepted'
          : error instanceof joseErrors.JOSEError
            ? error.message
            : 'malformed token';
    return { ok: false, response: heymarketError('unauthorized', `invalid JWT: ${reason}`) };
  }
  if (payload.iss !== credentials.secretId) return { ok: false, response: heymarketError('unauthorized', 'invalid JWT: iss is not a known API secret id') };
  const iat = payload.iat;
  if (typeof iat !== 'number' || !Number.isFinite(iat)) return { ok: false, response: heymarketError('unauthorized', 'invalid JWT: iat is required') };
  const nowSeconds = now.getTime() / 1000;
  if (nowSeconds - iat > JWT_MAX_AGE_SECONDS)
    return { ok: false, response: heymarketError('unauthorized', 'invalid JWT: token expired (iat more than 5 minutes ago)') };
  if (iat - nowSeconds > JWT_FUTURE_SKEW_SECONDS) return { ok: false, response: heymarketError('unauthorized', 'invalid JWT: iat is in the future') };
  return { ok: true, credential: `jwt:${credentials.secretId}`, claims: payload };
}

/**
 * Sliding 60-second window per credential (the legacy key and the JWT secret are separate credentials).
 * ASSUMPTION: requests refused with 401 or 429 do not consume quota; Retry-After is whole seconds until the
 * oldest counted request leaves the window (at least 1).
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly limitPerMinute: number) {}

  /** Counts the request and returns null, or returns the 429 response. */
  take(credential: string, now: Date): SandboxResponse | null {
    const nowMs = now.getTime();
    const windowStart = nowMs - 60_000;
    const hits = (this.hits.get(credential) ?? []).filter((at) => at > windowStart);
    this.hits.set(credential, hits);
    if (hits.length >= this.limitPerMinute) {
      const oldest = hits[0] ?? nowMs;
      const retryAfter = Math.max(1, Math.ceil((oldest + 60_000 - nowMs) / 1000));
      return heymarketError('rate_limited', `rate limit of ${this.limitPerMinute} requests per minute exceeded`, { 'Retry-After': String(retryAfter) });
    }
    hits.push(nowMs);
    return null;
  }
}
