/**
 * Trackly as a `ScheduleProvider`: reads through the request's loaders; every write is a plan (plans.ts) run by
 * the one runner (core/runner.ts), with the references it names checked through the same loaders.
 */
import type { TracklyConfig } from './config.js';
import { NotFoundError, UnsupportedOperationError, type ValidationIssue } from '../../core/errors.js';
import type { Schedule, ScheduleStatus, TracklyDetails } from '../../core/model.js';
import { mapOk, ok, type Result } from '../../core/result.js';
import type { WriteAsks } from '../../core/capabilities.js';
import { runWrite, type WritePlan } from '../../core/runner.js';
import type { SendingWindowGuard } from '../../core/sending-window.js';
import type { UpstreamResponse } from '../http.js';
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
import { TracklyClient, tracklyArchived, tracklyWritten, type TracklyApi } from './client.js';
import type { TracklyPatchInput, TracklyTargetInput, TracklyVariantInput } from './input.js';
import { createTracklyLoaders, type TracklyLoaders } from './loaders.js';
import type { TracklyAudienceInfo, TracklyOfferInfo, TracklySourceListInfo } from './details.js';
import {
  TRACKLY_SUPPORTED_RECURRENCES,
  fromTracklyAudience,
  fromTracklyOffer,
  fromTracklySchedule,
  fromTracklySourceList,
  toTracklyStatus,
} from './mapping.js';
import { isTracklyId, type TracklySchedule } from './native.js';
import { assertTracklyEditable, planTracklyCreate, planTracklyDelete, planTracklyStatus, planTracklyUpdate, type TracklyWrite } from './plans.js';
import { FIELDS } from './validation.js';

export const TRACKLY_CAPABILITIES: ProviderCapabilities = {
  recurrenceKinds: ['ONE_TIME', 'WEEKLY', 'INTERVAL'],
  intervalFrequencies: ['DAILY', 'WEEKLY'],
  maxInterval: 1,
  recipientLocalTime: true,
  manualStart: false,
  canList: true,
  canUpdate: true,
  canDelete: true,
  settableStatuses: ['DRAFT', 'SCHEDULED', 'PAUSED', 'COMPLETED', 'ARCHIVED'],
  notes: [
    `Trackly supports ${TRACKLY_SUPPORTED_RECURRENCES}.`,
    "Send times are read in the account's time zone (TRACKLY_TIMEZONE) or, with recipientLocalTime, in each recipient's own zone.",
    'Repeating schedules need a start date and an end date.',
    'Deleting a Trackly schedule archives it.',
  ],
};

export class TracklySession implements ProviderSession<TracklyTargetInput, TracklyPatchInput> {
  readonly provider = 'TRACKLY' as const;
  readonly loaders: TracklyLoaders;

  constructor(
    private readonly api: TracklyApi,
    private readonly config: TracklyConfig,
    private readonly scope: RequestScope,
  ) {
    this.loaders = createTracklyLoaders(api, scope.signal);
  }

  async getSchedule(nativeId: string): Promise<Schedule<TracklyDetails> | null> {
    const native = await this.loaders.schedule.load(nativeId);
    return native ? this.toSchedule(native) : null;
  }

  /** The audiences with these ids that Trackly has, in order (batched per request; unknown ids left out). */
  async audiences(ids: readonly string[]): Promise<TracklyAudienceInfo[]> {
    return (await existing(ids, (keys) => this.loaders.audience.loadMany(keys))).map(fromTracklyAudience);
  }

  /** The sending lists with these ids that Trackly has (deleted lists are left out). */
  async sourceLists(ids: readonly number[]): Promise<TracklySourceListInfo[]> {
    return (await existing(ids, (keys) => this.loaders.sourceList.loadMany(keys))).map(fromTracklySourceList);
  }

  /** One offer, or null when Trackly has none with this id. */
  async offer(id: string): Promise<TracklyOfferInfo | null> {
    const native = await this.loaders.offer.load(id);
    return native ? fromTracklyOffer(native) : null;
  }

