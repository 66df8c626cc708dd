/**
 * Heymarket as a `ScheduleProvider`: orchestrates validation → mapping → client for each operation.
 *
 * - create: rules checked (recurrence → execute_at, input fields, the whole body, the inbox through the
 *   loader), then POST; the result is read back with GET so it carries Heymarket's own timestamps.
 * - update: PUT replaces the whole message, so the gateway reads the current message, applies the patch
 *   and/or the new time onto the full body, re-validates the merged body, sends it whole, and reads it back.
 * - After a successful write, a failing read-back does not turn the result into an error (that would invite a
 *   duplicate create): the schedule is then built from the body that was sent.
 * - delete: DELETE; the result schedule is null (the message is gone).
 * - list: Heymarket has no list endpoint. With a store, the list is the messages the gateway wrote and did
 *   not delete (the registry), each re-read through the loader; see `listSchedules` for one that 404s.
 *   Without a store → UnsupportedOperationError.
 * - status changes: Heymarket has no such endpoint → UnsupportedOperationError.
 */
import DataLoader from 'dataloader';
import type { HeymarketAuth, HeymarketConfig } from './config.js';
import { NotFoundError, UnsupportedOperationError, ValidationError, type ValidationIssue } from '../../core/errors.js';
import type { HeymarketDetails, Schedule, ScheduleStatus } from '../../core/model.js';
import { mapOk, ok, type Result } from '../../core/result.js';
import type { WriteAsks } from '../../core/capabilities.js';
import { runWrite, type WritePlan } from '../../core/runner.js';
import type { PlannedSending, SendingWindowGuard } from '../../core/sending-window.js';
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
import type { RateBudget } from '../../core/rate-budget.js';
import { HeymarketClient, type BadDataMeaning, type HeymarketApi } from './client.js';
import type { HeymarketPatchInput, HeymarketTargetInput } from './input.js';
import { createHeymarketLoaders, type HeymarketLoaders } from './loaders.js';
import type { HeymarketInboxInfo } from './details.js';
import { HEYMARKET_SUPPORTED_RECURRENCES, fromHeymarketInbox, fromHeymarketScheduled, fromHeymarketWriteBody, heymarketStatus } from './mapping.js';
import type { HeymarketScheduled, HeymarketWriteBody, HeymarketWriteResponse } from './native.js';
import {
  heymarketUpdateNeedsSender,
  heymarketUpdateTiming,
  planHeymarketCreate,
  planHeymarketDelete,
  planHeymarketUpdate,
  type HeymarketWrite,
} from './plans.js';
import { heymarketRecipients } from './recipients.js';
import { checkHeymarketInbox, sentMessageRefusal } from './validation.js';

export const HEYMARKET_CAPABILITIES: ProviderCapabilities = {
  recurrenceKinds: ['ONE_TIME'],
  intervalFrequencies: [],
  maxInterval: null,
  recipientLocalTime: false,
  manualStart: false,
  canList: false,
  canUpdate: true,
  canDelete: true,
  settableStatuses: [],
  notes: [
    `Heymarket supports ${HEYMARKET_SUPPORTED_RECURRENCES}.`,
    'The send time must be at least 15 minutes ahead and on a quarter hour (:00, :15, :30 or :45, zero seconds); changes follow the same rule.',
    'Heymarket stores no time zone: messages read back carry their instant in UTC.',
    'Heymarket has no endpoint that lists scheduled messages: with a store (DATABASE_URL or DATA_DIR) `schedules` lists the messages written through the gateway, else read them by id.',
    'A message cannot be paused; deleting it cancels it.',
    "Heymarket does not return who sends a message: an update keeps the sender the gateway recorded when it wrote the message; for a message written elsewhere, restate patch.heymarket.userId (the team owner's id if the owner sends it), or the update is refused.",
  ],
};

const LIST_UNSUPPORTED = 'Heymarket has no endpoint that lists scheduled messages; read them one at a time by id';

export class HeymarketSession implements ProviderSession<HeymarketTargetInput, HeymarketPatchInput> {
  readonly provider = 'HEYMARKET' as const;
  readonly loaders: HeymarketLoaders;
  private sentBodies: DataLoader<string, unknown> | null = null;

  constructor(
    private readonly api: HeymarketApi,
    private readonly scope: RequestScope,
  ) {
    this.loaders = createHeymarketLoaders(api, scope.signal);
  }

  async getSchedule(nativeId: string): Promise<Schedule<HeymarketDetails> | null> {
    const native = await this.loaders.schedule.load(nativeId);
    return native ? withKnownSender(this.toSchedule(native), await this.sentBody(nativeId)) : null;
  }

