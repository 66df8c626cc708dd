/**
 * The contract every provider implements. A provider is long-lived (it owns its HTTP pool); a session is
 * per GraphQL request (it owns that request's DataLoaders and abort signal). Resolvers only ever talk to
 * sessions through this interface, plus each provider's typed create/update input.
 */
import type { ProviderMode } from '../config-parts.js';
import type { Instant, ProviderName, RecurrenceSpec, Schedule, ScheduleStatus } from '../core/model.js';
import type { SendingWindowGuard } from '../core/sending-window.js';
import type { ScheduleRegistry } from '../store/registry.js';

export type { ProviderCapabilities } from '../core/capabilities.js';
import type { ProviderCapabilities } from '../core/capabilities.js';

export interface RequestScope {
  /** Aborts upstream calls when the GraphQL request's deadline passes or the client goes away. */
  signal?: AbortSignal;
  /** The moment the request started; every "in the future" rule of one request uses the same clock. */
  now: Instant;
  /**
   * What the gateway itself wrote (the store's registry), when it has a store: supplies what a provider does
   * not echo (Heymarket's sender) and what it cannot list (Heymarket's messages).
   */
  schedules?: ScheduleRegistry;
}

export type { PlannedRequest, WriteOutcome } from '../core/runner.js';
import type { WriteOutcome } from '../core/runner.js';

export interface ListFilter {
  statuses: ScheduleStatus[] | null;
}

export interface CreateRequest<TTarget> {
  target: TTarget;
  recurrence: RecurrenceSpec | null;
  dryRun: boolean;
  /** Called with what the write would leave scheduled, after the provider's own pure checks and before any upstream call. */
  sendingWindow?: SendingWindowGuard;
}

export interface UpdateRequest<TPatch> {
  patch: TPatch | null;
  /** undefined: leave the recurrence as it is; null: clear it (where the provider allows). */
  recurrence: RecurrenceSpec | null | undefined;
  dryRun: boolean;
  /** Called with what the write would leave scheduled, before any write (after reading the current schedule). */
  sendingWindow?: SendingWindowGuard;
}

export interface ProviderSession<TTarget = unknown, TPatch = unknown> {
  readonly provider: ProviderName;
  /** Batched and cached per request; null when the provider has no such schedule. */
  getSchedule(nativeId: string): Promise<Schedule | null>;
  listSchedules(filter: ListFilter): Promise<Schedule[]>;
  createSchedule(request: CreateRequest<TTarget>): Promise<WriteOutcome>;
  updateSchedule(nativeId: string, request: UpdateRequest<TPatch>): Promise<WriteOutcome>;
  deleteSchedule(nativeId: string, options: { dryRun: boolean }): Promise<WriteOutcome>;
  setScheduleStatus(nativeId: string, status: ScheduleStatus, options: { dryRun: boolean }): Promise<WriteOutcome>;
}

export interface ScheduleProvider<TSession extends ProviderSession = ProviderSession> {
  readonly name: ProviderName;
  readonly mode: ProviderMode;
  readonly capabilities: ProviderCapabilities;
  /** The upstream this provider talks to (a sandbox URL in sandbox mode); never includes credentials. */
  readonly baseUrl: string;
  session(scope: RequestScope): TSession;
  close(): Promise<void>;
}
