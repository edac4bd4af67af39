// The staff side of the customer portal: portal access from the contact page (invite link, scope),
// portal branding, a knowledge-base article in Hebrew and English, and Data from ERP (a dataset, a
// CSV connector against a real local HTTP server, test connection, run now, run history).
import { createServer, type Server } from 'node:http';
import {
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
  request as playwrightRequest,
} from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { expectLang, launchBrowser, newContext, screenshot, screenshotOnFailure } from './lib/browser.js';
import { en, fill, he, type Messages } from './lib/i18n.js';
import { OWNER, signupOwner } from './lib/seed.js';
import { freePort, type RunningServer, startServer } from './lib/server.js';

const WAIT = { timeout: 15_000 };
const BAKERY = 'מאפיית נהריה';
const BAKERY_ERP = 'C1001';
const DAIRY = 'מחלבת הגליל';
const CONTACT = { firstName: 'יוסי', lastName: 'כהן', email: 'yossi@maafiya.example' };
// Four rows: two of the bakery, one of the dairy, one of a customer number no account carries.
const STOCK_CSV = [
  'CUSTNAME,PARTNAME,PARTDES,QTY',
  `${BAKERY_ERP},P-100,קמח לבן,25`,
  `${BAKERY_ERP},P-200,שמרים טריים,4`,
  'C1002,P-100,קמח לבן,11',
  'C9999,P-300,סוכר,7',
].join('\n');
const ARTICLE = {
  he: {
    title: 'איך מאפסים סיסמה לפורטל',
    body: '## שלבים\n\n1. לוחצים על **שכחתי סיסמה**\n2. פותחים את המייל',
  },
  en: {
    title: 'How to reset your portal password',
    body: '## Steps\n\n1. Click **Forgot password**\n2. Open the email',
  },
};

const send = async <T>(api: APIRequestContext, method: string, path: string, data?: unknown): Promise<T> => {
  const res = await api.fetch(path, { method, data });
  if (!res.ok()) throw new Error(`${method} ${path}: ${res.status()} ${await res.text()}`);
  return (res.status() === 204 ? null : await res.json()) as T;
};

