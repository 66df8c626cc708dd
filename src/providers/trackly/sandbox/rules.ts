/**
 * The documented Trackly v2 schedule rules (seeds 000 create / 001 update), applied in EXACTLY the order of the
 * docs' error tables: the first failing rule wins and is answered as `{error, code}`. Pure functions over a
 * lookup interface, so `routes.ts` only wires HTTP to them.
 *
 * Order (create):
 *   400 missing_name → missing_send_type → invalid_send_type → missing_is_repeating → missing_send_time
 *       → [invalid_send_time, ASSUMPTION] → missing_audiences → invalid_status → missing_send_date
 *       → missing_start_date → missing_end_date → no_days_selected → missing_blasts → invalid_blast_percent
 *       → missing_blast_message → [type checks of optional fields, ASSUMPTION]
 *   404 audience_not_found → source_list_not_found → offer_not_found
 * Update runs `schedule_complete` first, then the same rules over the MERGED schedule (existing ⊕ body).
 */
import {
  TRACKLY_DAYS,
  TRACKLY_SCHEDULE_STATUSES,
  TRACKLY_SEND_TYPES,
  emptyDays,
  type TracklyBlast,
  type TracklyDaysOfWeek,
  type TracklyOfferLink,
  type TracklySchedule,
  type TracklyScheduleStatus,
  type TracklySendType,
} from './store.js';

export interface TracklyRuleError {
  status: 400 | 404;
  code: string;
  error: string;
}

/** What the existence checks need to know about the account. */
export interface TracklyRuleLookups {
  /** True when the audience exists AND has status `active`. */
  audienceIsActive(id: string): boolean;
  /** True when the sending list exists and is not `deleted`. */
  listExists(id: number): boolean;
  /** True when an offer with this `id` exists (any status). */
  offerExists(id: string): boolean;
}

/** Every schedule field a client can set. */
type TracklyScheduleFields = Omit<TracklySchedule, 'id' | 'created_at' | 'updated_at'>;

export type TracklyRuleResult = { ok: true; fields: TracklyScheduleFields } | { ok: false; error: TracklyRuleError };

const CREATE_STATUSES: readonly TracklyScheduleStatus[] = ['draft', 'off', 'on'];
const UPDATE_STATUSES: readonly TracklyScheduleStatus[] = TRACKLY_SCHEDULE_STATUSES;

/** Body keys the API knows; anything else in a body is ignored. */
const SCHEDULE_INPUT_KEYS = [
  'name',
  'status',
  'send_type',
  'source_lists',
  'audiences',
  'is_repeating',
  'send_time',
  'send_date',
  'start_date',
  'end_date',
  'days_of_week',
  'skip_within_hours',
  'use_local_time',
  'filter_bots',
  'is_mms',
  'is_cto',
  'automated_percent',
  'ir_revenue',
  'blasts',
] as const;
type ScheduleInputKey = (typeof SCHEDULE_INPUT_KEYS)[number];

/** Float sums such as 33.3 + 33.3 + 33.4 must count as exactly 100. */
const PERCENT_EPSILON = 1e-9;

/**
 * ASSUMPTION: the docs say `send_time` is "HH:MM format (24-hour clock)" but list no error code for a bad value;
 * the emulator rejects it with 400 `invalid_send_time`, checked right after `missing_send_time`.
 */
const SEND_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

type Mode = { kind: 'create' } | { kind: 'update'; touched: ReadonlySet<ScheduleInputKey> };

