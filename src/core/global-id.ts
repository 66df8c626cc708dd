/**
 * Global ids: opaque to clients, but they carry the provider and the provider's own id so any schedule can
 * be fetched (or changed) from its id alone. Format: base64url("Schedule:<PROVIDER>:<nativeId>").
 */
import { PROVIDERS, type ProviderName } from './model.js';

export interface DecodedId {
  typename: string;
  provider: ProviderName;
  nativeId: string;
}

export function encodeScheduleId(provider: ProviderName, nativeId: string): string {
  return Buffer.from(`Schedule:${provider}:${nativeId}`, 'utf8').toString('base64url');
}

export function encodeGlobalId(typename: string, id: string): string {
  return Buffer.from(`${typename}:${id}`, 'utf8').toString('base64url');
}

/** The typename and raw id of any global id; null when it is not one of ours. */
export function decodeGlobalId(globalId: string): { typename: string; id: string } | null {
  if (globalId.length === 0 || globalId.length > 512 || !/^[A-Za-z0-9_-]+={0,2}$/.test(globalId)) return null;
  const text = Buffer.from(globalId, 'base64url').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0) return null;
  return { typename: text.slice(0, colon), id: text.slice(colon + 1) };
}

/** A schedule's key inside its global id, "<PROVIDER>:<nativeId>", split; null when it is not one. */
export function parseScheduleKey(key: string): { provider: ProviderName; nativeId: string } | null {
  const colon = key.indexOf(':');
  const provider = key.slice(0, colon) as ProviderName;
  const nativeId = key.slice(colon + 1);
  if (colon <= 0 || !PROVIDERS.includes(provider) || nativeId.length === 0) return null;
  return { provider, nativeId };
}

export function decodeScheduleId(globalId: string): DecodedId | null {
  const decoded = decodeGlobalId(globalId);
  if (decoded?.typename !== 'Schedule') return null;
  const key = parseScheduleKey(decoded.id);
  return key ? { typename: decoded.typename, ...key } : null;
}
