/** Burki's face in the schema: `BurkiScheduleDetails`. */
import type { BurkiDetails } from '../core/model.js';
import { builder } from './builder.js';

export const BurkiDetailsRef = builder.objectRef<BurkiDetails>('BurkiScheduleDetails').implement({
  description: "Burki's own fields of a campaign's schedule.",
  fields: (t) => ({
    campaignId: t.exposeInt('campaignId', { description: 'The campaign this schedule belongs to.' }),
    scheduleType: t.exposeString('scheduleType', { description: 'The native schedule type: `immediate`, `scheduled` or `recurring`.' }),
  }),
});
