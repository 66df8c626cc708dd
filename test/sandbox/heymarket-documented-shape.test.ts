/**
 * The Heymarket emulator answers like Heymarket's documented examples (issue 12). Seed 003 documents the create
 * body (its cURL example) and the create answer `{id, local_id}`; the Scheduled read object is documented by
 * the OpenAPI example of `GET /v1/schedule/{id}`, whose fields and types upstreams.md §2.3 copies — every
 * field always present, ints and strings, so what is not set reads as 0 / "" (a phone message has
 * `conversation_id: 0`). The fixtures below are those examples; the emulator's answers over HTTP must have
 * exactly their keys, with their types.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEYMARKET_SANDBOX_API_KEY, HEYMARKET_SEED, startHeymarketSandbox, type HeymarketSandbox } from '../../src/providers/heymarket/sandbox/index.js';
import { shapeDifferences } from '../support/documented-shape.js';

/** Seed 003: the cURL body of POST /v1/schedule (execute_at moved ahead of the test clock). */
const DOCUMENTED_CREATE_BODY = {
  local_id: 'f4bb74f2-7827-4a61-83c1-04164338fb6f',
  content: { text: 'Your appointment is tomorrow at 2pm', to: '14155553434' },
  phone_number: '14155553434',
  inbox_id: 413,
  execute_at: '2030-07-24T11:30:00-07:00',
};

/** Seed 003: the answer of that POST. */
const DOCUMENTED_CREATE_ANSWER = { id: 88, local_id: 'f4bb74f2-7827-4a61-83c1-04164338fb6f' };

/** upstreams.md §2.3: the Scheduled object of the GET example, field for field with the example's types. */
const DOCUMENTED_SCHEDULED = {
  id: 88,
  execute: '2024-07-24T18:30:00Z',
  inbox_id: 413,
  local_id: 'f4bb74f2-7827-4a61-83c1-04164338fb6f',
  created: '2024-07-20T10:00:00Z',
  updated: '2024-07-20T10:00:00Z',
  op: 'create',
  rev: 1,
  meta: {
    campaign_id: 0,
    campaign_step_id: 0,
    campaign_target_phone: '',
    conversation_id: 0,
    list_id: 0,
    content: {
      text: 'Your appointment is tomorrow at 2pm',
      to: '14155553434',
      template: 0,
      attachments: [{ name: 'menu.pdf', type: 'application/pdf', url: 'https://files.example.com/menu.pdf' }],
      gallery: [
        { annotation_position: 'bottom', annotation_text: 'Menu', original_url: 'https://files.example.com/o.jpg', url: 'https://files.example.com/m.jpg' },
      ],
      local_day: 0,
      local_time: '',
      offset: 0,
    },
  },
};

let sandbox: HeymarketSandbox;
const clock = new Date('2030-01-01T00:00:00Z');

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${HEYMARKET_SANDBOX_API_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  sandbox = await startHeymarketSandbox({ now: () => clock });
});
afterAll(() => sandbox.close());

describe('Heymarket emulator vs the documented examples', () => {
  it('POST with the documented body answers the documented {id, local_id}', async () => {
    const created = await call('POST', '/v1/schedule', DOCUMENTED_CREATE_BODY);
    expect(created.status).toBe(200);
    expect(shapeDifferences(created.body, DOCUMENTED_CREATE_ANSWER)).toEqual([]);
  });

  it('GET of a phone message: every documented field, with zero values for the conversation, list and template', async () => {
    const { id } = (await call('POST', '/v1/schedule', DOCUMENTED_CREATE_BODY)).body as { id: number };
    const read = await call('GET', `/v1/schedule/${id}`);
    expect(read.status).toBe(200);
    expect(shapeDifferences(read.body, DOCUMENTED_SCHEDULED)).toEqual([]);
    expect(read.body).toMatchObject({ meta: { conversation_id: 0, list_id: 0, content: { template: 0 } } });
  });

  it('GET of a message with attachments and gallery entries: their items have the documented keys too', async () => {
    const body = {
      ...DOCUMENTED_CREATE_BODY,
      content: {
        ...DOCUMENTED_CREATE_BODY.content,
        attachments: DOCUMENTED_SCHEDULED.meta.content.attachments,
        gallery: DOCUMENTED_SCHEDULED.meta.content.gallery,
      },
    };
    const { id } = (await call('POST', '/v1/schedule', body)).body as { id: number };
    expect(shapeDifferences((await call('GET', `/v1/schedule/${id}`)).body, DOCUMENTED_SCHEDULED)).toEqual([]);
  });

  it('every seeded message (phone, conversation, list) and a template-only message read with the documented shape', async () => {
    const template = { inbox_id: 413, execute_at: '2030-07-24T19:00:00Z', content: { template: 12 }, list_id: 6601 };
    const { id } = (await call('POST', '/v1/schedule', template)).body as { id: number };
    for (const seeded of [...Object.values(HEYMARKET_SEED.schedules), id]) {
      const read = await call('GET', `/v1/schedule/${seeded}`);
      expect(shapeDifferences(read.body, DOCUMENTED_SCHEDULED), String(seeded)).toEqual([]);
    }
    const conversation = (await call('GET', `/v1/schedule/${HEYMARKET_SEED.schedules.conversation}`)).body as {
      meta: Record<string, unknown> & { content: Record<string, unknown> };
    };
    expect(conversation.meta).toMatchObject({ conversation_id: HEYMARKET_SEED.conversationId, list_id: 0, content: { to: '' } });
  });
});
