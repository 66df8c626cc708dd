/**
 * Apollo Client 4 (core, no React) against the real gateway configured as in production (API key required,
 * introspection off, CSRF prevention and limits on), with an InMemoryCache built from the generated
 * possibleTypes and the type policies in support.ts. Asserts what a front end sees: results, the normalised
 * cache, updates landing in the cache without a refetch, and no cache warnings in the console.
 */
import { readFileSync } from 'node:fs';
import { gql, type ApolloClient, type NormalizedCacheObject, type TypedDocumentNode } from '@apollo/client';
import { __DEV__ } from '@apollo/client/utilities/environment';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import possibleTypes from '../../generated/possible-types.json' with { type: 'json' };
import { POSSIBLE_TYPES_FILE, possibleTypesText } from '../../scripts/possible-types.js';
import { encodeScheduleId } from '../../src/core/global-id.js';
import { schema } from '../../src/schema/index.js';
import { BURKI_SEED } from '../../src/providers/burki/sandbox/index.js';
import { HEYMARKET_SEED } from '../../src/providers/heymarket/sandbox/index.js';
import { TRACKLY_SEED } from '../../src/providers/trackly/sandbox/index.js';
import type { TestGateway } from '../support/gateway.js';
import {
  APOLLO_TYPE_POLICIES,
  CREATE_SCHEDULE,
  NODE_QUERY,
  RESCHEDULE,
  SCHEDULE_CARD_QUERY,
  SCHEDULE_DETAIL,
  SCHEDULE_QUERY,
  UPDATE_SCHEDULE,
  captureConsole,
  createApolloClient,
  startProductionLikeGateway,
  success,
  weeklyAbInput,
  type ConsoleCapture,
  type CreateData,
  type IdVariables,
  type InputVariables,
  type NodeData,
  type ScheduleData,
  type ScheduleQueryData,
  type SentRequest,
  type UpdateData,
} from './support.js';

const CREATE: TypedDocumentNode<CreateData, InputVariables> = gql(CREATE_SCHEDULE);
const UPDATE: TypedDocumentNode<UpdateData, InputVariables> = gql(UPDATE_SCHEDULE);
const RESCHEDULE_DOC: TypedDocumentNode<UpdateData, InputVariables> = gql(RESCHEDULE);
const READ: TypedDocumentNode<ScheduleQueryData, IdVariables> = gql(SCHEDULE_QUERY);
const READ_CARD: TypedDocumentNode<ScheduleQueryData, IdVariables> = gql(SCHEDULE_CARD_QUERY);
const NODE: TypedDocumentNode<NodeData, IdVariables> = gql(NODE_QUERY);
/** ScheduleDetail and the fragments it spreads, for readFragment (fragmentName picks one). */
const FRAGMENTS = gql(SCHEDULE_DETAIL);

describe('generated/possible-types.json', () => {
  it('is what `npm run possible-types` generates from the schema (run it when this fails)', () => {
    expect(readFileSync(POSSIBLE_TYPES_FILE, 'utf8')).toBe(possibleTypesText(schema));
  });

  it('maps every union and interface to its members, sorted', () => {
    expect(possibleTypes.Recurrence).toEqual(['IntervalRecurrence', 'OneTimeRecurrence', 'WeeklyRecurrence']);
    expect(possibleTypes.ScheduleDetails).toEqual(['BurkiScheduleDetails', 'HeymarketScheduleDetails', 'TracklyScheduleDetails']);
    expect(possibleTypes.Node).toEqual(['Schedule']);
    expect(possibleTypes.Error).toContain('ValidationError');
    expect(possibleTypes.CreateScheduleResult).toEqual(['CreateScheduleSuccess', ...possibleTypes.Error].sort());
    for (const members of Object.values(possibleTypes)) expect(members).toEqual([...members].sort());
  });
});

