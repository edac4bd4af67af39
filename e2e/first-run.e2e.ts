import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectLang, launchBrowser, newContext, screenshot, screenshotOnFailure } from './lib/browser.js';
import { en, fill, he, type Messages } from './lib/i18n.js';
import { OWNER } from './lib/seed.js';
import { type RunningServer, startServer } from './lib/server.js';

// A fresh install: an empty DATA_DIR, so this spec also covers the first boot's migrations.
describe('first run', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  screenshotOnFailure(() => [page]);

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    context = await newContext(browser, server.url);
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const nav = (m: Messages) => page.getByRole('navigation', { name: m.nav.label });
  const expectShell = async (m: Messages) => {
    await page.waitForURL('**/customers');
    for (const label of [m.nav.customers, m.nav.tickets, m.nav.portal, m.nav.reports, m.nav.settings]) {
      await nav(m).getByRole('link', { name: label, exact: true }).waitFor();
    }
    await page.getByRole('heading', { name: m.empty.customers.title }).waitFor();
  };
  const userMenu = (m: Messages) =>
    page.getByRole('button', { name: fill(m.shell.userMenu, { name: OWNER.name }) });

  test('/ leads a fresh server to the Hebrew setup screen', async () => {
    await page.goto('/');
    await page.waitForURL('**/setup');
    await expectLang(page, 'he');
    await page.getByRole('heading', { name: he.setup.titleFirstRun }).waitFor();
    await screenshot(page, 'setup');

    // The same screen in English, then back: the form is filled in Hebrew.
    await page.getByRole('button', { name: he.language.en }).click();
    await expectLang(page, 'en');
    await page.getByRole('heading', { name: en.setup.titleFirstRun }).waitFor();
    await screenshot(page, 'setup');
    await page.getByRole('button', { name: en.language.he }).click();
    await expectLang(page, 'he');
  });

  test('creating the organization and its owner lands in the app shell', async () => {
    await page.getByLabel(he.setup.orgName).fill(OWNER.orgName);
    await page.getByLabel(he.setup.slug).fill(OWNER.slug);
    await page.getByLabel(he.setup.ownerName).fill(OWNER.name);
    await page.getByLabel(he.setup.email).fill(OWNER.email);
    await page.getByLabel(he.setup.password, { exact: true }).fill(OWNER.password);
    await page.getByLabel(he.setup.confirmPassword).fill(OWNER.password);
    await page.getByRole('button', { name: he.setup.submit }).click();

    await expectShell(he);
    await expectLang(page, 'he');
    await page.getByRole('banner').getByText(OWNER.orgName).waitFor();
    await screenshot(page, 'shell');
  });

  test('switching to English from the user menu is saved to the account', async () => {
    await userMenu(he).click();
    const saved = page.waitForResponse(
      (res) => res.url().endsWith('/api/v1/me') && res.request().method() === 'PATCH',
    );
    await page.getByRole('menuitem', { name: he.language.en }).click();
    expect((await saved).ok()).toBe(true);
    await expectLang(page, 'en');
    await expectShell(en);
    await screenshot(page, 'shell');

    // Forget this device's choice: after a reload only the account can say "English".
    await page.evaluate("localStorage.removeItem('kesher.locale')");
    await page.reload();
    await expectShell(en);
    await expectLang(page, 'en');
  });

  test('signing out leads to the sign-in page', async () => {
    await userMenu(en).click();
    await page.getByRole('menuitem', { name: en.shell.signOut }).click();
    await page.waitForURL('**/login');
    await page.getByRole('heading', { name: en.login.title }).waitFor();
    await expectLang(page, 'en');
    await screenshot(page, 'login');
  });

  test('a wrong password shows the translated error, in either language', async () => {
    const signIn = async (m: Messages, password: string) => {
      await page.getByLabel(m.login.workspace).fill(OWNER.slug);
      await page.getByLabel(m.login.email).fill(OWNER.email);
      await page.getByLabel(m.login.password, { exact: true }).fill(password);
      await page.getByRole('button', { name: m.login.submit, exact: true }).click();
    };

    await signIn(en, 'not-the-password');
    await page.getByText(en.errors.INVALID_CREDENTIALS).waitFor();
    await screenshot(page, 'login-error');

    await page.getByRole('button', { name: en.language.he }).click();
    await expectLang(page, 'he');
    await signIn(he, 'still-not-the-password');
    await page.getByText(he.errors.INVALID_CREDENTIALS).waitFor();
    await screenshot(page, 'login-error');

    // The right password: the account's language (English) wins over this page's.
    await signIn(he, OWNER.password);
    await expectShell(en);
    await expectLang(page, 'en');
  });
});
