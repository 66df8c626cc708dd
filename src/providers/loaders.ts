/**
 * The DataLoader shape every provider uses for upstreams with no batch endpoint: each distinct key costs one
 * call per request, the calls of one tick run in parallel, and one key's failure is that key's error only.
 */
import DataLoader from 'dataloader';

export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

export function perKeyLoader<K, V>(load: (key: K) => Promise<V>): DataLoader<K, V> {
  return new DataLoader<K, V>((keys) => Promise.all(keys.map((key) => load(key).catch(asError))));
}
