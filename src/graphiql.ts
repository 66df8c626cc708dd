/**
 * What GraphiQL opens with, so a newcomer's first click does something real: one tab per common task, each
 * runnable as is against the sandbox (seeded ids below). None of them uses introspection, so they also run
 * on a live gateway where `GATEWAY_INTROSPECTION` is off. `test/browser/graphiql.test.ts` runs every tab over
 * HTTP and the first one in a real browser; `test/schema-quality.test.ts` validates them against the schema.
 */
import { PROVIDERS } from './core/model.js';
import { PROVIDER_MODULES } from './providers/index.js';

/** One GraphiQL tab, in the shape Yoga's `graphiql.defaultTabs` option takes (JSON text for variables/headers). */
interface GraphiQLTab {
  query: string;
  variables?: string;
  headers?: string;
}

const labels = PROVIDERS.map((name) => PROVIDER_MODULES[name].label);

/** The first tab: every schedule (all providers) with its recurrence and next runs. */
const DEFAULT_QUERY = `# Welcome to schedule-gateway: ${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}
# in one schema. Press the run button
# (Ctrl-Enter) to list schedules and their next runs.
# The other tabs read one schedule, create one (dry
# run), preview a recurrence and show what each
# provider accepts.

query Schedules {
  schedules(first: 10) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id
        provider
        name
        status
        recurrence {
          __typename
          ... on OneTimeRecurrence { at timeZone }
          ... on WeeklyRecurrence {
            days time timeZone startDate endDate
          }
          ... on IntervalRecurrence {
            frequency interval daysOfWeek dayOfMonth
            time timeZone
          }
        }
        nextRuns(first: 3) { at localDateTime timeZone }
      }
    }
  }
}
`;

const PREVIEW_RECURRENCE = `# The next runs of a recurrence that is not saved yet (e.g. while a user fills in a form):
# every 2 weeks on Monday and Thursday at 09:00 Paris time, DST included.

query PreviewRecurrence($recurrence: RecurrenceInput!) {
  previewRecurrence(recurrence: $recurrence, first: 6) { at localDateTime timeZone }
}
`;

const PREVIEW_RECURRENCE_VARIABLES = {
  recurrence: { interval: { frequency: 'WEEKLY', interval: 2, daysOfWeek: ['MONDAY', 'THURSDAY'], time: '09:00', timeZone: 'Europe/Paris' } },
};

const PROVIDERS_QUERY = `# What each provider accepts (and whether it is live or sandboxed), so a form can offer only what works.

query Providers {
  providers {
    provider
    mode
    recurrenceKinds
    intervalFrequencies
    maxInterval
    recipientLocalTime
    manualStart
    canList
    canUpdate
    canDelete
    canPause
    settableStatuses
    notes
  }
}
`;

const json = (value: unknown): string => JSON.stringify(value, null, 2);

/** The default tabs, in order: `DEFAULT_QUERY`, each provider's own examples (from its module), then the shared ones. */
export const DEFAULT_TABS: readonly GraphiQLTab[] = [
  { query: DEFAULT_QUERY },
  ...PROVIDERS.flatMap((name) => PROVIDER_MODULES[name].examples.map(({ query, variables }) => ({ query, variables: json(variables) }))),
  { query: PREVIEW_RECURRENCE, variables: json(PREVIEW_RECURRENCE_VARIABLES) },
  { query: PROVIDERS_QUERY },
];

/** The headers template GraphiQL shows when the gateway requires an API key (`GATEWAY_API_KEYS`). */
const API_KEY_HEADERS_TEMPLATE = json({ Authorization: 'Bearer <your gateway API key>' });

/**
 * Yoga's `graphiql` options for this gateway. With API keys required, every tab starts with the
 * Authorization template in its Headers editor (GraphiQL gives tabs from `defaultTabs` only their own headers).
 */
export function graphiqlOptions(options: { apiKeyRequired: boolean }): {
  title: string;
  defaultQuery: string;
  defaultTabs: GraphiQLTab[];
  headers?: string;
} {
  const headers = options.apiKeyRequired ? { headers: API_KEY_HEADERS_TEMPLATE } : {};
  return {
    title: 'schedule-gateway',
    defaultQuery: DEFAULT_QUERY,
    defaultTabs: DEFAULT_TABS.map((tab) => ({ ...tab, ...headers })),
    ...headers,
  };
}
