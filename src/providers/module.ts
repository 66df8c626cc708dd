/**
 * The shape of one provider module: what the gateway needs to know about a provider, declared once in its
 * folder (`providers/<name>/module.ts`) and listed in `providers/index.ts`. The registry, `Query.providers`
 * and "not configured" messages are derived from these objects instead of naming each provider.
 */
import type { Environment } from '../config-error.js';
import type { ProviderMode, SectionDraft } from '../config-parts.js';
import type { ProviderName, ScheduleDetails } from '../core/model.js';
import type { RateBudget } from '../core/rate-budget.js';
import type { Recipients } from '../core/sending-window.js';
import type { ProviderCapabilities, ProviderSession, ScheduleProvider } from './provider.js';
import type { GatewayBuilder, ProviderGraphQL, SharedRefs } from '../graphql-types.js';
import type { SandboxHandle } from '../sandbox/server.js';
import type { HttpSettings } from './settings.js';

/** State the providers share with other gateway instances (from the store), when there is a store. */
export interface SharedProviderState {
  /**
   * A request budget shared by every instance on one DATABASE_URL (e.g. a provider's per-minute limit), one
   * bucket per name.
   */
  rateBudget?: (bucket: string, limit: number) => RateBudget;
}

/** What every provider's config section has, whatever else it holds. */
interface ProviderSection {
  mode: ProviderMode;
  baseUrl: string;
}

/** A GraphiQL tab a provider contributes: a query runnable as is against its sandbox, and its variables. */
export interface ExampleTab {
  query: string;
  variables: Record<string, unknown>;
}

/** What the sandbox launcher passes every emulator. */
export interface EmulatorOptions {
  latencyMs?: number;
  now?: () => Date;
  seed?: boolean;
}

/**
 * A provider's built-in emulator. Declared with methods (checked bivariantly) so each module can name its own
 * handle, endpoints and section types while the launcher iterates them as one list.
 */
interface ProviderEmulator<H extends SandboxHandle = SandboxHandle, E = unknown, C extends ProviderSection = ProviderSection> {
  start(options: EmulatorOptions): Promise<H>;
  /** Where a running emulator listens and the credentials it accepts, as plain data (e.g. JSON for a worker). */
  endpoints(handle: E): E;
  /** The config section pointed at the emulator. */
  configure(section: C, endpoints: E): C;
}

/** One provider's registration, distributed so the general module type (every name) accepts each module's own. */
type GraphQLOf<N extends ProviderName> = N extends ProviderName ? ProviderGraphQL<N> : never;

export interface ProviderModule<N extends ProviderName = ProviderName, S extends ProviderSession = ProviderSession> {
  readonly name: N;
  /** Its name in prose (log lines). */
  readonly label: string;
  /** What it is, in one line (the `Provider` enum value's description). */
  readonly description: string;
  /** Its section of the config (`config.<key>`; also `sandboxes.<key>`). */
  readonly configKey: string;
  /** Its config section, read from the environment (see `SectionDraft`), and the secrets it holds (for the logger's redaction). */
  readonly config: {
    parse(env: Environment): () => SectionDraft<ProviderSection>;
    secrets(section: ProviderSection): Array<string | null>;
  };
  /** What it accepts, known without credentials (advertised by `Query.providers`). */
  readonly capabilities: ProviderCapabilities;
  /** The environment variable that enables it, for "not configured" messages. */
  readonly keyVariable: string;
  /** Whether its read of a one-time send loses the zone the caller gave (answers in UTC or an account zone). */
  readonly forgetsOneTimeZone: boolean;
  /** Where a schedule's recipients are, from its details (for the sending-window checks). */
  recipients(details: ScheduleDetails): Recipients | Promise<Recipients>;
  /** What its writes do, in the words the mutations' descriptions list per provider. */
  readonly docs: {
    /** After its label in "Delete a schedule. <Label> <delete>, …". */
    readonly delete: string;
    /** What setScheduleStatus's statuses do there, when they need saying. */
    readonly status?: string;
  };
  /** Registers its GraphQL types (details, target and patch inputs) on the one builder; called by schema/. */
  register(builder: GatewayBuilder, shared: SharedRefs): GraphQLOf<N>;
  /** Its GraphiQL example tabs (shown after the welcome tab). */
  readonly examples: readonly ExampleTab[];
  /** Its in-memory emulator, for the sandbox mode and the tests. */
  readonly emulator: ProviderEmulator;
  /** Its provider instance, or null when the config has no credentials for it. */
  create(section: ProviderSection, http: HttpSettings, shared: SharedProviderState): ScheduleProvider<S> | null;
}
