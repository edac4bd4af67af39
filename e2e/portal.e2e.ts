import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { Secret, TOTP } from 'otpauth';
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { portalEn as en } from '../src/web/portal/i18n/en.js';
import { portalHe as he } from '../src/web/portal/i18n/he.js';
import { expectLang, launchBrowser, newContext, screenshot, screenshotOnFailure } from './lib/browser.js';
import { fill } from './lib/i18n.js';
import { OWNER, signupOwner } from './lib/seed.js';
import { REPO_ROOT, type RunningServer, startServer } from './lib/server.js';
import { type SmtpSink, startSmtpSink } from './lib/smtp-sink.js';

// The customer portal end to end in a browser: invite → accept → sign in → tickets → new ticket
// with a knowledge-base suggestion → an agent replies (staff API) → the customer sees the reply;
// and the public help centre without signing in. Hebrew first, then the same screens in English.

const CUSTOMER = { firstName: 'רונית', lastName: 'לוי', email: 'ronit@maafiya.example' };
const PASSWORD = 'Maafiya-Portal-Pass-42';
const NEW_PASSWORD = 'Second-Maafiya-Portal-Pass-77';
const MAIL_TIMEOUT_MS = 45_000;
const PORTAL_NAME = 'גליל לוגיסטיקה · פורטל לקוחות';
const BRAND_COLOUR = '#7a2e8c';
const ARTICLE = {
  he: {
    title: 'מעקב אחרי מכולה בנמל חיפה',
    body: 'מספר המכולה מופיע בתעודת המשלוח. **לחצו על "נתונים"** ובחרו "מכולות".',
  },
  en: { title: 'Tracking a container at Haifa port', body: 'The container number is on the delivery note.' },
};
const PORTAL_ONLY_TITLE = 'מחירון הובלות ללקוחות קבועים';
const SUBJECT = 'מעקב אחרי מכולה';
const BODY = 'המכולה MSCU1234565 הייתה אמורה להגיע ביום שלישי.';
const REPLY = 'שלום רונית, המכולה פורקה הבוקר ותגיע אליכם מחר.';
const SUBJECT_EN = 'tracking a container';

