/**
 * Trackly's documented create/update rules, checked before any write, in the order of the docs' error
 * tables so the first issue carries the code Trackly itself would answer with. Paths are neutral (core/runner.ts):
 * `fields.…` for the caller's Trackly input, `recurrence.…` for the recurrence.
 */
import type { Instant, RecurrenceSpec, ScheduleStatus } from '../../core/model.js';
import { issue, type ValidationIssue } from '../../core/errors.js';
import { ok, refused, under, type Result } from '../../core/result.js';
import { validateRecurrenceSpec } from '../../core/recurrence-rules.js';
import type { TracklyPatchInput, TracklyTargetInput, TracklyVariantInput } from './input.js';
import { toTracklyTiming, type TracklyTiming } from './mapping.js';

/** The caller's Trackly fields: the create's target or the update's patch, as the runner's neutral input names them. */
export const FIELDS = ['fields'];
const CREATE_STATUSES: ScheduleStatus[] = ['DRAFT', 'SCHEDULED', 'PAUSED'];
const UPDATE_STATUSES: ScheduleStatus[] = ['DRAFT', 'SCHEDULED', 'PAUSED', 'COMPLETED', 'ARCHIVED'];
/** Percentages are decimals; sums like 33.3 + 33.3 + 33.4 must still count as exactly 100. */
const PERCENT_EPSILON = 1e-9;

function variantIssues(
  base: string[],
  variants: readonly TracklyVariantInput[],
): { percent: ValidationIssue[]; message: ValidationIssue[]; other: ValidationIssue[] } {
  const percent: ValidationIssue[] = [];
  const message: ValidationIssue[] = [];
  const other: ValidationIssue[] = [];
  const total = variants.reduce((sum, v) => sum + v.percentAudience, 0);
  if (Math.abs(total - 100) > PERCENT_EPSILON) {
    percent.push(
      issue(
        [...base, 'variants'],
        `The variants' percentAudience values must add up to exactly 100 (they add up to ${+total.toFixed(6)})`,
        'invalid_blast_percent',
      ),
    );
  }
  variants.forEach((variant, i) => {
    const at = [...base, 'variants', String(i)];
    if (variant.message.trim().length === 0) message.push(issue([...at, 'message'], `Variant ${i + 1} needs a message`, 'missing_blast_message'));
    if (!(variant.percentAudience >= 0 && variant.percentAudience <= 100)) {
      other.push(issue([...at, 'percentAudience'], 'percentAudience must be between 0 and 100'));
    }
    const keys = new Set<string>();
    (variant.offerLinks ?? []).forEach((link, j) => {
      if (link.key.trim().length === 0)
        other.push(issue([...at, 'offerLinks', String(j), 'key'], 'An offer link needs a key (the {{key}} placeholder in the message)'));
      if (keys.has(link.key)) other.push(issue([...at, 'offerLinks', String(j), 'key'], `Offer link key "${link.key}" is used twice in this variant`));
      keys.add(link.key);
      // `url_params` is a JSON object: a repeated key would silently keep only its last value (issue 12, item 5).
      const params = new Set<string>();
      (link.urlParams ?? []).forEach((param, k) => {
        if (params.has(param.key)) {
          other.push(
            issue(
              [...at, 'offerLinks', String(j), 'urlParams', String(k), 'key'],
              `URL parameter "${param.key}" is given twice in this offer link; Trackly keeps one value per key, so give it once`,
            ),
          );
        }
        params.add(param.key);
      });
    });
  });
  return { percent, message, other };
}

function numberIssues(base: string[], input: TracklyPatchInput): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (input.automatedPercent != null && !(input.automatedPercent >= 0 && input.automatedPercent <= 100)) {
    issues.push(issue([...base, 'automatedPercent'], 'automatedPercent must be between 0 and 100'));
  }
  if (input.skipWithinHours != null && !(input.skipWithinHours >= 0)) {
    issues.push(issue([...base, 'skipWithinHours'], 'skipWithinHours must be 0 (off) or more'));
  }
  if (input.irRevenue != null && !Number.isFinite(input.irRevenue)) issues.push(issue([...base, 'irRevenue'], 'irRevenue must be a number'));
  return issues;
}

/** Provider-neutral rules that Trackly also documents, with Trackly's code for them. */
const TRACKLY_CODES_FOR_CORE_RULES: Record<string, string> = {
  'weekly.days': 'no_days_selected',
  'interval.daysOfWeek': 'no_days_selected',
};

/**
 * The recurrence's timing fields, or its issues: the provider-neutral rules first (a bad zone or a past
 * time must never reach the zone maths), then Trackly's own. Paths are relative to `recurrence`.
 */
function tracklyTiming(recurrence: RecurrenceSpec, accountZone: string, now: Instant): Result<TracklyTiming> {
  const core = validateRecurrenceSpec(recurrence, { now });
  if (core.length > 0) {
    return { ok: false, issues: core.map((i) => ({ ...i, providerCode: TRACKLY_CODES_FOR_CORE_RULES[i.path.join('.')] ?? i.providerCode })) };
  }
  return toTracklyTiming(recurrence, accountZone);
}

/** The rules' verdict: the issues, or the timing fields (null for an update that keeps its recurrence). */
type TracklyCheck = Result<TracklyTiming | null>;

function verdict(issues: ValidationIssue[], timing: TracklyTiming | null): TracklyCheck {
  return issues.length > 0 ? refused(issues) : ok(timing);
}

