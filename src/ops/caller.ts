/**
 * Who is calling, without their key: the scope that owns their idempotency keys and the actor name written
 * into a schedule's history. Derived from the gateway API key the access plugin already accepted.
 */
import { createHash } from 'node:crypto';

export interface Caller {
  /** Owns idempotency keys: the SHA-256 of the gateway API key, or `anonymous` when access is open. */
  scope: string;
  /**
   * Shown in history: the label configured with the key (`GATEWAY_API_KEYS=label=key`), else `key:` and the
   * first 12 hex digits of the key's digest (never the key itself).
   */
  actor: string;
}

/** Labels by the hex SHA-256 of their key, so a request's key is looked up without keeping keys around. */
export type ActorLabels = ReadonlyMap<string, string>;

export function actorLabels(labelled: ReadonlyArray<{ key: string; label: string }>): ActorLabels {
  return new Map(labelled.map(({ key, label }) => [keyDigest(key), label]));
}

function keyDigest(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export const ANONYMOUS: Caller = { scope: 'anonymous', actor: 'anonymous' };

export function callerOf(authorization: string | null, keysRequired: boolean, labels: ActorLabels = new Map()): Caller {
  if (!keysRequired) return ANONYMOUS;
  const key = /^\s*Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (!key) return ANONYMOUS;
  const digest = keyDigest(key);
  // The scope stays the key's digest: relabelling a key must not hand its idempotency keys to someone else.
  return { scope: `key:${digest}`, actor: labels.get(digest) ?? `key:${digest.slice(0, 12)}` };
}
