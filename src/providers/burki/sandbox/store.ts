/**
 * In-memory state of the Burki emulator: campaigns, their contacts and their schedule records, plus the
 * deterministic seed data. Nothing here speaks HTTP; `routes.ts` does, on top of this store.
 */

type BurkiCampaignType = 'call' | 'sms' | 'mixed';
/** ASSUMPTION: the full status enum is not documented; these are the values seen or mentioned in the docs. */
export type BurkiCampaignStatus = 'draft' | 'scheduled' | 'running' | 'paused' | 'completed';

/** The wire shape of a campaign (upstreams.md 3.6), exactly; `organization_id` is kept beside it, not in it. */
export interface BurkiCampaignJson {
  id: number;
  name: string;
  description: string;
  campaign_type: BurkiCampaignType;
  status: BurkiCampaignStatus;
  assistant_id: number;
  assistant_name: string;
  welcome_message_template: string | null;
  agenda_template: string | null;
  end_call_message_template: string | null;
  sms_message_template: string | null;
  fallback_values: Record<string, string>;
  variable_mappings: Record<string, string>;
  available_variables: string[];
  max_attempts: number;
  retry_delay_minutes: number;
  total_contacts: number;
  completed_contacts: number;
  failed_contacts: number;
  created_at: string;
  updated_at: string;
  // ASSUMPTION: the last_import_* fields are null until contacts have been imported (the doc shows only strings/ints).
  last_import_file_name: string | null;
  last_import_date: string | null;
  last_import_row_count: number | null;
}

export interface BurkiCampaignRecord {
  organizationId: number;
  campaign: BurkiCampaignJson;
}

/** ASSUMPTION: the contact object is not documented; this is a plausible minimal shape. */
export type BurkiContactStatus = 'pending' | 'in_progress' | 'completed' | 'failed';
export interface BurkiContactJson {
  id: number;
  campaign_id: number;
  phone_number: string;
  name: string | null;
  email: string | null;
  status: BurkiContactStatus;
  attempts: number;
  last_attempt_at: string | null;
  custom_data: Record<string, string>;
  created_at: string;
}

export type BurkiFrequency = 'daily' | 'weekly' | 'monthly';

/** The `recurring_config` as it is echoed by GET .../schedule. */
export interface BurkiRecurringConfigJson {
  frequency: BurkiFrequency;
  interval: number;
  days_of_week: number[] | null;
  day_of_month: number | null;
  time: string | null;
  time_zone: string;
  end_date: string | null;
}

export interface BurkiScheduleRecord {
  schedule_type: 'scheduled' | 'recurring';
  /** The start instant in UTC with `Z`; null for a recurring schedule saved without `scheduled_at`. */
  scheduled_at: string | null;
  /** The top-level `timezone` the record was saved with (default UTC). */
  timezone: string;
  recurring_config: BurkiRecurringConfigJson | null;
  saved_at: string;
}

/** The organization the sandbox API key belongs to, and the "other" one used for 403s. */
export const BURKI_ORGANIZATION_ID = 1;
const BURKI_OTHER_ORGANIZATION_ID = 2;

/** Deterministic seed ids (seed campaigns are inserted in this order, ids from 1). */
export const BURKI_SEED = {
  /** draft, never scheduled (reads back as immediate), 3 contacts */
  draftImmediate: 1,
  /** scheduled once, in the future, Europe/Paris, 2 contacts */
  scheduledOnce: 2,
  /** recurring weekly, interval 2, days [1,4], 09:00 Europe/Paris, 4 contacts */
  recurringWeekly: 3,
  /** recurring monthly, day_of_month 15, 10:30 America/New_York, 2 contacts */
  recurringMonthly: 4,
  /** running, 5 contacts */
  running: 5,
  /** draft with zero contacts (start → 400 "No contacts found") */
  noContacts: 6,
  /** belongs to another organization (→ 403) */
  otherOrganization: 7,
  /** paused, 2 contacts */
  paused: 8,
} as const;

export interface AddCampaignInput extends Partial<Omit<BurkiCampaignJson, 'id' | 'total_contacts' | 'completed_contacts' | 'failed_contacts'>> {
  organizationId?: number;
  /** Number of pending contacts to create (default 0). */
  contacts?: number;
}

