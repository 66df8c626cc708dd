/**
 * Sending windows (quiet hours): will any run of a schedule land outside the hours its recipients may be
 * texted? Provider-neutral: providers only say what they know about recipients (`Recipients`), the runs come
 * from `occurrences.ts` (the gateway's own, DST-correct expansion), and this module judges them.
 *
 * Rules:
 * - A run is judged in every zone its recipients may be in: the zones a provider knows (a phone number's
 *   zones), else the configured audience set (`SENDING_WINDOW_ZONES`).
 * - A run with an instant is converted to each zone's wall clock; a recipient-local run (Trackly
 *   `use_local_time`) happens at its own wall clock in every zone, so that wall clock is judged directly.
 * - A window is [start, end): a run at the start (08:00) is inside, one at the end (21:00) is outside.
 * - Each zone's window is the first rule that names the zone, else the rule for every zone: a list of rules,
 *   so a narrower regional rule (e.g. 08:00–20:00) is one more entry, not a redesign.
 * - What is checked: every run up to the end date (at most MAX_CHECKED_RUNS); for an open-ended schedule the
 *   runs of the 12 months from its first run, because zones' DST rules repeat every year.
 */
import { GatewayError } from './errors.js';
import type { Instant, LocalDateTime, ProviderName, Recurrence } from './model.js';
import { MAX_OCCURRENCES, nextOccurrences, type Occurrence } from './occurrences.js';
import { Temporal } from './time.js';

export const SENDING_WINDOW_POLICIES = ['off', 'warn', 'enforce'] as const;
export type SendingWindowMode = (typeof SENDING_WINDOW_POLICIES)[number];

/** Allowed local hours: minutes after midnight, `start` inclusive, `end` exclusive, start < end. */
export interface LocalWindow {
  start: number;
  end: number;
}

export interface SendingWindowRule {
  /** The zones this rule governs; null: every zone no other rule names. */
  zones: readonly string[] | null;
  window: LocalWindow;
}

export interface SendingWindowPolicy {
  mode: SendingWindowMode;
  /** First match wins; the last rule usually has `zones: null`. */
  rules: readonly SendingWindowRule[];
  /** Zones assumed when a provider does not know its recipients' zones. */
  audienceZones: readonly string[];
}

/** The US zones from Eastern to Hawaii: where US recipients of an unknown address live. */
export const DEFAULT_AUDIENCE_ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'Pacific/Honolulu',
] as const;

/** The US federal (TCPA) hours for marketing texts, in the recipient's local time. */
export const DEFAULT_WINDOW = '08:00-21:00';

/** What a provider knows about where a schedule's recipients are. */
export type Recipients =
  | { kind: 'AUDIENCE' }
  /** `basis` says where the zones came from, for messages ("the phone number +1 907…"). */
  | { kind: 'ZONES'; zones: readonly string[]; basis: string };

export const AUDIENCE: Recipients = { kind: 'AUDIENCE' };

/** One zone in which a run falls outside its window, with the run's wall clock there. */
export interface ZoneTime {
  zone: string;
  localDateTime: LocalDateTime;
}

export interface OutsideRun {
  run: Occurrence;
  outside: ZoneTime[];
}

/** What a check found: the runs outside the window, and what would fit. */
export interface SendingWindowReport {
  message: string;
  zones: string[];
  runsChecked: number;
  runsOutside: number;
  firstOutside: OutsideRun[];
  /** The nearest window that fits every zone, as text ("13:00–21:00 America/New_York"); null when none does. */
  suggestedWindow: string | null;
  /** The caller's reason for sending anyway (`sendingWindowOverride`), kept for the schedule's history. */
  override: string | null;
}

/** The mutation is refused (`enforce`): a run lands in quiet hours and no override was given. Nothing was sent. */
export class OutsideSendingWindowError extends GatewayError {
  readonly code = 'OUTSIDE_SENDING_WINDOW' as const;
  constructor(
    readonly report: SendingWindowReport,
    provider: ProviderName | null,
  ) {
    super(`${report.message} Nothing was sent: change the time, or give sendingWindowOverride with a reason to send anyway.`, provider, null);
  }
}

