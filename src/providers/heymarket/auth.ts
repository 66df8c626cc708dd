/**
 * Heymarket's `Authorization: Bearer <token>` header. The token is either the legacy team API key, or (the
 * documented recommendation) an HS256 JWT with payload `{iss: <Secret ID>, iat}` signed with the UTF-8 bytes
 * of `<Secret ID>||<Secret Key>`, which Heymarket accepts for 5 minutes after `iat`.
 *
 * The JWT is signed once and reused until less than `RENEW_BEFORE_SECONDS` of its life remain, so a burst of
 * calls costs one signature. Concurrent callers share one signing. The token is never logged and never put in
 * an error: it only ever leaves this module as a header value.
 */
import type { HeymarketAuth } from './config.js';

/** Heymarket accepts a JWT for 5 minutes after its `iat`. */
const JWT_LIFETIME_SECONDS = 5 * 60;
/** Renew when less than this remains, so a token never expires in flight (or on a slightly fast upstream clock). */
const RENEW_BEFORE_SECONDS = 60;

export interface HeymarketAuthOptions {
  /** Seconds since the epoch; injectable for tests. */
  nowSeconds?: () => number;
}

export class HeymarketAuthenticator {
  private cached: { token: Promise<string>; iat: number } | null = null;
  private readonly nowSeconds: () => number;

  constructor(
    private readonly auth: HeymarketAuth,
    options: HeymarketAuthOptions = {},
  ) {
    this.nowSeconds = options.nowSeconds ?? (() => Math.floor(Date.now() / 1000));
  }

  /** The headers of one attempt (called per attempt by `UpstreamClient`, so a renewed token is picked up). */
  async headers(): Promise<Record<string, string>> {
    return { authorization: `Bearer ${await this.token()}` };
  }

  /** Forget the cached JWT (after a 401, so the next call signs a fresh one). */
  invalidate(): void {
    this.cached = null;
  }

  private token(): Promise<string> {
    if (this.auth.kind === 'apiKey') return Promise.resolve(this.auth.apiKey);
    const now = this.nowSeconds();
    if (this.cached && now - this.cached.iat < JWT_LIFETIME_SECONDS - RENEW_BEFORE_SECONDS) return this.cached.token;
    const { secretId, secretKey } = this.auth;
    const token = signJwt(secretId, secretKey, now);
    const entry = { token, iat: now };
    this.cached = entry;
    // A failed signing must not stay cached.
    token.catch(() => {
      if (this.cached === entry) this.cached = null;
    });
    return token;
  }
}

/**
 * jose (some 45 modules) is imported on the first signing rather than at start-up: only a gateway that calls
 * Heymarket with a Secret ID and Key ever signs, and signing is asynchronous anyway.
 */
async function signJwt(secretId: string, secretKey: string, iat: number): Promise<string> {
  const { SignJWT } = await import('jose');
  return new SignJWT({ iss: secretId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(iat)
    .sign(new TextEncoder().encode(`${secretId}||${secretKey}`));
}
