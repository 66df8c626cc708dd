/**
 * Burki as a `ScheduleProvider`. A Burki schedule is a campaign's schedule: its native id is the campaign id,
 * its name and status are the campaign's, its recurrence is `GET …/schedule`. Orchestrates validation →
 * mapping → client for each operation; every write is re-read so callers see Burki's own state.
 */
import type { BurkiConfig } from './config.js';
import { NotFoundError, UnsupportedOperationError, ValidationError } from '../../core/errors.js';
import type { BurkiDetails, Recurrence, RecurrenceSpec, Schedule, ScheduleStatus } from '../../core/model.js';
import { recurrenceFromSpec } from '../../core/recurrence-rules.js';
import type {
  CreateRequest,
  ListFilter,
  PlannedRequest,
  ProviderCapabilities,
  ProviderSession,
  RequestScope,
  ScheduleProvider,
  UpdateRequest,
  WriteOutcome,
} from '../provider.js';
import type { HttpSettings } from '../settings.js';
import { BurkiClient, campaignPath, type BurkiApi } from './client.js';
import type { BurkiPatchInput, BurkiTargetInput } from './input.js';
import { createBurkiLoaders, type BurkiLoaders } from './loaders.js';
import { BURKI_SUPPORTED_RECURRENCES, burkiZoneOf, fromBurkiCampaign, fromBurkiStatus, toBurkiScheduleBody } from './mapping.js';
import { burkiCampaign, type BurkiScheduleBody } from './native.js';
import { burkiRecipients } from './recipients.js';
import { burkiInputPath, burkiRecurrenceIssues, burkiRejectionPaths, burkiTargetIssues, burkiTransitionRefusal } from './validation.js';

export const BURKI_CAPABILITIES: ProviderCapabilities = {
  recurrenceKinds: ['ONE_TIME', 'WEEKLY', 'INTERVAL'],
  intervalFrequencies: ['DAILY', 'WEEKLY', 'MONTHLY'],
  maxInterval: null,
  recipientLocalTime: false,
  manualStart: true,
  canList: true,
  canUpdate: true,
  canDelete: true,
  settableStatuses: ['RUNNING', 'PAUSED'],
  notes: [
    `Burki supports ${BURKI_SUPPORTED_RECURRENCES}.`,
    "A Burki schedule is a campaign's schedule: target a campaign with target.burki.campaignId; the schedule's id stays the campaign's.",
    'Times are read in the given IANA zone (default UTC); a wall-clock time that does not exist in that zone is refused.',
    'One-time schedules read back in UTC: Burki does not return the zone they were saved with.',
    "Deleting clears the campaign's schedule (it goes back to draft and waits to be started). RUNNING starts the campaign, PAUSED pauses it.",
  ],
};

/** Statuses that Burki can filter its list by, one-to-one (DRAFT is not: unknown statuses also read as DRAFT). */
const LIST_STATUS_FILTER: Partial<Record<ScheduleStatus, string>> = {
  SCHEDULED: 'scheduled',
  RUNNING: 'running',
  PAUSED: 'paused',
  COMPLETED: 'completed',
};

/** A native id is a campaign id: a positive integer in decimal. */
function campaignIdOf(nativeId: string): number | null {
  if (!/^[1-9]\d{0,15}$/.test(nativeId)) return null;
  const id = Number(nativeId);
  return Number.isSafeInteger(id) ? id : null;
}

export class BurkiSession implements ProviderSession<BurkiTargetInput, BurkiPatchInput> {
  readonly provider = 'BURKI' as const;
  readonly loaders: BurkiLoaders;

  constructor(
    private readonly api: BurkiApi,
    private readonly scope: RequestScope,
  ) {
    this.loaders = createBurkiLoaders(api, scope.signal);
  }

  async getSchedule(nativeId: string): Promise<Schedule<BurkiDetails> | null> {
    const id = campaignIdOf(nativeId);
    return id === null ? null : this.read(id);
  }

  async listSchedules(filter: ListFilter): Promise<Schedule[]> {
    const statuses = filter.statuses ? [...new Set(filter.statuses)] : null;
    if (statuses?.every((s) => s === 'ARCHIVED')) return [];
    const only = statuses?.length === 1 && statuses[0] ? (LIST_STATUS_FILTER[statuses[0]] ?? null) : null;
    const items = await this.api.listCampaigns(only, this.scope.signal);
    const wanted = items.filter((item) => !statuses || statuses.includes(fromBurkiStatus(item.status)));
    for (const item of wanted) {
      // A list item with the full campaign shape saves the campaign call (ASSUMPTION B7 in list.ts).
      const full = burkiCampaign.safeParse(item);
      if (full.success) this.loaders.campaign.prime(full.data.id, full.data);
    }
    const schedules = await Promise.all(wanted.map((item) => this.read(item.id)));
    // A campaign deleted between the list and its schedule read is simply not listed.
    return schedules.filter((s): s is Schedule<BurkiDetails> => s !== null);
  }

  async createSchedule(request: CreateRequest<BurkiTargetInput>): Promise<WriteOutcome> {
    const issues = [...burkiTargetIssues(request.target), ...(request.recurrence ? burkiRecurrenceIssues(request.recurrence, this.scope.now) : [])];
    if (issues.length > 0) throw new ValidationError(issues, 'BURKI');
    request.sendingWindow?.({ recurrence: this.recurrenceOf(request.recurrence), recipients: burkiRecipients() });
    return this.save(request.target.campaignId, request.recurrence, { dryRun: request.dryRun, create: true, campaignInput: ['target', 'burki', 'campaignId'] });
  }