describe('Apollo Client against the production-like gateway', () => {
  let gw: TestGateway;
  let client: ApolloClient;
  let logs: ConsoleCapture;
  const sent: SentRequest[] = [];
  let createdId = '';

  /** The normalised cache as a plain object (`Schedule:<id>` → fields). */
  const store = () => client.cache.extract() as NormalizedCacheObject;
  const identify = (id: string) => client.cache.identify({ __typename: 'Schedule', id });
  const readDetail = (id: string) => client.cache.readFragment<ScheduleData>({ id: identify(id), fragment: FRAGMENTS, fragmentName: 'ScheduleDetail' });
  const mutate = async <T>(mutation: TypedDocumentNode<T, InputVariables>, input: Record<string, unknown>): Promise<T> => {
    const result = await client.mutate({ mutation, variables: { input } });
    if (!result.data) throw new Error(`no data: ${String(result.error)}`);
    return result.data;
  };

  beforeAll(async () => {
    gw = await startProductionLikeGateway();
    logs = captureConsole();
    client = createApolloClient({ url: gw.url, possibleTypes, typePolicies: APOLLO_TYPE_POLICIES, sent });
  });
  afterEach(() => {
    // Apollo logs cache trouble ("Cache data may be lost…", "Missing field…") only in development builds.
    expect(__DEV__).toBe(true);
    expect(logs.take()).toEqual([]);
  });
  afterAll(async () => {
    logs.restore();
    client.stop();
    await gw.close();
  });

  it('introspection is off, so possibleTypes cannot be fetched at run time (hence the generated file)', async () => {
    await expect(client.query({ query: gql`query Introspect { __schema { types { name } } }`, fetchPolicy: 'network-only' })).rejects.toThrow(/introspection/i);
  });

  it('createSchedule: a weekly A/B Trackly schedule comes back as CreateScheduleSuccess and is normalised as Schedule:<id>', async () => {
    const data = await mutate(CREATE, weeklyAbInput(TRACKLY_SEED.audiences.allSubscribers, TRACKLY_SEED.offers.summerSale));
    const created = success(data.createSchedule, 'CreateScheduleSuccess');
    expect(created.dryRun).toBe(false);
    const schedule = created.schedule!;
    createdId = schedule.id;
    expect(schedule).toMatchObject({ __typename: 'Schedule', provider: 'TRACKLY', name: 'Client test weekly A/B', status: 'DRAFT' });
    expect(schedule.recurrence).toMatchObject({ __typename: 'WeeklyRecurrence', days: ['FRIDAY', 'SATURDAY'], time: '14:30', timeZone: 'UTC' });
    expect(schedule.details).toEqual({
      __typename: 'TracklyScheduleDetails',
      sendType: 'BLAST',
      variants: [
        { __typename: 'TracklyVariant', name: 'Control', percentAudience: 60 },
        { __typename: 'TracklyVariant', name: 'Urgency', percentAudience: 40 },
      ],
    });
    expect(identify(createdId)).toBe(`Schedule:${createdId}`);
    expect(store()[`Schedule:${createdId}`]).toMatchObject({ name: 'Client test weekly A/B', provider: 'TRACKLY' });
  });

  it('a schedule from a mutation payload is readable cache-only (cache redirect on Query.schedule), no request sent', async () => {
    const before = sent.length;
    const card = await client.query({ query: READ_CARD, variables: { id: createdId }, fetchPolicy: 'cache-only' });
    expect(card.data?.schedule).toMatchObject({ id: createdId, name: 'Client test weekly A/B', details: { __typename: 'TracklyScheduleDetails' } });
    expect(sent.length).toBe(before);
  });

  it('schedule(id) reads it back; the detail fields merge into the same normalised entity (audiences and offers normalised too)', async () => {
    const { data } = await client.query({ query: READ, variables: { id: createdId }, fetchPolicy: 'network-only' });
    const schedule = data!.schedule!;
    expect(schedule).toMatchObject({
      id: createdId,
      nativeStatus: 'draft',
      recurrence: { __typename: 'WeeklyRecurrence', rrule: expect.stringContaining('RRULE:FREQ=WEEKLY;') },
    });
    expect(schedule.details).toMatchObject({
      __typename: 'TracklyScheduleDetails',
      audiences: [{ __typename: 'TracklyAudience', id: TRACKLY_SEED.audiences.allSubscribers, name: 'All Subscribers' }],
      variants: [
        {
          name: 'Control',
          offerLinks: [{ key: 'link1', offer: { id: TRACKLY_SEED.offers.summerSale, name: 'Summer Sale' }, urlParams: [{ key: 'utm_source', value: 'sms' }] }],
        },
        { name: 'Urgency' },
      ],
    });
    expect(schedule.nextRuns).toHaveLength(3);
    const cache = store();
    expect(cache[`TracklyAudience:${TRACKLY_SEED.audiences.allSubscribers}`]).toMatchObject({ name: 'All Subscribers' });
    expect(cache[`TracklyOffer:${TRACKLY_SEED.offers.summerSale}`]).toMatchObject({ name: 'Summer Sale' });
    expect(readDetail(createdId)).toMatchObject({
      id: createdId,
      name: 'Client test weekly A/B',
      details: { audienceIds: [TRACKLY_SEED.audiences.allSubscribers] },
    });
  });

  it('updateSchedule (rename): the cached Schedule.name changes without a refetch; a cache-only query returns it', async () => {
    const before = sent.length;
    const data = await mutate(UPDATE, { id: createdId, patch: { trackly: { name: 'Renamed by Apollo' } } });
    expect(success(data.updateSchedule, 'UpdateScheduleSuccess').schedule?.name).toBe('Renamed by Apollo');
    expect(sent.slice(before)).toEqual([{ method: 'POST', operationName: 'UpdateSchedule' }]);

    expect(client.cache.readFragment<{ name: string }>({ id: identify(createdId), fragment: gql`fragment Name on Schedule { name }` })).toEqual({
      __typename: 'Schedule',
      name: 'Renamed by Apollo',
    });
    const card = await client.query({ query: READ_CARD, variables: { id: createdId }, fetchPolicy: 'cache-only' });
    expect(card.data?.schedule).toMatchObject({ name: 'Renamed by Apollo', details: { __typename: 'TracklyScheduleDetails', sendType: 'BLAST' } });
    expect(sent.length).toBe(before + 1);
  });

  it("the payload's smaller details/recurrence selections merge into the cached objects; only the id-less variants list is replaced", async () => {
    // Kept by the merge policies: fields of `details` and `recurrence` the rename payload did not select.
    const kept = client.cache.readFragment<{
      nativeStatus: string;
      recurrence: { rrule?: string };
      details: { audiences?: unknown[]; audienceIds?: string[] };
    }>({
      id: identify(createdId),
      fragment: gql`
        fragment Kept on Schedule {
          nativeStatus
          recurrence { ... on WeeklyRecurrence { rrule } }
          details { ... on TracklyScheduleDetails { audienceIds audiences { id name } } }
        }
      `,
    });
    expect(kept).toMatchObject({
      nativeStatus: 'draft',
      recurrence: { rrule: expect.stringContaining('RRULE:') },
      details: { audienceIds: [TRACKLY_SEED.audiences.allSubscribers], audiences: [{ name: 'All Subscribers' }] },
    });
    // Replaced: `variants` has no identity, so the payload's [{ name, percentAudience }] list replaced the
    // detailed one (message, offerLinks); the detail page's cache-first query goes back to the server once.
    const before = sent.length;
    const detail = await client.query({ query: READ, variables: { id: createdId } });
    expect(detail.data?.schedule).toMatchObject({
      name: 'Renamed by Apollo',
      details: { variants: [{ message: 'Sale now: {{link1}}' }, { message: 'Last day: {{link1}}' }] },
    });
    expect(sent.slice(before)).toEqual([{ method: 'POST', operationName: 'Schedule' }]);
  });

  it('a recurrence that changes kind (weekly → one-time) replaces the cached union member, no stale weekly fields', async () => {
    const at = `${new Date().getUTCFullYear() + 1}-07-01T08:00:00Z`;
    const data = await mutate(RESCHEDULE_DOC, { id: createdId, recurrence: { oneTime: { at, timeZone: 'UTC' } } });
    const schedule = success(data.updateSchedule, 'UpdateScheduleSuccess').schedule!;
    expect(schedule.recurrence).toEqual({ __typename: 'OneTimeRecurrence', at, localDateTime: at.slice(0, 19), timeZone: 'UTC', recipientLocalTime: false });
    expect(schedule.nextRuns).toEqual([{ __typename: 'Occurrence', at, localDateTime: at.slice(0, 19), timeZone: 'UTC' }]);
    const stored = store()[identify(createdId)!];
    expect(stored?.['recurrence']).toEqual({ __typename: 'OneTimeRecurrence', at, localDateTime: at.slice(0, 19), timeZone: 'UTC', recipientLocalTime: false });
    const card = await client.query({ query: READ_CARD, variables: { id: createdId }, fetchPolicy: 'cache-only' });
    expect(card.data?.schedule?.recurrence?.__typename).toBe('OneTimeRecurrence');
  });

  it('errors are data: a ValidationError and an UnsupportedRecurrenceError resolve through `... on Error` and their own fragments', async () => {
    const base = weeklyAbInput(TRACKLY_SEED.audiences.allSubscribers, TRACKLY_SEED.offers.summerSale);
    const badSplit = {
      ...base,
      target: { trackly: { name: 'Bad split', audienceIds: [TRACKLY_SEED.audiences.allSubscribers], variants: [{ message: 'Hi', percentAudience: 99 }] } },
    };
    const invalid = (await mutate(CREATE, badSplit)).createSchedule;
    expect(invalid).toMatchObject({
      __typename: 'ValidationError',
      code: 'VALIDATION_FAILED',
      provider: 'TRACKLY',
      providerCode: 'invalid_blast_percent',
      message: expect.any(String),
      field: expect.stringContaining('variants'),
      issues: [{ providerCode: 'invalid_blast_percent' }],
    });

    const monthly = { ...base, recurrence: { interval: { frequency: 'MONTHLY', dayOfMonth: 15, time: '09:00' } } };
    const unsupported = (await mutate(CREATE, monthly)).createSchedule;
    expect(unsupported).toMatchObject({
      __typename: 'UnsupportedRecurrenceError',
      code: 'UNSUPPORTED_RECURRENCE',
      provider: 'TRACKLY',
      supportedKinds: ['ONE_TIME', 'WEEKLY', 'INTERVAL'],
      supportedFrequencies: ['DAILY', 'WEEKLY'],
    });
    expect(Object.keys(unsupported)).not.toContain('schedule');

    const missing = (await mutate(UPDATE, { id: encodeScheduleId('TRACKLY', 'aaaaaaaaaaaaaaaaaaaaaaaa'), patch: { trackly: { name: 'x' } } })).updateSchedule;
    expect(missing).toMatchObject({ __typename: 'NotFoundError', code: 'NOT_FOUND', message: expect.any(String) });
  });

  it('a Heymarket message and a Burki campaign read through the same client: their recurrence and details members', async () => {
    const heymarketId = encodeScheduleId('HEYMARKET', String(HEYMARKET_SEED.schedules.phone));
    const heymarket = (await client.query({ query: READ, variables: { id: heymarketId } })).data!.schedule!;
    expect(heymarket).toMatchObject({ provider: 'HEYMARKET', recurrence: { __typename: 'OneTimeRecurrence', at: expect.any(String) } });
    expect(heymarket.details).toMatchObject({
      __typename: 'HeymarketScheduleDetails',
      inboxId: HEYMARKET_SEED.inboxes.main,
      inbox: { __typename: 'HeymarketInbox', id: HEYMARKET_SEED.inboxes.main },
      recipient: { __typename: 'HeymarketRecipient', kind: 'PHONE_NUMBER' },
    });

    const weeklyId = encodeScheduleId('BURKI', String(BURKI_SEED.recurringWeekly));
    const weekly = (await client.query({ query: READ, variables: { id: weeklyId } })).data!.schedule!;
    expect(weekly).toMatchObject({
      provider: 'BURKI',
      recurrence: { __typename: 'IntervalRecurrence', frequency: 'WEEKLY', interval: 2, daysOfWeek: ['MONDAY', 'THURSDAY'], time: '09:00' },
    });
    expect(weekly.details).toMatchObject({
      __typename: 'BurkiScheduleDetails',
      campaignId: BURKI_SEED.recurringWeekly,
      scheduleType: 'recurring',
      campaign: { __typename: 'BurkiCampaign', id: BURKI_SEED.recurringWeekly, name: 'Fortnightly check-in', campaignType: 'MIXED' },
    });

    const manualId = encodeScheduleId('BURKI', String(BURKI_SEED.draftImmediate));
    const manual = (await client.query({ query: READ, variables: { id: manualId } })).data!.schedule!;
    expect(manual).toMatchObject({
      provider: 'BURKI',
      recurrence: null,
      nextRuns: [],
      details: { __typename: 'BurkiScheduleDetails', scheduleType: 'immediate' },
    });

    const cache = store();
    expect(cache[`HeymarketInbox:${HEYMARKET_SEED.inboxes.main}`]).toMatchObject({ name: expect.any(String) });
    expect(cache[`BurkiCampaign:${BURKI_SEED.recurringWeekly}`]).toMatchObject({ name: 'Fortnightly check-in' });
    expect(Object.keys(cache).filter((key) => key.startsWith('Schedule:'))).toEqual(
      expect.arrayContaining([`Schedule:${heymarketId}`, `Schedule:${weeklyId}`, `Schedule:${manualId}`]),
    );
  });

  it('node(id) resolves through the Node interface to the cached Schedule', async () => {
    const { data } = await client.query({ query: NODE, variables: { id: createdId }, fetchPolicy: 'network-only' });
    expect(data?.node).toEqual({ __typename: 'Schedule', id: createdId, name: 'Renamed by Apollo', provider: 'TRACKLY' });
  });

  it('GET queries (useGETForQueries) pass CSRF prevention as is: Apollo sends content-type: application/json on GET too', async () => {
    const getSent: SentRequest[] = [];
    const getClient = createApolloClient({ url: gw.url, possibleTypes, typePolicies: APOLLO_TYPE_POLICIES, useGETForQueries: true, sent: getSent });
    const { data } = await getClient.query({ query: READ_CARD, variables: { id: createdId } });
    expect(data?.schedule?.name).toBe('Renamed by Apollo');
    expect(getSent).toEqual([{ method: 'GET', operationName: 'ScheduleCard' }]);
    getClient.stop();
    // A bare GET (an <img> or a link) cannot carry the Bearer key, so it is refused before anything runs; the
    // key-less sandbox case (403 without a preflight header) is in test/e2e/hardening-access-limits.test.ts.
    const bare = await fetch(`${gw.url}?query=${encodeURIComponent('{ providers { provider } }')}`);
    expect(bare.status).toBe(401);
  });
});