/** The most runs one check looks at (a daily schedule's 2.7 years); later runs repeat the same yearly pattern. */
export const MAX_CHECKED_RUNS = 1000;
/** How far an open-ended schedule is checked from its first run. */
export const OPEN_ENDED_MONTHS = 12;
/** How many offending runs a message names. */
const NAMED_RUNS = 3;
const DAY_MINUTES = 24 * 60;

const WINDOW_TEXT = /^([01]\d|2[0-3]):([0-5]\d)\s*[-–]\s*(([01]\d|2[0-3]):([0-5]\d)|24:00)$/;

/** "08:00-21:00" → a window; null when it is not two HH:MM times with the start before the end. */
export function parseWindow(text: string): LocalWindow | null {
  const match = WINDOW_TEXT.exec(text.trim());
  if (!match) return null;
  const start = Number(match[1]) * 60 + Number(match[2]);
  const end = match[3] === '24:00' ? DAY_MINUTES : Number(match[4]) * 60 + Number(match[5]);
  return start < end ? { start, end } : null;
}

function hhmm(minutes: number): string {
  const m = ((minutes % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

export function formatWindow(window: LocalWindow): string {
  return `${hhmm(window.start)}–${window.end === DAY_MINUTES ? '24:00' : hhmm(window.end)}`;
}

export function windowFor(policy: SendingWindowPolicy, zone: string): LocalWindow {
  const rule = policy.rules.find((r) => r.zones?.includes(zone)) ?? policy.rules.find((r) => r.zones === null);
  // Why a fallback: a policy always has a catch-all rule from config; a hand-built one without it still judges.
  return rule?.window ?? (parseWindow(DEFAULT_WINDOW) as LocalWindow);
}

function inside(window: LocalWindow, minuteOfDay: number): boolean {
  return minuteOfDay >= window.start && minuteOfDay < window.end;
}

/** The zones a run is judged in: the recipients' own when a provider knows them, else the audience set. */
export function zonesFor(policy: SendingWindowPolicy, recipients: Recipients): string[] {
  return [...new Set(recipients.kind === 'ZONES' && recipients.zones.length > 0 ? recipients.zones : policy.audienceZones)];
}

// --- wall clocks ------------------------------------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

const US_STYLE = /^(\d{2})\/(\d{2})\/(\d{4}), (\d{2}):(\d{2}):(\d{2})$/;

export interface WallClock {
  localDateTime: LocalDateTime;
  minuteOfDay: number;
  /** The zone's UTC offset at that instant, in minutes (east positive). */
  offsetMinutes: number;
}

/**
 * The wall clock of an instant in a zone. Why Intl and not Temporal: a year of daily runs in seven zones is
 * thousands of conversions per check; Intl reads the same tz database the Temporal polyfill reads, at a
 * fraction of the cost (the property test compares the verdicts with Temporal's own conversion). Why `format`
 * and not `formatToParts`: four times faster, and en-US with these options is always "MM/DD/YYYY, HH:MM:SS".
 */
export function wallClockIn(epochMs: number, zone: string): WallClock {
  const [year, month, day, hour, minute, second] = wallClockFields(formatterFor(zone), epochMs);
  const asUtc = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  const wholeSecond = epochMs - (((epochMs % 1000) + 1000) % 1000);
  return {
    localDateTime: `${year}-${month}-${day}T${hour}:${minute}:${second}`,
    minuteOfDay: Number(hour) * 60 + Number(minute),
    offsetMinutes: Math.round((asUtc - wholeSecond) / 60_000),
  };
}

/** Year, month, day, hour, minute, second as the formatter writes them (zero-padded). */
function wallClockFields(formatter: Intl.DateTimeFormat, epochMs: number): string[] {
  const match = US_STYLE.exec(formatter.format(epochMs));
  if (match) return [match[3], match[1], match[2], match[4], match[5], match[6]].map((field) => field ?? '');
  // Why a fallback: should a runtime ever format differently, the slower parts API still reads it right.
  const parts: Record<string, string> = {};
  for (const part of formatter.formatToParts(epochMs)) parts[part.type] = part.value;
  return [parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second].map((field) => field ?? '');
}

function minuteOfLocal(localDateTime: LocalDateTime): number {
  return Number(localDateTime.slice(11, 13)) * 60 + Number(localDateTime.slice(14, 16));
}

// --- judging runs -----------------------------------------------------------------------------------------

/** A run seen from every zone: its wall clock there (null for a recipient-local run, the same everywhere). */
interface SeenRun {
  run: Occurrence;
  clocks: WallClock[] | null;
}

function see(run: Occurrence, zones: readonly string[]): SeenRun {
  if (run.at === null) return { run, clocks: null };
  const epochMs = Date.parse(run.at);
  return { run, clocks: zones.map((zone) => wallClockIn(epochMs, zone)) };
}

function outsideZones(policy: SendingWindowPolicy, seen: SeenRun, zones: readonly string[]): ZoneTime[] {
  const outside: ZoneTime[] = [];
  zones.forEach((zone, i) => {
    const window = windowFor(policy, zone);
    // Recipient-local: every recipient gets the run at this wall clock in their own zone.
    const clock = seen.clocks?.[i];
    const minute = clock ? clock.minuteOfDay : minuteOfLocal(seen.run.localDateTime);
    if (!inside(window, minute)) outside.push({ zone, localDateTime: clock ? clock.localDateTime : seen.run.localDateTime });
  });
  return outside;
}

/** The zones in which one run falls outside its window (empty: inside everywhere). */
export function judgeRun(policy: SendingWindowPolicy, run: Occurrence, zones: readonly string[]): ZoneTime[] {
  return outsideZones(policy, see(run, zones), zones);
}

/** Whether one run falls outside the window in some zone of its recipients; always false when the policy is off (S4). */
export function isRunOutside(policy: SendingWindowPolicy, run: Occurrence, zones: readonly string[]): boolean {
  return policy.mode !== 'off' && judgeRun(policy, run, zones).length > 0;
}

/** A run with the zones its recipients may be in, so its verdict can be judged when a caller asks for it. */
export type RunWithZones = Occurrence & { sendingWindowZones: readonly string[] };

/**
 * Runs with the zones they are judged in, as new objects (occurrences.ts caches and shares its own). Why not
 * the verdicts themselves: a page of schedules lists runs far more often than a client asks for the flag.
 */
export function withZones(policy: SendingWindowPolicy, recipients: Recipients, runs: readonly Occurrence[]): RunWithZones[] {
  const zones = zonesFor(policy, recipients);
  return runs.map((run) => ({ ...run, sendingWindowZones: zones }));
}

/** The instant a run is paged by (a recipient-local run: its wall clock read as UTC, as occurrences.ts does). */
function runMillis(run: Occurrence): number {
  return Date.parse(run.at ?? `${run.localDateTime}Z`);
}

/**
 * The runs a check looks at, strictly after `now`: all up to the end date (at most MAX_CHECKED_RUNS), or for
 * an open-ended schedule those of the OPEN_ENDED_MONTHS from its first run.
 */
export function runsToCheck(recurrence: Recurrence, now: Instant): Occurrence[] {
  const runs: Occurrence[] = [];
  let after = now;
  let horizon: number | null = null;
  const openEnded = recurrence.kind !== 'ONE_TIME' && recurrence.endDate === null;
  while (runs.length < MAX_CHECKED_RUNS) {
    const page = nextOccurrences(recurrence, { after, first: MAX_OCCURRENCES });
    for (const run of page) {
      const ms = runMillis(run);
      if (horizon === null && openEnded) {
        horizon = Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO('UTC').add({ months: OPEN_ENDED_MONTHS }).epochMilliseconds;
      }
      // Why exclusive: twelve months of runs, not twelve months and one day.
      if (horizon !== null && ms >= horizon) return runs;
      runs.push(run);
      if (runs.length >= MAX_CHECKED_RUNS) return runs;
    }
    const last = page[page.length - 1];
    if (!last || page.length < MAX_OCCURRENCES) return runs;
    after = new Date(runMillis(last)).toISOString();
  }
  return runs;
}

/**
 * The nearest window, in the runs' own zone, inside which a run would be inside every zone's window on every
 * checked date: the minutes of the day allowed for each distinct set of zone offsets, intersected. Offsets are
 * those at each run's instant (ASSUMPTION S3: a different time on a DST-change day could see other offsets).
 */
function suggestWindow(policy: SendingWindowPolicy, runs: readonly SeenRun[], zones: readonly string[], around: Occurrence): string | null {
  if (around.at === null) {
    // Recipient-local: the wall clock itself must be inside every zone's window.
    const start = Math.max(...zones.map((z) => windowFor(policy, z).start));
    const end = Math.min(...zones.map((z) => windowFor(policy, z).end));
    return start < end ? `${formatWindow({ start, end })} in each recipient's local time` : null;
  }
  const home = around.timeZone ?? 'UTC';
  const allowed = new Array<boolean>(DAY_MINUTES).fill(true);
  const seen = new Set<string>();
  for (const { run, clocks } of runs) {
    if (run.at === null || clocks === null) continue;
    const homeOffset = wallClockIn(Date.parse(run.at), home).offsetMinutes;
    const shifts = clocks.map((clock) => homeOffset - clock.offsetMinutes);
    const key = shifts.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    for (let m = 0; m < DAY_MINUTES; m += 1) {
      if (!allowed[m]) continue;
      allowed[m] = zones.every((zone, i) => inside(windowFor(policy, zone), (((m - (shifts[i] ?? 0)) % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES));
    }
  }
  const arcs = allowedArcs(allowed);
  if (arcs.length === 0) return null;
  const target = minuteOfLocal(around.localDateTime);
  const distance = (arc: LocalWindow) => {
    const d = (a: number, b: number) => Math.min(Math.abs(a - b), DAY_MINUTES - Math.abs(a - b));
    return Math.min(d(target, arc.start % DAY_MINUTES), d(target, (arc.end - 1) % DAY_MINUTES));
  };
  const nearest = arcs.reduce((best, arc) => (distance(arc) < distance(best) ? arc : best));
  const nextDay = nearest.end > DAY_MINUTES ? ' (ending the next day)' : '';
  return `${hhmm(nearest.start)}–${hhmm(nearest.end)} ${home}${nextDay}`;
}

/** Maximal runs of allowed minutes on the 24-hour circle, as [start, end) with end possibly past midnight. */
function allowedArcs(allowed: readonly boolean[]): LocalWindow[] {
  if (allowed.every(Boolean)) return [{ start: 0, end: DAY_MINUTES }];
  // Start scanning just after a forbidden minute so an arc across midnight is one arc.
  const origin = allowed.findIndex((ok) => !ok) + 1;
  const arcs: LocalWindow[] = [];
  let start: number | null = null;
  for (let i = 0; i < DAY_MINUTES; i += 1) {
    const m = origin + i;
    if (allowed[m % DAY_MINUTES]) {
      if (start === null) start = m;
    } else if (start !== null) {
      arcs.push({ start: start % DAY_MINUTES, end: (start % DAY_MINUTES) + (m - start) });
      start = null;
    }
  }
  if (start !== null) arcs.push({ start: start % DAY_MINUTES, end: (start % DAY_MINUTES) + (origin + DAY_MINUTES - start) });
  return arcs;
}

function describeRuns(runs: readonly OutsideRun[], zones: readonly string[]): string {
  const [first, ...rest] = runs;
  if (!first) return '';
  const when = (entry: OutsideRun) => entry.run.localDateTime.slice(0, 16).replace('T', ' ');
  const where = first.run.at === null ? "in each recipient's local time" : (first.run.timeZone ?? 'UTC');
  const detail =
    first.run.at === null
      ? first.outside.length === zones.length
        ? 'outside in every zone'
        : `outside in ${first.outside.map((o) => o.zone).join(', ')}`
      : `= ${first.outside.map((o) => `${o.localDateTime.slice(11, 16)} ${o.zone}`).join(', ')}`;
  const then = rest.length > 0 ? `; then ${rest.map(when).join(', ')}` : '';
  return `${when(first)} ${where} (${detail})${then}`;
}

function windowsText(policy: SendingWindowPolicy, zones: readonly string[]): string {
  const distinct = [...new Set(zones.map((z) => formatWindow(windowFor(policy, z))))];
  return distinct.length === 1 ? (distinct[0] as string) : zones.map((z) => `${formatWindow(windowFor(policy, z))} ${z}`).join(', ');
}

/**
 * Checks a schedule's runs after `now` against the policy; null when every checked run is inside (or the
 * policy is off, or nothing is scheduled).
 */
export function checkSendingWindow(
  policy: SendingWindowPolicy,
  subject: { recurrence: Recurrence | null; recipients: Recipients },
  now: Instant,
  override: string | null = null,
): SendingWindowReport | null {
  if (policy.mode === 'off' || subject.recurrence === null) return null;
  const zones = zonesFor(policy, subject.recipients);
  const runs = runsToCheck(subject.recurrence, now).map((run) => see(run, zones));
  const outsideRuns: OutsideRun[] = [];
  for (const seen of runs) {
    const outside = outsideZones(policy, seen, zones);
    if (outside.length > 0) outsideRuns.push({ run: seen.run, outside });
  }
  const first = outsideRuns[0];
  if (!first) return null;
  const suggestedWindow = suggestWindow(policy, runs, zones, first.run);
  const source = subject.recipients.kind === 'ZONES' ? `the zones of ${subject.recipients.basis}` : "the audience zones (recipients' zones are unknown)";
  const named = describeRuns(outsideRuns.slice(0, NAMED_RUNS), zones);
  const message =
    `${outsideRuns.length} of ${runs.length} checked run${runs.length === 1 ? '' : 's'} fall${outsideRuns.length === 1 ? 's' : ''} outside the sending window ` +
    `(${windowsText(policy, zones)} local time) in ${source}: ${zones.join(', ')}. ` +
    `First: ${named}. ` +
    (suggestedWindow ? `Nearest window that fits every zone: ${suggestedWindow}.` : 'No single time of day fits every zone.') +
    (override === null ? '' : ` Sent anyway; override reason: "${override}".`);
  return {
    message,
    zones,
    runsChecked: runs.length,
    runsOutside: outsideRuns.length,
    firstOutside: outsideRuns.slice(0, NAMED_RUNS),
    suggestedWindow,
    override,
  };
}

/** The longest override reason kept (it goes to the schedule's history). */
export const MAX_OVERRIDE_LENGTH = 500;

/** What a write would leave scheduled, as a provider sees it just before sending. */
export interface PlannedSending {
  recurrence: Recurrence | null;
  recipients: Recipients;
}

/**
 * Called by a provider after its own pure checks and before any upstream call of a create or update (dry runs
 * included). Throws OutsideSendingWindowError to refuse; otherwise keeps the report for the result.
 */
export type SendingWindowGuard = (planned: PlannedSending) => void;

/**
 * One mutation's check, as plain data (it travels with the outcome through idempotency stores): what the
 * provider planned, the request's clock, and the override reason, which the schedule's history keeps.
 */
export interface SendingWindowCheck {
  guard: SendingWindowGuard;
  /** What the write leaves scheduled (at most one per mutation). */
  readonly planned: PlannedSending[];
  readonly now: Instant;
  /** The caller's reason for sending anyway, kept for the schedule's history. */
  readonly override: string | null;
}

/**
 * One mutation's check. `enforce` without an override judges at once and refuses (nothing is sent); otherwise
 * the planned schedule is only kept, and `sendingWindowReports` judges it when a caller asks for warnings —
 * why: a year of daily runs costs a few hundred milliseconds through the Temporal polyfill, which a caller
 * that does not read `warnings` should not pay.
 */
export function sendingWindowCheck(
  policy: SendingWindowPolicy,
  options: { now: Instant; override: string | null; provider: ProviderName | null },
): SendingWindowCheck {
  const planned: PlannedSending[] = [];
  return {
    planned,
    now: options.now,
    override: options.override,
    guard: (subject) => {
      if (policy.mode === 'off') return;
      if (policy.mode === 'enforce' && options.override === null) {
        const report = checkSendingWindow(policy, subject, options.now, null);
        if (report) throw new OutsideSendingWindowError(report, options.provider);
      }
      planned.push(subject);
    },
  };
}

/** The warnings of a check: its planned schedules judged against the policy, as of the mutation's clock. */
export function sendingWindowReports(policy: SendingWindowPolicy, check: Pick<SendingWindowCheck, 'planned' | 'now' | 'override'>): SendingWindowReport[] {
  return check.planned
    .map((subject) => checkSendingWindow(policy, subject, check.now, check.override))
    .filter((report): report is SendingWindowReport => report !== null);
}