const call = async <T = { id: string }>(
  api: APIRequestContext,
  method: 'POST' | 'PUT',
  path: string,
  data: unknown,
): Promise<T> => {
  const res = method === 'POST' ? await api.post(path, { data }) : await api.put(path, { data });
  if (!res.ok()) throw new Error(`${method} ${path}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
};

const PORTAL_JS_BUDGET_BYTES = 150 * 1024;

/** Every JS file the portal page loads: its scripts and preloads, and what they import, transitively. */
const portalScripts = (webDir: string): string[] => {
  const html = readFileSync(path.join(webDir, 'portal/index.html'), 'utf8');
  const queue = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1] ?? '');
  const seen = new Set<string>();
  while (queue.length) {
    const file = queue.pop() ?? '';
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(path.join(webDir, file), 'utf8');
    for (const m of code.matchAll(/(?:from|import\()\s*"\.\/([^"]+\.js)"/g)) queue.push(`assets/${m[1]}`);
  }
  return [...seen];
};

describe('portal bundle', () => {
  test(`the portal page loads at most ${PORTAL_JS_BUDGET_BYTES / 1024} KB of gzipped JS, and no Mantine`, () => {
    const webDir = path.join(REPO_ROOT, 'dist/web');
    const files = portalScripts(webDir);
    expect(files.length).toBeGreaterThan(0);
    const sizes = files.map((f) => ({
      f,
      gz: gzipSync(readFileSync(path.join(webDir, f)), { level: 9 }).length,
    }));
    const total = sizes.reduce((sum, s) => sum + s.gz, 0);
    console.log(`portal JS: ${(total / 1024).toFixed(1)} KB gzipped in ${files.length} files`, sizes);
    expect(files.some((f) => /mantine/i.test(f))).toBe(false);
    for (const f of files) expect(readFileSync(path.join(webDir, f), 'utf8')).not.toContain('mantine-');
    expect(total).toBeLessThanOrEqual(PORTAL_JS_BUDGET_BYTES);
  });
});

describe('customer portal: invite → sign in → ticket with KB suggestion → agent reply; public help centre', () => {
  let server: RunningServer;
  let sink: SmtpSink;
  let browser: Browser;
  let staff: BrowserContext;
  let customer: BrowserContext;
  let page: Page;
  let anonymousPage: Page | undefined;
  let invitePath = '';
  let ticketId = '';
  let articleId = '';
  const ws = OWNER.slug;

  screenshotOnFailure(() => [page, anonymousPage]);

  beforeAll(async () => {
    sink = await startSmtpSink();
    [server, browser] = await Promise.all([
      startServer({ templateDir: inject('e2eTemplateDir'), env: { SMTP_URL: sink.url, JOBS: 'on' } }),
      launchBrowser(),
    ]);
    staff = await newContext(browser, server.url);
    await signupOwner(staff);
    const api = staff.request;
    await call(api, 'PUT', '/api/v1/portal/settings', {
      portalName: PORTAL_NAME,
      logoDataUrl: null,
      primaryColor: BRAND_COLOUR,
      defaultLocale: 'he',
      customDomain: null,
      defaultScope: 'own',
    });
    const account = await call(api, 'POST', '/api/v1/accounts', {
      name: 'מאפיית הגליל בע"מ',
      externalRefs: { priority: 'C100' },
    });
    // Another customer of the company: its rows share the dataset and must never show.
    await call(api, 'POST', '/api/v1/accounts', {
      name: 'קונדיטוריית הכרמל',
      externalRefs: { priority: 'C200' },
    });
    const contact = await call(api, 'POST', '/api/v1/contacts', {
      firstName: CUSTOMER.firstName,
      lastName: CUSTOMER.lastName,
      accountId: account.id,
      emails: [CUSTOMER.email],
    });
    const access = await call<{ inviteUrl: string }>(
      api,
      'POST',
      `/api/v1/contacts/${contact.id}/portal-access`,
      {
        enabled: true,
        scope: 'own',
      },
    );
    const url = new URL(access.inviteUrl);
    invitePath = `${url.pathname}${url.search}`;
    const article = await call(api, 'POST', '/api/v1/kb/articles', {
      visibility: 'public',
      status: 'published',
      translations: {
        he: { ...ARTICLE.he, format: 'markdown' },
        en: { ...ARTICLE.en, format: 'markdown' },
      },
    });
    articleId = article.id;
    await call(api, 'POST', '/api/v1/kb/articles', {
      visibility: 'portal',
      status: 'published',
      translations: { he: { title: PORTAL_ONLY_TITLE, body: 'רק ללקוחות מחוברים.' } },
    });
    // the new-ticket form: a "shipping" category that asks for a container number and a port
    await call(api, 'POST', '/api/v1/custom-fields', {
      entity: 'ticket',
      key: 'container_number',
      type: 'text',
      labelHe: 'מספר מכולה',
      labelEn: 'Container number',
      required: true,
      validation: {},
    });
    await call(api, 'POST', '/api/v1/custom-fields', {
      entity: 'ticket',
      key: 'port',
      type: 'select',
      labelHe: 'נמל',
      labelEn: 'Port',
      options: [
        { value: 'haifa', labelHe: 'חיפה', labelEn: 'Haifa' },
        { value: 'ashdod', labelHe: 'אשדוד', labelEn: 'Ashdod' },
      ],
      validation: {},
    });
    await call(api, 'PUT', '/api/v1/portal/ticket-form', {
      fieldKeys: [],
      categories: [
        { id: 'shipping', labelHe: 'משלוחים', labelEn: 'Shipping', fieldKeys: ['container_number', 'port'] },
        { id: 'billing', labelHe: 'חשבוניות', labelEn: 'Billing', fieldKeys: [] },
      ],
    });
    customer = await newContext(browser, server.url);
    page = await customer.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await sink?.close();
  });

  test('the invited customer sets a password and lands on their tickets, branded, in Hebrew', async () => {
    expect(invitePath).toMatch(new RegExp(`^/portal/${ws}/accept-invite\\?token=`));
    await page.goto(invitePath);
    await expectLang(page, 'he');
    await page.getByRole('heading', { level: 1, name: he.auth.invite.title }).waitFor();
    await page.getByRole('link', { name: PORTAL_NAME }).waitFor();
    // the brand colour reaches the page as a CSS custom property
    await expect
      .poll(() =>
        page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--portal-primary')"),
      )
      .toBe(BRAND_COLOUR);
    await page.getByLabel(he.auth.newPassword).fill(PASSWORD);
    await page.getByLabel(he.auth.confirmPassword).fill(PASSWORD);
    await screenshot(page, 'portal-accept-invite');
    await page.getByRole('button', { name: he.auth.invite.submit }).click();
    await page.waitForURL(`**/portal/${ws}/tickets`);
    await page.getByRole('heading', { level: 1, name: he.tickets.title }).waitFor();
    await page.getByText(he.tickets.empty.open).waitFor();
  });

  test('signs out from the user menu and signs in again', async () => {
    const name = `${CUSTOMER.firstName} ${CUSTOMER.lastName}`;
    await page.getByRole('button', { name: fill(he.shell.userMenu.open, { name }) }).click();
    await page.getByRole('button', { name: he.shell.userMenu.signOut }).click();
    await page.waitForURL(`**/portal/${ws}/login?signedOut=1`);
    await page.getByText(he.auth.login.signedOut).waitFor();
    // signed out means signed out: the ticket list sends back to sign-in
    await page.goto(`/portal/${ws}/tickets`);
    await page.waitForURL(`**/portal/${ws}/login?next=*`);
    await page.getByLabel(he.auth.email).fill(CUSTOMER.email);
    await page.getByLabel(he.auth.password).fill('not-the-password-1');
    await page.getByRole('button', { name: he.auth.login.submit }).click();
    await page.getByRole('alert').getByText(he.auth.errors.INVALID_CREDENTIALS).waitFor();
    await page.getByLabel(he.auth.password).fill(PASSWORD);
    await screenshot(page, 'portal-login');
    await page.getByRole('button', { name: he.auth.login.submit }).click();
    await page.waitForURL(`**/portal/${ws}/tickets`);
    await page
      .getByRole('navigation', { name: he.shell.nav.label })
      .getByRole('link', { name: he.shell.nav.kb })
      .waitFor();
    await screenshot(page, 'portal-tickets-empty');
  });

  test('a new ticket: the knowledge base suggests an article while the subject is typed', async () => {
    await page.getByRole('link', { name: he.tickets.newTicket }).click();
    await page.getByRole('heading', { level: 1, name: he.tickets.form.title }).waitFor();
    await page.getByLabel(he.tickets.form.subject).pressSequentially(SUBJECT, { delay: 10 });
    const suggestions = page.getByRole('region', { name: he.tickets.suggestions.title });
    await suggestions.getByRole('link', { name: ARTICLE.he.title }).waitFor();
    // portal-only articles may be suggested too, but the public one must be there
    await page.getByLabel(he.tickets.form.body).fill(BODY);
    // the category brings its own fields
    expect(await page.getByLabel('מספר מכולה').count()).toBe(0);
    await page.getByLabel(he.tickets.form.category).selectOption({ label: 'משלוחים' });
    await page.getByLabel('מספר מכולה').fill('MSCU1234565');
    await page.getByLabel('נמל').selectOption({ label: 'חיפה' });
    await page.getByLabel(he.tickets.form.attachments).setInputFiles({
      name: 'delivery-note.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('Delivery note 4471: container MSCU1234565, Haifa port.\n'),
    });
    await page.getByText('delivery-note.txt').waitFor();
    await screenshot(page, 'portal-new-ticket');
    await page.getByRole('button', { name: he.tickets.form.submit }).click();
    await page.waitForURL(/\/tickets\/[0-9a-f-]{36}$/);
    ticketId = page.url().split('/').pop() ?? '';
    await page.getByRole('heading', { level: 1, name: SUBJECT }).waitFor();
    await page.getByRole('region', { name: he.tickets.view.conversation }).getByText(BODY).waitFor();
    await page.getByRole('complementary', { name: he.tickets.view.details }).getByText('משלוחים').waitFor();
    // the attachment downloads with its content
    const download = await page.getByRole('link', { name: 'delivery-note.txt' }).getAttribute('href');
    const file = await customer.request.get(download ?? '');
    expect(file.status()).toBe(200);
    expect(await file.text()).toContain('Delivery note 4471');
    // the staff side got the custom fields
    const staffView = await staff.request.get(`/api/v1/tickets/${ticketId}`);
    expect(JSON.stringify(await staffView.json())).toContain('MSCU1234565');
  });

  test('an agent replies through the staff API; the customer sees the reply', async () => {
    const res = await staff.request.post(`/api/v1/tickets/${ticketId}/messages`, {
      data: { body: REPLY, visibility: 'public', force: true },
    });
    expect(res.status(), await res.text()).toBe(201);
    // an internal note must never reach the customer
    const note = await staff.request.post(`/api/v1/tickets/${ticketId}/messages`, {
      data: { body: 'הערה פנימית: לבדוק מול הנמל', visibility: 'internal', force: true },
    });
    expect(note.status()).toBe(201);
    await page.reload();
    const conversation = page.getByRole('region', { name: he.tickets.view.conversation });
    await conversation.getByText(REPLY).waitFor();
    await conversation.getByText(he.tickets.view.agent).waitFor();
    expect(await conversation.getByText('הערה פנימית').count()).toBe(0);
    await screenshot(page, 'portal-ticket');
    // …and in the list, under open tickets
    await page.getByRole('link', { name: he.tickets.view.back }).click();
    await page.getByRole('link', { name: SUBJECT }).waitFor();
    await screenshot(page, 'portal-tickets');
  });

  test('marks the ticket solved and rates it', async () => {
    await page.getByRole('link', { name: SUBJECT }).click();
    await page.getByRole('button', { name: he.tickets.actions.close }).click();
    await page.getByText(he.tickets.actions.closed).waitFor();
    await page.locator('.facts .badge[data-status="solved"]').waitFor();
    // the rating is only offered once the ticket is solved
    const rating = page.getByRole('form', { name: he.tickets.rating.title });
    await rating.getByRole('radio', { name: fill(he.tickets.rating.star_other, { count: '5' }) }).check();
    await rating.getByLabel(he.tickets.rating.comment).fill('מהיר ואדיב, תודה!');
    await screenshot(page, 'portal-ticket-rating');
    await rating.getByRole('button', { name: he.tickets.rating.submit }).click();
    await page.getByText(he.tickets.rating.thanks).waitFor();
    // solved, it can be reopened; the list now has it under "closed"
    await page.getByRole('button', { name: he.tickets.actions.reopen }).waitFor();
    await page.getByRole('link', { name: he.tickets.view.back }).click();
    await page.getByText(he.tickets.empty.open).waitFor();
    await page
      .getByRole('group', { name: he.tickets.filter.label })
      .getByRole('button', { name: he.tickets.filter.closed })
      .click();
    await page.getByRole('link', { name: SUBJECT }).waitFor();
  });

  test('the Data link opens the data tables screen (none shared yet)', async () => {
    await page
      .getByRole('navigation', { name: he.shell.nav.label })
      .getByRole('link', { name: he.shell.nav.data })
      .click();
    await page.waitForURL(`**/portal/${ws}/data`);
    await page.getByRole('heading', { level: 1, name: he.datasets.title }).waitFor();
    await page.getByText(he.datasets.empty).waitFor();
  });

  test('the company shares its stock: the customer sees only their own rows, and searches them', async () => {
    const api = staff.request;
    await call(api, 'POST', '/api/v1/datasets', {
      key: 'stock',
      labelHe: 'מלאי',
      labelEn: 'Stock',
      fields: [
        { key: 'PARTNAME', type: 'text', labelHe: 'מק"ט', labelEn: 'Part', shown: true, filterable: false },
        {
          key: 'PARTDES',
          type: 'text',
          labelHe: 'תיאור',
          labelEn: 'Description',
          shown: true,
          filterable: false,
        },
        {
          key: 'BALANCE',
          type: 'number',
          labelHe: 'יתרה',
          labelEn: 'Balance',
          shown: true,
          filterable: false,
        },
        {
          key: 'CUSTNAME',
          type: 'text',
          labelHe: 'לקוח',
          labelEn: 'Customer',
          shown: false,
          filterable: false,
        },
      ],
      recordKey: ['PARTNAME'],
      ownerField: 'CUSTNAME',
    });
    const row = (part: string, des: string, balance: number, cust: string) => ({
      PARTNAME: part,
      PARTDES: des,
      BALANCE: balance,
      CUSTNAME: cust,
    });
    const pushed = await call<{ inserted: number }>(api, 'PUT', '/api/v1/datasets/stock/records', {
      mode: 'replace',
      records: [
        row('P-100', 'קמח מלא אורגני', 1200, 'C100'),
        row('P-101', 'שמרים יבשים', 40, 'C100'),
        row('P-102', 'סוכר לבן דק', 310, 'C100'),
        row('P-200', 'שוקולד מריר של הכרמל', 75, 'C200'),
        row('P-201', 'אגוזי מלך של הכרמל', 20, 'C200'),
      ],
    });
    expect(pushed.inserted).toBe(5);

    await page.goto(`/portal/${ws}/data`);
    await page.getByRole('list', { name: he.datasets.title }).getByRole('link', { name: 'מלאי' }).click();
    await page.waitForURL(`**/portal/${ws}/data/stock`);
    await page.getByRole('heading', { level: 1, name: 'מלאי' }).waitFor();
    const rows = page.locator('tbody tr[data-record-key]');
    await expect.poll(() => rows.count()).toBe(3);
    expect(
      (await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-record-key')))).sort(),
    ).toEqual(['P-100', 'P-101', 'P-102']);
    const table = (await page.locator('table').textContent()) ?? '';
    expect(table).toContain('קמח מלא אורגני');
    expect(table).not.toContain('הכרמל');
    expect(table).not.toContain('C100'); // the owner field is hidden
    await expectLang(page, 'he');
    await screenshot(page, 'portal-stock');

    // Hebrew-aware search on the server: the ה prefix is folded, the other company's "מריר" stays unseen.
    await page.getByLabel(he.datasets.search.label).fill('הקמח');
    await page.keyboard.press('Enter');
    await expect.poll(() => rows.count()).toBe(1);
    await page.getByLabel(he.datasets.search.label).fill('מריר');
    await page.keyboard.press('Enter');
    await page.getByText(he.datasets.table.noMatch).waitFor();
  });

  test('by keyboard: a skip link first, the user menu opens with Enter and closes with Escape', async () => {
    await page.goto(`/portal/${ws}/tickets`);
    await page.getByRole('heading', { level: 1, name: he.tickets.title }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe(he.shell.skipToContent);
    const name = `${CUSTOMER.firstName} ${CUSTOMER.lastName}`;
    const menuButton = page.getByRole('button', { name: fill(he.shell.userMenu.open, { name }) });
    await menuButton.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => menuButton.getAttribute('aria-expanded')).toBe('true');
    await page.getByRole('button', { name: he.shell.userMenu.signOut }).waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => menuButton.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate('document.activeElement?.getAttribute("aria-expanded")')).toBe('false');
  });

  test('the public help centre without signing in: public articles only, helpful vote', async () => {
    const anonymous = await newContext(browser, server.url);
    anonymousPage = await anonymous.newPage();
    const p = anonymousPage;
    await p.goto(`/kb/${ws}`);
    await expectLang(p, 'he');
    await p.getByRole('heading', { level: 1, name: he.kb.publicTitle }).waitFor();
    await p.getByRole('link', { name: ARTICLE.he.title }).waitFor();
    expect(await p.getByText(PORTAL_ONLY_TITLE).count()).toBe(0);
    await screenshot(p, 'portal-public-kb');
    await p.getByRole('link', { name: ARTICLE.he.title }).click();
    await p.waitForURL(`**/kb/${ws}/${articleId}`);
    await p.getByRole('heading', { level: 1, name: ARTICLE.he.title }).waitFor();
    // the Markdown arrived as sanitised HTML
    await p.locator('.article-body strong').getByText('לחצו על "נתונים"').waitFor();
    await p.getByRole('button', { name: he.kb.helpful.yes }).click();
    await p.getByText(he.kb.helpful.thanks).waitFor();
    await expect
      .poll(() => p.getByRole('button', { name: he.kb.helpful.yes }).getAttribute('aria-pressed'))
      .toBe('true');
    await screenshot(p, 'portal-public-article');
    // a workspace that does not exist says so, instead of a blank or a sign-in form
    await p.goto('/portal/no-such-company/login');
    await p.getByRole('heading', { level: 1, name: he.shell.unknownWorkspace.title }).waitFor();
    await anonymous.close();
    anonymousPage = undefined;
  });

  test('forgot password: the emailed link sets a new one; the open session ends and asks to sign in again', async () => {
    const other = await newContext(browser, server.url);
    const p = await other.newPage();
    await p.goto(`/portal/${ws}/login`);
    await p.getByRole('link', { name: he.auth.login.forgot }).click();
    await p.getByRole('heading', { level: 1, name: he.auth.forgot.title }).waitFor();
    await p.getByLabel(he.auth.email).fill(CUSTOMER.email);
    await p.getByRole('button', { name: he.auth.forgot.submit }).click();
    await p.getByText(he.auth.forgot.sent).waitFor();
    await screenshot(p, 'portal-forgot-password');
    // (the invitation went to the same address earlier)
    const mail = await sink.waitFor(
      (m) => m.to.includes(CUSTOMER.email) && m.text.includes('/reset-password?token='),
      MAIL_TIMEOUT_MS,
    );
    const link = new RegExp(`${server.url}/portal/${ws}/reset-password\\?token=[^\\s"'<>]+`).exec(
      mail.text,
    )?.[0];
    expect(link, mail.text).toBeDefined();
    await p.goto(link ?? '');
    await p.getByRole('heading', { level: 1, name: he.auth.reset.title }).waitFor();
    await p.getByLabel(he.auth.newPassword, { exact: true }).fill(NEW_PASSWORD);
    await p.getByLabel(he.auth.confirmPassword).fill(NEW_PASSWORD);
    await screenshot(p, 'portal-reset-password');
    await p.getByRole('button', { name: he.auth.reset.submit }).click();
    await p.waitForURL(`**/portal/${ws}/login?reset=1`);
    await p.getByText(he.auth.login.reset).waitFor();
    await other.close();

    // a reset ends every session: the customer's open portal notices on the next screen
    await page
      .getByRole('navigation', { name: he.shell.nav.label })
      .getByRole('link', { name: he.shell.nav.kb })
      .click();
    await page.waitForURL(`**/portal/${ws}/login?*expired=1*`);
    await page.getByText(he.auth.login.expired).waitFor();
    await page.getByLabel(he.auth.email).fill(CUSTOMER.email);
    await page.getByLabel(he.auth.password).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: he.auth.login.submit }).click();
    // …and comes back to where it was going
    await page.waitForURL(`**/portal/${ws}/kb`);
  });

  test('turns on two-step sign-in; the next sign-in asks for a code (a recovery code here)', async () => {
    const name = `${CUSTOMER.firstName} ${CUSTOMER.lastName}`;
    await page.getByRole('button', { name: fill(he.shell.userMenu.open, { name }) }).click();
    await page.getByRole('link', { name: he.account.menuLink }).click();
    await page.getByRole('heading', { level: 1, name: he.account.title }).waitFor();
    await page.getByRole('button', { name: he.account.totp.start }).click();
    await page.getByRole('img', { name: he.account.totp.qrAlt }).waitFor();
    const secret = (await page.locator('[data-totp-secret]').textContent()) ?? '';
    const code = new TOTP({ secret: Secret.fromBase32(secret.replace(/\s/g, '')) }).generate();
    await page.getByLabel(he.account.totp.code).fill(code);
    await screenshot(page, 'portal-account-totp');
    await page.getByRole('button', { name: he.account.totp.enable }).click();
    await page.getByRole('heading', { name: he.account.totp.recoveryTitle }).waitFor();
    const recovery = (await page.locator('.recovery-codes code').first().textContent()) ?? '';
    expect(recovery.length).toBeGreaterThan(5);
    await page.getByText(he.account.totp.on).waitFor();

    await page.getByRole('button', { name: fill(he.shell.userMenu.open, { name }) }).click();
    await page.getByRole('button', { name: he.shell.userMenu.signOut }).click();
    await page.waitForURL(`**/portal/${ws}/login?signedOut=1`);
    await page.getByLabel(he.auth.email).fill(CUSTOMER.email);
    await page.getByLabel(he.auth.password).fill(NEW_PASSWORD);
    await page.getByRole('button', { name: he.auth.login.submit }).click();
    await page.getByLabel(he.auth.login.totp).fill('000000');
    await page.getByRole('button', { name: he.auth.login.submit }).click();
    await page.getByRole('alert').getByText(he.auth.errors.TOTP_INVALID).waitFor();
    await screenshot(page, 'portal-login-totp');
    await page.getByLabel(he.auth.login.totp).fill(recovery);
    await page.getByRole('button', { name: he.auth.login.submit }).click();
    await page.waitForURL(`**/portal/${ws}/tickets`);
  });

  test('on a phone: the header wraps, navigation scrolls, the ticket reads in one column', async () => {
    const phone = await browser.newContext({
      baseURL: server.url,
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'he-IL',
      timezoneId: 'Asia/Jerusalem',
      storageState: await customer.storageState(),
    });
    const p = await phone.newPage();
    await p.goto(`/portal/${ws}/tickets?status=closed`);
    await p.getByRole('link', { name: SUBJECT }).waitFor();
    // nothing wider than the screen
    expect(await p.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(p, 'portal-phone-tickets');
    await p.getByRole('link', { name: SUBJECT }).click();
    await p.getByRole('region', { name: he.tickets.view.conversation }).getByText(REPLY).waitFor();
    expect(await p.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(p, 'portal-phone-ticket');
    await phone.close();
  });

  test('the same screens in English', async () => {
    await page.goto(`/portal/${ws}/tickets?status=closed`);
    await page.getByRole('button', { name: he.shell.language.en }).click();
    await expectLang(page, 'en');
    await page.getByRole('heading', { level: 1, name: en.tickets.title }).waitFor();
    await page.getByRole('link', { name: SUBJECT }).waitFor();
    await screenshot(page, 'portal-tickets');
    await page.getByRole('link', { name: SUBJECT }).click();
    await page.getByRole('region', { name: en.tickets.view.conversation }).getByText(REPLY).waitFor();
    await screenshot(page, 'portal-ticket');
    await page.goto(`/portal/${ws}/tickets/new`);
    await page.getByLabel(en.tickets.form.subject).pressSequentially(SUBJECT_EN, { delay: 10 });
    await page
      .getByRole('region', { name: en.tickets.suggestions.title })
      .getByRole('link', { name: ARTICLE.en.title })
      .waitFor();
    await screenshot(page, 'portal-new-ticket');
    await page.goto(`/portal/${ws}/kb`);
    await page.getByRole('heading', { level: 1, name: en.kb.title }).waitFor();
    // signed in, the portal-only article is there too
    await page.getByRole('link', { name: PORTAL_ONLY_TITLE }).waitFor();
    await page.getByRole('link', { name: ARTICLE.en.title }).waitFor();
    await screenshot(page, 'portal-kb');
    // the stock table in English: English labels, still only this customer's rows
    await page.goto(`/portal/${ws}/data/stock`);
    await page.getByRole('heading', { level: 1, name: 'Stock' }).waitFor();
    await page.getByRole('columnheader', { name: 'Description' }).waitFor();
    await expect.poll(() => page.locator('tbody tr[data-record-key]').count()).toBe(3);
    await screenshot(page, 'portal-stock');
    // the language choice is remembered: the public help centre opens in English on this device
    await page.goto(`/kb/${ws}/${articleId}`);
    await expectLang(page, 'en');
    await page.getByRole('heading', { level: 1, name: ARTICLE.en.title }).waitFor();
    await screenshot(page, 'portal-public-article');
  });
});
