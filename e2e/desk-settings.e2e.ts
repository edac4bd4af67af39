import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { expectLang, launchBrowser, newContext, screenshot, screenshotOnFailure } from './lib/browser.js';
import { en, fill, he, type Lang, type Messages } from './lib/i18n.js';
import { OWNER, signupOwner } from './lib/seed.js';
import { type RunningServer, startServer } from './lib/server.js';

const TZ = 'Asia/Jerusalem';
// Thursday 8 January 2026, 16:30: 30 business minutes left that day, Friday and Saturday closed,
// so 60 minutes end on Sunday 11 January at 08:30 (06:30 UTC, winter time).
const START = '2026-01-08T16:30';
const DUE = new Date('2026-01-11T06:30:00Z');
const SUBJECT = 'המדפסת במשרד לא מדפיסה';

const post = async <T = { id: string }>(api: APIRequestContext, path: string, data: unknown): Promise<T> => {
  const res = await api.post(`/api/v1${path}`, { data });
  if (!res.ok()) throw new Error(`POST ${path}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
};

/** The words of a translation before its first placeholder. */
const prefix = (template: string) => template.split('{{')[0]?.trim() ?? template;

const dueText = (lang: Lang, m: Messages) => {
  const due = new Intl.DateTimeFormat(lang === 'he' ? 'he-IL' : 'en-IL', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: TZ,
  }).format(DUE);
  return fill(m.desk.calendars.previewResult, { due });
};

describe('desk settings: business hours, Israeli holidays, due-time preview, SLA, dashboard, outbox', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  screenshotOnFailure(() => [page]);

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startServer({ templateDir: inject('e2eTemplateDir'), env: { JOBS: 'on' } }),
      launchBrowser(),
    ]);
    context = await newContext(browser, server.url);
    await signupOwner(context);
    const api = context.request;
    const contact = await post(api, '/contacts', {
      firstName: 'אבי',
      lastName: 'ששון',
      emails: ['avi@sasson.example'],
    });
    await post(api, '/tickets', {
      subject: SUBJECT,
      description: 'מאז הבוקר המדפסת לא מגיבה.',
      requesterId: contact.id,
      priority: 'urgent',
      channel: 'email',
    });
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  const checkPreview = async (lang: Lang, m: Messages) => {
    await page.getByLabel(fill(m.desk.calendars.previewStart, { tz: TZ })).fill(START);
    await page.getByLabel(m.desk.calendars.previewMinutes).fill('60');
    await page.getByRole('button', { name: m.desk.calendars.previewRun }).click();
    await page.getByText(dueText(lang, m)).waitFor();
  };

  const visitAll = async (m: Messages) => {
    await page.goto('/settings/sla');
    await page.getByRole('heading', { name: m.desk.sla.title }).waitFor();
    // a new tenant starts with a default policy
    await page.getByRole('button', { name: m.desk.common.edit }).first().click();
    await page.getByText(m.desk.sla.targets).waitFor();
    await screenshot(page, 'desk-sla-policies');

    await page.goto('/reports/service');
    await page.getByRole('heading', { level: 1, name: m.desk.dashboard.title }).waitFor();
    // the dashboard API (src/server/modules/reports) may not be there yet: then the page says so
    await page
      .getByText(m.desk.dashboard.kpi.open, { exact: true })
      .or(page.getByText(m.desk.dashboard.unavailable))
      .first()
      .waitFor();
    await page.getByRole('link', { name: m.desk.dashboard.csv }).waitFor();
    await screenshot(page, 'desk-dashboard');

    await page.goto('/settings/outbox');
    await page.getByRole('heading', { name: m.desk.outbox.title }).waitFor();
    await page.getByRole('table').or(page.getByText(m.desk.outbox.empty)).first().waitFor();
    await screenshot(page, 'desk-outbox');
  };

  test('business hours: import the Israeli holidays for 2026 and preview Thursday 16:30 + 60 min', async () => {
    await page.goto('/settings/business-hours');
    await expectLang(page, 'he');
    await page.getByRole('heading', { name: he.desk.calendars.title }).waitFor();
    await page.getByLabel(he.desk.calendars.importYear).fill('2026');
    await page.getByRole('button', { name: fill(he.desk.calendars.importIsraeli, { year: '2026' }) }).click();
    await page.getByText(prefix(he.desk.calendars.imported)).first().waitFor();
    // the holidays table now lists the year's days (Yom Ha'atzmaut among them)
    await expect
      .poll(() =>
        page.getByRole('textbox', { name: new RegExp(`^${he.desk.calendars.holidayDate} `) }).count(),
      )
      .toBeGreaterThan(5);
    await checkPreview('he', he);
    await screenshot(page, 'desk-business-hours');
  });

  test('SLA policies, the service dashboard and the outbox (he)', async () => {
    await visitAll(he);
  });

  test('the same screens in English', async () => {
    await page.goto('/settings/business-hours');
    await page.getByRole('button', { name: fill(he.shell.userMenu, { name: OWNER.name }) }).click();
    await page.getByRole('menuitem', { name: he.language.en }).click();
    await expectLang(page, 'en');
    await page.getByRole('heading', { name: en.desk.calendars.title }).waitFor();
    await checkPreview('en', en);
    await screenshot(page, 'desk-business-hours');
    await visitAll(en);
  });
});