  /** The inbox a message is sent from (all inboxes load once per request); null when the team no longer has it. */
  async inbox(inboxId: number): Promise<HeymarketInboxInfo | null> {
    const native = await this.loaders.inbox.load(inboxId);
    return native ? fromHeymarketInbox(native) : null;
  }

  /** The last body the gateway sent to a message (batched per request); null without a store, or during its outage (a read does not need it). */
  private sentBody(nativeId: string): Promise<HeymarketWriteBody | null> {
    const registry = this.scope.schedules;
    if (!registry) return Promise.resolve(null);
    this.sentBodies ??= new DataLoader<string, unknown>(async (ids) => {
      const found = await registry.bodies('HEYMARKET', ids);
      return ids.map((id) => found.get(id) ?? null);
    });
    return this.sentBodies.load(nativeId).then(
      (body) => (isWriteBody(body) ? body : null),
      () => null,
    );
  }

  /**
   * ASSUMPTION H15: the messages the gateway wrote and did not delete, re-read through the batched loader.
   * One Heymarket no longer has (404) is not an error: if its time has passed it was sent (COMPLETED, built
   * from the last body the gateway sent); before its time it was cancelled outside the gateway, so it is
   * left out. The status filter is applied by the caller (`schedules`).
   */
  async listSchedules(_filter?: ListFilter): Promise<Schedule[]> {
    const registry = this.scope.schedules;
    if (!registry) throw new UnsupportedOperationError(LIST_UNSUPPORTED, 'HEYMARKET', 'listSchedules');
    const live = await registry.live('HEYMARKET');
    const natives = await this.loaders.schedule.loadMany(live.map((entry) => entry.nativeId));
    const schedules: Schedule[] = [];
    live.forEach((entry, index) => {
      const native = natives[index];
      if (native instanceof Error) throw native;
      const sent = isWriteBody(entry.lastBody) ? entry.lastBody : null;
      if (native) schedules.push(withKnownSender(this.toSchedule(native), sent));
      else if (sent && heymarketStatus(sent.execute_at, this.scope.now).status === 'COMPLETED')
        schedules.push(fromHeymarketWriteBody(entry.nativeId, sent, this.scope.now));
    });
    return schedules;
  }

  createSchedule(request: CreateRequest<HeymarketTargetInput>): Promise<WriteOutcome> {
    return this.run(planHeymarketCreate(request.target, request.recurrence, this.scope.now), null, request, async ([created], body) =>
      created && body ? this.readBack(created.id, body) : null,
    );
  }

  async updateSchedule(nativeId: string, request: UpdateRequest<HeymarketPatchInput>): Promise<WriteOutcome> {
    // Everything the caller gave is checked before the current message is even read.
    const timing = heymarketUpdateTiming(request.patch, request.recurrence, this.scope.now);
    if (!timing.ok) throw new ValidationError(timing.issues, 'HEYMARKET');
    const current = await this.editable(nativeId);
    const recorded = heymarketUpdateNeedsSender(current, request.patch, timing.value) ? await this.recordedSender(nativeId) : undefined;
    const plan = planHeymarketUpdate(current, request.patch, timing.value, recorded, this.scope.now);
    return this.run(plan, current, request, async (_answers, body) => (body ? this.readBack(nativeId, body) : this.toSchedule(current)));
  }

  async deleteSchedule(nativeId: string, options: { dryRun: boolean }): Promise<WriteOutcome> {
    if (!/^\d{1,15}$/.test(nativeId)) throw this.notFound(nativeId);
    // A dry run shows the message it would cancel (and refuses one already sent); the real DELETE lets Heymarket say.
    return this.run(ok(planHeymarketDelete(nativeId)), null, { ...options, preview: async () => this.toSchedule(await this.editable(nativeId)) }, async () => {
      this.loaders.schedule.clear(nativeId).prime(nativeId, null);
      return null;
    });
  }

  setScheduleStatus(_nativeId: string, status: ScheduleStatus): Promise<WriteOutcome> {
    return Promise.reject(
      new UnsupportedOperationError(
        `Heymarket scheduled messages have no status to switch (to ${status}): a message is sent at its time, moved with updateSchedule, or cancelled with deleteSchedule`,
        'HEYMARKET',
        'setScheduleStatus',
      ),
    );
  }

  /** The message as it would be written (its time and its recipient), for the sending-window check. */
  private async leaves(body: HeymarketWriteBody): Promise<PlannedSending> {
    const planned = fromHeymarketWriteBody('planned', body, this.scope.now);
    return { recurrence: planned.recurrence, recipients: await heymarketRecipients(planned.details.recipient) };
  }

