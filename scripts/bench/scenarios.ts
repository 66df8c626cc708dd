/**
 * The GraphQL documents and request bodies of the bench scenarios, and the checks that make a load run
 * count only correct answers (a 200 with GraphQL `errors` is not a success).
 */
import { encodeScheduleId } from '../../src/core/global-id.js';
import type { BenchSeed } from './protocol.js';

/** The gateway key the bench configures (`GATEWAY_API_KEYS`) and sends; harmless when keys are not enforced. */
export const BENCH_GATEWAY_API_KEY = 'bench-only-gateway-key-0000000000000000';

export const GATEWAY_HEADERS: Record<string, string> = {
  'content-type': 'application/json',
  accept: 'application/graphql-response+json, application/json',
  authorization: `Bearer ${BENCH_GATEWAY_API_KEY}`,
};

export const SCHEDULE_QUERY = /* GraphQL */ `
  query Schedule($id: ID!) {
    schedule(id: $id) {
      id provider nativeId name status nativeStatus
      recurrence { __typename ... on WeeklyRecurrence { days time timeZone } }
    }
  }
`;

export const PAGE_QUERY = /* GraphQL */ `
  query Page {
    schedules(provider: TRACKLY, first: 100) {
      totalCount
      edges {
        cursor
        node {
          id name status
          details {
            ... on TracklyScheduleDetails {
              sendType
              audiences { id name cachedSize }
              sourceLists { id listName contactCount }
              variants { name percentAudience offerLinks { key offer { id name trackingUrl } } }
            }
          }
        }
      }
    }
  }
`;

export const CROSS_QUERY = /* GraphQL */ `
  query Cross($provider: Provider) {
    schedules(first: 20, provider: $provider) {
      totalCount
      edges { node { id provider name status } }
    }
  }
`;

export const CREATE_MUTATION = /* GraphQL */ `
  mutation Create($input: CreateScheduleInput!) {
    createSchedule(input: $input) {
      __typename
      ... on CreateScheduleSuccess { schedule { id nativeId name status } }
      ... on Error { message code providerCode }
    }
  }
`;

export function graphqlBody(query: string, variables: Record<string, unknown> = {}): string {
  return JSON.stringify({ query, variables });
}

export function scheduleVariables(seed: BenchSeed): Record<string, unknown> {
  return { id: encodeScheduleId('TRACKLY', seed.scheduleId) };
}

/** A valid weekly Trackly A/B create that references one audience, one list and one offer. */
export function createVariables(seed: BenchSeed, now = new Date()): Record<string, unknown> {
  const day = (offset: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + offset)).toISOString().slice(0, 10);
  const offerId = seed.offerIds[0];
  return {
    input: {
      recurrence: { weekly: { days: ['MONDAY', 'THURSDAY'], time: '10:30', startDate: `${day(30)}T00:00:00Z`, endDate: `${day(120)}T23:59:00Z` } },
      target: {
        trackly: {
          name: 'Bench create',
          status: 'SCHEDULED',
          audienceIds: [seed.audienceIds[0]],
          sourceListIds: [seed.listIds[0]],
          variants: [
            {
              name: 'A',
              message: 'A: {{link1}}',
              percentAudience: 50,
              offerLinks: [{ key: 'link1', offerId, urlParams: [{ key: 'utm_source', value: 'sms' }] }],
            },
            { name: 'B', message: 'B: {{link1}}', percentAudience: 50, offerLinks: [{ key: 'link1', offerId }] },
          ],
        },
      },
    },
  };
}

interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message?: string; extensions?: { code?: string; provider?: string } }>;
}

function parse(body: string): GraphQLBody | string {
  try {
    return JSON.parse(body) as GraphQLBody;
  } catch {
    return `not JSON: ${body.slice(0, 120)}`;
  }
}

/** Cheap enough for thousands of responses a second: no JSON parse. */
export function checkNoErrors(status: number, body: string): string | null {
  if (status !== 200) return `HTTP ${status}: ${body.slice(0, 200)}`;
  if (body.includes('"errors"')) return `GraphQL errors: ${body.slice(0, 300)}`;
  return null;
}

export function checkPage(expected: number) {
  return (status: number, body: string): string | null => {
    const problem = checkNoErrors(status, body);
    if (problem) return problem;
    const parsed = parse(body);
    if (typeof parsed === 'string') return parsed;
    const edges = (parsed.data?.['schedules'] as { edges?: unknown[] } | undefined)?.edges;
    return edges?.length === expected ? null : `expected ${expected} edges, got ${edges?.length ?? 'none'}`;
  };
}

/** Heymarket has no list endpoint: the merged list always carries its UNSUPPORTED_OPERATION partial error. */
export function checkCross(status: number, body: string): string | null {
  if (status !== 200) return `HTTP ${status}: ${body.slice(0, 200)}`;
  const parsed = parse(body);
  if (typeof parsed === 'string') return parsed;
  if (!parsed.data?.['schedules']) return `no data: ${body.slice(0, 300)}`;
  const unexpected = (parsed.errors ?? []).filter((e) => !(e.extensions?.code === 'UNSUPPORTED_OPERATION' && e.extensions.provider === 'HEYMARKET'));
  return unexpected.length === 0 ? null : `GraphQL errors: ${JSON.stringify(unexpected).slice(0, 300)}`;
}

export function checkCreate(status: number, body: string): string | null {
  const problem = checkNoErrors(status, body);
  if (problem) return problem;
  return body.includes('"CreateScheduleSuccess"') ? null : `not created: ${body.slice(0, 300)}`;
}

export function checkStatus(expected: number) {
  return (status: number, body: string): string | null => (status === expected ? null : `HTTP ${status}: ${body.slice(0, 200)}`);
}
