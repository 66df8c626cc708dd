/** Burki's GraphiQL tab: a sending-window check of a weekly call across a DST change, as a dry run. */
import type { ExampleTab } from '../module.js';

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

export const BURKI_TABS: readonly ExampleTab[] = [{ query: SENDING_WINDOW, variables: SENDING_WINDOW_VARIABLES }];
