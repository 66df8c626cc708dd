/** Burki's own fields of a campaign's schedule, in neutral (camelCase) form. */
export interface BurkiDetails {
  provider: 'BURKI';
  campaignId: number;
  /** The native schedule_type: immediate | scheduled | recurring. */
  scheduleType: string;
}