function fail(status: 400 | 404, code: string, error: string): { ok: false; error: TracklyRuleError } {
  return { ok: false, error: { status, code, error } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** The docs phrase the `missing_*` rules differently on create ("required") and update ("cannot be set to an empty value"). */
function missingText(mode: Mode, field: string): string {
  return mode.kind === 'create' ? `The ${field} field is required.` : `The ${field} field cannot be set to an empty value.`;
}

function normaliseDays(value: unknown): TracklyDaysOfWeek {
  const days = emptyDays();
  if (isRecord(value)) for (const day of TRACKLY_DAYS) days[day] = value[day] === true;
  return days;
}

/** A date field: string (echoed as sent) or null. `undefined` when the value has the wrong type. */
function dateOrNull(value: unknown): string | null | undefined {
  if (value === null || value === undefined || value === '') return null;
  return typeof value === 'string' ? value : undefined;
}

/**
 * `url_params` is an object of strings in the cURL/Python examples and a query string in the Node example;
 * ASSUMPTION: both are accepted and stored as an object (every response example shows an object).
 */
function parseUrlParams(value: unknown): Record<string, string> | undefined {
  if (value === undefined || value === null) return {};
  if (typeof value === 'string') return Object.fromEntries(new URLSearchParams(value));
  if (!isRecord(value)) return undefined;
  const params: Record<string, string> = {};
  for (const [key, param] of Object.entries(value)) {
    if (typeof param !== 'string') return undefined;
    params[key] = param;
  }
  return params;
}

function parseOfferLinks(value: unknown): TracklyOfferLink[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return undefined;
  const links: TracklyOfferLink[] = [];
  for (const item of value) {
    if (!isRecord(item) || !nonEmptyString(item.key) || !nonEmptyString(item.offer_id)) return undefined;
    const urlParams = parseUrlParams(item.url_params);
    if (!urlParams) return undefined;
    links.push({ key: item.key, offer_id: item.offer_id, url_params: urlParams });
  }
  return links;
}

/**
 * Runs every rule over one candidate schedule (the create body, or existing ⊕ update body) and builds the
 * stored fields. In create mode `null`/absent optional fields take the documented defaults; in update mode the
 * candidate already holds the existing values, so a `null` there was sent by the client and is refused.
 */
function checkCandidate(c: Record<string, unknown>, mode: Mode, lookups: TracklyRuleLookups): TracklyRuleResult {
  const isCreate = mode.kind === 'create';
  const optional = (key: ScheduleInputKey): unknown => (isCreate && c[key] === null ? undefined : c[key]);

  // --- 400s, in the documented order -------------------------------------------------------------------------
  const name = c.name;
  if (!nonEmptyString(name)) return fail(400, 'missing_name', missingText(mode, 'name'));

  const sendType = c.send_type;
  if (sendType === undefined || sendType === null || sendType === '') return fail(400, 'missing_send_type', missingText(mode, 'send_type'));
  if (typeof sendType !== 'string' || !(TRACKLY_SEND_TYPES as readonly string[]).includes(sendType)) {
    return fail(400, 'invalid_send_type', 'send_type must be blast or automated.');
  }

  const isRepeating = c.is_repeating;
  if (typeof isRepeating !== 'boolean') return fail(400, 'missing_is_repeating', missingText(mode, 'is_repeating'));

  const sendTime = c.send_time;
  if (!nonEmptyString(sendTime)) return fail(400, 'missing_send_time', missingText(mode, 'send_time'));
  if (!SEND_TIME.test(sendTime)) return fail(400, 'invalid_send_time', 'send_time must be in HH:MM format (24-hour clock).');

  const audiences = c.audiences;
  if (!Array.isArray(audiences) || audiences.length === 0) return fail(400, 'missing_audiences', 'At least one audience ID is required.');

  const allowedStatuses = isCreate ? CREATE_STATUSES : UPDATE_STATUSES;
  const rawStatus = optional('status') ?? (isCreate ? 'draft' : undefined);
  if (typeof rawStatus !== 'string' || !(allowedStatuses as readonly string[]).includes(rawStatus)) {
    return fail(400, 'invalid_status', isCreate ? 'status must be draft, off, or on.' : 'status must be draft, off, on, complete, or archive.');
  }
  const status = rawStatus as TracklyScheduleStatus;

  const sendDate = dateOrNull(c.send_date);
  const startDate = dateOrNull(c.start_date);
  const endDate = dateOrNull(c.end_date);
  const days = normaliseDays(c.days_of_week);
  if (!isRepeating) {
    if (!sendDate) return fail(400, 'missing_send_date', 'send_date is required for one-time (non-repeating) schedules.');
  } else {
    if (!startDate) return fail(400, 'missing_start_date', 'start_date is required for repeating schedules.');
    if (!endDate) return fail(400, 'missing_end_date', 'end_date is required for repeating schedules.');
    if (!TRACKLY_DAYS.some((day) => days[day])) {
      return fail(400, 'no_days_selected', 'At least one day must be true in days_of_week for repeating schedules.');
    }
  }

  const rawBlasts = optional('blasts');
  if (sendType === 'blast' && (!Array.isArray(rawBlasts) || rawBlasts.length === 0)) {
    return fail(400, 'missing_blasts', 'Blast variants are required when send_type is blast.');
  }
  // ASSUMPTION: the percent/message rules apply to any non-empty `blasts`, also on automated schedules.
  const blastItems: unknown[] = Array.isArray(rawBlasts) ? rawBlasts : [];
  if (blastItems.length > 0) {
    let sum = 0;
    for (const blast of blastItems) {
      const percent = isRecord(blast) ? blast.percent_audience : undefined;
      // ASSUMPTION: a missing / non-numeric / out-of-range (outside 0–100) share fails the sum rule too.
      if (!isFiniteNumber(percent) || percent < 0 || percent > 100) {
        return fail(400, 'invalid_blast_percent', 'The percent_audience values across all blasts must sum to exactly 100.');
      }
      sum += percent;
    }
    if (Math.abs(sum - 100) > PERCENT_EPSILON) {
      return fail(400, 'invalid_blast_percent', 'The percent_audience values across all blasts must sum to exactly 100.');
    }
    for (const blast of blastItems) {
      if (!isRecord(blast) || !nonEmptyString(blast.message)) return fail(400, 'missing_blast_message', 'Each blast variant must include a message.');
    }
  }

  // --- ASSUMPTION: type checks of optional fields. The docs give types but no codes; the emulator answers
  // 400 `invalid_<field>` so that nothing of the wrong type is ever stored and echoed back. -------------------
  const invalid = (field: string, expected: string) => fail(400, `invalid_${field}`, `${field} must be ${expected}.`);
  if (rawBlasts !== undefined && !Array.isArray(rawBlasts)) return invalid('blasts', 'an array of blast variants');
  if (c.send_date !== undefined && sendDate === undefined) return invalid('send_date', 'a datetime string or null');
  if (c.start_date !== undefined && startDate === undefined) return invalid('start_date', 'a datetime string or null');
  if (c.end_date !== undefined && endDate === undefined) return invalid('end_date', 'a datetime string or null');
  const daysRaw = optional('days_of_week');
  if (daysRaw !== undefined && !isRecord(daysRaw)) return invalid('days_of_week', 'an object of booleans keyed monday…sunday');

  const sourceListsRaw = optional('source_lists') ?? [];
  if (!Array.isArray(sourceListsRaw) || !sourceListsRaw.every((id) => Number.isInteger(id))) return invalid('source_lists', 'an array of integers');
  const sourceLists = sourceListsRaw as number[];

  const numberField = (key: 'skip_within_hours' | 'automated_percent' | 'ir_revenue', min: number, max: number): number | null => {
    const value = optional(key) ?? 0;
    return isFiniteNumber(value) && value >= min && value <= max ? value : null;
  };
  const skipWithinHours = numberField('skip_within_hours', 0, Number.MAX_VALUE);
  if (skipWithinHours === null) return invalid('skip_within_hours', 'a number ≥ 0');
  const automatedPercent = numberField('automated_percent', 0, 100);
  if (automatedPercent === null) return invalid('automated_percent', 'a number between 0 and 100');
  const irRevenue = numberField('ir_revenue', -Number.MAX_VALUE, Number.MAX_VALUE);
  if (irRevenue === null) return invalid('ir_revenue', 'a number');

  const flags = {} as Record<'use_local_time' | 'filter_bots' | 'is_mms' | 'is_cto', boolean>;
  for (const key of ['use_local_time', 'filter_bots', 'is_mms', 'is_cto'] as const) {
    const value = optional(key) ?? false;
    if (typeof value !== 'boolean') return invalid(key, 'a boolean');
    flags[key] = value;
  }

  const blasts: TracklyBlast[] = [];
  for (const item of blastItems) {
    if (!isRecord(item)) return invalid('blasts', 'an array of blast variants');
    const offerLinks = parseOfferLinks(item.offer_links);
    if (!offerLinks) return invalid('offer_links', 'an array of {key, offer_id, url_params} objects');
    const variantName = item.variant_name ?? null;
    if (variantName !== null && typeof variantName !== 'string') return invalid('variant_name', 'a string');
    const mmsImageUrl = item.mms_image_url ?? null;
    if (mmsImageUrl !== null && typeof mmsImageUrl !== 'string') return invalid('mms_image_url', 'a string or null');
    blasts.push({
      message: item.message as string,
      offer_links: offerLinks,
      percent_audience: item.percent_audience as number,
      variant_name: variantName,
      mms_image_url: mmsImageUrl,
    });
  }

  // --- 404s: references must exist. On update only the references the body touched are re-checked
  // (ASSUMPTION: an audience archived after the schedule was saved does not block unrelated edits). ------------
  const checks = (key: ScheduleInputKey) => mode.kind === 'create' || mode.touched.has(key);
  if (checks('audiences') && !audiences.every((id) => typeof id === 'string' && lookups.audienceIsActive(id))) {
    return fail(404, 'audience_not_found', 'One or more audience IDs do not exist or are not active.');
  }
  if (checks('source_lists') && !sourceLists.every((id) => lookups.listExists(id))) {
    return fail(404, 'source_list_not_found', 'One or more source list IDs do not exist on this account.');
  }
  if (checks('blasts') && !blasts.every((blast) => blast.offer_links.every((link) => lookups.offerExists(link.offer_id)))) {
    return fail(404, 'offer_not_found', 'One or more offer IDs referenced in offer_links do not exist.');
  }

  return {
    ok: true,
    fields: {
      name,
      status,
      send_type: sendType as TracklySendType,
      source_lists: [...sourceLists],
      audiences: audiences as string[],
      is_repeating: isRepeating,
      send_time: sendTime,
      // Dates are echoed as sent; an empty string is stored as null.
      send_date: sendDate ?? null,
      start_date: startDate ?? null,
      end_date: endDate ?? null,
      days_of_week: days,
      skip_within_hours: skipWithinHours,
      use_local_time: flags.use_local_time,
      filter_bots: flags.filter_bots,
      is_mms: flags.is_mms,
      is_cto: flags.is_cto,
      automated_percent: automatedPercent,
      ir_revenue: irRevenue,
      blasts,
    },
  };
}

/** POST /v2/schedules. A body that is not a JSON object is read as `{}` (so: `missing_name`). */
export function validateCreate(body: unknown, lookups: TracklyRuleLookups): TracklyRuleResult {
  return checkCandidate(isRecord(body) ? body : {}, { kind: 'create' }, lookups);
}

/**
 * PUT /v2/schedules/{id}: `schedule_complete` first, then the create rules over the merged schedule. Only keys
 * present in the body change; `blasts` replaces the whole array; a partial `days_of_week` is merged onto the
 * existing days (ASSUMPTION: the docs only say "at least one day must be true if provided").
 */
export function validateUpdate(existing: TracklySchedule, body: unknown, lookups: TracklyRuleLookups): TracklyRuleResult {
  if (existing.status === 'complete') {
    return fail(400, 'schedule_complete', 'The schedule has status complete and cannot be modified.');
  }
  const patch = isRecord(body) ? body : {};
  const touched = new Set<ScheduleInputKey>();
  const candidate: Record<string, unknown> = { ...existing };
  for (const key of SCHEDULE_INPUT_KEYS) {
    if (!(key in patch) || patch[key] === undefined) continue;
    touched.add(key);
    const value = patch[key];
    candidate[key] = key === 'days_of_week' && isRecord(value) ? { ...existing.days_of_week, ...value } : value;
  }
  return checkCandidate(candidate, { kind: 'update', touched }, lookups);
}