/** A stand-in for the customer's file server: serves the stock CSV and counts the downloads. */
const startCsvServer = async () => {
  let downloads = 0;
  const port = await freePort();
  const server: Server = createServer((req, res) => {
    if (req.url !== '/exports/stock.csv') {
      res.writeHead(404).end();
      return;
    }
    downloads += 1;
    res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' }).end(STOCK_CSV);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}/exports/stock.csv`,
    downloads: () => downloads,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

/** Opens a Mantine Select / MultiSelect by its label and picks an option from its dropdown. */
const pick = async (page: Page, scope: Page | Locator, label: string, option: string) => {
  // force: a MultiSelect's pills wrapper sits over its input and takes the click (and opens it)
  await scope.getByRole('combobox', { name: label, exact: true }).click({ force: true });
  await page.getByRole('option', { name: option, exact: true }).click();
};

describe('portal administration: access, branding, knowledge base, data from ERP', () => {
  let server: RunningServer;
  let csv: Awaited<ReturnType<typeof startCsvServer>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let contactId = '';
  let bakeryId = '';
  let dairyId = '';
  let inviteUrl = '';
  let connectorUrl = '';

  screenshotOnFailure(() => [page]);

  beforeAll(async () => {
    [server, browser, csv] = await Promise.all([
      startServer({ templateDir: inject('e2eTemplateDir') }),
      launchBrowser(),
      startCsvServer(),
    ]);
    context = await newContext(browser, server.url);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await signupOwner(context);
    const api = context.request;
    const bakery = await send<{ id: string }>(api, 'POST', '/api/v1/accounts', {
      name: BAKERY,
      externalRefs: { priority: BAKERY_ERP },
    });
    bakeryId = bakery.id;
    const dairy = await send<{ id: string }>(api, 'POST', '/api/v1/accounts', {
      name: DAIRY,
      externalRefs: { priority: 'C1002' },
    });
    dairyId = dairy.id;
    const contact = await send<{ id: string }>(api, 'POST', '/api/v1/contacts', {
      firstName: CONTACT.firstName,
      lastName: CONTACT.lastName,
      emails: [CONTACT.email],
      accounts: [{ accountId: bakery.id, isPrimary: true }],
    });
    contactId = contact.id;
    page = await context.newPage();
    page.on('pageerror', (e) => console.error('PAGEERROR', e.message, e.stack));
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
    await csv?.stop();
  });

  test('a contact gets portal access for the whole account, and the copied invite link works', async () => {
    const a = he.portalAdmin.access;
    await page.goto(`/customers/contacts/${contactId}`);
    await expectLang(page, 'he');
    const panel = page.getByRole('region', { name: a.title, exact: true });
    await panel.getByText(a.none).waitFor();
    await pick(page, panel, a.scope, a.scopes.account);
    await panel.getByRole('button', { name: a.give }).click();
    const link = panel.getByLabel(a.inviteLink);
    await link.waitFor();
    inviteUrl = await link.inputValue();
    expect(inviteUrl).toMatch(new RegExp(`^${server.url}/portal/${OWNER.slug}/accept-invite\\?token=`));
    await panel.getByRole('button', { name: he.common.copy }).click();
    await panel.getByRole('button', { name: he.common.copied }).waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(inviteUrl);
    await panel.getByText(`${a.scope}: ${a.scopes.account}`).waitFor();
    await panel.getByText(a.statuses.invited).waitFor();
    await screenshot(page, 'portal-access');

    // the contact accepts the link and signs in to the portal with the account scope
    const customer = await playwrightRequest.newContext({ baseURL: server.url });
    try {
      const token = new URL(inviteUrl).searchParams.get('token');
      await send(customer, 'POST', '/api/portal/v1/auth/accept-invite', {
        token,
        password: 'Bakery-Portal-2026',
      });
      const me = await send<{ scope: string; account: { name: string }; contact: { email: string } }>(
        customer,
        'GET',
        '/api/portal/v1/me',
      );
      expect(me).toMatchObject({
        scope: 'account',
        account: { name: BAKERY },
        contact: { email: CONTACT.email },
      });
    } finally {
      await customer.dispose();
    }
    await page.reload();
    await panel.getByText(a.statuses.active).waitFor();
  });

  /** Portal name and colour through the form; the public branding endpoint serves them. */
  const saveBranding = async (m: Messages, name: string, color: string) => {
    const s = m.portalAdmin.settings;
    await page.goto('/settings/portal');
    await page.getByRole('heading', { name: s.branding }).waitFor();
    await page.getByLabel(s.portalName).fill(name);
    await page.getByLabel(s.color).fill(color);
    // closes the colour picker without submitting
    await page.getByRole('heading', { name: s.branding }).click();
    await page.getByRole('button', { name: m.common.save, exact: true }).click();
    await page.getByText(s.saved).first().waitFor();
    const branding = await send<{ portalName: string; primaryColor: string }>(
      context.request,
      'GET',
      `/api/portal/v1/branding?workspace=${OWNER.slug}`,
    );
    expect(branding).toMatchObject({ portalName: name, primaryColor: color });
    // the contact given access is listed among the portal users, with the account scope
    const user = page.getByRole('row').filter({ hasText: CONTACT.email });
    await user.getByText(m.portalAdmin.access.statuses.active, { exact: true }).waitFor();
    await user.getByText(m.portalAdmin.access.scopes.account, { exact: true }).waitFor();
    await screenshot(page, 'portal-branding');
  };

  test('Settings → Portal: branding is saved and served to the portal', async () => {
    await saveBranding(he, 'פורטל הלקוחות של גליל', '#0a7d5a');
  });

  test('knowledge base: an article written in Hebrew and English, published', async () => {
    const k = he.kb;
    await page.goto('/portal-admin/kb/new');
    await page.getByRole('heading', { name: k.editor.newTitle, level: 1 }).waitFor();
    await page.getByLabel(k.editor.titleField).fill(ARTICLE.he.title);
    await page.getByLabel(k.editor.body).fill(ARTICLE.he.body);
    await page.getByRole('tab', { name: k.editor.en }).click();
    await page.getByLabel(k.editor.titleField).fill(ARTICLE.en.title);
    await page.getByLabel(k.editor.body).fill(ARTICLE.en.body);
    await page.getByRole('button', { name: k.editor.publish }).click();
    await page.waitForURL(/\/portal-admin\/kb\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: ARTICLE.he.title, level: 1 }).waitFor();
    await page.getByText(k.statuses.published, { exact: true }).waitFor();
    // the Markdown is stored per language: the English tab shows its own text
    await page.getByRole('tab', { name: k.editor.en }).click();
    await expect.poll(() => page.getByLabel(k.editor.titleField).inputValue(), WAIT).toBe(ARTICLE.en.title);
    await page.getByRole('tab', { name: k.editor.he }).click();
    await page.getByText(k.editor.preview, { exact: true }).click();
    await page.getByRole('heading', { name: 'שלבים', level: 3 }).waitFor();
    await screenshot(page, 'kb-article');

    // the public help centre serves it in both languages
    for (const locale of ['he', 'en'] as const) {
      const list = await send<{ items: { title: string; locale: string }[] }>(
        context.request,
        'GET',
        `/api/public/v1/kb/${OWNER.slug}/articles?locale=${locale}`,
      );
      expect(list.items).toEqual([expect.objectContaining({ title: ARTICLE[locale].title, locale })]);
    }
    await page.goto('/portal-admin/kb');
    const row = page.getByRole('row').filter({ hasText: ARTICLE.he.title });
    await row.getByText(k.statuses.published).waitFor();
    await screenshot(page, 'kb-list');
  });

  test('Data from ERP: a dataset, a CSV connector, test connection, run now and its history', async () => {
    const e = he.portalAdmin;
    const d = e.dataset;
    await page.goto('/settings/erp-data');
    await page.getByText(e.erp.datasetsEmpty).waitFor();
    await page.getByRole('link', { name: e.erp.newDataset }).click();
    await page.getByLabel(d.key).fill('stock');
    await page.getByLabel(d.labelHe, { exact: true }).fill('מלאי');
    await page.getByLabel(d.labelEn, { exact: true }).fill('Stock');
    const fields: [string, string, string, string][] = [
      ['CUSTNAME', d.types.text, 'מספר לקוח', 'Customer number'],
      ['PARTNAME', d.types.text, 'מק"ט', 'Part number'],
      ['PARTDES', d.types.text, 'תיאור', 'Description'],
      ['QTY', d.types.number, 'כמות', 'Quantity'],
    ];
    for (const [i, [key, type, labelHe, labelEn]] of fields.entries()) {
      const n = i + 1;
      if (i > 0) await page.getByRole('button', { name: d.addField }).click();
      await page.getByLabel(`${d.fieldKey} ${n}`, { exact: true }).fill(key);
      if (type !== d.types.text) await pick(page, page, `${d.fieldType} ${n}`, type);
      await page.getByLabel(`${d.labelHe} ${n}`, { exact: true }).fill(labelHe);
      await page.getByLabel(`${d.labelEn} ${n}`, { exact: true }).fill(labelEn);
    }
    await page.getByLabel(`${d.filterable} 2`, { exact: true }).check();
    await pick(page, page, d.recordKey, 'CUSTNAME');
    // a MultiSelect stays open after a pick
    await page.getByRole('option', { name: 'PARTNAME', exact: true }).click();
    await page.keyboard.press('Escape');
    await pick(page, page, d.ownerField, 'CUSTNAME');
    await page.getByRole('button', { name: d.save }).click();
    await page.waitForURL(/\/settings\/erp-data\/datasets\/stock$/);
    await page.getByText(d.previewEmpty).waitFor();
    await screenshot(page, 'erp-dataset');

    const c = e.connector;
    await page.goto('/settings/erp-data');
    await page.getByRole('link', { name: e.erp.newConnector }).click();
    await page.getByLabel(c.name).fill('מלאי מקובץ CSV');
    await page.getByText(c.kinds.csv_url, { exact: true }).click();
    await page.getByLabel(c.url, { exact: true }).fill(csv.url);
    for (const [i, [key]] of fields.entries()) {
      const n = i + 1;
      if (i > 0) await page.getByRole('button', { name: c.addMapping }).click();
      await page.getByLabel(`${c.source} ${n}`, { exact: true }).fill(key);
      await pick(page, page, `${c.target} ${n}`, key);
    }
    await pick(page, page, `${c.transform} 4`, c.transforms.number);
    await page.getByRole('button', { name: c.save }).click();
    await page.waitForURL(/\/settings\/erp-data\/connectors\/[0-9a-f-]{36}$/);
    connectorUrl = new URL(page.url()).pathname;

    await page.getByRole('button', { name: c.test }).click();
    await page
      .getByRole('status')
      .getByText(fill(c.testOk, { count: '4' }))
      .waitFor();
    const testTable = page.getByRole('table', { name: c.test });
    await testTable.getByRole('row').filter({ hasText: 'שמרים טריים' }).getByText(BAKERY_ERP).waitFor();
    expect(await testTable.getByRole('row').count()).toBe(5);
    expect(csv.downloads()).toBe(1);
    await screenshot(page, 'erp-connector-test');

    await page.getByRole('button', { name: c.run }).click();
    const runs = page.getByRole('region', { name: e.runs.title });
    const done = runs.locator('tr[data-run-status="succeeded"]');
    await done.first().waitFor();
    // fetched, inserted, updated, deleted, rejected
    expect((await done.first().getByRole('cell').allTextContents()).slice(4, 9)).toEqual([
      '4',
      '4',
      '0',
      '0',
      '0',
    ]);
    await done.first().getByText(e.runs.triggers.manual).waitFor();
    expect(csv.downloads()).toBe(2);
    await screenshot(page, 'erp-connector-runs');

    // the records landed; the unknown customer number waits among the unmatched owners
    await page.goto('/settings/erp-data/datasets/stock');
    const preview = page.getByRole('region', { name: d.preview });
    await preview.getByRole('row').filter({ hasText: 'שמרים טריים' }).getByText(BAKERY_ERP).first().waitFor();
    await expect.poll(() => preview.getByRole('row').count(), WAIT).toBe(5);
    const unmatched = page.getByRole('region', { name: d.unmatched });
    await unmatched.getByText('C9999').waitFor();
    expect(await unmatched.getByText(BAKERY_ERP).count()).toBe(0);
    await screenshot(page, 'erp-dataset-records');
    // each record is owned by the account whose Priority number it carries
    const records = await send<{ items: { ownerRef: string; accountId: string | null }[] }>(
      context.request,
      'GET',
      '/api/v1/datasets/stock/records?limit=50',
    );
    const owners = Object.fromEntries(records.items.map((r) => [r.ownerRef, r.accountId]));
    expect(owners).toEqual({ [BAKERY_ERP]: bakeryId, C1002: dairyId, C9999: null });
  });

  test('the same screens in English, and a second run that changes nothing', async () => {
    await page.goto('/settings/portal');
    await page.getByRole('button', { name: fill(he.shell.userMenu, { name: OWNER.name }) }).click();
    await page.getByRole('menuitem', { name: he.language.en }).click();
    await expectLang(page, 'en');

    await page.goto(`/customers/contacts/${contactId}`);
    const a = en.portalAdmin.access;
    const panel = page.getByRole('region', { name: a.title, exact: true });
    await panel.getByText(`${a.scope}: ${a.scopes.account}`).waitFor();
    await panel.getByText(a.statuses.active).waitFor();
    await screenshot(page, 'portal-access');

    await saveBranding(en, 'Galil customer portal', '#1c6dd0');

    await page.goto('/portal-admin/kb');
    await page
      .getByRole('row')
      .filter({ hasText: ARTICLE.en.title })
      .getByText(en.kb.statuses.published)
      .waitFor();
    await screenshot(page, 'kb-list');

    await page.goto('/settings/erp-data');
    await page.getByRole('link', { name: 'Stock' }).waitFor();
    await screenshot(page, 'erp-data');

    const c = en.portalAdmin.connector;
    await page.goto(connectorUrl);
    await page.getByRole('button', { name: c.test }).click();
    await page
      .getByRole('status')
      .getByText(fill(c.testOk, { count: '4' }))
      .waitFor();
    await page.getByRole('button', { name: c.run }).click();
    const done = page
      .getByRole('region', { name: en.portalAdmin.runs.title })
      .locator('tr[data-run-status="succeeded"]');
    await expect.poll(() => done.count(), WAIT).toBe(2);
    // newest first: the same four rows again, nothing inserted, updated or deleted
    expect((await done.first().getByRole('cell').allTextContents()).slice(4, 9)).toEqual([
      '4',
      '0',
      '0',
      '0',
      '0',
    ]);
    await screenshot(page, 'erp-connector-runs');
  });
});
