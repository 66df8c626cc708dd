/**
 * GraphiQL as a newcomer meets it: the real gateway (sandbox upstreams) serves `/graphql` to headless Debian
 * Chromium driven by playwright-core. The page must load with no network beyond the gateway (users behind a
 * firewall, and this machine, have no CDN), the default tab must run from the editor's run button, and the
 * result pane must show the seeded data. With `GATEWAY_API_KEYS` set, the key is typed into GraphiQL's
 * Headers editor as a user would.
 *
 * Chromium: `/usr/bin/chromium` (Debian's `chromium` package; `.ci/run` installs it). Without it the browser
 * cases are skipped with a message, except under CI (`CI` set), where they must run.
 * `UPDATE_SCREENSHOT=1` rewrites `docs/graphiql.png` from the open-sandbox run.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page, type Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TABS } from '../../src/graphiql.js';
import { SEED_TRACKLY_SCHEDULE_ID } from '../../src/providers/trackly/graphiql.js';
import { TRACKLY_SEED } from '../../src/providers/trackly/sandbox/store.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = fileURLToPath(new URL('../../docs/graphiql.png', import.meta.url));
/** As the machine notes require: without the background-networking flags Chromium's own calls are refused. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const KEY = 'gw_graphiql_key_0123456789abcdef';

const haveChromium = existsSync(CHROMIUM);
const runBrowser = haveChromium || Boolean(process.env.CI);
if (!runBrowser) {
  console.warn(`GraphiQL browser tests skipped: ${CHROMIUM} not found (install Debian's chromium: apt-get install -y chromium). Under CI they run.`);
}

interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

/**
 * The one error an unfiltered `schedules` list always carries today: Heymarket has no list endpoint, and the
 * resolver reports that as a partial error (src/schema/schedule.ts) next to the other providers' data. Anything
 * else is a real failure.
 */
function unexpectedErrors(errors: GraphQLBody['errors']): GraphQLBody['errors'] {
  const rest = (errors ?? []).filter((e) => !(e.extensions?.code === 'UNSUPPORTED_OPERATION' && e.extensions.provider === 'HEYMARKET'));
  return rest.length > 0 ? rest : undefined;
}

interface SchedulesData {
  schedules: { totalCount: number; edges: Array<{ node: { id: string; provider: string; name: string; nextRuns: unknown[] } }> };
}

/** A fresh profile per browser (the notes: a reused one makes Chromium try the network). */
async function openBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = await mkdtemp(join(tmpdir(), 'graphiql-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Opens GraphiQL with every request that leaves the gateway's origin blocked and recorded: a page that needs
 * a CDN fails here exactly as it does behind a firewall, whatever this machine's network allows.
 */
async function openGraphiQL(context: BrowserContext, gw: TestGateway): Promise<{ page: Page; external: string[]; pageErrors: string[] }> {
  const external: string[] = [];
  const pageErrors: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith(`${gw.origin}/`)) return route.continue();
    external.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const answer = await page.goto(gw.url, { waitUntil: 'load' });
  expect(answer?.status()).toBe(200);
  try {
    await page.locator('.graphiql-execute-button').waitFor({ state: 'visible', timeout: 15_000 });
  } catch {
    throw new Error(
      `GraphiQL did not render without the network. Requests it tried outside the gateway: ${external.join(', ') || 'none'}; ` +
        `page errors: ${pageErrors.join(' | ') || 'none'}. Serve GraphiQL's assets from the gateway ` +
        `(@graphql-yoga/render-graphiql's renderGraphiQL, served by src/ops/graphiql-page.ts).`,
    );
  }
  return { page, external, pageErrors };
}

/** The default query's answer, as GraphiQL received it after the run button was pressed. */
function isDefaultQueryAnswer(response: Response): boolean {
  if (response.request().method() !== 'POST' || !response.url().startsWith(response.request().url())) return false;
  return (response.request().postData() ?? '').includes('query Schedules');
}

async function runActiveTab(page: Page): Promise<{ status: number; body: GraphQLBody }> {
  const answered = page.waitForResponse(isDefaultQueryAnswer, { timeout: 15_000 });
  await page.locator('.graphiql-execute-button').click();
  const response = await answered;
  return { status: response.status(), body: (await response.json()) as GraphQLBody };
}

/** The visible text of GraphiQL's result pane (Monaco renders only visible lines: the top of the answer). */
async function resultPaneText(page: Page, contains: string): Promise<string> {
  const pane = page.locator('.graphiql-response');
  await expect.poll(async () => (await pane.innerText()).replace(/\s+/g, ' '), { timeout: 10_000 }).toContain(contains);
  return (await pane.innerText()).replace(/\s+/g, ' ');
}

describe('GraphiQL default tabs', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('every default tab runs against the sandbox without an error (the first click does something real)', async () => {
    expect(DEFAULT_TABS.length).toBeGreaterThanOrEqual(5);
    for (const tab of DEFAULT_TABS) {
      const variables = tab.variables ? (JSON.parse(tab.variables) as Record<string, unknown>) : undefined;
      const answer = await gw.gql(tab.query, variables);
      expect(unexpectedErrors(answer.errors), tab.query.split('\n')[0]).toBeUndefined();
      expect(answer.status).toBe(200);
      expect(answer.data).toBeTruthy();
    }
  });

  it('the read tab shows the seeded Trackly A/B schedule with its audiences and offers; the create tab is a successful dry run', async () => {
    const read = DEFAULT_TABS.find((tab) => tab.query.includes('query Schedule('));
    const create = DEFAULT_TABS.find((tab) => tab.query.includes('createSchedule'));
    expect(read?.variables).toContain(SEED_TRACKLY_SCHEDULE_ID);
    const one = await gw.gql<{
      schedule: { name: string; details: { audiences: Array<{ id: string }>; variants: Array<{ offerLinks: Array<{ offer: { id: string } | null }> }> } };
    }>(read?.query ?? '', JSON.parse(read?.variables ?? '{}') as Record<string, unknown>);
    expect(one.data?.schedule.name).toBe('Weekend Promo Blast');
    expect(one.data?.schedule.details.audiences.length).toBeGreaterThan(0);
    expect(one.data?.schedule.details.variants.flatMap((v) => v.offerLinks.map((l) => l.offer?.id))).toContain(TRACKLY_SEED.offers.summerSale);

    const before = gw.sandboxes.trackly.requests.filter((r) => r.method !== 'GET').length;
    const dry = await gw.gql<{ createSchedule: { __typename: string; dryRun: boolean; upstreamCalls: Array<{ method: string }> } }>(
      create?.query ?? '',
      JSON.parse(create?.variables ?? '{}') as Record<string, unknown>,
    );
    expect(dry.data?.createSchedule).toMatchObject({ __typename: 'CreateScheduleSuccess', dryRun: true });
    expect(dry.data?.createSchedule.upstreamCalls.map((c) => c.method)).toContain('POST');
    expect(gw.sandboxes.trackly.requests.filter((r) => r.method !== 'GET').length).toBe(before);
  });
});

