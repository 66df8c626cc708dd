/**
 * Burki as a `ScheduleProvider`. A Burki schedule is a campaign's schedule: its native id is the campaign id,
 * its name and status are the campaign's, its recurrence is `GET …/schedule`. Every write is a plan (plans.ts) run
 * by the one runner (core/runner.ts), then re-read so callers see Burki's own state.
 */
import type { BurkiConfig } from './config.js';
import { NotFoundError, UnsupportedOperationError } from '../../core/errors.js';
import type { BurkiDetails, Schedule, ScheduleStatus } from '../../core/model.js';
import { mapOk, ok, type Result } from '../../core/result.js';
import type { WriteAsks } from '../../core/capabilities.js';
import { runWrite, type WritePlan } from '../../core/runner.js';
import type { SendingWindowGuard } from '../../core/sending-window.js';
import type {
  CreateRequest,
  ListFilter,
  ProviderCapabilities,
  ProviderSession,
  RequestScope,
  ScheduleProvider,
  UpdateRequest,
  WriteOutcome,
} from '../provider.js';
import type { HttpSettings } from '../settings.js';
import { BurkiClient, type BurkiApi, type BurkiBlame } from './client.js';
import type { BurkiPatchInput, BurkiTargetInput } from './input.js';
import { createBurkiLoaders, type BurkiLoaders } from './loaders.js';
import type { BurkiCampaignInfo } from './details.js';
import { BURKI_SUPPORTED_RECURRENCES, fromBurkiCampaign, fromBurkiStatus, toBurkiCampaignInfo } from './mapping.js';
import { burkiCampaign } from './native.js';
import { planBurkiCreate, planBurkiDelete, planBurkiStatus, planBurkiUpdate, type BurkiWrite } from './plans.js';
import { burkiTransitionRefusal } from './validation.js';

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

  /** The campaign a schedule belongs to (batched and cached per request); null when Burki no longer has it. */
  async campaign(id: number): Promise<BurkiCampaignInfo | null> {
    const native = await this.loaders.campaign.load(id);
    return native ? toBurkiCampaignInfo(native) : null;
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

  createSchedule(request: CreateRequest<BurkiTargetInput>): Promise<WriteOutcome> {
    const id = request.target.campaignId;
    // A dry run shows nothing for a create, but checks the campaign exists, as the real POST would.
    return this.run(planBurkiCreate(request.target, request.recurrence, this.scope.now), id, request, async () => {
      await this.mustRead(id);
      return null;
    });
  }

  async updateSchedule(nativeId: string, request: UpdateRequest<BurkiPatchInput>): Promise<WriteOutcome> {
    const id = this.existingId(nativeId);
    // Without a new recurrence there is nothing to send, but the answer is the schedule as it is.
    const current = request.recurrence === undefined ? await this.mustRead(id) : null;
    return this.run(planBurkiUpdate(id, request.recurrence, current?.recurrence ?? null, this.scope.now), id, request, () => current ?? this.mustRead(id));
  }

  /** Clears the campaign's schedule (`immediate`): it goes back to draft and waits for the start endpoint. */
  deleteSchedule(nativeId: string, options: { dryRun: boolean }): Promise<WriteOutcome> {
    const id = this.existingId(nativeId);
    return this.run(ok(planBurkiDelete(id, this.scope.now)), id, options, () => this.mustRead(id));
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
    return this.run(ok(planBurkiStatus(id, status)), id, { ...options, status }, () => current);
  }

  /** A Burki write through the one runner; after it, the campaign is read again (not from this request's cache). */
  private run(
    planned: Result<BurkiWrite>,
    id: number,
    options: { dryRun: boolean; sendingWindow?: SendingWindowGuard | undefined } & WriteAsks,
    preview: () => Schedule | null | Promise<Schedule | null>,
  ): Promise<WriteOutcome> {
    const plan = mapOk(
      planned,
      ({ requests, leaves, blame }): WritePlan<void, BurkiBlame> => ({
        requests,
        preview,
        ...(leaves ? { leaves: () => leaves } : {}),
        ...(blame ? { blame } : {}),
        readBack: async () => {
          this.forget(id);
          return this.read(id);
        },
      }),
    );
    return runWrite(plan, {
      ...options,
      provider: 'BURKI',
      capabilities: BURKI_CAPABILITIES,
      send: (request, blame) => this.api.write(request, blame, this.scope.signal),
    });
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