  async listSchedules(filter: ListFilter): Promise<Schedule[]> {
    // ASSUMPTION T4: whether `status` takes several values is undocumented, so one call per status.
    const statuses = filter.statuses ? [...new Set(filter.statuses.map(toTracklyStatus).filter((s) => s !== null))] : [null];
    if (statuses.length === 0) return [];
    const pages = await Promise.all(statuses.map((status) => this.api.listSchedules(status, this.scope.signal)));
    const seen = new Set<string>();
    const schedules: Schedule[] = [];
    for (const native of pages.flat()) {
      if (seen.has(native.id)) continue;
      seen.add(native.id);
      this.loaders.schedule.prime(native.id, native);
      schedules.push(this.toSchedule(native));
    }
    return schedules;
  }

  createSchedule(request: CreateRequest<TracklyTargetInput>): Promise<WriteOutcome> {
    const plan = planTracklyCreate(request.target, request.recurrence, this.account());
    return this.run(plan, null, request, ([created]) => {
      if (!created) return null;
      this.loaders.schedule.prime(created.id, created);
      return this.toSchedule(created);
    });
  }

  async updateSchedule(nativeId: string, request: UpdateRequest<TracklyPatchInput>): Promise<WriteOutcome> {
    const current = await this.editable(nativeId);
    return this.run(planTracklyUpdate(current, request.patch, request.recurrence, this.account()), current, request, (answers) =>
      this.written(current, answers),
    );
  }

  async deleteSchedule(nativeId: string, options: { dryRun: boolean }): Promise<WriteOutcome> {
    const current = await this.loaders.schedule.load(nativeId);
    if (!current) throw new NotFoundError(`No Trackly schedule ${nativeId}`, 'TRACKLY', 'not_found');
    return this.run(ok(planTracklyDelete(current)), current, options, async () => {
      // Trackly archives rather than deletes: read it back so the caller sees the real archived state.
      this.loaders.schedule.clear(nativeId);
      return this.getSchedule(nativeId);
    });
  }

  async setScheduleStatus(nativeId: string, status: ScheduleStatus, options: { dryRun: boolean }): Promise<WriteOutcome> {
    const native = toTracklyStatus(status);
    if (!native) {
      throw new UnsupportedOperationError(
        `Trackly has no ${status} status; it accepts ${TRACKLY_CAPABILITIES.settableStatuses.join(', ')}`,
        'TRACKLY',
        `setScheduleStatus(${status})`,
      );
    }
    const current = await this.editable(nativeId);
    return this.run(ok(planTracklyStatus(current, native)), current, { ...options, status }, (answers) => this.written(current, answers));
  }

  private account() {
    return { timeZone: this.config.timeZone, now: this.scope.now };
  }

  private toSchedule(native: TracklySchedule): Schedule<TracklyDetails> {
    return fromTracklySchedule(native, this.config.timeZone);
  }

  /** The current schedule, or Trackly's refusal: unknown → not_found, complete → schedule_complete. */
  private async editable(nativeId: string): Promise<TracklySchedule> {
    const current = await this.loaders.schedule.load(nativeId);
    if (!current) throw new NotFoundError(`No Trackly schedule ${nativeId}`, 'TRACKLY', 'not_found');
    assertTracklyEditable(current);
    return current;
  }

  /** After a PUT: the schedule Trackly answered with, which is also this request's cached copy from now on. */
  private written(current: TracklySchedule, [updated]: Array<TracklySchedule | null>): Schedule<TracklyDetails> {
    if (!updated) return this.toSchedule(current);
    this.loaders.schedule.clear(updated.id).prime(updated.id, updated);
    return this.toSchedule(updated);
  }

  /** A Trackly write through the one runner; each answer is zod-read as the schedule it carries (null for DELETE). */
  private run(
    planned: Result<TracklyWrite>,
    current: TracklySchedule | null,
    options: { dryRun: boolean; sendingWindow?: SendingWindowGuard | undefined } & WriteAsks,
    readBack: (answers: Array<TracklySchedule | null>) => Schedule | null | Promise<Schedule | null>,
  ): Promise<WriteOutcome> {
    const plan = mapOk(
      planned,
      ({ requests, blame, leaves, references }): WritePlan<TracklySchedule | null> => ({
        requests,
        blame,
        preview: () => (current ? this.toSchedule(current) : null),
        ...(leaves ? { leaves: () => leaves } : {}),
        ...(references ? { references: () => this.referenceIssues(references) } : {}),
        readBack: async (answers) => readBack(answers),
      }),
    );
    return runWrite(plan, {
      ...options,
      provider: 'TRACKLY',
      capabilities: TRACKLY_CAPABILITIES,
      send: async (request, blame) => {
        const response: UpstreamResponse = await this.api.write(request, blame, this.scope.signal);
        if (request.method === 'DELETE') {
          tracklyArchived(response, request);
          return null;
        }
        return tracklyWritten(response, request);
      },
    });
  }

