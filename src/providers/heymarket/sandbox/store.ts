/**
 * In-memory state of the Heymarket v1 emulator: the team, its inboxes (with members and phones) and the
 * scheduled messages, plus the seed data and the mapping from a stored record to the documented
 * Scheduled read object (`execute`, `meta.content`, …).
 */

interface HeymarketTeamMember {
  id: number;
  name: string;
  email: string;
}

export interface HeymarketTeam {
  id: number;
  name: string;
  /** Max contacts per list. */
  list_size: number;
  members: HeymarketTeamMember[];
}

export interface HeymarketInbox {
  id: number;
  name: string;
  team: number;
  /** Member ids allowed to send from this inbox. */
  members: number[];
  phones: string[];
  phone: string;
  auto_assignable: boolean;
  forward_number: string | null;
  widget_code: string;
  widget_settings: Record<string, unknown>;
  allowed_domains: string[];
  invited: boolean;
  bco_chats: boolean;
  op: string;
  rev: number;
}

/** ScheduledContent after validation. */
export interface HeymarketScheduledContent {
  text?: string;
  /** The overview page calls it an object, the OpenAPI example an integer: both are kept as given. */
  template?: number | Record<string, unknown>;
  to?: string;
  attachments: Array<Record<string, unknown>>;
  gallery: Array<Record<string, unknown>>;
}

export type HeymarketTarget =
  | { kind: 'phone'; phoneNumber: string }
  | { kind: 'conversation'; conversationId: number }
  | { kind: 'list'; listId: number }
  | { kind: 'targets'; targets: Array<Record<string, unknown>> };

/** A validated create/update body (see rules.ts). */
export interface HeymarketScheduleInput {
  inboxId: number;
  /** The instant of `execute_at`. */
  executeAt: Date;
  content: HeymarketScheduledContent;
  target: HeymarketTarget;
  localId: string | null;
  userId: number | null;
}

export interface HeymarketScheduleRecord extends HeymarketScheduleInput {
  id: number;
  created: Date;
  updated: Date;
  op: 'create' | 'update';
  rev: number;
}

/**
 * The documented read object of `GET /v1/schedule/{id}` (upstreams.md §2.3, the OpenAPI example): every field
 * always present with its documented type, and a field that is not set carries its zero value (0, "", []),
 * as Heymarket's example does — a message to a phone number reads `conversation_id: 0, list_id: 0,
 * template: 0`. test/sandbox/heymarket-documented-shape.test.ts holds this to the documented example.
 */
export interface HeymarketScheduledObject {
  id: number;
  execute: string;
  inbox_id: number;
  local_id: string;
  created: string;
  updated: string;
  op: 'create' | 'update';
  rev: number;
  meta: {
    campaign_id: number;
    campaign_step_id: number;
    campaign_target_phone: string;
    conversation_id: number;
    list_id: number;
    /** Undocumented: group-MMS targets, only on messages created with `targets`. */
    targets?: Array<Record<string, unknown>>;
    content: {
      text: string;
      to: string;
      template: number | Record<string, unknown>;
      attachments: Array<Record<string, unknown>>;
      gallery: Array<Record<string, unknown>>;
      local_day: number;
      local_time: string;
      offset: number;
    };
  };
}

/** Fixed ids of the seed data, for tests and the gateway's sandbox configuration. */
export const HEYMARKET_SEED = {
  teamId: 7701,
  inboxes: { main: 413, billing: 414 },
  members: { owner: 501, alice: 502, bob: 503 },
  phones: { main: '14155550100', billing: '14155550199' },
  schedules: { phone: 88, conversation: 89, list: 90 },
  conversationId: 3301,
  listId: 6601,
} as const;

/** First id handed out to a message created through the API. */
const HEYMARKET_FIRST_CREATED_ID = 1001;

