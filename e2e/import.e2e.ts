import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { expectLang, launchBrowser, newContext, screenshot, screenshotOnFailure } from './lib/browser.js';
import { en, fill, he, type Lang, type Messages } from './lib/i18n.js';
import { OWNER, signupOwner } from './lib/seed.js';
import { type RunningServer, startServer } from './lib/server.js';

type Company = { name: string; phone: string; email: string };

/** An .xlsx with Hebrew headers, as an Israeli office's Excel export would have them. */
const writeWorkbook = async (file: string, rows: Company[]) => {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('לקוחות');
  sheet.addRow(['שם חברה', 'טלפון', 'דוא"ל']);
  for (const row of rows) sheet.addRow([row.name, row.phone, row.email]);
  await workbook.xlsx.writeFile(file);
};

// Three good rows and one with a phone number that is not one, per language (no duplicates between them).
const FILES: Record<Lang, { good: Company[]; bad: Company }> = {
  he: {
    good: [
      { name: 'מאפיית הגליל', phone: '04-6923456', email: 'office@maafiya.example' },
      { name: 'מוסך אבו סנאן', phone: '050-2345678', email: 'garage@abusnan.example' },
      { name: 'קפה נמל', phone: '+972 3 612 3456', email: 'hello@cafe-namal.example' },
    ],
    bad: { name: 'מספר שבור בע״מ', phone: '12345', email: 'broken@phone.example' },
  },
  en: {
    good: [
      { name: 'Harbor Freight Haifa', phone: '04-8123456', email: 'ops@harbor.example' },
      { name: 'Negev Solar', phone: '052-3456789', email: 'info@negev-solar.example' },
      { name: 'Jaffa Print Shop', phone: '+972 3 518 7654', email: 'print@jaffa.example' },
    ],
    bad: { name: 'Broken Phone Ltd', phone: '999', email: 'broken@example.com' },
  },
};

