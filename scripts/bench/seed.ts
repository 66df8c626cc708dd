/**
 * The Trackly data the bench and the call-count test share: N schedules that refer to a few shared
 * audiences, offers and sending lists, so a page of them shows whether lookups are batched per distinct
 * entity (1 list call + one call per distinct entity) or made per schedule (1 + N).
 */
import type { TracklyStore } from '../../src/providers/trackly/sandbox/index.js';

export interface SharedPageShape {
  schedules: number;
  audiences: number;
  offers: number;
  lists: number;
}

export const PAGE_SHAPE: SharedPageShape = { schedules: 100, audiences: 5, offers: 3, lists: 2 };

export interface SeededPage {
  scheduleIds: string[];
  audienceIds: string[];
  offerIds: string[];
  listIds: number[];
}

function at<T>(items: readonly T[], index: number): T {
  const item = items[index % items.length];
  if (item === undefined) throw new Error('seed: empty pool');
  return item;
}

/** Midnight UTC `days` from now, in Trackly's `YYYY-MM-DDT00:00:00Z` date form. */
function dayFrom(days: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Adds `shape.schedules` active weekly A/B schedules. Schedule i sends to audiences i and i+1 (mod the pool),
 * uses list i, and its two variants link offers i and i+1, so every shared entity is used by many schedules.
 */
export function seedSharedPage(store: TracklyStore, shape: SharedPageShape = PAGE_SHAPE): SeededPage {
  const audienceIds = Array.from({ length: shape.audiences }, (_, i) => store.addAudience({ name: `Bench audience ${i}`, cached_size: 1000 + i }).id);
  const offerIds = Array.from(
    { length: shape.offers },
    (_, i) => store.addOffer({ name: `Bench offer ${i}`, tracking_url: `https://track.example.com/c/bench-${i}` }).id,
  );
  const listIds = Array.from({ length: shape.lists }, (_, i) => store.addList({ list_name: `Bench list ${i}`, contact_count: 500 * (i + 1) }).id);
  const scheduleIds: string[] = [];
  for (let i = 0; i < shape.schedules; i += 1) {
    const link = (offset: number) => ({ key: 'link1', offer_id: at(offerIds, i + offset), url_params: { utm_source: 'sms', utm_campaign: `bench-${i}` } });
    const schedule = store.addSchedule({
      name: `Bench schedule ${String(i).padStart(3, '0')}`,
      status: 'on',
      send_type: 'blast',
      audiences: shape.audiences > 1 ? [at(audienceIds, i), at(audienceIds, i + 1)] : [at(audienceIds, i)],
      source_lists: [at(listIds, i)],
      is_repeating: true,
      send_time: `${String(8 + (i % 12)).padStart(2, '0')}:${i % 2 === 0 ? '00' : '30'}`,
      start_date: dayFrom(-7),
      end_date: dayFrom(365),
      days_of_week: { monday: true, tuesday: false, wednesday: true, thursday: false, friday: true, saturday: i % 2 === 0, sunday: false },
      blasts: [
        { message: `Control ${i}: {{link1}}`, percent_audience: 50, variant_name: 'Control', mms_image_url: null, offer_links: [link(0)] },
        { message: `Urgent ${i}: {{link1}}`, percent_audience: 50, variant_name: 'Urgency', mms_image_url: null, offer_links: [link(1)] },
      ],
    });
    scheduleIds.push(schedule.id);
  }
  return { scheduleIds, audienceIds, offerIds, listIds };
}
