/**
 * Shared by the real-client tests (Apollo Client, urql + graphcache): the gateway as production runs it, the
 * operations a front end would write, and each client configured the way a front-end team would configure it
 * against this schema. Every non-default setting below has a comment saying which friction it removes.
 */
import { readFileSync } from 'node:fs';
import { buildSchema, introspectionFromSchema, isObjectType, type GraphQLSchema, type IntrospectionQuery } from 'graphql';
import { ApolloClient, HttpLink, InMemoryCache, type PossibleTypesMap, type TypePolicies } from '@apollo/client';
import { Client, fetchExchange } from '@urql/core';
import { cacheExchange, type KeyingConfig } from '@urql/exchange-graphcache';
import { vi } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

// ---------------------------------------------------------------------------------------------------------
// The gateway, as in production
// ---------------------------------------------------------------------------------------------------------

export const API_KEY = 'gw_client_test_key_0123456789abcdef';
export const AUTHORIZATION = `Bearer ${API_KEY}`;

/**
 * The real gateway over HTTP in front of the sandboxes with production settings: an API key required,
 * introspection off, CSRF prevention and the operation limits (always on) at their defaults.
 */
export function startProductionLikeGateway(): Promise<TestGateway> {
  return startTestGateway({
    env: { GATEWAY_API_KEYS: API_KEY, GATEWAY_INTROSPECTION: 'false', TRACKLY_TIMEZONE: 'UTC' },
    headers: { authorization: AUTHORIZATION },
  });
}

/** One HTTP request a client sent, as the gateway saw it (for "served from the cache" assertions). */
export interface SentRequest {
  method: string;
  operationName: string | null;
}

/** global fetch, recording each request's method and operation name. */
export function recordingFetch(sent: SentRequest[]): typeof fetch {
  return async (input, init) => {
    const method = init?.method ?? 'GET';
    const url = new URL(input instanceof Request ? input.url : String(input));
    let operationName = url.searchParams.get('operationName');
    if (typeof init?.body === 'string') operationName = (JSON.parse(init.body) as { operationName?: string | null }).operationName ?? null;
    sent.push({ method, operationName });
    return fetch(input, init);
  };
}

// ---------------------------------------------------------------------------------------------------------
// Console capture: both clients report cache trouble (data loss, missing keys, heuristic fragment matching,
// missing fields) through console.warn / console.error in development builds.
// ---------------------------------------------------------------------------------------------------------

export interface ConsoleCapture {
  /** Everything logged since the last take(), then forgets it. */
  take(): string[];
  restore(): void;
}