  /**
   * Trackly's 404 rules (`audience_not_found`, `source_list_not_found`, `offer_not_found`) checked before the
   * write through the request's loaders, so a bad reference never reaches the write endpoint.
   */
  private async referenceIssues(input: TracklyPatchInput): Promise<ValidationIssue[]> {
    const base = FIELDS;
    const issues: ValidationIssue[] = [];
    const audienceIds = input.audienceIds ?? [];
    const sourceListIds = input.sourceListIds ?? [];
    const links = (input.variants ?? []).flatMap((variant: TracklyVariantInput, i) =>
      (variant.offerLinks ?? []).map((link, j) => ({ link, path: [...base, 'variants', String(i), 'offerLinks', String(j), 'offerId'] })),
    );
    // T9: a caller's reference that cannot be a Trackly id does not exist; it is not looked up.
    const lookup = <T>(ids: readonly string[], load: (ids: string[]) => Promise<Array<T | Error>>) =>
      load(ids.filter(isTracklyId)).then((found) => {
        let next = 0;
        return ids.map((id) => (isTracklyId(id) ? (found[next++] ?? null) : null));
      });
    const [audiences, lists, offers] = await Promise.all([
      lookup(audienceIds, (ids) => this.loaders.audience.loadMany(ids)),
      this.loaders.sourceList.loadMany(sourceListIds),
      lookup(
        links.map(({ link }) => link.offerId),
        (ids) => this.loaders.offer.loadMany(ids),
      ),
    ]);
    for (const result of [...audiences, ...lists, ...offers]) if (result instanceof Error) throw result;
    audiences.forEach((audience, i) => {
      if (!audience || (!(audience instanceof Error) && audience.status !== 'active')) {
        issues.push({
          path: [...base, 'audienceIds', String(i)],
          message: `Audience ${audienceIds[i]} does not exist or is not active`,
          providerCode: 'audience_not_found',
        });
      }
    });
    lists.forEach((list, i) => {
      if (!list)
        issues.push({
          path: [...base, 'sourceListIds', String(i)],
          message: `Source list ${sourceListIds[i]} does not exist`,
          providerCode: 'source_list_not_found',
        });
    });
    offers.forEach((offer, i) => {
      const at = links[i];
      if (!offer && at) issues.push({ path: at.path, message: `Offer ${at.link.offerId} does not exist`, providerCode: 'offer_not_found' });
    });
    return issues;
  }
}

/** What a batch load found: errors thrown, misses (null) left out. */
async function existing<K, V>(keys: readonly K[], load: (keys: readonly K[]) => Promise<Array<V | null | Error>>): Promise<V[]> {
  const values = await load(keys);
  return values.filter((value): value is V => {
    if (value instanceof Error) throw value;
    return value !== null;
  });
}

export class TracklyProvider implements ScheduleProvider<TracklySession> {
  readonly name = 'TRACKLY' as const;
  readonly capabilities = TRACKLY_CAPABILITIES;
  readonly mode;
  readonly baseUrl;
  private readonly api: TracklyApi;

  constructor(
    private readonly config: TracklyConfig & { apiKey: string },
    http: HttpSettings,
  ) {
    this.mode = config.mode;
    this.baseUrl = config.baseUrl;
    this.api = new TracklyClient({ ...http, baseUrl: config.baseUrl, apiKey: config.apiKey });
  }

  session(scope: RequestScope): TracklySession {
    return new TracklySession(this.api, this.config, scope);
  }

  close(): Promise<void> {
    return this.api.close();
  }
}