  async updateSchedule(nativeId: string, request: UpdateRequest<BurkiPatchInput>): Promise<WriteOutcome> {
    const id = this.existingId(nativeId);
    if (request.recurrence === undefined) {
      // Nothing Burki stores besides the timing can change here: no call, the schedule as it is.
      const current = await this.mustRead(id);
      request.sendingWindow?.({ recurrence: current.recurrence, recipients: burkiRecipients() });
      return { schedule: current, requests: [], dryRun: request.dryRun };
    }
    if (request.recurrence !== null) {
      const issues = burkiRecurrenceIssues(request.recurrence, this.scope.now);
      if (issues.length > 0) throw new ValidationError(issues, 'BURKI');
    }
    request.sendingWindow?.({ recurrence: this.recurrenceOf(request.recurrence), recipients: burkiRecipients() });
    return this.save(id, request.recurrence, { dryRun: request.dryRun, create: false, campaignInput: ['id'] });
  }

  /** Clears the campaign's schedule (`immediate`): it goes back to draft and waits for the start endpoint. */
  deleteSchedule(nativeId: string, options: { dryRun: boolean }): Promise<WriteOutcome> {
    return this.save(this.existingId(nativeId), null, { dryRun: options.dryRun, create: false, campaignInput: ['id'] });
  }

  async setScheduleStatus(nativeId: string, status: ScheduleStatus, options: { dryRun: boolean }): Promise<WriteOutcome> {
    if (status !== 'RUNNING' && status !== 'PAUSED') {
      throw new UnsupportedOperationError(
        `A Burki campaign can be started (RUNNING) or paused (PAUSED), not moved to ${status}; to clear its schedule use deleteSchedule`,
        'BURKI',
        `setScheduleStatus(${status})`,
      );
    }
    const id = this.existingId(nativeId);
    const current = await this.mustRead(id);
    const campaign = await this.loaders.campaign.load(id);
    const refusal = campaign ? burkiTransitionRefusal(campaign, status) : null;
    if (refusal) throw refusal;
    const planned: PlannedRequest = { method: 'POST', path: `${campaignPath(id)}/${status === 'RUNNING' ? 'start' : 'pause'}`, body: null };
    if (options.dryRun) return { schedule: current, requests: [planned], dryRun: true };
    if (status === 'RUNNING') await this.api.start(id, this.scope.signal);
    else await this.api.pause(id, this.scope.signal);
    this.forget(id);
    return { schedule: await this.read(id), requests: [planned], dryRun: false };
  }

  /** A validated spec as Burki will run it: in its zone (default UTC), per `burkiZoneOf`. */
  private recurrenceOf(spec: RecurrenceSpec | null): Recurrence | null {
    return spec === null ? null : recurrenceFromSpec(spec, { defaultTimeZone: burkiZoneOf(spec) });
  }

  /** The campaign and its schedule, loaded in parallel through the request's loaders; null on a 404. */
  private async read(id: number): Promise<Schedule<BurkiDetails> | null> {
    const [campaign, schedule] = await Promise.all([this.loaders.campaign.load(id), this.loaders.schedule.load(id)]);
    return campaign && schedule ? fromBurkiCampaign(campaign, schedule) : null;
  }

  private async mustRead(id: number): Promise<Schedule<BurkiDetails>> {
    const schedule = await this.read(id);
    if (!schedule) throw new NotFoundError(`No Burki campaign ${id}`, 'BURKI');
    return schedule;
  }

  private existingId(nativeId: string): number {
    const id = campaignIdOf(nativeId);
    if (id === null) throw new NotFoundError(`No Burki campaign ${nativeId}`, 'BURKI');
    return id;
  }

  /** After a write: the next read goes to Burki, not to this request's cache. */
  private forget(id: number): void {
    this.loaders.campaign.clear(id);
    this.loaders.schedule.clear(id);
  }

  private async save(
    id: number,
    recurrence: RecurrenceSpec | null,
    options: { dryRun: boolean; create: boolean; campaignInput: string[] },
  ): Promise<WriteOutcome> {
    const body: BurkiScheduleBody = toBurkiScheduleBody(recurrence, this.scope.now);
    const planned: PlannedRequest = { method: 'POST', path: `${campaignPath(id)}/schedule`, body };
    if (options.dryRun) {
      const current = await this.mustRead(id);
      return { schedule: options.create ? null : current, requests: [planned], dryRun: true };
    }
    await this.api.saveSchedule(
      id,
      body,
      { inputPathOf: (loc) => burkiInputPath(loc, recurrence, options.campaignInput), ...burkiRejectionPaths(recurrence) },
      this.scope.signal,
    );
    this.forget(id);
    return { schedule: await this.read(id), requests: [planned], dryRun: false };
  }
}

export class BurkiProvider implements ScheduleProvider<BurkiSession> {
  readonly name = 'BURKI' as const;
  readonly capabilities = BURKI_CAPABILITIES;
  readonly mode;
  readonly baseUrl;
  private readonly api: BurkiApi;

  constructor(config: BurkiConfig & { apiKey: string }, http: HttpSettings) {
    this.mode = config.mode;
    this.baseUrl = config.baseUrl;
    this.api = new BurkiClient({ ...http, baseUrl: config.baseUrl, apiKey: config.apiKey });
  }

  session(scope: RequestScope): BurkiSession {
    return new BurkiSession(this.api, scope);
  }

  close(): Promise<void> {
    return this.api.close();
  }
}
