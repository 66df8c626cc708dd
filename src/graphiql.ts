/** What GraphiQL opens with, so a newcomer's first click does something real against the sandbox. */
export const DEFAULT_QUERY = `# Welcome to schedule-gateway: one schema over Trackly, Heymarket and Burki.
# Press the play button to list schedules with their next runs.

query Schedules {
  schedules(first: 10) {
    totalCount
    edges {
      node {
        id
        provider
        name
        status
        recurrence {
          __typename
          ... on OneTimeRecurrence { at timeZone }
          ... on WeeklyRecurrence { days time timeZone startDate endDate }
          ... on IntervalRecurrence { frequency interval daysOfWeek dayOfMonth time timeZone }
        }
        nextRuns(first: 3) { at localDateTime timeZone }
      }
    }
  }
  providers: __type(name: "Provider") { enumValues { name description } }
}
`;