const QUARTER_HOUR_MS = 15 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** RFC 3339 in UTC with `Z` and no fractional seconds (execute times are whole quarter-hours anyway). */
function formatRfc3339Utc(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The next quarter-hour boundary strictly after `date`. */
function nextQuarterHour(date: Date): Date {
  return new Date((Math.floor(date.getTime() / QUARTER_HOUR_MS) + 1) * QUARTER_HOUR_MS);
}

export class HeymarketStore {
  readonly team: HeymarketTeam;
  private readonly inboxes = new Map<number, HeymarketInbox>();
  private readonly schedules = new Map<number, HeymarketScheduleRecord>();
  private nextId = HEYMARKET_FIRST_CREATED_ID;

  constructor(options: { seed: boolean; now: Date }) {
    const { members, inboxes, phones } = HEYMARKET_SEED;
    this.team = {
      id: HEYMARKET_SEED.teamId,
      name: 'Sandbox Dental Group',
      list_size: 10000,
      members: [
        { id: members.owner, name: 'Olivia Owner', email: 'owner@sandbox.example.com' },
        { id: members.alice, name: 'Alice Front-Desk', email: 'alice@sandbox.example.com' },
        { id: members.bob, name: 'Bob Billing', email: 'bob@sandbox.example.com' },
      ],
    };
    // ASSUMPTION: the team and its inboxes always exist (without them nothing can be scheduled); `seed: false`
    // only leaves out the pre-existing scheduled messages.
    this.addInbox({
      id: inboxes.main,
      name: 'Main Line',
      team: this.team.id,
      members: [members.owner, members.alice],
      phones: [phones.main],
      phone: phones.main,
      auto_assignable: true,
      forward_number: null,
      widget_code: 'hm-widget-sandbox-413',
      widget_settings: { color: '#2f6fed', greeting: 'Hi! How can we help?', position: 'right' },
      allowed_domains: ['sandbox.example.com'],
      invited: false,
      bco_chats: false,
      op: 'update',
      rev: 3,
    });
    this.addInbox({
      id: inboxes.billing,
      name: 'Billing',
      team: this.team.id,
      members: [members.owner, members.bob],
      phones: [phones.billing],
      phone: phones.billing,
      auto_assignable: false,
      forward_number: '14155550142',
      widget_code: 'hm-widget-sandbox-414',
      widget_settings: { color: '#12a150', greeting: 'Questions about a bill?', position: 'left' },
      allowed_domains: [],
      invited: false,
      bco_chats: true,
      op: 'create',
      rev: 1,
    });
    if (options.seed) this.seedSchedules(options.now);
  }

  private seedSchedules(now: Date): void {
    const base = nextQuarterHour(new Date(now.getTime() + DAY_MS));
    const seeds: Array<{ id: number; offsetMs: number; target: HeymarketTarget; content: HeymarketScheduledContent; localId: string | null; inboxId: number }> =
      [
        {
          id: HEYMARKET_SEED.schedules.phone,
          offsetMs: 0,
          inboxId: HEYMARKET_SEED.inboxes.main,
          target: { kind: 'phone', phoneNumber: '14155553434' },
          content: { text: 'Your appointment is tomorrow at 2pm', to: '14155553434', attachments: [], gallery: [] },
          localId: 'f4bb74f2-7827-4a61-83c1-04164338fb6f',
        },
        {
          id: HEYMARKET_SEED.schedules.conversation,
          offsetMs: DAY_MS + 2 * QUARTER_HOUR_MS,
          inboxId: HEYMARKET_SEED.inboxes.main,
          target: { kind: 'conversation', conversationId: HEYMARKET_SEED.conversationId },
          content: { text: 'Following up on our conversation: see you soon!', attachments: [], gallery: [] },
          localId: null,
        },
        {
          id: HEYMARKET_SEED.schedules.list,
          offsetMs: 2 * DAY_MS + 4 * QUARTER_HOUR_MS,
          inboxId: HEYMARKET_SEED.inboxes.billing,
          target: { kind: 'list', listId: HEYMARKET_SEED.listId },
          content: { text: 'Reminder: invoices are due on Friday.', attachments: [], gallery: [] },
          localId: 'seed-list-broadcast',
        },
      ];
    for (const seed of seeds) {
      this.schedules.set(seed.id, {
        id: seed.id,
        inboxId: seed.inboxId,
        executeAt: new Date(base.getTime() + seed.offsetMs),
        content: seed.content,
        target: seed.target,
        localId: seed.localId,
        userId: null,
        created: now,
        updated: now,
        op: 'create',
        rev: 1,
      });
    }
  }

  addInbox(inbox: HeymarketInbox): void {
    this.inboxes.set(inbox.id, inbox);
  }

  listInboxes(): HeymarketInbox[] {
    return [...this.inboxes.values()];
  }

  getInbox(id: number): HeymarketInbox | undefined {
    return this.inboxes.get(id);
  }

  getSchedule(id: number): HeymarketScheduleRecord | undefined {
    return this.schedules.get(id);
  }

  listSchedules(): HeymarketScheduleRecord[] {
    return [...this.schedules.values()];
  }

  createSchedule(input: HeymarketScheduleInput, now: Date): HeymarketScheduleRecord {
    const record: HeymarketScheduleRecord = { ...input, id: this.nextId++, created: now, updated: now, op: 'create', rev: 1 };
    this.schedules.set(record.id, record);
    return record;
  }

  /** Full replacement (PUT takes the same body as create). Returns undefined for an unknown id. */
  replaceSchedule(id: number, input: HeymarketScheduleInput, now: Date): HeymarketScheduleRecord | undefined {
    const existing = this.schedules.get(id);
    if (!existing) return undefined;
    const record: HeymarketScheduleRecord = {
      ...input,
      id,
      created: existing.created,
      // Keep `updated` strictly increasing even when the clock does not move (frozen test clocks).
      updated: new Date(Math.max(now.getTime(), existing.updated.getTime() + 1)),
      op: 'update',
      rev: existing.rev + 1,
    };
    this.schedules.set(id, record);
    return record;
  }

  deleteSchedule(id: number): boolean {
    return this.schedules.delete(id);
  }

  /** ASSUMPTION: a message counts as sent once its `execute` instant is at or before `now`. */
  isSent(record: HeymarketScheduleRecord, now: Date): boolean {
    return record.executeAt.getTime() <= now.getTime();
  }

  toScheduledObject(record: HeymarketScheduleRecord): HeymarketScheduledObject {
    // ASSUMPTION: the phone_number target is echoed as `meta.content.to` (the documented read object has no
    // top-level recipient field).
    const to = record.target.kind === 'phone' ? record.target.phoneNumber : record.content.to;
    // Zero values for everything not set, as the documented example has them (see the interface).
    // ASSUMPTION: campaign_* are zero for messages not created by a campaign; local_day / local_time / offset
    // (meaning undocumented) are zero.
    const meta: HeymarketScheduledObject['meta'] = {
      campaign_id: 0,
      campaign_step_id: 0,
      campaign_target_phone: '',
      conversation_id: record.target.kind === 'conversation' ? record.target.conversationId : 0,
      list_id: record.target.kind === 'list' ? record.target.listId : 0,
      content: {
        text: record.content.text ?? '',
        to: to ?? '',
        template: record.content.template ?? 0,
        attachments: record.content.attachments,
        gallery: record.content.gallery,
        local_day: 0,
        local_time: '',
        offset: 0,
      },
    };
    // ASSUMPTION: group-MMS `targets` are echoed as `meta.targets` (the read object documents no such field).
    if (record.target.kind === 'targets') meta.targets = record.target.targets;
    return {
      id: record.id,
      // ASSUMPTION: `execute` is echoed in UTC with `Z`, whatever offset the request used.
      execute: formatRfc3339Utc(record.executeAt),
      inbox_id: record.inboxId,
      local_id: record.localId ?? '',
      created: record.created.toISOString(),
      updated: record.updated.toISOString(),
      op: record.op,
      rev: record.rev,
      meta,
    };
  }
}
