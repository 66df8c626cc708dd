/**
 * The one runner of every write of every provider. A provider's planner turns the neutral input (and the
 * current schedule, where the write depends on it) into a `Result<WritePlan>`: either the issues, or the exact
 * upstream requests with what to check first and how to read the answers back. The runner then does the same
 * steps in the same order for all of them, once:
 *
 *   undeclared capability → refused · issues → refused · sending window · references (through the request's loaders) · dry run → the plan's own
 *   request objects · send each request, in order, through the provider's client · read back
 *
 * A dry run answers with the very objects the real run sends, so `upstreamCalls` of a dry run cannot differ from
 * what the client puts on the wire (test/e2e/dry-run-equals-sent.test.ts checks it at the emulators).
 */
import { unadvertised, type ProviderCapabilities, type WriteAsks } from './capabilities.js';
import { ValidationError, type ValidationIssue } from './errors.js';
import type { ProviderName, Schedule } from './model.js';
import type { Result } from './result.js';
import type { PlannedSending, SendingWindowGuard } from './sending-window.js';

/** One upstream call the gateway makes, or would make in a dry run: sent as it is, never rebuilt. */
export interface PlannedRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path below the provider's base URL. */
  path: string;
  /** The JSON body; null for none. */
  body: unknown;
  /** The path as a template (`/schedules/{id}`) for traces, when the id is free-form. */
  route?: string;
}

export interface WriteOutcome {
  /** The schedule after the write (null when it no longer exists, or for a dry run of a create). */
  schedule: Schedule | null;
  /** The writes sent upstream, or that a dry run would have sent. */
  requests: PlannedRequest[];
  dryRun: boolean;
}

/**
 * Where a provider's refusal code points in the operation's neutral input (`fields.…`, `recurrence`, `status`,
 * `id`): the planner knows what the caller gave, the client's failure reader only knows the code.
 */
export type Blame = (providerCode: string | null) => string[];

export interface WritePlan<Answer = unknown, Blames = Blame> {
  /** The exact requests, in the order they are sent; an empty list means there is nothing to change. */
  requests: PlannedRequest[];
  /** What the write would leave scheduled, for the sending-window check (before references and any write). */
  leaves?: () => PlannedSending | Promise<PlannedSending>;
  /** Checks of what the input refers to (audiences, inboxes, campaigns…), through the request's loaders. */
  references?: () => Promise<ValidationIssue[]>;
  /**
   * The schedule a dry run (or a write with nothing to send) answers with: the current one; null for a create.
   * Only called then, so a provider can check in a dry run what the real write leaves to the upstream (Burki's campaign).
   */
  preview(): Schedule | null | Promise<Schedule | null>;
  /** Where a refusal of the write points in the input (a provider's own shape of it, for its failure reader). */
  blame?: Blames;
  /** After every request was sent: the schedule as the provider now has it (from the answers, or read again). */
  readBack(answers: Answer[]): Promise<Schedule | null>;
}

/** How a write runs: its provider and declared capabilities, what it asks (`WriteAsks`), and the one way to send. */
export interface WriteRun<Answer = unknown, Blames = Blame> extends WriteAsks {
  provider: ProviderName;
  /** The provider's declared capabilities: a write asking anything undeclared is refused first. */
  capabilities: ProviderCapabilities;
  dryRun: boolean;
  sendingWindow?: SendingWindowGuard | undefined;
  /** Sends one planned request as it is and returns the provider's answer; throws the provider's typed errors. */
  send(request: PlannedRequest, blame: Blames | undefined): Promise<Answer>;
}

export async function runWrite<Answer, Blames>(planned: Result<WritePlan<Answer, Blames>>, run: WriteRun<Answer, Blames>): Promise<WriteOutcome> {
  const refusal = unadvertised(run.provider, run.capabilities, run);
  if (refusal) throw refusal;
  if (!planned.ok) throw new ValidationError(planned.issues, run.provider);
  const plan = planned.value;
  if (run.sendingWindow && plan.leaves) run.sendingWindow(await plan.leaves());
  const issues = plan.references ? await plan.references() : [];
  if (issues.length > 0) throw new ValidationError(issues, run.provider);
  if (run.dryRun || plan.requests.length === 0) return { schedule: await plan.preview(), requests: plan.requests, dryRun: run.dryRun };
  const answers: Answer[] = [];
  for (const request of plan.requests) answers.push(await run.send(request, plan.blame));
  return { schedule: await plan.readBack(answers), requests: plan.requests, dryRun: false };
}