describe('import an .xlsx of accounts, with a rejected row, in Hebrew and English', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let dir: string;

  screenshotOnFailure(() => [page]);

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startServer({ templateDir: inject('e2eTemplateDir') }),
      launchBrowser(),
    ]);
    context = await newContext(browser, server.url);
    await signupOwner(context);
    page = await context.newPage();
    dir = mkdtempSync(path.join(tmpdir(), 'kesher-import-e2e-'));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const accountNames = async (): Promise<string[]> => {
    const res = await context.request.get('/api/v1/accounts', { params: { limit: 200 } });
    expect(res.status()).toBe(200);
    return ((await res.json()) as { items: { name: string }[] }).items.map((a) => a.name);
  };

  /** A custom field through the admin dialog; checks the key suggested from the English name. */
  const addCustomField = async (m: Messages, labelHe: string, labelEn: string, key: string) => {
    const c = m.crmSettings.customFields;
    await page.goto('/settings/custom-fields');
    await page.getByRole('heading', { name: c.title, exact: true }).waitFor();
    await page.getByRole('button', { name: c.create }).first().click();
    const dialog = page.getByRole('dialog', {
      name: fill(c.dialog.createTitle, { entity: m.crmSettings.entities.account }),
    });
    await dialog.getByLabel(c.dialog.labelHe).fill(labelHe);
    await dialog.getByLabel(c.dialog.labelEn).fill(labelEn);
    expect(await dialog.getByLabel(c.dialog.key).inputValue()).toBe(key);
    await dialog.getByLabel(c.dialog.type, { exact: true }).click();
    await page.getByRole('option', { name: m.crmSettings.fieldTypes.date, exact: true }).click();
    await screenshot(page, 'custom-field-dialog');
    await dialog.getByRole('button', { name: c.dialog.submitCreate }).click();
    await dialog.waitFor({ state: 'hidden' });
    const label = m === he ? labelHe : labelEn;
    await page.getByRole('row').filter({ hasText: key }).getByText(label).waitFor();
  };

  const runWizard = async (lang: Lang) => {
    const m = messages(lang);
    const w = m.crmSettings.imports;
    const { good, bad } = FILES[lang];
    const file = path.join(dir, `customers-${lang}.xlsx`);
    await writeWorkbook(file, [good[0], bad, good[1], good[2]] as Company[]);

    // Settings → Import links to the wizard
    await page.goto('/settings/import');
    await expectLang(page, lang);
    await page.getByRole('link', { name: w.start }).click();
    await page.waitForURL('**/customers/import');

    // 1. upload
    await page.getByRole('heading', { name: w.steps.upload.label, level: 2, exact: true }).waitFor();
    await page.getByLabel(w.upload.fileLabel).setInputFiles(file);
    await page.getByText(path.basename(file)).waitFor();
    await screenshot(page, 'import-upload');
    await page.getByRole('button', { name: w.upload.submit }).click();

    // 2. mapping, guessed from the Hebrew headers
    await page.getByRole('heading', { name: w.steps.mapping.label, level: 2, exact: true }).waitFor();
    const field = (column: string) =>
      page.getByRole('combobox', { name: fill(w.mapping.fieldFor, { column }), exact: true });
    const nameLabel = lang === 'he' ? 'שם' : 'Name';
    expect(await field('שם חברה').inputValue()).toBe(nameLabel);
    expect(await field('טלפון').inputValue()).toBe(lang === 'he' ? 'טלפון' : 'Phone');
    expect(await field('דוא"ל').inputValue()).toBe(lang === 'he' ? 'דוא"ל' : 'Email');
    await expect
      .poll(() => page.getByRole('radio', { name: w.mapping.policies.skip.label }).isChecked())
      .toBe(true);
    await screenshot(page, 'import-mapping');
    await page.getByRole('button', { name: w.mapping.submit }).click();

    // 3. dry run: 3 new, 1 rejected with its reason, nothing written yet
    await page.getByRole('heading', { name: w.steps.preview.label, level: 2, exact: true }).waitFor();
    const counts = page.getByRole('group', { name: w.preview.countsLabel });
    await expect.poll(() => counts.locator('[data-count="created"]').textContent()).toContain('3');
    expect(await counts.locator('[data-count="rejected"]').textContent()).toContain('1');
    const rejectedRow = page.getByRole('row').filter({ hasText: bad.name });
    await rejectedRow.getByText(w.preview.status.rejected).waitFor();
    await rejectedRow.getByText('טלפון', { exact: true }).waitFor(); // the column the reason is about
    expect(await accountNames()).not.toContain(good[0]?.name);
    await screenshot(page, 'import-preview');

    // 4. commit: the progress bar reaches 100 %, then the summary
    await page
      .getByRole('button', { name: w.preview.submit_other.replace('{{count, number}}', '3') })
      .click();
    const bar = page.getByRole('progressbar', { name: w.progress.label });
    await expect.poll(() => bar.getAttribute('aria-valuenow'), { timeout: 30_000 }).toBe('100');
    await page.getByText(w.progress.completedTitle).waitFor();
    await screenshot(page, 'import-done');

    // the rejected rows, with the reason, as CSV in the UI language
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: w.preview.downloadRejected }).click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv).toContain(bad.name);
    expect(csv).toContain(bad.phone);
    expect(csv.split('\n')[0]).toContain(lang === 'he' ? 'סיבות' : 'reasons');
    expect(csv).not.toContain(good[0]?.name);

    // links to the new records, and the three accounts exist (the bad row does not)
    for (const company of good) await page.getByRole('link', { name: company.name }).waitFor();
    const names = await accountNames();
    for (const company of good) expect(names).toContain(company.name);
    expect(names).not.toContain(bad.name);
  };

  const messages = (lang: Lang): Messages => (lang === 'he' ? he : en);

  test('in Hebrew: a custom field, then upload → mapping → dry run → import with a rejected row', async () => {
    await page.goto('/settings/custom-fields');
    await expectLang(page, 'he');
    await addCustomField(he, 'תאריך סיום חוזה', 'Contract end date', 'contract_end_date');
    await screenshot(page, 'custom-fields');
    await runWizard('he');
  });

  test('in English: an unreadable file is refused clearly, then the same flow', async () => {
    await page.goto('/settings/import');
    await page.getByRole('button', { name: fill(he.shell.userMenu, { name: OWNER.name }) }).click();
    await page.getByRole('menuitem', { name: he.language.en }).click();
    await expectLang(page, 'en');

    await addCustomField(en, 'מחסן מועדף', 'Preferred warehouse', 'preferred_warehouse');
    // the keyboard moves the new field above the first one; the order is saved
    await page
      .getByRole('button', { name: fill(en.crmSettings.common.moveUp, { name: 'Preferred warehouse' }) })
      .click();
    await expect
      .poll(async () => {
        const res = await context.request.get('/api/v1/custom-fields', { params: { entity: 'account' } });
        return ((await res.json()) as { items: { key: string }[] }).items.map((f) => f.key);
      })
      .toEqual(['preferred_warehouse', 'contract_end_date']);
    await screenshot(page, 'custom-fields');

    // a spreadsheet that is not one: 400 IMPORT_UNREADABLE, said plainly, nothing stored
    const broken = path.join(dir, 'broken.xlsx');
    writeFileSync(broken, Buffer.from('PK\u0003\u0004 this is not really a workbook'.repeat(50)));
    await page.goto('/customers/import');
    await page.getByLabel(en.crmSettings.imports.upload.fileLabel).setInputFiles(broken);
    await page.getByRole('button', { name: en.crmSettings.imports.upload.submit }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: en.crmSettings.imports.errors.IMPORT_UNREADABLE })
      .waitFor();
    await screenshot(page, 'import-unreadable');

    await runWizard('en');
  });
});
