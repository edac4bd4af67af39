import type { APIRequestContext, Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { expectLang, launchBrowser, newContext, screenshot, screenshotOnFailure } from './lib/browser.js';
import { en, fill, he, type Messages } from './lib/i18n.js';
import { OWNER, signupOwner } from './lib/seed.js';
import { type RunningServer, startServer } from './lib/server.js';

const STAGES = ['פנייה ראשונה', 'הצעת מחיר', 'נסגר', 'אבוד'] as const;
const DEAL_A = 'מערכת מיגון למחסן';
const DEAL_B = 'Fleet tracking pilot';
const ACCOUNT = 'מחסני הצפון בע"מ';

type Deal = { id: string; stageId: string; version: number };
type Seeded = { pipelineId: string; stageIds: string[]; dealA: Deal; dealB: Deal };

const call = async <T>(api: APIRequestContext, method: 'get' | 'post', path: string, data?: unknown) => {
  const res = await api[method](`/api/v1${path}`, data === undefined ? {} : { data });
  if (!res.ok()) throw new Error(`${method.toUpperCase()} ${path}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
};

/** A pipeline with four stages and two deals in its first stage; a lead, tasks and activity. */
const seed = async (api: APIRequestContext): Promise<Seeded> => {
  const pipeline = await call<{ id: string; stages: { id: string }[] }>(api, 'post', '/pipelines', {
    name: 'פרויקטים',
    stages: [
      { name: STAGES[0], probability: 10 },
      { name: STAGES[1], probability: 50 },
      { name: STAGES[2], probability: 100, kind: 'won' },
      { name: STAGES[3], probability: 0, kind: 'lost' },
    ],
  });
  const stageIds = pipeline.stages.map((stage) => stage.id);
  const account = await call<{ id: string }>(api, 'post', '/accounts', { name: ACCOUNT });
  const deal = (name: string, amount: string, currency = 'ILS') =>
    call<Deal>(api, 'post', '/deals', {
      name,
      accountId: account.id,
      pipelineId: pipeline.id,
      stageId: stageIds[0],
      amount,
      currency,
      expectedCloseDate: '2030-03-15',
    });
  const dealA = await deal(DEAL_A, '12500');
  const dealB = await deal(DEAL_B, '37500', 'USD');

  await call(api, 'post', '/leads', {
    firstName: 'רונית',
    lastName: 'אברהם',
    company: 'אברהם הובלות',
    source: 'web_form',
    emails: ['ronit@avraham.example'],
    phones: ['+972502345678'],
  });
  await call(api, 'post', '/leads', {
    firstName: 'John',
    lastName: 'Smith',
    source: 'referral',
    status: 'contacted',
  });
  const hour = 3_600_000;
  await call(api, 'post', '/tasks', {
    title: 'להתקשר לרונית לגבי ההצעה',
    accountId: account.id,
    priority: 'high',
    dueAt: new Date(Date.now() - 2 * hour).toISOString(),
  });
  const done = await call<{ id: string; version: number }>(api, 'post', '/tasks', {
    title: 'Send the signed contract',
    dealId: dealA.id,
    dueAt: new Date(Date.now() + 24 * hour).toISOString(),
  });
  await call(api, 'post', `/tasks/${done.id}/complete`, { version: done.version });
  for (const kind of ['call', 'call', 'email', 'sms'] as const) {
    await call(api, 'post', '/activities', {
      kind,
      accountId: account.id,
      ...(kind === 'call' ? { direction: 'outbound', outcome: 'answered', durationSeconds: 90 } : {}),
    });
  }
  return { pipelineId: pipeline.id, stageIds, dealA, dealB };
};

describe('deals: drag a deal between stages, leads, tasks, activity report', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let seeded: Seeded;

  screenshotOnFailure(() => [page]);

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startServer({ templateDir: inject('e2eTemplateDir') }),
      launchBrowser(),
    ]);
    context = await newContext(browser, server.url);
    await signupOwner(context);
    seeded = await seed(context.request);
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const column = (stage: string) => page.getByRole('region', { name: stage, exact: true });
  const card = (stage: string, deal: string) => column(stage).getByRole('article', { name: deal });
  const counts = () => page.getByTestId('stage-count').allTextContents();
  const getDeal = (id: string) => call<Deal>(context.request, 'get', `/deals/${id}`);
  const switchLanguage = async (from: Messages, to: 'he' | 'en') => {
    await page.getByRole('button', { name: fill(from.shell.userMenu, { name: OWNER.name }) }).click();
    await page.getByRole('menuitem', { name: from.language[to] }).click();
    await expectLang(page, to);
  };
  const center = async (locator: Locator) => {
    const box = await locator.boundingBox();
    if (!box) throw new Error('not on screen');
    return { x: box.x + box.width / 2, y: box.y + box.height / 2, box };
  };

  test('the board shows the pipeline; a deal dragged with the mouse moves to the next stage', async () => {
    await page.goto(`/deals?pipeline=${seeded.pipelineId}`);
    await expectLang(page, 'he');
    await page.getByRole('heading', { name: he.sales.deals.title }).waitFor();
    await card(STAGES[0], DEAL_A).waitFor();
    await card(STAGES[0], DEAL_B).waitFor();
    expect(await counts()).toEqual(['2', '0', '0', '0']);
    await screenshot(page, 'deals-board');

    // real mouse events: press on the card, move across in steps, release over the next column
    const from = await center(card(STAGES[0], DEAL_A));
    const to = await center(column(STAGES[1]));
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + (to.x > from.x ? 20 : -20), from.y + 10, { steps: 4 });
    await page.mouse.move(to.x, to.box.y + 90, { steps: 12 });
    await page.mouse.up();

    await card(STAGES[1], DEAL_A).waitFor();
    await expect.poll(counts).toEqual(['1', '1', '0', '0']);
    await expect.poll(async () => (await getDeal(seeded.dealA.id)).stageId).toBe(seeded.stageIds[1]);

    // the server's board agrees after a reload
    await page.reload();
    await card(STAGES[1], DEAL_A).waitFor();
    expect(await counts()).toEqual(['1', '1', '0', '0']);
    await screenshot(page, 'deals-board-moved');
  });

  test('leads, tasks and the activity report in Hebrew', async () => {
    await page
      .getByRole('navigation', { name: he.nav.label })
      .getByRole('link', { name: he.sales.nav.leads })
      .click();
    await page.waitForURL('**/leads');
    await page.getByRole('link', { name: 'רונית אברהם' }).waitFor();
    await screenshot(page, 'leads-list');

    await page
      .getByRole('navigation', { name: he.nav.label })
      .getByRole('link', { name: he.sales.nav.tasks })
      .click();
    await page.waitForURL('**/tasks');
    await page
      .getByRole('checkbox', { name: fill(he.sales.tasks.complete, { title: 'להתקשר לרונית לגבי ההצעה' }) })
      .waitFor();
    await page.getByRole('link', { name: ACCOUNT }).first().waitFor();
    await screenshot(page, 'tasks');

    await page
      .getByRole('navigation', { name: he.nav.label })
      .getByRole('link', { name: he.nav.reports })
      .click();
    await page.waitForURL('**/reports');
    await page.getByRole('img', { name: he.sales.report.chartTitle }).waitFor();
    await page.getByRole('cell', { name: OWNER.name }).first().waitFor();
    await screenshot(page, 'activity-report');
  });

  test('in English: the keyboard moves a deal (M → Move to…), and the same screens', async () => {
    await page.goto(`/deals?pipeline=${seeded.pipelineId}`);
    await switchLanguage(he, 'en');
    await page.getByRole('heading', { name: en.sales.deals.title }).waitFor();
    const deal = card(STAGES[0], DEAL_B);
    await deal.focus();
    await page.keyboard.press('m');
    await page.getByRole('menuitem', { name: STAGES[1] }).click();
    await card(STAGES[1], DEAL_B).waitFor();
    await expect.poll(counts).toEqual(['0', '2', '0', '0']);
    await expect.poll(async () => (await getDeal(seeded.dealB.id)).stageId).toBe(seeded.stageIds[1]);
    await screenshot(page, 'deals-board');

    await page.goto('/leads');
    await page.getByRole('link', { name: 'John Smith' }).waitFor();
    await screenshot(page, 'leads-list');

    await page.goto('/tasks');
    await page
      .getByRole('checkbox', { name: fill(en.sales.tasks.complete, { title: 'להתקשר לרונית לגבי ההצעה' }) })
      .waitFor();
    await page.getByRole('link', { name: ACCOUNT }).first().waitFor();
    await screenshot(page, 'tasks');

    await page.goto('/reports');
    await page.getByRole('img', { name: en.sales.report.chartTitle }).waitFor();
    await page.getByRole('cell', { name: OWNER.name }).first().waitFor();
    await screenshot(page, 'activity-report');
  });
});
