/** What a caller gives the gateway for a Burki schedule (camelCase, provider-specific, GraphQL-free). */

/** A Burki schedule belongs to a campaign: the target is the campaign whose schedule is saved. */
export interface BurkiTargetInput {
  campaignId: number;
}

/**
 * Burki's schedule has nothing but its timing, which travels in the mutation's `recurrence`; so there is no
 * patch (and no `ScheduleTargetPatchInput.burki` member). The type has no fields on purpose.
 */
export type BurkiPatchInput = Record<string, never>;
