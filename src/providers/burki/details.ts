/** Burki's own fields of a campaign's schedule, in neutral (camelCase) form. */
export interface BurkiDetails {
  provider: 'BURKI';
  campaignId: number;
  /** The native schedule_type: immediate | scheduled | recurring. */
  scheduleType: string;
}

/** A Burki campaign as the schema shows it (mapping.ts `toBurkiCampaignInfo`). */
export interface BurkiCampaignInfo {
  id: number;
  name: string;
  description: string | null;
  /** CALL, SMS or MIXED; null for a type this gateway does not know yet. */
  campaignType: 'CALL' | 'SMS' | 'MIXED' | null;
  /** Burki's own word for it (`call`, `sms`, `mixed`, …). */
  nativeCampaignType: string;
  status: string;
  assistantId: number | null;
  assistantName: string | null;
  totalContacts: number;
  completedContacts: number;
  failedContacts: number;
  maxAttempts: number | null;
  retryDelayMinutes: number | null;
  smsMessageTemplate: string | null;
  welcomeMessageTemplate: string | null;
  lastImportFileName: string | null;
  lastImportRowCount: number | null;
  createdAt: string | null;
  updatedAt: string | null;
}