function iso(date: Date): string {
  // ASSUMPTION: timestamps are rendered without fractional seconds, with `Z`.
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * ASSUMPTION: the emulator never changes a campaign's status on its own (a `scheduled` campaign does not become
 * `running` when its time comes, a running one never `completed`); only the API and tests (`setStatus`) do.
 */
export class BurkiStore {
  private readonly campaigns = new Map<number, BurkiCampaignRecord>();
  private readonly contacts = new Map<number, BurkiContactJson[]>();
  private readonly schedules = new Map<number, BurkiScheduleRecord>();
  private nextCampaignId = 1;
  private nextContactId = 1;

  constructor(private readonly now: () => Date) {}

  addCampaign(input: AddCampaignInput = {}): BurkiCampaignJson {
    const id = this.nextCampaignId++;
    const stamp = iso(this.now());
    const { organizationId, contacts, ...fields } = input;
    const campaign: BurkiCampaignJson = {
      id,
      name: `Campaign ${id}`,
      description: '',
      campaign_type: 'call',
      status: 'draft',
      assistant_id: 1,
      assistant_name: 'Sandbox Assistant',
      welcome_message_template: 'Hi {name}, this is Sandbox Assistant.',
      agenda_template: null,
      end_call_message_template: null,
      sms_message_template: null,
      fallback_values: { name: 'there' },
      variable_mappings: { Name: 'name', Phone: 'phone_number' },
      available_variables: ['name', 'phone_number'],
      max_attempts: 3,
      retry_delay_minutes: 30,
      created_at: stamp,
      updated_at: stamp,
      last_import_file_name: null,
      last_import_date: null,
      last_import_row_count: null,
      ...fields,
      total_contacts: 0,
      completed_contacts: 0,
      failed_contacts: 0,
    };
    this.campaigns.set(id, { organizationId: organizationId ?? BURKI_ORGANIZATION_ID, campaign });
    this.contacts.set(id, []);
    if (contacts && contacts > 0) this.addContacts(id, contacts);
    return this.snapshot(campaign);
  }

  /** Adds `count` pending contacts to a campaign; returns them. */
  addContacts(campaignId: number, count: number, status: BurkiContactStatus = 'pending'): BurkiContactJson[] {
    const list = this.contacts.get(campaignId);
    const record = this.campaigns.get(campaignId);
    if (!list || !record) throw new Error(`Burki sandbox: no campaign ${campaignId}`);
    const created: BurkiContactJson[] = [];
    for (let i = 0; i < count; i++) {
      const id = this.nextContactId++;
      created.push({
        id,
        campaign_id: campaignId,
        phone_number: `+1555${String(1000000 + id).slice(-7)}`,
        name: `Contact ${id}`,
        email: null,
        status,
        attempts: status === 'pending' ? 0 : 1,
        last_attempt_at: null,
        custom_data: {},
        created_at: iso(this.now()),
      });
    }
    list.push(...created);
    this.recount(record);
    if (created.length > 0) {
      record.campaign.last_import_file_name = 'contacts.csv';
      record.campaign.last_import_date = iso(this.now());
      record.campaign.last_import_row_count = created.length;
    }
    return created.map((c) => ({ ...c }));
  }

  private recount(record: BurkiCampaignRecord): void {
    const list = this.contacts.get(record.campaign.id) ?? [];
    record.campaign.total_contacts = list.length;
    record.campaign.completed_contacts = list.filter((c) => c.status === 'completed').length;
    record.campaign.failed_contacts = list.filter((c) => c.status === 'failed').length;
  }

  private snapshot(campaign: BurkiCampaignJson): BurkiCampaignJson {
    return structuredClone(campaign);
  }

  /** The live record (mutable; routes use it), or undefined. */
  record(id: number): BurkiCampaignRecord | undefined {
    return this.campaigns.get(id);
  }

  /** A copy of the campaign's wire JSON, or undefined. */
  getCampaign(id: number): BurkiCampaignJson | undefined {
    const record = this.campaigns.get(id);
    return record ? this.snapshot(record.campaign) : undefined;
  }

