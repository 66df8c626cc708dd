/**
 * State of the Trackly SMS v2 emulator: schedules, audiences, offers and sending lists, each kept in the exact
 * snake_case shape the real API returns (upstreams.md §1.5–1.8), plus the deterministic demo data the sandbox
 * starts with. No HTTP and no validation here: `rules.ts` decides what is accepted, `routes.ts` serves it.
 */
import { randomBytes } from 'node:crypto';

export const TRACKLY_SCHEDULE_STATUSES = ['draft', 'off', 'on', 'complete', 'archive'] as const;
export type TracklyScheduleStatus = (typeof TRACKLY_SCHEDULE_STATUSES)[number];

export const TRACKLY_SEND_TYPES = ['blast', 'automated'] as const;
export type TracklySendType = (typeof TRACKLY_SEND_TYPES)[number];

export const TRACKLY_DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
type TracklyDay = (typeof TRACKLY_DAYS)[number];
export type TracklyDaysOfWeek = Record<TracklyDay, boolean>;

export interface TracklyOfferLink {
  key: string;
  offer_id: string;
  url_params: Record<string, string>;
}

export interface TracklyBlast {
  message: string;
  offer_links: TracklyOfferLink[];
  percent_audience: number;
  /** As sent; null when the client sent none (ASSUMPTION: the docs only show it filled in). */
  variant_name: string | null;
  mms_image_url: string | null;
}

export interface TracklySchedule {
  id: string;
  name: string;
  status: TracklyScheduleStatus;
  send_type: TracklySendType;
  source_lists: number[];
  audiences: string[];
  is_repeating: boolean;
  /** `HH:MM`, 24-hour clock, read in the account zone (or each recipient's zone when `use_local_time`). */
  send_time: string;
  /** Echoed exactly as the client sent it (the docs' examples use `YYYY-MM-DDT00:00:00Z`). */
  send_date: string | null;
  start_date: string | null;
  end_date: string | null;
  days_of_week: TracklyDaysOfWeek;
  skip_within_hours: number;
  use_local_time: boolean;
  filter_bots: boolean;
  is_mms: boolean;
  is_cto: boolean;
  automated_percent: number;
  ir_revenue: number;
  blasts: TracklyBlast[];
  created_at: string;
  updated_at: string;
}

export const TRACKLY_AUDIENCE_STATUSES = ['active', 'archived'] as const;
type TracklyAudienceStatus = (typeof TRACKLY_AUDIENCE_STATUSES)[number];

/** Filter conditions come back camelCase (`conditionType`, `listId`) even though requests use snake_case. */
interface TracklyAudienceCondition {
  conditionType: string;
  [key: string]: string | number | boolean | null | string[] | number[];
}

interface TracklyAudienceFilter {
  operator: 'AND' | 'OR';
  conditions: TracklyAudienceCondition[];
  groups: TracklyAudienceFilter[];
}

export interface TracklyAudience {
  id: string;
  name: string;
  description: string;
  /** Empty means all lists. */
  source_lists: number[];
  filter: TracklyAudienceFilter;
  cached_size: number | null;
  /** No `Z` / offset, as in the docs' examples (`2025-11-15T08:30:00`). */
  cached_size_updated_at: string | null;
  status: TracklyAudienceStatus;
  /** No `Z` / offset, as in the docs' examples. */
  created_at: string;
}

export const TRACKLY_OFFER_STATUSES = ['active', 'paused', 'archived'] as const;
type TracklyOfferStatus = (typeof TRACKLY_OFFER_STATUSES)[number];

export interface TracklyOffer {
  id: string;
  name: string;
  tracking_url: string;
  external_platform: 'tune' | 'everflow' | null;
  external_id: string | null;
  advertiser_id: string | null;
  payout: number;
  payout_type: 'cpa' | 'cpc';
  filter_bots: boolean;
  status: TracklyOfferStatus;
  metadata: Record<string, string>;
  created_at: string;
  updated_at: string;
}

export const TRACKLY_LIST_STATUSES = ['active', 'paused', 'suspended', 'deleted'] as const;
type TracklyListStatus = (typeof TRACKLY_LIST_STATUSES)[number];