  /** A Heymarket write through the one runner; `readBack` gets the answers and the body that was sent. */
  private run(
    planned: Result<HeymarketWrite>,
    current: HeymarketScheduled | null,
    options: { dryRun: boolean; sendingWindow?: SendingWindowGuard | undefined; preview?: () => Promise<Schedule | null> } & WriteAsks,
    readBack: (answers: Array<HeymarketWriteResponse | null>, body: HeymarketWriteBody | null) => Promise<Schedule | null>,
  ): Promise<WriteOutcome> {
    const plan = mapOk(
      planned,
      ({ requests, body, checkInbox, badData }): WritePlan<HeymarketWriteResponse | null, BadDataMeaning> => ({
        requests,
        blame: badData,
        preview: options.preview ?? (() => (current ? this.toSchedule(current) : null)),
        ...(body ? { leaves: () => this.leaves(body) } : {}),
        ...(body && checkInbox ? { references: () => this.inboxIssues(body) } : {}),
        readBack: (answers) => readBack(answers, body),
      }),
    );
    return runWrite(plan, {
      ...options,
      provider: 'HEYMARKET',
      capabilities: HEYMARKET_CAPABILITIES,
      send: (request, badData) => this.api.write(request, badData, this.scope.signal),
    });
  }

  /**
   * The sender the gateway last wrote to this message: its user_id, null for "the team owner" (a body without
   * one), undefined when the gateway never wrote it (or has no store) — then the caller must restate it.
   */
  private async recordedSender(nativeId: string): Promise<number | null | undefined> {
    const body = await this.scope.schedules?.lastBody('HEYMARKET', nativeId);
    return isWriteBody(body) ? (body.user_id ?? null) : undefined;
  }

  private toSchedule(native: HeymarketScheduled): Schedule<HeymarketDetails> {
    return fromHeymarketScheduled(native, this.scope.now);
  }

  private notFound(nativeId: string): NotFoundError {
    return new NotFoundError(`Heymarket has no scheduled message ${nativeId}`, 'HEYMARKET', null);
  }

  /** The current message, refused when it cannot change any more (H12, validation.ts). */
  private async editable(nativeId: string): Promise<HeymarketScheduled> {
    const current = await this.loaders.schedule.load(nativeId);
    if (!current) throw this.notFound(nativeId);
    const refusal = sentMessageRefusal(current.execute, this.scope.now);
    if (refusal) throw refusal;
    return current;
  }

  /** H9: the inbox (and the sender's membership of it) through the request's inbox loader: one GET per request. */
  private async inboxIssues(body: HeymarketWriteBody): Promise<ValidationIssue[]> {
    return checkHeymarketInbox(body, await this.loaders.inbox.load(body.inbox_id), ['fields']);
  }

  /** The message as Heymarket now has it; built from the body sent if the read-back fails (see the header). */
  private async readBack(nativeId: string, sent: HeymarketWriteBody): Promise<Schedule<HeymarketDetails>> {
    this.loaders.schedule.clear(nativeId);
    try {
      const native = await this.loaders.schedule.load(nativeId);
      if (native) return withKnownSender(this.toSchedule(native), sent);
    } catch {
      // Fall through: the write succeeded; only the confirmation read failed.
    }
    return fromHeymarketWriteBody(nativeId, sent, this.scope.now);
  }
}

/** A body the registry holds for Heymarket: the gateway's own create/update body (checked before it was sent). */
function isWriteBody(body: unknown): body is HeymarketWriteBody {
  return typeof body === 'object' && body !== null && typeof (body as { execute_at?: unknown }).execute_at === 'string';
}

/** Heymarket's read has no user_id (H2): a listed message shows the sender the gateway wrote. */
function withKnownSender(schedule: Schedule<HeymarketDetails>, sent: HeymarketWriteBody | null): Schedule<HeymarketDetails> {
  if (schedule.details.userId !== null || !sent || sent.user_id === undefined) return schedule;
  return { ...schedule, details: { ...schedule.details, userId: sent.user_id } };
}

export class HeymarketProvider implements ScheduleProvider<HeymarketSession> {
  readonly name = 'HEYMARKET' as const;
  readonly capabilities = HEYMARKET_CAPABILITIES;
  readonly mode;
  readonly baseUrl;
  private readonly api: HeymarketApi;

  constructor(config: HeymarketConfig & { auth: HeymarketAuth }, http: HttpSettings, sharedBudget?: RateBudget) {
    this.mode = config.mode;
    this.baseUrl = config.baseUrl;
    this.api = new HeymarketClient({
      ...http,
      baseUrl: config.baseUrl,
      auth: config.auth,
      requestsPerMinute: config.requestsPerMinute,
      ...(sharedBudget ? { sharedBudget } : {}),
    });
  }

  session(scope: RequestScope): HeymarketSession {
    return new HeymarketSession(this.api, scope);
  }

  close(): Promise<void> {
    return this.api.close();
  }
}
