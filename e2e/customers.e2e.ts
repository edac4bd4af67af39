import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { expectLang, launchBrowser, newContext, screenshot, screenshotOnFailure } from './lib/browser.js';
import { en, fill, he, type Messages } from './lib/i18n.js';
import { OWNER, signupOwner } from './lib/seed.js';
import { type RunningServer, startServer } from './lib/server.js';

const BAKERY = 'מאפיית הגליל בע"מ';
const CONTACT_FIELD = { labelHe: 'קוד לקוח בקופה', labelEn: 'Till customer code' };

type Seeded = { bakeryId: string };

const post = async (api: APIRequestContext, path: string, data: unknown) => {
  const res = await api.post(`/api/v1${path}`, { data });
  if (!res.ok()) throw new Error(`POST ${path}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as { id: string };
};

/** A small customer base: a bakery with people, a call and an overdue task, a few others, custom fields. */
const seed = async (api: APIRequestContext): Promise<Seeded> => {
  await post(api, '/custom-fields', {
    entity: 'account',
    key: 'contract_end',
    type: 'date',
    labelHe: 'סיום חוזה',
    labelEn: 'Contract end',
  });
  await post(api, '/custom-fields', {
    entity: 'contact',
    key: 'till_code',
    type: 'text',
    required: true,
    ...CONTACT_FIELD,
  });
  const bakery = await post(api, '/accounts', {
    name: BAKERY,
    companyNumber: '515385854',
    phones: [{ number: '+972502345678', label: 'משרד' }],
    emails: ['office@maafiya.example'],
    tier: 'gold',
    tags: ['צפון'],
    externalRefs: { priority: '10023' },
    customFields: { contract_end: '2027-06-30' },
  });
  for (const name of ['מאפה נהריה', 'Galil Tech', 'נגריית הכרמל']) await post(api, '/accounts', { name });
  await post(api, '/contacts', {
    firstName: 'רונית',
    lastName: 'לוי',
    accountId: bakery.id,
    phones: ['052-345-6789'],
    emails: ['ronit@maafiya.example'],
    customFields: { till_code: 'R-17' },
  });
  await post(api, '/activities', {
    kind: 'call',
    accountId: bakery.id,
    direction: 'inbound',
    durationSeconds: 125,
    outcome: 'answered',
    body: 'שאלה על זמני המשלוח',
  });
  // due yesterday: the health light turns yellow with "1 overdue task"
  await post(api, '/tasks', {
    title: 'לשלוח הצעת מחיר',
    accountId: bakery.id,
    dueAt: new Date(Date.now() - 86_400_000).toISOString(),
  });
  return { bakeryId: bakery.id };
};

describe('customers: search → card, contact with a custom field', () => {
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

  const palette = (m: Messages) => page.getByRole('dialog', { name: m.search.label });
  const healthLight = (m: Messages, light: 'green' | 'yellow' | 'red') =>
    page.getByRole('img', {
      name: fill(m.customers.health.label, { state: m.customers.health.lights[light] }),
    });
  const panel = (title: string) => page.getByRole('region', { name: title });

  const searchToCard = async (m: Messages) => {
    await page.keyboard.press('Control+k');
    const box = palette(m).getByRole('combobox', { name: m.search.label });
    await box.waitFor();
    // three Hebrew letters of the name, typed as a user would
    await box.pressSequentially('מאפ', { delay: 40 });
    const group = palette(m).getByRole('group', { name: m.customers.search.types.account });
    await group.getByRole('option', { name: BAKERY }).waitFor();
    await group.getByRole('option', { name: 'מאפה נהריה' }).waitFor();
    await screenshot(page, 'search-palette');
    // the first option is active; walk down to the bakery with the arrows, then Enter
    const selected = () => palette(m).getByRole('option', { selected: true }).textContent();
    await expect.poll(selected).toBeTruthy();
    for (let i = 0; i < 10 && !(await selected())?.includes(BAKERY); i += 1) await box.press('ArrowDown');
    expect(await selected()).toContain(BAKERY);
    await box.press('Enter');
    await page.waitForURL(`**/customers/accounts/${seeded.bakeryId}`);
    await palette(m).waitFor({ state: 'hidden' });
  };

  const expectCard = async (m: Messages) => {
    await page.getByRole('heading', { level: 1, name: BAKERY }).waitFor();
    await healthLight(m, 'yellow').first().waitFor();
    await panel(m.customers.card.panels.health)
      .getByText(m === he ? 'משימה אחת באיחור' : '1 overdue task')
      .waitFor();
    const timeline = panel(m.customers.card.panels.timeline);
    await timeline.getByText('שאלה על זמני המשלוח').first().waitFor();
    await timeline.getByText(m.customers.timeline.types.accountCreated).waitFor();
    // the phone chip keeps the call and hides the rest
    const chip = (label: string) =>
      timeline
        .getByRole('group', { name: m.customers.timeline.filter })
        .locator('label')
        .filter({ hasText: new RegExp(`^${label}$`) });
    await chip(m.customers.channels.phone).click();
    await expect
      .poll(() =>
        timeline.getByRole('checkbox', { name: m.customers.channels.phone, exact: true }).isChecked(),
      )
      .toBe(true);
    await expect.poll(() => timeline.getByText(m.customers.timeline.types.accountCreated).count()).toBe(0);
    await timeline.getByText(m.customers.timeline.types.call, { exact: true }).waitFor();
    await chip(m.customers.timeline.all).click();
    await timeline.getByText(m.customers.timeline.types.accountCreated).waitFor();
    await panel(m.customers.card.panels.customFields)
      .getByText(m.customers.card.panels.customFields)
      .waitFor();
    await panel(m.customers.card.panels.header).locator('a[href="tel:+972502345678"]').waitFor();
  };

  test('Ctrl+K, three Hebrew letters, arrows and Enter open the customer card', async () => {
    await page.goto('/customers');
    await expectLang(page, 'he');
    await page
      .getByRole('table', { name: he.customers.tabs.accounts })
      .getByRole('link', { name: BAKERY })
      .waitFor();
    await screenshot(page, 'customers-list');

    await searchToCard(he);
    await expectCard(he);
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'customer-card');
  });

  test('a task on the card is completed with its checkbox', async () => {
    const tasks = panel(he.customers.card.panels.openTasks);
    await tasks
      .getByRole('checkbox', { name: fill(he.customers.tasks.markDone, { title: 'לשלוח הצעת מחיר' }) })
      .check();
    await page.getByText(he.customers.tasks.completed).waitFor();
    await tasks.getByText(he.customers.card.noTasks).waitFor();
    await healthLight(he, 'green').first().waitFor();
    await panel(he.customers.card.panels.timeline).getByText(he.customers.timeline.types.taskDone).waitFor();
  });

  test('a new contact with an admin-defined field shows it on the contact page', async () => {
    await page.goto('/customers?tab=contacts');
    await page.getByRole('table', { name: he.customers.tabs.contacts }).waitFor();
    await page.getByRole('button', { name: he.customers.actions.newContact }).first().click();
    const dialog = page.getByRole('dialog', { name: he.customers.form.newContactTitle });
    await dialog.getByLabel(he.customers.fields.firstName).fill('יוסי');
    await dialog.getByLabel(he.customers.fields.lastName).fill('כהן');
    await dialog
      .getByLabel(fill(he.customers.fields.phoneNumber, { n: '1' }), { exact: true })
      .fill('050-234-5670');
    await dialog
      .getByLabel(fill(he.customers.fields.emailN, { n: '1' }), { exact: true })
      .fill('yossi@maafiya.example');

    // link him to the bakery through the account picker
    const picker = dialog.getByRole('combobox', { name: he.customers.form.linkAccount });
    await picker.pressSequentially('מאפיית', { delay: 30 });
    await page.getByRole('option', { name: BAKERY }).click();
    await dialog.getByRole('link', { name: BAKERY }).waitFor();

    // the custom field is required: submitting without it names it
    await dialog.getByRole('button', { name: he.customers.form.createContact }).click();
    const field = dialog.getByLabel(CONTACT_FIELD.labelHe);
    await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
    await field.fill('Y-42');
    await screenshot(page, 'contact-form');
    await dialog.getByRole('button', { name: he.customers.form.createContact }).click();

    await page.waitForURL('**/customers/contacts/**');
    await page.getByRole('heading', { level: 1, name: 'יוסי כהן' }).waitFor();
    const fields = panel(he.customers.card.panels.customFields);
    await fields.getByText(CONTACT_FIELD.labelHe).waitFor();
    await fields.getByText('Y-42').waitFor();
    await page.getByRole('link', { name: BAKERY }).first().waitFor();
    await screenshot(page, 'contact-page');
  });

  test('the same screens in English', async () => {
    await page.getByRole('button', { name: fill(he.shell.userMenu, { name: OWNER.name }) }).click();
    await page.getByRole('menuitem', { name: he.language.en }).click();
    await expectLang(page, 'en');

    await page.goto('/customers');
    await page
      .getByRole('table', { name: en.customers.tabs.accounts })
      .getByRole('link', { name: BAKERY })
      .waitFor();
    await screenshot(page, 'customers-list');

    await searchToCard(en);
    await page.getByRole('heading', { level: 1, name: BAKERY }).waitFor();
    await panel(en.customers.card.panels.timeline).getByText(en.customers.timeline.types.taskDone).waitFor();
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, 'customer-card');

    await page.goto('/customers?tab=contacts');
    await page.getByRole('button', { name: en.customers.actions.newContact }).first().click();
    const dialog = page.getByRole('dialog', { name: en.customers.form.newContactTitle });
    await dialog.getByLabel(en.customers.fields.firstName).fill('Miriam');
    await dialog.getByLabel(CONTACT_FIELD.labelEn).fill('M-7');
    await screenshot(page, 'contact-form');
    await dialog.getByRole('button', { name: en.customers.form.createContact }).click();
    await page.waitForURL('**/customers/contacts/**');
    await panel(en.customers.card.panels.customFields).getByText('M-7').waitFor();
  });
});