export function captureConsole(): ConsoleCapture {
  const lines: string[] = [];
  const record =
    (level: string) =>
    (...args: unknown[]) => {
      lines.push(`${level}: ${args.map((arg) => (arg instanceof Error ? arg.message : typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' ')}`);
    };
  const warn = vi.spyOn(console, 'warn').mockImplementation(record('warn'));
  const error = vi.spyOn(console, 'error').mockImplementation(record('error'));
  return {
    take: () => lines.splice(0, lines.length),
    restore: () => {
      warn.mockRestore();
      error.mockRestore();
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// The operations (shared GraphQL text; each test parses it with its client's own `gql`)
// ---------------------------------------------------------------------------------------------------------

const RECURRENCE_FIELDS = /* GraphQL */ `
  fragment RecurrenceFields on Recurrence {
    __typename
    ... on OneTimeRecurrence { at localDateTime timeZone recipientLocalTime }
    ... on WeeklyRecurrence { days time timeZone recipientLocalTime startDate endDate }
    ... on IntervalRecurrence { frequency interval daysOfWeek dayOfMonth time timeZone startDate endDate }
  }
`;

/** What a list row or a mutation payload shows: a subset of the provider details. */
const SCHEDULE_CARD = /* GraphQL */ `
  fragment ScheduleCard on Schedule {
    id provider nativeId name status
    recurrence { ...RecurrenceFields }
    details {
      __typename
      ... on TracklyScheduleDetails { sendType variants { name percentAudience } }
      ... on HeymarketScheduleDetails { inboxId text }
      ... on BurkiScheduleDetails { campaignId scheduleType }
    }
  }
  ${RECURRENCE_FIELDS}
`;

/** What a detail page shows: the card plus more of the same `recurrence` and `details` objects. */
export const SCHEDULE_DETAIL = /* GraphQL */ `
  fragment ScheduleDetail on Schedule {
    ...ScheduleCard
    nativeStatus createdAt updatedAt
    recurrence { ... on WeeklyRecurrence { rrule } ... on IntervalRecurrence { rrule } }
    details { ...ProviderDetails }
  }
  fragment ProviderDetails on ScheduleDetails {
    ... on TracklyScheduleDetails {
      audienceIds audiences { id name }
      sourceListIds
      variants { name message percentAudience offerLinks { key offerId offer { id name } urlParams { key value } } }
    }
    ... on HeymarketScheduleDetails { inbox { id name } recipient { kind phoneNumber conversationId listId } }
    ... on BurkiScheduleDetails { campaign { id name campaignType status totalContacts } }
  }
  ${SCHEDULE_CARD}
`;

/** Every error member through the `Error` interface, plus the fields of two concrete ones. */
const ERROR_RESULT = /* GraphQL */ `
  fragment ErrorResult on Error {
    __typename code message provider providerCode
    ... on ValidationError { field issues { field message providerCode } }
    ... on UnsupportedRecurrenceError { supportedKinds supportedFrequencies }
  }
`;

export const CREATE_SCHEDULE = /* GraphQL */ `
  mutation CreateSchedule($input: CreateScheduleInput!) {
    createSchedule(input: $input) {
      __typename
      ... on CreateScheduleSuccess { dryRun schedule { ...ScheduleCard } }
      ... on Error { code message }
      ...ErrorResult
    }
  }
  ${SCHEDULE_CARD}
  ${ERROR_RESULT}
`;

/** A rename form's mutation: the payload reuses the card fragment (the usual front-end habit). */
export const UPDATE_SCHEDULE = /* GraphQL */ `
  mutation UpdateSchedule($input: UpdateScheduleInput!) {
    updateSchedule(input: $input) {
      __typename
      ... on UpdateScheduleSuccess { schedule { ...ScheduleCard updatedAt } }
      ... on Error { code message }
      ...ErrorResult
    }
  }
  ${SCHEDULE_CARD}
  ${ERROR_RESULT}
`;

/** A timing form's mutation: it also asks for the recomputed next runs. */
export const RESCHEDULE = /* GraphQL */ `
  mutation Reschedule($input: UpdateScheduleInput!) {
    updateSchedule(input: $input) {
      __typename
      ... on UpdateScheduleSuccess { schedule { ...ScheduleCard nextRuns(first: 3) { at localDateTime timeZone } } }
      ...ErrorResult
    }
  }
  ${SCHEDULE_CARD}
  ${ERROR_RESULT}
`;

export const SCHEDULE_QUERY = /* GraphQL */ `
  query Schedule($id: ID!) {
    schedule(id: $id) { ...ScheduleDetail nextRuns(first: 3) { at localDateTime timeZone } }
  }
  ${SCHEDULE_DETAIL}
`;

export const SCHEDULE_CARD_QUERY = /* GraphQL */ `
  query ScheduleCard($id: ID!) { schedule(id: $id) { ...ScheduleCard } }
  ${SCHEDULE_CARD}
`;

export const NODE_QUERY = /* GraphQL */ `
  query Node($id: ID!) { node(id: $id) { __typename ... on Node { id } ... on Schedule { name provider } } }
`;

// ---------------------------------------------------------------------------------------------------------
// Result types of those operations
// ---------------------------------------------------------------------------------------------------------

export type RecurrenceData =
  | { __typename: 'OneTimeRecurrence'; at: string; localDateTime: string; timeZone: string | null; recipientLocalTime: boolean }
  | {
      __typename: 'WeeklyRecurrence';
      days: string[];
      time: string;
      timeZone: string | null;
      recipientLocalTime: boolean;
      startDate: string | null;
      endDate: string | null;
      rrule?: string;
    }
  | {
      __typename: 'IntervalRecurrence';
      frequency: 'DAILY' | 'WEEKLY' | 'MONTHLY';
      interval: number;
      daysOfWeek: string[] | null;
      dayOfMonth: number | null;
      time: string;
      timeZone: string | null;
      startDate: string | null;
      endDate: string | null;
      rrule?: string;
    };

export interface TracklyVariantData {
  name: string | null;
  percentAudience: number;
  message?: string;
  offerLinks?: Array<{ key: string; offerId: string; offer: { id: string; name: string } | null; urlParams: Array<{ key: string; value: string }> }>;
}

export type DetailsData =
  | {
      __typename: 'TracklyScheduleDetails';
      sendType: 'BLAST' | 'AUTOMATED';
      variants: TracklyVariantData[];
      audienceIds?: string[];
      audiences?: Array<{ id: string; name: string }>;
      sourceListIds?: number[];
    }
  | {
      __typename: 'HeymarketScheduleDetails';
      inboxId: number;
      text: string | null;
      inbox?: { id: number; name: string } | null;
      recipient?: { kind: string; phoneNumber: string | null; conversationId: number | null; listId: number | null } | null;
    }
  | {
      __typename: 'BurkiScheduleDetails';
      campaignId: number;
      scheduleType: string;
      campaign?: { id: number; name: string; campaignType: string | null; status: string; totalContacts: number } | null;
    };

export interface OccurrenceData {
  at: string | null;
  localDateTime: string;
  timeZone: string | null;
}

export interface ScheduleData {
  __typename?: 'Schedule';
  id: string;
  provider: 'TRACKLY' | 'HEYMARKET' | 'BURKI';
  nativeId: string;
  name: string;
  status: string;
  recurrence: RecurrenceData | null;
  details: DetailsData;
  nativeStatus?: string;
  createdAt?: string | null;
  updatedAt?: string | null;
  nextRuns?: OccurrenceData[];
}

export interface ErrorData {
  __typename:
    | 'IdempotencyConflictError'
    | 'InvalidStateError'
    | 'NotFoundError'
    | 'ProviderNotConfiguredError'
    | 'UnsupportedOperationError'
    | 'UnsupportedRecurrenceError'
    | 'UpstreamError'
    | 'ValidationError';
  code: string;
  message: string;
  provider: string | null;
  providerCode: string | null;
  field?: string | null;
  issues?: Array<{ field: string; message: string; providerCode: string | null }>;
  supportedKinds?: string[];
  supportedFrequencies?: string[];
}

export type CreateResult = { __typename: 'CreateScheduleSuccess'; dryRun: boolean; schedule: ScheduleData | null } | ErrorData;
export type UpdateResult = { __typename: 'UpdateScheduleSuccess'; schedule: ScheduleData | null } | ErrorData;

export interface CreateData {
  createSchedule: CreateResult;
}
export interface UpdateData {
  updateSchedule: UpdateResult;
}
export interface ScheduleQueryData {
  schedule: ScheduleData | null;
}
export interface NodeData {
  node: { __typename: string; id: string; name?: string; provider?: string } | null;
}
export interface InputVariables {
  input: Record<string, unknown>;
}
export interface IdVariables {
  id: string;
}

/** The success member of a mutation result, or a failed expectation naming what came back instead. */
export function success<T extends { __typename: string }, K extends T['__typename']>(result: T | undefined | null, typename: K): Extract<T, { __typename: K }> {
  if (!result || result.__typename !== typename) throw new Error(`expected ${typename}, got ${JSON.stringify(result)}`);
  return result as Extract<T, { __typename: K }>;
}

// ---------------------------------------------------------------------------------------------------------
// Inputs (sandbox seed ids)
// ---------------------------------------------------------------------------------------------------------

/** A weekly A/B Trackly blast, Friday and Saturday 14:30 UTC, next summer. */
export function weeklyAbInput(audienceId: string, offerId: string, name = 'Client test weekly A/B'): Record<string, unknown> {
  const year = new Date().getUTCFullYear() + 1;
  return {
    target: {
      trackly: {
        name,
        audienceIds: [audienceId],
        variants: [
          {
            name: 'Control',
            message: 'Sale now: {{link1}}',
            percentAudience: 60,
            offerLinks: [{ key: 'link1', offerId, urlParams: [{ key: 'utm_source', value: 'sms' }] }],
          },
          { name: 'Urgency', message: 'Last day: {{link1}}', percentAudience: 40, offerLinks: [{ key: 'link1', offerId }] },
        ],
      },
    },
    recurrence: {
      weekly: { days: ['FRIDAY', 'SATURDAY'], time: '14:30', timeZone: 'UTC', startDate: `${year}-06-01T00:00:00Z`, endDate: `${year}-08-31T23:59:00Z` },
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Apollo Client
// ---------------------------------------------------------------------------------------------------------

/**
 * Type policies a front end needs for this schema, and why:
 *
 * - `Schedule.details` and `Schedule.recurrence` hold objects without ids (value objects owned by their
 *   schedule). Apollo stores them inside the Schedule entity; when a later result selects fewer of their
 *   fields (a mutation payload reusing the list-card fragment after a detail query), Apollo replaces the whole
 *   object and warns "Cache data may be lost when replacing the details field of a Schedule object". They
 *   belong to exactly one schedule, so merging old and new fields is safe: `merge: true`. When the type
 *   changes (weekly → one-time) Apollo's mergeObjects keeps only the incoming object, so no stale `days`.
 * - `Schedule.nextRuns` is computed from the recurrence: the newest list replaces the old one (`merge: false`
 *   says so, and silences the data-loss warning when the list gets shorter).
 * - `TracklyScheduleDetails.variants` is deliberately left to Apollo's default (replace): variants have no
 *   identity, so merging old and new lists by position could pair a replaced variant's old `message` with
 *   its successor. A payload that selects fewer variant fields therefore makes the detail query refetch once.
 * - `Query.schedule(id)` reads the normalised `Schedule:<id>` directly (a cache redirect), so a schedule that
 *   arrived in a mutation payload or a list is shown without another request.
 */
export const APOLLO_TYPE_POLICIES: TypePolicies = {
  Schedule: {
    fields: {
      details: { merge: true },
      recurrence: { merge: true },
      nextRuns: { merge: false },
    },
  },
  Query: {
    fields: {
      schedule: {
        read: (existing: unknown, { args, toReference }) =>
          existing ?? (typeof args?.['id'] === 'string' ? toReference({ __typename: 'Schedule', id: args['id'] }) : undefined),
      },
    },
  },
};

export interface ApolloSetup {
  url: string;
  possibleTypes?: PossibleTypesMap;
  typePolicies?: TypePolicies;
  headers?: Record<string, string>;
  useGETForQueries?: boolean;
  sent?: SentRequest[];
}

export function createApolloClient(setup: ApolloSetup): ApolloClient {
  const sent = setup.sent ?? [];
  return new ApolloClient({
    link: new HttpLink({
      uri: setup.url,
      fetch: recordingFetch(sent),
      headers: { authorization: AUTHORIZATION, ...setup.headers },
      // Apollo sends `content-type: application/json` even on GET (no body), which the gateway's CSRF
      // prevention counts as "preflighted": GET queries pass without `apollo-require-preflight`.
      ...(setup.useGETForQueries ? { useGETForQueries: true } : {}),
    }),
    cache: new InMemoryCache({
      ...(setup.possibleTypes ? { possibleTypes: setup.possibleTypes } : {}),
      ...(setup.typePolicies ? { typePolicies: setup.typePolicies } : {}),
    }),
  });
}

// ---------------------------------------------------------------------------------------------------------
// urql + graphcache
// ---------------------------------------------------------------------------------------------------------

/**
 * The schema as a schema-first front end has it: the checked-in schema.graphql (kept equal to the Pothos
 * schema by test/schema.test.ts). Introspection is off in production, so graphcache's schema awareness must
 * be built at build time, not fetched; `@urql/introspection` is not installed, so graphql's own
 * `introspectionFromSchema` produces the data graphcache's `schema` option takes.
 */
export function checkedInSchema(): GraphQLSchema {
  return buildSchema(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'));
}

export function schemaIntrospection(schema: GraphQLSchema = checkedInSchema()): IntrospectionQuery {
  return introspectionFromSchema(schema, { descriptions: false });
}

/**
 * Object types graphcache cannot key: no `id` (recurrences, provider details, variants, occurrences, mutation
 * payloads, error types, …). Graphcache embeds them in their parent either way, but warns "Invalid key … no
 * key could be generated" (once per type) unless `keys` says `() => null` on purpose. Connection, Edge and
 * PageInfo types and the root types are exempt by graphcache's own rule.
 */
export function typesWithoutKeys(schema: GraphQLSchema): string[] {
  const roots = new Set([schema.getQueryType()?.name, schema.getMutationType()?.name, schema.getSubscriptionType()?.name]);
  return Object.values(schema.getTypeMap())
    .filter((type) => isObjectType(type) && !type.name.startsWith('__') && !roots.has(type.name))
    .filter((type) => isObjectType(type) && !('id' in type.getFields()) && !('_id' in type.getFields()))
    .filter((type) => !/PageInfo|(Connection|Edge)$/.test(type.name))
    .map((type) => type.name)
    .sort();
}

export interface UrqlSetup {
  url: string;
  /** Graphcache options beyond the defaults; the configured client passes all three. */
  schema?: IntrospectionQuery;
  keys?: KeyingConfig;
  redirects?: boolean;
  headers?: Record<string, string>;
  sent?: SentRequest[];
}

export function createUrqlClient(setup: UrqlSetup): Client {
  const sent = setup.sent ?? [];
  return new Client({
    url: setup.url,
    fetch: recordingFetch(sent),
    fetchOptions: { headers: { authorization: AUTHORIZATION, ...setup.headers } },
    exchanges: [
      cacheExchange({
        ...(setup.schema ? { schema: setup.schema } : {}),
        ...(setup.keys ? { keys: setup.keys } : {}),
        ...(setup.redirects
          ? {
              resolvers: {
                // Like Apollo's cache redirect: schedule(id) reads the normalised Schedule:<id> entity.
                Query: {
                  schedule: (_parent: unknown, args: { id?: unknown }) => (typeof args.id === 'string' ? { __typename: 'Schedule', id: args.id } : null),
                },
              },
            }
          : {}),
      }),
      fetchExchange,
    ],
  });
}

/** `keys` for every id-less type: embedded on purpose (see typesWithoutKeys). */
export function embeddedKeys(schema: GraphQLSchema): KeyingConfig {
  return Object.fromEntries(typesWithoutKeys(schema).map((name) => [name, () => null]));
}
