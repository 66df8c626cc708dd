/**
 * The one result type of the gateway's checks: what passed (with its value) or every issue found. Planners and
 * rule checks return it instead of throwing, so the runner decides once how a refusal becomes an error.
 */
import type { ValidationIssue } from './errors.js';

export type Result<T> = { ok: true; value: T } | { ok: false; issues: ValidationIssue[] };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** A refusal; with no issue it is not a refusal, so callers check `issues.length` before building one. */
export function refused<T = never>(issues: ValidationIssue[]): Result<T> {
  return { ok: false, issues };
}

/** Issues of a check relative to a sub-input (`recurrence`, a variant), re-rooted where that sub-input sits. */
export function under(prefix: readonly string[], issues: readonly ValidationIssue[]): ValidationIssue[] {
  return issues.map((found) => ({ ...found, path: [...prefix, ...found.path] }));
}

/** The passed value turned into another; a refusal stays the same refusal. */
export function mapOk<T, U>(result: Result<T>, map: (value: T) => U): Result<U> {
  return result.ok ? { ok: true, value: map(result.value) } : result;
}