/**
 * Why support.ts configures the cache: the same flows through a bare InMemoryCache. Runs last because Apollo
 * reports each data-loss warning once per process (a warning here would hide one in the tests above).
 */
describe('Apollo Client without the generated possibleTypes and type policies (the friction they remove)', () => {
  it('fragments on abstract types are not matched and merges lose data: Apollo says so in the console', async () => {
    const gw = await startProductionLikeGateway();
    const logs = captureConsole();
    const bare = createApolloClient({ url: gw.url });
    try {
      const id = encodeScheduleId('TRACKLY', TRACKLY_SEED.schedules.weeklyAb);
      const first = await bare.query({ query: READ, variables: { id } });
      // `...RecurrenceFields` is a fragment on the Recurrence union: without possibleTypes Apollo cannot tell
      // that a WeeklyRecurrence matches it, so the fields it selects are missing from what the cache returns.
      const warnings = logs.take().join('\n');
      expect(first.data?.schedule?.recurrence).not.toHaveProperty('days');
      expect(warnings).toMatch(/Cannot match %s on `%s` against `%s`[\s\S]*fragment `RecurrenceFields` Recurrence WeeklyRecurrence/);
      expect(warnings).toMatch(/fragment `ProviderDetails` ScheduleDetails TracklyScheduleDetails/);

      const renamed = await bare.mutate({ mutation: UPDATE, variables: { input: { id, patch: { trackly: { name: 'Bare cache rename' } } } } });
      expect(renamed.data?.updateSchedule.__typename).toBe('UpdateScheduleSuccess');
      // The rename payload's smaller `recurrence` selection replaces the detailed one, and Apollo says so.
      expect(logs.take().join('\n')).toMatch(/Cache data may be lost when replacing the %s field of a %s object[\s\S]* recurrence Schedule /);
    } finally {
      logs.restore();
      bare.stop();
      await gw.close();
    }
  });
});
