/**
 * Cursor pagination over a merged, in-memory list of schedules (none of the upstream list endpoints
 * paginates in a way that can be merged across providers). Order: next run, soonest first; schedules with
 * no upcoming run last; ties by global id. A cursor is the (next run, id) of an edge, so "after" means
 * "strictly later in that order": pages stay stable when schedules are added or removed elsewhere.
 */
import { ValidationError } from './errors.js';
import type { Instant, Schedule } from './model.js';
import { nextOccurrences } from './occurrences.js';

export interface Page<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

const MAX_PAGE_SIZE = 100;

type SortKey = [number, string];

function nextRunMillis(schedule: Schedule, now: Instant): number {
  if (!schedule.recurrence) return Number.MAX_SAFE_INTEGER;
  const [next] = nextOccurrences(schedule.recurrence, { after: now, first: 1 });
  if (!next) return Number.MAX_SAFE_INTEGER;
  // Recipient-local runs have no instant; order them by their wall-clock time read as UTC.
  return Date.parse(next.at ?? `${next.localDateTime}Z`);
}

function compareKeys(a: SortKey, b: SortKey): number {
  return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
}

function encodeCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): SortKey {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'number' && typeof value[1] === 'string') return [value[0], value[1]];
  } catch {
    // fall through to the error below
  }
  throw ValidationError.single(['after'], 'This cursor is not one the gateway issued; pass the endCursor of a previous page', null);
}

export function paginate(schedules: Schedule[], options: { first: number; after: string | null; now: Instant }): Page<Schedule> {
  if (options.first < 0 || options.first > MAX_PAGE_SIZE) {
    throw ValidationError.single(['first'], `first must be between 0 and ${MAX_PAGE_SIZE}`, null);
  }
  const keyed = schedules
    .map((node) => ({ node, key: [nextRunMillis(node, options.now), `${node.provider}:${node.nativeId}`] as SortKey }))
    .sort((a, b) => compareKeys(a.key, b.key));
  const after = options.after ? decodeCursor(options.after) : null;
  const rest = after ? keyed.filter((item) => compareKeys(item.key, after) > 0) : keyed;
  const page = rest.slice(0, options.first);
  const edges = page.map((item) => ({ cursor: encodeCursor(item.key), node: item.node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rest.length > page.length,
      hasPreviousPage: rest.length < keyed.length,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: keyed.length,
  };
}
