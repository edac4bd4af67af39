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
const AT_RISK_SUBJECT = 'החשבונית של דצמבר לא הגיעה';
const ALL_DAY = [['00:00', '24:00']];
const WAIT = { timeout: 15_000 };

const send = async <T = { id: string }>(
  api: APIRequestContext,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  path: string,
  data?: unknown,
  headers?: Record<string, string>,
): Promise<T> => {
  const res = await api.fetch(`/api/v1${path}`, { method, data, headers });
  if (!res.ok()) throw new Error(`${method} ${path}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
};
const post = <T = { id: string }>(api: APIRequestContext, path: string, data: unknown) =>
  send<T>(api, 'POST', path, data);

type SeededTicket = { id: string; number: number; version: number; sla: { policyId: string } | null };

/**
 * A desk day the dashboard can be checked against. Two policies on a 24/7 calendar make the figures
 * independent of when the run happens: urgent answers within 1 minute (so the urgent ticket breaches
 * a minute after it is opened), high within 10 minutes with a warning at 1% (at risk within seconds).
 * Open: urgent 1, high 1, normal 2, low 1 = 5; one more normal is solved; three are the owner's,
 * who is set away; one normal got a public reply (one first response).
 */
const seedDesk = async (api: APIRequestContext) => {
  const me = await send<{ user: { id: string } }>(api, 'GET', '/me');
  const calendar = await post(api, '/business-calendars', {
    name: 'מסביב לשעון',
    timezone: TZ,
    weeklyHours: {
      sun: ALL_DAY,
      mon: ALL_DAY,
      tue: ALL_DAY,
      wed: ALL_DAY,
      thu: ALL_DAY,
      fri: ALL_DAY,
      sat: ALL_DAY,
    },
  });
  const urgentPolicy = await post(api, '/sla-policies', {
    name: 'דחוף: דקה',
    conditions: { priorities: ['urgent'] },
    targets: { urgent: { firstResponse: 1 } },
    calendarId: calendar.id,
  });
  const highPolicy = await post(api, '/sla-policies', {
    name: 'גבוה: 10 דקות',
    conditions: { priorities: ['high'] },
    targets: { high: { firstResponse: 10 } },
    warnAtPercent: 1,
    calendarId: calendar.id,
  });
  const policies = await send<{ items: { id: string }[] }>(api, 'GET', '/sla-policies?limit=100');
  const rest = policies.items.map((p) => p.id).filter((id) => id !== urgentPolicy.id && id !== highPolicy.id);
  await send(api, 'PUT', '/sla-policies/order', { ids: [urgentPolicy.id, highPolicy.id, ...rest] });

  const contact = await post(api, '/contacts', {
    firstName: 'אבי',
    lastName: 'ששון',
    emails: ['avi@sasson.example'],
  });
  const ticket = (subject: string, priority: string, assign = false) =>
    post<SeededTicket>(api, '/tickets', {
      subject,
      description: 'מאז הבוקר המדפסת לא מגיבה.',
      requesterId: contact.id,
      priority,
      channel: 'email',
      ...(assign ? { assigneeId: me.user.id } : {}),
    });
  const urgent = await ticket(SUBJECT, 'urgent');
  const high = await ticket(AT_RISK_SUBJECT, 'high', true);
  expect(urgent.sla?.policyId).toBe(urgentPolicy.id);
  expect(high.sla?.policyId).toBe(highPolicy.id);
  const replied = await ticket('בקשה להצעת מחיר', 'normal', true);
  await ticket('שינוי כתובת למשלוח', 'normal');
  await ticket('שאלה על אחריות', 'low', true);
  const solved = await ticket('איפוס סיסמה', 'normal');
  await post(api, `/tickets/${replied.id}/messages`, {
    body: 'שלום, נבדוק ונחזור אליך.',
    visibility: 'public',
  });
  await send(
    api,
    'PATCH',
    `/tickets/${solved.id}`,
    { status: 'solved' },
    { 'if-match': `"${solved.version}"` },
  );
  await send(api, 'PUT', '/me/availability', { status: 'away' });
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
  let seededAt = 0;

  screenshotOnFailure(() => [page]);

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startServer({ templateDir: inject('e2eTemplateDir'), env: { JOBS: 'on' } }),
      launchBrowser(),
    ]);
    context = await newContext(browser, server.url);
    await signupOwner(context);
    await seedDesk(context.request);
    seededAt = Date.now();
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

  const kpi = (m: Messages, name: keyof Messages['desk']['dashboard']['kpi']) =>
    page.getByRole('region', { name: m.desk.dashboard.kpi[name], exact: true });
  const kpiValue = (m: Messages, name: keyof Messages['desk']['dashboard']['kpi']) =>
    kpi(m, name).locator('p').nth(1).textContent();

  /** The seeded figures, as the page shows them (Israeli Intl digits are Latin in both languages). */
  const checkDashboard = async (m: Messages, open: number) => {
    const d = m.desk.dashboard;
    // the high ticket warns 6 seconds after it was opened
    await new Promise((r) => setTimeout(r, Math.max(0, seededAt + 8_000 - Date.now())));
    await page.goto('/reports/service');
    await page.getByRole('heading', { level: 1, name: d.title }).waitFor();
    await expect.poll(() => kpiValue(m, 'open'), WAIT).toBe(String(open));
    await expect.poll(() => kpiValue(m, 'atRisk'), WAIT).toBe('1');
    // the urgent ticket breaches a minute after it was opened: the page refreshes by itself
    await expect.poll(() => kpiValue(m, 'breached'), { timeout: 100_000, interval: 1_000 }).toBe('1');
    await expect.poll(() => kpiValue(m, 'atRisk')).toBe('1');

    const p = m.desk.priorities;
    await expect
      .poll(() =>
        page.getByRole('img', { name: new RegExp(`^${d.openByPriority}:`) }).getAttribute('aria-label'),
      )
      .toBe(`${d.openByPriority}: ${p.urgent} 1, ${p.high} 1, ${p.normal} 2, ${p.low} 1`);

    const agents = page.getByRole('region', { name: d.agentLoad, exact: true });
    const ownerRow = agents.getByRole('row').filter({ hasText: OWNER.name });
    await expect
      .poll(() => ownerRow.getByRole('cell').allTextContents(), WAIT)
      .toEqual([OWNER.name, m.desk.availability.away, '3']);
    await agents.getByText(fill(d.unassignedCount, { n: String(open - 3) }), { exact: true }).waitFor();

    const breached = page.getByRole('region', { name: d.breachedList, exact: true });
    await breached.getByRole('row').filter({ hasText: SUBJECT }).getByText(p.urgent).waitFor();
    await breached.getByRole('row').filter({ hasText: SUBJECT }).getByText(d.unassigned).waitFor();
    const atRisk = page.getByRole('region', { name: d.atRiskList, exact: true });
    await atRisk.getByRole('row').filter({ hasText: AT_RISK_SUBJECT }).getByText(OWNER.name).waitFor();

    const times = page.getByRole('region', { name: d.times, exact: true });
    const timesRow = (target: 'firstResponse' | 'resolution') =>
      times.getByRole('row', { name: new RegExp(`^${m.desk.targets[target]} · ${d.wallTime}`) });
    // one public reply and one solved ticket in the period
    await expect
      .poll(async () => (await timesRow('firstResponse').getByRole('cell').last().textContent()) ?? '', WAIT)
      .toBe('1');
    await expect
      .poll(async () => (await timesRow('resolution').getByRole('cell').last().textContent()) ?? '', WAIT)
      .toBe('1');
    await expect.poll(() => kpiValue(m, 'firstResponse'), WAIT).not.toBe('—');
    await page.getByRole('link', { name: d.csv }).waitFor();
  };

  const visitAll = async (m: Messages) => {
    await page.goto('/settings/sla');
    await page.getByRole('heading', { name: m.desk.sla.title }).waitFor();
    // a new tenant starts with a default policy
    await page.getByRole('button', { name: m.desk.common.edit }).first().click();
    await page.getByText(m.desk.sla.targets).waitFor();
    await screenshot(page, 'desk-sla-policies');

    await checkDashboard(m, 5);
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
  }, 200_000);

  test('the same screens in English', async () => {
    await page.goto('/settings/business-hours');
    await page.getByRole('button', { name: fill(he.shell.userMenu, { name: OWNER.name }) }).click();
    await page.getByRole('menuitem', { name: he.language.en }).click();
    await expectLang(page, 'en');
    await page.getByRole('heading', { name: en.desk.calendars.title }).waitFor();
    await checkPreview('en', en);
    await screenshot(page, 'desk-business-hours');
    await visitAll(en);

    // a ticket opened elsewhere shows up without a reload (pushed over the realtime channel)
    await page.goto('/reports/service');
    await expect.poll(() => kpiValue(en, 'open'), WAIT).toBe('5');
    const contacts = await send<{ items: { id: string }[] }>(context.request, 'GET', '/contacts?limit=1');
    await post(context.request, '/tickets', {
      subject: 'Toner order',
      requesterId: contacts.items[0]?.id,
      priority: 'low',
      channel: 'email',
    });
    await expect.poll(() => kpiValue(en, 'open'), { timeout: 15_000 }).toBe('6');
  }, 200_000);
});