export interface TracklyList {
  id: number;
  /** E.164. */
  phone_number: string;
  brand_name: string;
  list_name: string;
  list_type: 'lime' | 'infobip' | 'twilio' | 'cm';
  status: TracklyListStatus;
  contact_count: number;
  created_at: string;
}

/** Deterministic ids of the demo data, so docs and tests can reference them. */
export const TRACKLY_SEED = {
  audiences: {
    /** The id used in Trackly's own documentation examples. */
    allSubscribers: '665fa1b2c3d4e5f6a7b8c901',
    vipBuyers: '665fa1b2c3d4e5f6a7b8c902',
    weekendShoppers: '665fa1b2c3d4e5f6a7b8c903',
    recentClickers: '665fa1b2c3d4e5f6a7b8c904',
    winBack: '665fa1b2c3d4e5f6a7b8c905',
    westCoast: '665fa1b2c3d4e5f6a7b8c906',
    /** status `archived`: rejected by create/update with `audience_not_found`. */
    archivedHoliday: '665fa1b2c3d4e5f6a7b8c9a0',
  },
  offers: {
    summerSale: '6660b1c2d3e4f5a6b7c8d901',
    freeShipping: '6660b1c2d3e4f5a6b7c8d902',
    /** status `paused`. */
    loyaltyBonus: '6660b1c2d3e4f5a6b7c8d903',
    /** status `archived` (excluded from the default offers list, still exists). */
    springClearance: '6660b1c2d3e4f5a6b7c8d904',
  },
  lists: {
    main: 101,
    promo: 204,
    /** status `deleted`: 404 on GET and `source_list_not_found` when referenced. */
    legacy: 305,
  },
  schedules: {
    /** Repeating weekly A/B blast (Control 60 / Urgency 40), `{{link1}}` offer links, account time zone. The docs' example id. */
    weeklyAb: '6651a3f2e4b0a1c2d3e4f567',
    /** Repeating weekday blast read in each recipient's local time. */
    localTime: '6651a3f2e4b0a1c2d3e4f568',
    /** One-time blast a week ahead. */
    oneTime: '6651a3f2e4b0a1c2d3e4f569',
    /** Draft automated schedule (no blasts). */
    draftAutomated: '6651a3f2e4b0a1c2d3e4f56a',
    /** status `complete`: PUT answers `schedule_complete`. */
    complete: '6651a3f2e4b0a1c2d3e4f56b',
    /** status `archive`: hidden from the default list, still readable by id. */
    archived: '6651a3f2e4b0a1c2d3e4f56c',
  },
} as const;

/** ISO-8601 with `Z` and whole seconds, as in the docs' examples (`2025-05-28T10:15:30Z`). */
function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Audience timestamps carry no zone designator in the docs' examples. */
function isoNoZone(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '');
}

/** Midnight UTC `days` from `now`, in the `YYYY-MM-DDT00:00:00Z` form the docs use for schedule dates. */
function dayFrom(now: Date, days: number): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days));
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

export function emptyDays(): TracklyDaysOfWeek {
  return { monday: false, tuesday: false, wednesday: false, thursday: false, friday: false, saturday: false, sunday: false };
}

function daysOf(...days: TracklyDay[]): TracklyDaysOfWeek {
  const result = emptyDays();
  for (const day of days) result[day] = true;
  return result;
}

export class TracklyStore {
  readonly schedules = new Map<string, TracklySchedule>();
  readonly audiences = new Map<string, TracklyAudience>();
  readonly offers = new Map<string, TracklyOffer>();
  readonly lists = new Map<number, TracklyList>();
  readonly now: () => Date;

  constructor(options: { now?: () => Date; seed?: boolean } = {}) {
    this.now = options.now ?? (() => new Date());
    if (options.seed !== false) this.seed();
  }

  /** A fresh ObjectId-like 24-hex id. */
  newId(): string {
    return randomBytes(12).toString('hex');
  }

  timestamp(): string {
    return isoSeconds(this.now());
  }

  addAudience(input: Partial<TracklyAudience> = {}): TracklyAudience {
    const now = this.now();
    const audience: TracklyAudience = {
      id: input.id ?? this.newId(),
      name: input.name ?? 'Sandbox audience',
      description: input.description ?? '',
      source_lists: input.source_lists ?? [],
      filter: input.filter ?? { operator: 'AND', conditions: [], groups: [] },
      cached_size: input.cached_size ?? null,
      cached_size_updated_at: input.cached_size_updated_at ?? null,
      status: input.status ?? 'active',
      created_at: input.created_at ?? isoNoZone(now),
    };
    this.audiences.set(audience.id, audience);
    return audience;
  }

