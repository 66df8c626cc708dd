/**
 * Compares an emulator's answer with a provider's documented example, recursively: the same keys in every
 * object, and at every key a value of the example's JSON type (null, boolean, number, string, array, object).
 * Array items are each compared with the example's first item. Returns one line per difference (empty = same
 * shape), so a failing test says exactly where the emulator drifted.
 */
type JsonType = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

function jsonType(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  if (type === 'boolean' || type === 'number' || type === 'string') return type;
  return 'object';
}

export interface ShapeOptions {
  /** Dot paths (array items as `[]`) of keys the emulator may add beyond the example, each an assumption named in the emulator. */
  allowedExtraKeys?: readonly string[];
  /** Dot paths of documented maps (free keys, e.g. Burki `variable_mappings`): only their values' types are compared. */
  maps?: readonly string[];
}

export function shapeDifferences(actual: unknown, documented: unknown, options: ShapeOptions = {}, path = '$'): string[] {
  const want = jsonType(documented);
  const got = jsonType(actual);
  if (want !== got) return [`${path}: documented ${want}, emulator answered ${got} (${JSON.stringify(actual)})`];
  if (want === 'array') {
    const example = (documented as unknown[])[0];
    if (example === undefined) return [];
    return (actual as unknown[]).flatMap((item, i) => shapeDifferences(item, example, options, `${path}[${i}]`));
  }
  if (want !== 'object') return [];
  const a = actual as Record<string, unknown>;
  const d = documented as Record<string, unknown>;
  const differences: string[] = [];
  const generic = path.replace(/\[\d+\]/g, '[]');
  if (options.maps?.includes(generic)) {
    const example = Object.values(d)[0];
    if (example === undefined) return [];
    return Object.entries(a).flatMap(([key, value]) => shapeDifferences(value, example, options, `${path}.${key}`));
  }
  for (const key of Object.keys(d)) {
    if (!(key in a)) differences.push(`${path}.${key}: documented, missing from the emulator's answer`);
    else differences.push(...shapeDifferences(a[key], d[key], options, `${path}.${key}`));
  }
  for (const key of Object.keys(a)) {
    if (!(key in d) && !options.allowedExtraKeys?.includes(`${generic}.${key}`)) differences.push(`${path}.${key}: not in the documented example`);
  }
  return differences;
}
