/**
 * Who is calling, without their key: the scope that owns their idempotency keys and the actor name written
 * into a schedule's history. Derived from the gateway API key the access plugin already accepted.
 */
import { createHash } from 'node:crypto';

export interface Caller {
  /** Owns idempotency keys: the SHA-256 of the gateway API key, or `anonymous` when access is open. */
  scope: string;
  /** Shown in history: `key:` and the first 12 hex digits of that digest (never the key itself). */
  actor: string;
}

export const ANONYMOUS: Caller = { scope: 'anonymous', actor: 'anonymous' };

export function callerOf(authorization: string | null, keysRequired: boolean): Caller {
  if (!keysRequired) return ANONYMOUS;
  const key = /^\s*Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (!key) return ANONYMOUS;
  const digest = createHash('sha256').update(key, 'utf8').digest('hex');
  return { scope: `key:${digest}`, actor: `key:${digest.slice(0, 12)}` };
}