  /** Campaigns of one organization ordered by id, optionally filtered by status. */
  listCampaigns(organizationId: number, status?: string): BurkiCampaignJson[] {
    return [...this.campaigns.values()]
      .filter((r) => r.organizationId === organizationId && (status === undefined || r.campaign.status === status))
      .sort((a, b) => a.campaign.id - b.campaign.id)
      .map((r) => this.snapshot(r.campaign));
  }

  listContacts(campaignId: number): BurkiContactJson[] {
    return (this.contacts.get(campaignId) ?? []).map((c) => ({ ...c, custom_data: { ...c.custom_data } }));
  }

  setStatus(id: number, status: BurkiCampaignStatus): void {
    const record = this.campaigns.get(id);
    if (!record) throw new Error(`Burki sandbox: no campaign ${id}`);
    record.campaign.status = status;
    record.campaign.updated_at = iso(this.now());
  }

  getSchedule(id: number): BurkiScheduleRecord | undefined {
    const schedule = this.schedules.get(id);
    return schedule ? structuredClone(schedule) : undefined;
  }

  setSchedule(id: number, schedule: BurkiScheduleRecord): void {
    this.schedules.set(id, structuredClone(schedule));
    const record = this.campaigns.get(id);
    if (record) record.campaign.updated_at = iso(this.now());
  }

  clearSchedule(id: number): void {
    this.schedules.delete(id);
    const record = this.campaigns.get(id);
    if (record) record.campaign.updated_at = iso(this.now());
  }

  /**
   * The seed: ids are deterministic (see BURKI_SEED). Schedule instants are computed relative to `now()` so
   * that "future" stays future whatever the clock says.
   */
  seed(): void {
    const now = this.now();
    const year = now.getUTCFullYear() + 1;
    this.addCampaign({ name: 'Spring renewals', description: 'Draft, starts when started', contacts: 3 });

    this.addCampaign({ name: 'Paris launch call', description: 'One-off call in Paris', campaign_type: 'call', contacts: 2, status: 'scheduled' });
    this.setSchedule(BURKI_SEED.scheduledOnce, {
      schedule_type: 'scheduled',
      // 09:00 Europe/Paris (CEST, +02:00) on 15 June of next year.
      scheduled_at: `${year}-06-15T07:00:00Z`,
      timezone: 'Europe/Paris',
      recurring_config: null,
      saved_at: iso(now),
    });

    this.addCampaign({
      name: 'Fortnightly check-in',
      description: 'Every other Monday and Thursday',
      campaign_type: 'mixed',
      contacts: 4,
      status: 'scheduled',
    });
    this.setSchedule(BURKI_SEED.recurringWeekly, {
      schedule_type: 'recurring',
      // 09:00 Europe/Paris (CET, +01:00) on 5 January of next year.
      scheduled_at: `${year}-01-05T08:00:00Z`,
      timezone: 'Europe/Paris',
      recurring_config: {
        frequency: 'weekly',
        interval: 2,
        days_of_week: [1, 4],
        day_of_month: null,
        time: '09:00',
        time_zone: 'Europe/Paris',
        end_date: null,
      },
      saved_at: iso(now),
    });

    this.addCampaign({
      name: 'Monthly statement SMS',
      description: 'The 15th of every month',
      campaign_type: 'sms',
      sms_message_template: 'Hi {name}, your statement is ready.',
      contacts: 2,
      status: 'scheduled',
    });
    this.setSchedule(BURKI_SEED.recurringMonthly, {
      schedule_type: 'recurring',
      scheduled_at: null,
      timezone: 'America/New_York',
      recurring_config: {
        frequency: 'monthly',
        interval: 1,
        days_of_week: null,
        day_of_month: 15,
        time: '10:30',
        time_zone: 'America/New_York',
        end_date: `${year + 1}-12-31`,
      },
      saved_at: iso(now),
    });

    this.addCampaign({ name: 'Winback calls', description: 'Running now', contacts: 5, status: 'running' });
    this.addCampaign({ name: 'Empty draft', description: 'No contacts imported yet' });
    this.addCampaign({ name: 'Other org campaign', description: 'Belongs to organization 2', organizationId: BURKI_OTHER_ORGANIZATION_ID, contacts: 1 });
    this.addCampaign({ name: 'Paused survey', description: 'Paused mid-run', contacts: 2, status: 'paused' });
  }
}