  addOffer(input: Partial<TracklyOffer> = {}): TracklyOffer {
    const stamp = this.timestamp();
    const offer: TracklyOffer = {
      id: input.id ?? this.newId(),
      name: input.name ?? 'Sandbox offer',
      tracking_url: input.tracking_url ?? 'https://track.example.com/c/sandbox',
      external_platform: input.external_platform ?? null,
      external_id: input.external_id ?? null,
      advertiser_id: input.advertiser_id ?? null,
      payout: input.payout ?? 0,
      payout_type: input.payout_type ?? 'cpa',
      filter_bots: input.filter_bots ?? false,
      status: input.status ?? 'active',
      metadata: input.metadata ?? {},
      created_at: input.created_at ?? stamp,
      updated_at: input.updated_at ?? stamp,
    };
    this.offers.set(offer.id, offer);
    return offer;
  }

  addList(input: Partial<TracklyList> = {}): TracklyList {
    const id = input.id ?? this.nextListId();
    const list: TracklyList = {
      id,
      phone_number: input.phone_number ?? '+15555550100',
      brand_name: input.brand_name ?? 'Sandbox Brand',
      list_name: input.list_name ?? `List ${id}`,
      list_type: input.list_type ?? 'twilio',
      status: input.status ?? 'active',
      contact_count: input.contact_count ?? 0,
      created_at: input.created_at ?? this.timestamp(),
    };
    this.lists.set(list.id, list);
    return list;
  }

  /** Stores a schedule as given (no validation), filling every missing field with the API's defaults. */
  addSchedule(input: Partial<TracklySchedule> = {}): TracklySchedule {
    const stamp = this.timestamp();
    const isRepeating = input.is_repeating ?? false;
    const schedule: TracklySchedule = {
      id: input.id ?? this.newId(),
      name: input.name ?? 'Sandbox schedule',
      status: input.status ?? 'draft',
      send_type: input.send_type ?? 'blast',
      source_lists: input.source_lists ?? [],
      audiences: input.audiences ?? [],
      is_repeating: isRepeating,
      send_time: input.send_time ?? '12:00',
      send_date: input.send_date ?? null,
      start_date: input.start_date ?? null,
      end_date: input.end_date ?? null,
      days_of_week: { ...emptyDays(), ...input.days_of_week },
      skip_within_hours: input.skip_within_hours ?? 0,
      use_local_time: input.use_local_time ?? false,
      filter_bots: input.filter_bots ?? false,
      is_mms: input.is_mms ?? false,
      is_cto: input.is_cto ?? false,
      automated_percent: input.automated_percent ?? 0,
      ir_revenue: input.ir_revenue ?? 0,
      blasts: (input.blasts ?? []).map((blast) => ({ ...blast })),
      created_at: input.created_at ?? stamp,
      updated_at: input.updated_at ?? input.created_at ?? stamp,
    };
    this.schedules.set(schedule.id, schedule);
    return schedule;
  }

  private nextListId(): number {
    let max = 0;
    for (const id of this.lists.keys()) max = Math.max(max, id);
    return max + 1;
  }

