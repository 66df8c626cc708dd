/**
 * Values for SQLite's positional parameters (`?1…`), from what the store modules pass PostgreSQL. SQLite
 * has no array or boolean type: an array becomes its JSON text (statements read it with `json_each`), a
 * boolean 1 or 0 — libsql 0.5 aborts the whole process on a boolean instead of throwing. Anything else it
 * cannot bind is refused here with a TypeError, a bug in our statement's caller.
 */
export function sqliteParameters(params: readonly unknown[]): unknown[] {
  return params.map((value, index) => {
    if (value === null || value === undefined) return null;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint' || value instanceof Uint8Array) return value;
    if (typeof value === 'boolean') return value ? 1 : 0;
    if (Array.isArray(value)) return JSON.stringify(value);
    throw new TypeError(`SQLite parameter ?${index + 1} cannot be a ${value instanceof Date ? 'Date' : typeof value}`);
  });
}
