/**
 * What GraphiQL opens with, so a newcomer's first click does something real: one tab per common task, each
 * runnable as is against the sandbox (seeded ids below). None of them uses introspection, so they also run
 * on a live gateway where `GATEWAY_INTROSPECTION` is off. `test/browser/graphiql.test.ts` runs every tab over
 * HTTP and the first one in a real browser; `test/schema-quality.test.ts` validates them against the schema.
 */
import { encodeScheduleId } from './core/global-id.js';
import { TRACKLY_SEED } from './providers/trackly/sandbox/store.js';

/** One GraphiQL tab, in the shape Yoga's `graphiql.defaultTabs` option takes (JSON text for variables/headers). */
export interface GraphiQLTab {
  query: string;
  variables?: string;
  headers?: string;
}

/** The first tab: every schedule (all providers) with its recurrence and next runs. */
const DEFAULT_QUERY = `# Welcome to schedule-gateway: Trackly, Heymarket
# and Burki in one schema. Press the run button
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

/** The seeded Trackly weekly A/B schedule ("Weekend Promo Blast") of the sandbox. */
export const SEED_TRACKLY_SCHEDULE_ID = encodeScheduleId('TRACKLY', TRACKLY_SEED.schedules.weeklyAb);

const READ_SCHEDULE = `# One Trackly schedule by its global id: A/B variants, audiences and the offers behind each link.

query Schedule($id: ID!) {
  schedule(id: $id) {
    id
    name
    status
    nativeStatus
    recurrence {
      __typename
      ... on WeeklyRecurrence { days time timeZone startDate endDate rrule }
    }
    nextRuns(first: 5) { at localDateTime timeZone }
    details {
      __typename
      ... on TracklyScheduleDetails {
        sendType
        audiences { id name cachedSize }
        variants {
          name
          message
          percentAudience
          offerLinks { key urlParams { key value } offer { id name status payout } }
        }
      }
    }
  }
}
`;

const CREATE_WEEKLY_AB = `# A weekly A/B schedule at Trackly, as a dry run: every check runs and upstreamCalls shows the exact REST
# body, but nothing is written. Set dryRun to false to create it for real.

mutation CreateWeeklyAb($input: CreateScheduleInput!) {
  createSchedule(input: $input) {
    __typename
    ... on CreateScheduleSuccess {
      dryRun
      upstreamCalls { method path body }
      schedule { name status recurrence { ... on WeeklyRecurrence { days time startDate endDate } } }
    }
    ... on Error { code message provider providerCode }
    ... on ValidationError { issues { field message providerCode } }
  }
}
`;

const CREATE_WEEKLY_AB_VARIABLES = {
  input: {
    dryRun: true,
    target: {
      trackly: {
        name: 'Weekend A/B',
        audienceIds: [TRACKLY_SEED.audiences.allSubscribers],
        status: 'SCHEDULED',
        variants: [
          {
            name: 'Control',
            message: 'Sale: {{link1}}',
            percentAudience: 60,
            offerLinks: [{ key: 'link1', offerId: TRACKLY_SEED.offers.summerSale, urlParams: [{ key: 'utm_source', value: 'sms' }] }],
          },
          { name: 'Urgency', message: 'Last day: {{link1}}', percentAudience: 40, offerLinks: [{ key: 'link1', offerId: TRACKLY_SEED.offers.summerSale }] },
        ],
      },
    },
    recurrence: { weekly: { days: ['FRIDAY', 'SATURDAY'], time: '14:30', startDate: '2030-06-01T00:00:00Z', endDate: '2030-08-31T23:59:00Z' } },
  },
};

const PREVIEW_RECURRENCE = `# The next runs of a recurrence that is not saved yet (e.g. while a user fills in a form):
# every 2 weeks on Monday and Thursday at 09:00 Paris time, DST included.

query PreviewRecurrence($recurrence: RecurrenceInput!) {
  previewRecurrence(recurrence: $recurrence, first: 6) { at localDateTime timeZone }
}
`;

const PREVIEW_RECURRENCE_VARIABLES = {
  recurrence: { interval: { frequency: 'WEEKLY', interval: 2, daysOfWeek: ['MONDAY', 'THURSDAY'], time: '09:00', timeZone: 'Europe/Paris' } },
};

const SENDING_WINDOW = `# Sending windows (quiet hours): will any run land outside 08:00-21:00 in a recipient's zone?
# A Burki weekly call at 13:30 New York, as a dry run. In winter 13:30 New York is 08:30 in Honolulu
# (inside); after the clocks spring forward it is 07:30 there, so only the later Mondays are flagged.
# With SENDING_WINDOW_POLICY=enforce this is an OutsideSendingWindowError unless sendingWindowOverride
# gives a reason. previewRecurrence marks each run the same way (outsideSendingWindow).

mutation SendingWindow($input: CreateScheduleInput!) {
  createSchedule(input: $input) {
    __typename
    ... on CreateScheduleSuccess {
      dryRun
      warnings {
        code
        message
        zones
        suggestedWindow
        runsChecked
        runsOutside
        firstRunsOutside { at localDateTime timeZone outsideSendingWindow }
      }
    }
    ... on OutsideSendingWindowError { code message suggestedWindow }
    ... on Error { code message }
  }
}
`;

const SENDING_WINDOW_VARIABLES = {
  input: {
    dryRun: true,
    target: { burki: { campaignId: 1 } },
    recurrence: {
      weekly: { days: ['MONDAY'], time: '13:30', timeZone: 'America/New_York', startDate: '2030-02-01T00:00:00Z', endDate: '2030-04-30T00:00:00Z' },
    },
  },
};

const PROVIDERS = `# What each provider accepts (and whether it is live or sandboxed), so a form can offer only what works.

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

/** The default tabs, in order; the first one is `DEFAULT_QUERY`. */
export const DEFAULT_TABS: readonly GraphiQLTab[] = [
  { query: DEFAULT_QUERY },
  { query: READ_SCHEDULE, variables: json({ id: SEED_TRACKLY_SCHEDULE_ID }) },
  { query: CREATE_WEEKLY_AB, variables: json(CREATE_WEEKLY_AB_VARIABLES) },
  { query: PREVIEW_RECURRENCE, variables: json(PREVIEW_RECURRENCE_VARIABLES) },
  { query: SENDING_WINDOW, variables: json(SENDING_WINDOW_VARIABLES) },
  { query: PROVIDERS },
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