  /** The demo account: audiences, offers, sending lists and one schedule of each interesting kind. */
  private seed(): void {
    const now = this.now();
    const created = daysBefore(now, 30);
    const createdIso = isoSeconds(created);
    const sizedAt = isoNoZone(daysBefore(now, 1));
    const A = TRACKLY_SEED.audiences;
    const O = TRACKLY_SEED.offers;
    const L = TRACKLY_SEED.lists;
    const S = TRACKLY_SEED.schedules;

    this.addList({
      id: L.main,
      phone_number: '+15555550101',
      brand_name: 'Acme Outfitters',
      list_name: 'Acme Main',
      list_type: 'twilio',
      status: 'active',
      contact_count: 48210,
      created_at: createdIso,
    });
    this.addList({
      id: L.promo,
      phone_number: '+15555550204',
      brand_name: 'Acme Outfitters',
      list_name: 'Acme Promo',
      list_type: 'infobip',
      status: 'active',
      contact_count: 12875,
      created_at: createdIso,
    });
    this.addList({
      id: L.legacy,
      phone_number: '+15555550305',
      brand_name: 'Acme Outfitters',
      list_name: 'Acme Legacy',
      list_type: 'lime',
      status: 'deleted',
      contact_count: 0,
      created_at: createdIso,
    });

    const audience = (
      id: string,
      name: string,
      description: string,
      sourceLists: number[],
      filter: TracklyAudienceFilter,
      size: number | null,
      status: TracklyAudienceStatus = 'active',
    ) =>
      this.addAudience({
        id,
        name,
        description,
        source_lists: sourceLists,
        filter,
        cached_size: size,
        cached_size_updated_at: size === null ? null : sizedAt,
        status,
        created_at: isoNoZone(created),
      });
    audience(A.allSubscribers, 'All Subscribers', 'Every opted-in contact on every list', [], { operator: 'AND', conditions: [], groups: [] }, 61085);
    audience(
      A.vipBuyers,
      'VIP Buyers',
      'Purchased 3+ times in the last 90 days',
      [L.main],
      { operator: 'AND', conditions: [{ conditionType: 'purchase_count', operator: 'gte', value: 3, days: 90 }], groups: [] },
      2140,
    );
    audience(
      A.weekendShoppers,
      'Weekend Shoppers',
      'Clicked on a Saturday or Sunday',
      [L.main, L.promo],
      {
        operator: 'OR',
        conditions: [
          { conditionType: 'clicked_on_day', value: 'saturday' },
          { conditionType: 'clicked_on_day', value: 'sunday' },
        ],
        groups: [],
      },
      9630,
    );
    audience(
      A.recentClickers,
      'Recent Clickers',
      'Clicked any link in the last 14 days',
      [L.promo],
      { operator: 'AND', conditions: [{ conditionType: 'clicked', days: 14 }], groups: [] },
      5311,
    );
    audience(
      A.winBack,
      'Win-back',
      'Members of the main list with no click in 60 days',
      [L.main],
      {
        operator: 'AND',
        conditions: [{ conditionType: 'list_membership', listId: L.main }],
        groups: [{ operator: 'OR', conditions: [{ conditionType: 'not_clicked', days: 60 }], groups: [] }],
      },
      null,
    );
    audience(
      A.westCoast,
      'West Coast',
      'Contacts with a Pacific-time area code',
      [],
      { operator: 'AND', conditions: [{ conditionType: 'timezone', value: 'America/Los_Angeles' }], groups: [] },
      7702,
    );
    audience(
      A.archivedHoliday,
      'Holiday 2024 (archived)',
      'Last season’s holiday buyers',
      [L.main],
      { operator: 'AND', conditions: [{ conditionType: 'tag', value: 'holiday-2024' }], groups: [] },
      880,
      'archived',
    );

    const offer = (id: string, name: string, extra: Partial<TracklyOffer>) =>
      this.addOffer({ id, name, created_at: createdIso, updated_at: createdIso, ...extra });
    offer(O.summerSale, 'Summer Sale', {
      tracking_url: 'https://track.example.com/c/summer-sale',
      external_platform: 'everflow',
      external_id: 'ef-1042',
      advertiser_id: 'adv-77',
      payout: 4.5,
      payout_type: 'cpa',
      filter_bots: true,
      metadata: { category: 'apparel' },
    });
    offer(O.freeShipping, 'Free Shipping', {
      tracking_url: 'https://track.example.com/c/free-shipping',
      external_platform: 'tune',
      external_id: 'tn-3318',
      advertiser_id: 'adv-77',
      payout: 0.35,
      payout_type: 'cpc',
      metadata: {},
    });
    offer(O.loyaltyBonus, 'Loyalty Bonus', {
      tracking_url: 'https://track.example.com/c/loyalty',
      payout: 2,
      payout_type: 'cpa',
      status: 'paused',
      metadata: { tier: 'gold' },
    });
    offer(O.springClearance, 'Spring Clearance', { tracking_url: 'https://track.example.com/c/spring', payout: 3, payout_type: 'cpa', status: 'archived' });

    const link = (offerId: string, campaign: string): TracklyOfferLink => ({
      key: 'link1',
      offer_id: offerId,
      url_params: { utm_source: 'sms', utm_campaign: campaign },
    });
    const schedule = (input: Partial<TracklySchedule>) => this.addSchedule({ created_at: createdIso, updated_at: isoSeconds(daysBefore(now, 2)), ...input });

    schedule({
      id: S.weeklyAb,
      name: 'Weekend Promo Blast',
      status: 'on',
      send_type: 'blast',
      source_lists: [L.main, L.promo],
      audiences: [A.allSubscribers],
      is_repeating: true,
      send_time: '14:30',
      start_date: dayFrom(now, -7),
      end_date: dayFrom(now, 365),
      days_of_week: daysOf('friday', 'saturday', 'sunday'),
      skip_within_hours: 24,
      use_local_time: false,
      filter_bots: true,
      ir_revenue: 2.5,
      blasts: [
        {
          message: 'Flash sale this weekend! Shop now: {{link1}}',
          offer_links: [link(O.summerSale, 'weekend')],
          percent_audience: 60,
          variant_name: 'Control',
          mms_image_url: null,
        },
        {
          message: 'Don’t miss out — 20% off everything: {{link1}}',
          offer_links: [link(O.summerSale, 'weekend')],
          percent_audience: 40,
          variant_name: 'Urgency Variant',
          mms_image_url: null,
        },
      ],
    });
    schedule({
      id: S.localTime,
      name: 'Weekday Morning Deals (recipient local time)',
      status: 'on',
      send_type: 'blast',
      source_lists: [L.main],
      audiences: [A.vipBuyers, A.westCoast],
      is_repeating: true,
      send_time: '09:00',
      start_date: dayFrom(now, 1),
      end_date: dayFrom(now, 180),
      days_of_week: daysOf('monday', 'tuesday', 'wednesday', 'thursday', 'friday'),
      skip_within_hours: 12,
      use_local_time: true,
      blasts: [
        {
          message: 'Good morning! Free shipping today only: {{link1}}',
          offer_links: [link(O.freeShipping, 'weekday_am')],
          percent_audience: 100,
          variant_name: 'Morning',
          mms_image_url: null,
        },
      ],
    });
    schedule({
      id: S.oneTime,
      name: 'Product Launch Announcement',
      status: 'on',
      send_type: 'blast',
      source_lists: [L.promo],
      audiences: [A.recentClickers],
      is_repeating: false,
      send_time: '18:00',
      send_date: dayFrom(now, 7),
      is_mms: true,
      blasts: [
        {
          message: 'It’s here. See the new collection: {{link1}}',
          offer_links: [link(O.summerSale, 'launch')],
          percent_audience: 100,
          variant_name: 'Launch',
          mms_image_url: 'https://cdn.example.com/sandbox/launch.jpg',
        },
      ],
    });
    schedule({
      id: S.draftAutomated,
      name: 'Automated Daily Picks (draft)',
      status: 'draft',
      send_type: 'automated',
      audiences: [A.weekendShoppers],
      is_repeating: true,
      send_time: '11:15',
      start_date: dayFrom(now, 3),
      end_date: dayFrom(now, 90),
      days_of_week: daysOf('monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'),
      automated_percent: 100,
      blasts: [],
    });
    schedule({
      id: S.complete,
      name: 'Spring Clearance Final Call',
      status: 'complete',
      send_type: 'blast',
      source_lists: [L.main],
      audiences: [A.allSubscribers],
      is_repeating: false,
      send_time: '10:00',
      send_date: dayFrom(now, -14),
      blasts: [
        {
          message: 'Last chance for spring clearance: {{link1}}',
          offer_links: [link(O.springClearance, 'spring_final')],
          percent_audience: 100,
          variant_name: 'Final Call',
          mms_image_url: null,
        },
      ],
    });
    schedule({
      id: S.archived,
      name: 'Old Win-back Series',
      status: 'archive',
      send_type: 'blast',
      audiences: [A.winBack],
      is_repeating: true,
      send_time: '16:45',
      start_date: dayFrom(now, -60),
      end_date: dayFrom(now, 30),
      days_of_week: daysOf('wednesday'),
      blasts: [
        {
          message: 'We miss you! Here’s 15% off: {{link1}}',
          offer_links: [link(O.loyaltyBonus, 'winback')],
          percent_audience: 100,
          variant_name: 'Win-back',
          mms_image_url: null,
        },
      ],
    });
  }
}
