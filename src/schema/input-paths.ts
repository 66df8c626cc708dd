/**
 * Every `field` of a ValidationError must be a real path of the input the caller sent (issue 12, item 7).
 * Providers build their paths from what they know of the operation; this is the net under them, applied to
 * every mutation's result: an issue's path is cut to its longest prefix that exists in the mutation's input
 * TYPE and whose parents the caller really SENT. The last kept segment may name a field the caller left out
 * (a missing field is reported where it belongs, e.g. `patch.heymarket.userId`), never one under an object
 * that was not sent or a name the input type does not have (`target.trackly` in an UpdateScheduleInput).
 */
import { getNullableType, isInputObjectType, isListType, type GraphQLInputType, type GraphQLResolveInfo } from 'graphql';
import { ValidationError, type ValidationIssue } from '../core/errors.js';

/** Top-level input fields that say which schedule or how to run, not what to change: blamed only as a last resort. */
const CONTROL_FIELDS = new Set(['id', 'dryRun', 'idempotencyKey']);

function isSent(value: unknown): boolean {
  return value !== null && value !== undefined;
}

/** The longest prefix of `path` that is a path of `type` and whose every proper prefix holds a sent value. */
function anchoredPath(path: readonly string[], input: unknown, type: GraphQLInputType): string[] {
  const kept: string[] = [];
  let currentType = getNullableType(type);
  let current: unknown = input;
  for (const segment of path) {
    if (!isSent(current)) break;
    if (isListType(currentType)) {
      const index = /^\d+$/.test(segment) ? Number(segment) : -1;
      if (!Array.isArray(current) || index < 0 || index >= current.length) break;
      currentType = getNullableType(currentType.ofType);
      current = current[index];
    } else if (isInputObjectType(currentType)) {
      const field = currentType.getFields()[segment];
      if (!field) break;
      currentType = getNullableType(field.type);
      current = (current as Record<string, unknown>)[segment];
    } else {
      break;
    }
    kept.push(segment);
  }
  return kept;
}

/** Where an issue with no valid prefix points: the first thing the caller sent to change, else the schedule's id. */
function fallbackPath(input: unknown, type: GraphQLInputType): string[] {
  const object = getNullableType(type);
  if (!isInputObjectType(object) || typeof input !== 'object' || input === null) return [];
  const sent = Object.keys(object.getFields()).filter((name) => isSent((input as Record<string, unknown>)[name]));
  const change = sent.find((name) => !CONTROL_FIELDS.has(name)) ?? sent[0];
  return change ? [change] : [];
}

/** The mutation input fields that hold a provider's own fields, one member per provider (`target.trackly`, `patch.heymarket`). */
const PROVIDER_FIELD_HOLDERS = ['target', 'patch'];

/**
 * Providers never see GraphQL paths: they name their own input `fields` (core/runner.ts). Here it becomes where the
 * caller wrote it, the member of `target` or `patch` they sent (just `patch` when they sent none).
 */
function placedPath(path: readonly string[], input: unknown, type: GraphQLInputType): readonly string[] {
  if (path[0] !== 'fields') return path;
  const object = getNullableType(type);
  const holder = isInputObjectType(object) ? PROVIDER_FIELD_HOLDERS.find((name) => name in object.getFields()) : undefined;
  if (!holder) return path.slice(1);
  const sent = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[holder] : undefined;
  const members = typeof sent === 'object' && sent !== null ? (sent as Record<string, unknown>) : {};
  const member = Object.keys(members).find((name) => isSent(members[name]));
  return member ? [holder, member, ...path.slice(1)] : [holder, ...path.slice(1)];
}

function anchoredIssue(issue: ValidationIssue, input: unknown, type: GraphQLInputType): ValidationIssue {
  const path = anchoredPath(placedPath(issue.path, input, type), input, type);
  return { ...issue, path: path.length > 0 ? path : fallbackPath(input, type) };
}

/**
 * Runs a mutation resolver; a ValidationError it throws comes out with every issue's path anchored in the
 * `input` argument the caller sent (see the header). Other errors pass through untouched.
 */
export async function withInputPaths<T>(info: GraphQLResolveInfo, input: unknown, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const arg = info.parentType.getFields()[info.fieldName]?.args.find((candidate) => candidate.name === 'input');
    if (!arg) throw error;
    throw new ValidationError(
      error.issues.map((issue) => anchoredIssue(issue, input, arg.type)),
      error.provider,
    );
  }
}
