/**
 * Issue 11, item 5: dot segments must never reach an upstream path. An id of `.` or `..` — from a caller's
 * global id (`Schedule:TRACKLY:.`), from a caller's input reference, or from an upstream's own answer (a
 * schedule naming audience `..`) — used to make the gateway call `GET /api/v2/schedules/.` or
 * `/audiences/..` with the provider key, which a normalising proxy routes elsewhere. Trackly here is a
 * 127.0.0.1 server that records every path it is asked for (and otherwise passes the call to the sandbox).
 * A caller's id that cannot be a provider id is not found (query: null; mutation: NotFoundError) or, as an
 * input reference, a ValidationError; an upstream's is a typed UPSTREAM_BAD_RESPONSE. Never a call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../../src/core/global-id.js';
import { TRACKLY_SEED } from '../../src/providers/trackly/sandbox/index.js';
import { startHostileUpstream, type HostileUpstream } from '../support/hostile-upstream.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

/** A schedule whose body names an audience `..` and an offer `.`. */
const POISONED = 'aaaaaaaaaaaaaaaaaaaaaaaa';
let sandboxTrackly = '';
let trackly: HostileUpstream;
let gw: TestGateway;

const DOTS = /(^|\/)(\.|%2e){1,2}(\/|$)/i;
const dotted = () => trackly.requests.map((r) => r.path).filter((path) => DOTS.test(path.split('?')[0] ?? ''));
const upstreamCalls = () => trackly.requests.length + gw.sandboxes.heymarket.requests.length + gw.sandboxes.burki.requests.length;

beforeAll(async () => {
  trackly = await startHostileUpstream(async (request) => {
    const path = request.path.replace(/^\/api\/v2/, '');
    const poisoned = path === `/schedules/${POISONED}`;
    const real = await fetch(`${sandboxTrackly}${poisoned ? `/schedules/${TRACKLY_SEED.schedules.weeklyAb}` : path}`, {
      headers: { 'x-api-key': String(request.headers['x-api-key']) },
    });
    const body = (await real.json()) as Record<string, unknown>;
    if (!poisoned) return { status: real.status, body };
    const blasts = (body.blasts as Array<Record<string, unknown>>).map((blast) => ({
      ...blast,
      offer_links: [{ key: 'link1', offer_id: '.', url_params: {} }],
    }));
    return { status: 200, body: { ...body, id: POISONED, audiences: ['..', '%2e%2e'], blasts } };
  });
  gw = await startTestGateway({
    adjust: (config) => {
      sandboxTrackly = config.trackly.baseUrl;
      return { ...config, trackly: { ...config.trackly, baseUrl: `${trackly.url}/api/v2` } };
    },
  });
});
afterAll(async () => {
  await gw.close();
  await trackly.close();
});

const scheduleId = (key: string) => encodeGlobalId('Schedule', key);

describe("a caller's id that is a dot segment", () => {
  it('schedule(id) for Schedule:TRACKLY:. / .. / HEYMARKET:.. / BURKI:.. is null, with no upstream call', async () => {
    const before = upstreamCalls();
    for (const key of ['TRACKLY:.', 'TRACKLY:..', 'TRACKLY:%2e%2e', 'TRACKLY:a/../b', 'HEYMARKET:..', 'BURKI:..']) {
      const answer = await gw.gql<{ schedule: unknown }>('query($id: ID!) { schedule(id: $id) { id } }', { id: scheduleId(key) });
      expect(answer.errors, key).toBeUndefined();
      expect(answer.data?.schedule, key).toBeNull();
    }
    expect(upstreamCalls()).toBe(before);
  });

  it('mutations on Schedule:TRACKLY:.. answer NotFoundError, with no upstream call', async () => {
    const before = upstreamCalls();
    const id = scheduleId('TRACKLY:..');
    const pause = await gw.gql<{ setScheduleStatus: { __typename: string } }>(
      'mutation($id: ID!) { setScheduleStatus(input: { id: $id, status: PAUSED }) { __typename } }',
      { id },
    );
    expect(pause.data?.setScheduleStatus.__typename).toBe('NotFoundError');
    const remove = await gw.gql<{ deleteSchedule: { __typename: string } }>('mutation($id: ID!) { deleteSchedule(input: { id: $id }) { __typename } }', { id });
    expect(remove.data?.deleteSchedule.__typename).toBe('NotFoundError');
    expect(upstreamCalls()).toBe(before);
  });

  it('input references `..` and `.` are a ValidationError naming them, and are not looked up', async () => {
    const input = {
      dryRun: true,
      target: {
        trackly: {
          name: 'Dots',
          audienceIds: ['..'],
          variants: [{ message: 'Hi {{link1}}', percentAudience: 100, offerLinks: [{ key: 'link1', offerId: '.' }] }],
        },
      },
      recurrence: { oneTime: { at: '2030-03-14T13:00:00Z' } },
    };
    const answer = await gw.gql<{ createSchedule: { __typename: string; issues: Array<{ field: string; providerCode: string }> } }>(
      'mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { __typename ... on ValidationError { issues { field providerCode } } } }',
      { input },
    );
    expect(answer.data?.createSchedule.__typename).toBe('ValidationError');
    expect(answer.data?.createSchedule.issues.map((i) => i.providerCode).sort()).toEqual(['audience_not_found', 'offer_not_found']);
    expect(dotted()).toEqual([]);
  });
});

describe("an upstream's answer naming a dot-segment id", () => {
  it('a schedule whose audience is `..` and offer is `.`: a typed UpstreamError on those fields, never a call', async () => {
    const answer = await gw.gql<{ schedule: { name: string } | null }>(
      `query($id: ID!) { schedule(id: $id) { name details { ... on TracklyScheduleDetails { audiences { id } variants { offerLinks { offer { id } } } } } } }`,
      { id: scheduleId(`TRACKLY:${POISONED}`) },
    );
    // The failing non-null fields take the schedule with them (null); each error says what and why.
    expect(answer.errors?.length).toBeGreaterThan(0);
    expect(answer.errors?.map((e) => e.message).join(' ')).toMatch(/"\.\." is not a usable id/);
    for (const error of answer.errors ?? []) expect(error.extensions).toMatchObject({ code: 'UPSTREAM_BAD_RESPONSE', provider: 'TRACKLY' });
    expect(trackly.requests.some((r) => r.path.includes(`/schedules/${POISONED}`))).toBe(true);
    expect(dotted()).toEqual([]);
  });

  it('no path the upstream was ever asked for holds a dot segment', () => {
    expect(trackly.requests.length).toBeGreaterThan(0);
    expect(dotted()).toEqual([]);
  });
});
