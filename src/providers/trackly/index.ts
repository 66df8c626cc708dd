/**
 * Trackly as a `ScheduleProvider`: orchestrates validation → mapping → client for each operation.
 */
import type { TracklyConfig } from './config.js';
import { InvalidStateError, NotFoundError, UnsupportedOperationError, ValidationError, type ValidationIssue } from '../../core/errors.js';
import type { RecurrenceSpec, Schedule, ScheduleStatus, TracklyDetails } from '../../core/model.js';
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
import { TracklyClient, type TracklyApi, type TracklyInputPathOf } from './client.js';
import type { TracklyPatchInput, TracklyTargetInput, TracklyVariantInput } from './input.js';
import { createTracklyLoaders, type TracklyLoaders } from './loaders.js';
import { TRACKLY_SUPPORTED_RECURRENCES, fromTracklySchedule, toTracklyCreateBody, toTracklyPatchBody, toTracklyStatus } from './mapping.js';
import { isTracklyId, type TracklySchedule, type TracklyWriteBody } from './native.js';
import { checkTracklyCreate, checkTracklyUpdate, tracklyInputPathOf } from './validation.js';
import { tracklyRecipients } from './recipients.js';
import type { HttpSettings } from '../settings.js';

/** Where the caller's Trackly fields are in the mutation input, per operation. */
const TARGET_PATH = ['target', 'trackly'];
const PATCH_PATH = ['patch', 'trackly'];

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

  async createSchedule(request: CreateRequest<TracklyTargetInput>): Promise<WriteOutcome> {
    const { issues, timing } = checkTracklyCreate(request.target, request.recurrence, this.config.timeZone, this.scope.now);
    if (issues.length > 0 || !timing) throw new ValidationError(issues, 'TRACKLY');
    request.sendingWindow?.({ recurrence: this.recurrenceOf(request.recurrence), recipients: tracklyRecipients() });
    await this.checkReferences(TARGET_PATH, request.target);
    const body = toTracklyCreateBody(request.target, timing);
    const planned: PlannedRequest = { method: 'POST', path: '/schedules', body };
    if (request.dryRun) return { schedule: null, requests: [planned], dryRun: true };
    const created = await this.api.createSchedule(body, tracklyInputPathOf(TARGET_PATH, true, TARGET_PATH), this.scope.signal);
    this.loaders.schedule.prime(created.id, created);
    return { schedule: this.toSchedule(created), requests: [planned], dryRun: false };
  }

  async updateSchedule(nativeId: string, request: UpdateRequest<TracklyPatchInput>): Promise<WriteOutcome> {
    const current = await this.editable(nativeId);
    const { issues, timing } = checkTracklyUpdate(
      request.patch,
      request.recurrence,
      { sendType: current.send_type === 'automated' ? 'AUTOMATED' : 'BLAST', variantCount: current.blasts?.length ?? 0 },
      this.config.timeZone,
      this.scope.now,
    );
    if (issues.length > 0 || (request.recurrence && !timing)) throw new ValidationError(issues, 'TRACKLY');
    request.sendingWindow?.({
      recurrence: request.recurrence === undefined ? this.toSchedule(current).recurrence : this.recurrenceOf(request.recurrence),
      recipients: tracklyRecipients(),
    });
    if (request.patch) await this.checkReferences(PATCH_PATH, request.patch);
    const body = toTracklyPatchBody(request.patch, timing);
    return this.write(
      nativeId,
      current,
      body,
      request.dryRun,
      tracklyInputPathOf(request.patch ? PATCH_PATH : null, Boolean(request.recurrence), request.patch ? PATCH_PATH : ['recurrence']),
    );
  }

  async deleteSchedule(nativeId: string, options: { dryRun: boolean }): Promise<WriteOutcome> {
    const current = await this.loaders.schedule.load(nativeId);
    if (!current) throw new NotFoundError(`No Trackly schedule ${nativeId}`, 'TRACKLY', 'not_found');
    const planned: PlannedRequest = { method: 'DELETE', path: `/schedules/${nativeId}`, body: null };
    if (options.dryRun) return { schedule: this.toSchedule(current), requests: [planned], dryRun: true };
    await this.api.archiveSchedule(nativeId, this.scope.signal);
    // Trackly archives rather than deletes: read it back so the caller sees the real archived state.
    this.loaders.schedule.clear(nativeId);
    return { schedule: await this.getSchedule(nativeId), requests: [planned], dryRun: false };
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
    return this.write(nativeId, current, { status: native }, options.dryRun, tracklyInputPathOf(null, false, ['status']));
  }

  /** A validated spec as Trackly will run it: wall-clock times in the account's zone unless recipient-local. */
  private recurrenceOf(spec: RecurrenceSpec | null) {
    return spec === null ? null : recurrenceFromSpec(spec, { defaultTimeZone: this.config.timeZone });
  }

  private toSchedule(native: TracklySchedule): Schedule<TracklyDetails> {
    return fromTracklySchedule(native, this.config.timeZone);
  }

  /** The current schedule, refused as Trackly would refuse it: unknown → not_found, complete → schedule_complete. */
  private async editable(nativeId: string): Promise<TracklySchedule> {
    const current = await this.loaders.schedule.load(nativeId);
    if (!current) throw new NotFoundError(`No Trackly schedule ${nativeId}`, 'TRACKLY', 'not_found');
    if (current.status === 'complete') {
      throw new InvalidStateError('The schedule is complete and can no longer be changed', 'TRACKLY', 'schedule_complete');
    }
    return current;
  }

  private async write(
    nativeId: string,
    current: TracklySchedule,
    body: TracklyWriteBody,
    dryRun: boolean,
    inputPathOf: TracklyInputPathOf,
  ): Promise<WriteOutcome> {
    if (Object.keys(body).length === 0) return { schedule: this.toSchedule(current), requests: [], dryRun };
    const planned: PlannedRequest = { method: 'PUT', path: `/schedules/${nativeId}`, body };
    if (dryRun) return { schedule: this.toSchedule(current), requests: [planned], dryRun: true };
    const updated = await this.api.updateSchedule(nativeId, body, inputPathOf, this.scope.signal);
    this.loaders.schedule.clear(nativeId).prime(nativeId, updated);
    return { schedule: this.toSchedule(updated), requests: [planned], dryRun: false };
  }

  /**
   * Trackly's 404 rules (`audience_not_found`, `source_list_not_found`, `offer_not_found`) checked before the
   * write through the request's loaders, so a bad reference never reaches the write endpoint.
   */
  private async checkReferences(base: string[], input: TracklyPatchInput): Promise<void> {
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
    if (issues.length > 0) throw new ValidationError(issues, 'TRACKLY');
  }
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