// A browser start and a first render take seconds on a loaded 2-core machine: a minute per case, not the suite's 20 s.
describe.runIf(runBrowser)('GraphiQL in headless Chromium', { timeout: 60_000 }, () => {
  describe('sandbox, open access', () => {
    let gw: TestGateway;
    let browser: Awaited<ReturnType<typeof openBrowser>>;
    beforeAll(async () => {
      gw = await startTestGateway();
      browser = await openBrowser();
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await gw?.close();
    });

    it('loads offline, runs the default query from the editor and shows seeded schedules in the result pane', async () => {
      const { page, external, pageErrors } = await openGraphiQL(browser.context, gw);
      const editor = await page.locator('.graphiql-query-editor').innerText();
      expect(editor.replace(/\s+/g, ' ')).toContain('query Schedules');

      const { status, body } = await runActiveTab(page);
      expect(status).toBe(200);
      expect(unexpectedErrors(body.errors)).toBeUndefined();
      const data = body.data as unknown as SchedulesData;
      expect(data.schedules.totalCount).toBeGreaterThan(0);
      const first = data.schedules.edges[0]?.node;
      expect(first?.name).toBeTruthy();
      expect(new Set(data.schedules.edges.map((e) => e.node.provider))).toEqual(new Set(['TRACKLY', 'BURKI']));

      const shown = await resultPaneText(page, first?.name ?? '<no schedule>');
      expect(shown).toContain('"totalCount"');
      expect(shown).toContain(first?.id ?? '<no id>');
      expect(external, 'GraphiQL must not load anything from outside the gateway').toEqual([]);
      expect(pageErrors).toEqual([]);

      if (process.env.UPDATE_SCREENSHOT === '1') await page.screenshot({ path: SCREENSHOT });
    });
  });

  describe('with GATEWAY_API_KEYS', () => {
    let gw: TestGateway;
    let browser: Awaited<ReturnType<typeof openBrowser>>;
    beforeAll(async () => {
      gw = await startTestGateway({ env: { GATEWAY_API_KEYS: KEY } });
      browser = await openBrowser();
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      await gw?.close();
    });

    it('refuses the query until the key is entered in the Headers editor, then shows the data', async () => {
      const { page, external } = await openGraphiQL(browser.context, gw);
      await page.locator('.graphiql-editor-tools').getByText('Headers', { exact: true }).click();
      const headers = page.locator('.graphiql-editor-tool .graphiql-editor:visible').first();
      await expect.poll(async () => (await headers.innerText()).replace(/\s+/g, ' ')).toContain('Bearer <your gateway API key>');

      const refused = await runActiveTab(page);
      expect(refused.status).toBe(401);
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      await resultPaneText(page, 'UNAUTHENTICATED');

      await headers.click();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.press('Delete');
      // insertText, not type: Monaco would auto-close the braces and quotes of typed keystrokes.
      await page.keyboard.insertText(JSON.stringify({ Authorization: `Bearer ${KEY}` }));

      const { status, body } = await runActiveTab(page);
      expect(status).toBe(200);
      expect(unexpectedErrors(body.errors)).toBeUndefined();
      const data = body.data as unknown as SchedulesData;
      expect(data.schedules.totalCount).toBeGreaterThan(0);
      await resultPaneText(page, data.schedules.edges[0]?.node.name ?? '<no schedule>');
      expect(external).toEqual([]);
    });
  });
});