/** Rules of POST /schedules. The timing (from the recurrence) is computed here because its rules are Trackly's. */
export function checkTracklyCreate(input: TracklyTargetInput, recurrence: RecurrenceSpec | null, accountZone: string, now: Instant): Result<TracklyTiming> {
  const head: ValidationIssue[] = [];
  if (input.name.trim().length === 0) head.push(issue([...FIELDS, 'name'], 'A Trackly schedule needs a name', 'missing_name'));
  if (recurrence === null) head.push(issue(['recurrence'], 'A Trackly schedule needs a recurrence: one-time or weekly', 'missing_is_repeating'));
  if (input.audienceIds.length === 0) head.push(issue([...FIELDS, 'audienceIds'], 'Give at least one audience id', 'missing_audiences'));
  if (input.status != null && !CREATE_STATUSES.includes(input.status)) {
    head.push(issue([...FIELDS, 'status'], 'A new Trackly schedule can start as DRAFT, SCHEDULED or PAUSED', 'invalid_status'));
  }
  const timingResult = recurrence ? tracklyTiming(recurrence, accountZone, now) : null;
  const timingIssues = timingResult && !timingResult.ok ? under(['recurrence'], timingResult.issues) : [];

  const sendType = input.sendType ?? 'BLAST';
  const variants = input.variants ?? [];
  const tail: ValidationIssue[] = [];
  if (sendType === 'BLAST' && variants.length === 0) {
    tail.push(issue([...FIELDS, 'variants'], 'A BLAST schedule needs at least one variant', 'missing_blasts'));
  }
  const v = variantIssues(FIELDS, variants);
  if (variants.length > 0) tail.push(...v.percent);
  tail.push(...v.message, ...v.other, ...numberIssues(FIELDS, input));

  const coded = [...head, ...timingIssues.filter((i) => i.providerCode), ...tail];
  const uncoded = timingIssues.filter((i) => !i.providerCode);
  const issues = [...coded, ...uncoded];
  // No recurrence is itself an issue (missing_is_repeating), so a create that passes always has its timing.
  return issues.length === 0 && timingResult?.ok ? ok(timingResult.value) : refused(issues);
}

export interface TracklyCurrent {
  sendType: 'BLAST' | 'AUTOMATED';
  variantCount: number;
}

/** Rules of PUT /schedules/{id}: `missing_*` means a field set to an empty value; checks the merged result. */
export function checkTracklyUpdate(
  patch: TracklyPatchInput | null,
  recurrence: RecurrenceSpec | null | undefined,
  current: TracklyCurrent,
  accountZone: string,
  now: Instant,
): TracklyCheck {
  const issues: ValidationIssue[] = [];
  if (recurrence === null)
    issues.push(issue(['recurrence'], 'A Trackly schedule always has a recurrence; give a new one or leave it out', 'missing_is_repeating'));
  if (patch?.name != null && patch.name.trim().length === 0) issues.push(issue([...FIELDS, 'name'], 'The name cannot be empty', 'missing_name'));
  if (patch?.audienceIds != null && patch.audienceIds.length === 0)
    issues.push(issue([...FIELDS, 'audienceIds'], 'Give at least one audience id', 'missing_audiences'));
  if (patch?.status != null && !UPDATE_STATUSES.includes(patch.status)) {
    issues.push(issue([...FIELDS, 'status'], 'Trackly statuses are DRAFT, SCHEDULED, PAUSED, COMPLETED and ARCHIVED', 'invalid_status'));
  }
  const timingResult = recurrence ? tracklyTiming(recurrence, accountZone, now) : null;
  const timingIssues = timingResult && !timingResult.ok ? under(['recurrence'], timingResult.issues) : [];
  issues.push(...timingIssues.filter((i) => i.providerCode));

  const sendType = patch?.sendType ?? current.sendType;
  const variantCount = patch?.variants != null ? patch.variants.length : current.variantCount;
  if (sendType === 'BLAST' && variantCount === 0) issues.push(issue([...FIELDS, 'variants'], 'A BLAST schedule needs at least one variant', 'missing_blasts'));
  if (patch?.variants != null && patch.variants.length > 0) {
    const v = variantIssues(FIELDS, patch.variants);
    issues.push(...v.percent, ...v.message, ...v.other);
  }
  if (patch) issues.push(...numberIssues(FIELDS, patch));
  issues.push(...timingIssues.filter((i) => !i.providerCode));
  return verdict(issues, timingResult?.ok ? timingResult.value : null);
}

/** The field of the caller's Trackly input each documented field code of a write names. */
const FIELD_OF_CODE: Record<string, string> = {
  missing_name: 'name',
  missing_send_type: 'sendType',
  invalid_send_type: 'sendType',
  missing_audiences: 'audienceIds',
  audience_not_found: 'audienceIds',
  invalid_status: 'status',
  missing_blasts: 'variants',
  invalid_blast_percent: 'variants',
  missing_blast_message: 'variants',
  source_list_not_found: 'sourceListIds',
  offer_not_found: 'variants',
};

/** Documented codes about when a schedule sends: they point at the recurrence the caller gave. */
const TIMING_CODES = new Set(['missing_is_repeating', 'missing_send_time', 'missing_send_date', 'missing_start_date', 'missing_end_date', 'no_days_selected']);

/**
 * Where a code Trackly answered a write with points in the operation's input (issue 12, item 7): `recurrence` for
 * timing codes when the caller gave one, else the named field under `fields` (the caller's Trackly input; null
 * when the caller sent none), else `whole` — what the caller did send (the fields, `recurrence`, or `status` for
 * setScheduleStatus). The mutation layer (schema/input-paths.ts) still trims any path to what was really sent.
 */
export function tracklyInputPathOf(fields: string[] | null, recurrenceGiven: boolean, whole: string[]): (code: string | null) => string[] {
  return (code) => {
    if (code === null) return whole;
    if (TIMING_CODES.has(code) && recurrenceGiven) return ['recurrence'];
    const field = FIELD_OF_CODE[code];
    if (fields && field) return [...fields, field];
    return whole;
  };
}
