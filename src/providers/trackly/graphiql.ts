/**
 * Trackly's GraphiQL tabs: the seeded A/B schedule read by its global id, and a weekly A/B create as a dry run,
 * both runnable as is against the sandbox.
 */
import { encodeScheduleId } from '../../core/global-id.js';
import type { ExampleTab } from '../module.js';
import { TRACKLY_SEED } from './sandbox/store.js';

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

export const TRACKLY_TABS: readonly ExampleTab[] = [
  { query: READ_SCHEDULE, variables: { id: SEED_TRACKLY_SCHEDULE_ID } },
  { query: CREATE_WEEKLY_AB, variables: CREATE_WEEKLY_AB_VARIABLES },
];
