import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { expectLang, launchBrowser, newContext, screenshot, screenshotOnFailure } from './lib/browser.js';
import { en, he, type Messages } from './lib/i18n.js';
import { OWNER, signupOwner } from './lib/seed.js';
import { type RunningServer, startServer } from './lib/server.js';
import { type SinkMessage, type SmtpSink, startSmtpSink } from './lib/smtp-sink.js';

// Mail leaves only through the `mail.deliver` job, which pg-boss runs from a once-a-minute cron
// (src/server/app.ts registerJobs): a reset mail can take a minute and a bit to arrive.
const MAIL_TIMEOUT_MS = 90_000;
const NEW_PASSWORD = 'Olive-Tractor-Sunrise-19';

describe('password reset by email', () => {
  let sink: SmtpSink;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let resetMail: SinkMessage;

  screenshotOnFailure(() => [page]);

  beforeAll(async () => {
    sink = await startSmtpSink();
    [server, browser] = await Promise.all([
      startServer({ templateDir: inject('e2eTemplateDir'), env: { SMTP_URL: sink.url, JOBS: 'on' } }),
      launchBrowser(),
    ]);
    const ownerContext = await newContext(browser, server.url);
    await signupOwner(ownerContext);
    await ownerContext.close();
    page = await (await newContext(browser, server.url)).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await sink?.close();
  });

  const signIn = async (m: Messages, password: string) => {
    await page.getByLabel(m.login.workspace).fill(OWNER.slug);
    await page.getByLabel(m.login.email).fill(OWNER.email);
    await page.getByLabel(m.login.password, { exact: true }).fill(password);
    await page.getByRole('button', { name: m.login.submit, exact: true }).click();
  };

  test('“forgot your password?” sends a reset link by email', {
    timeout: MAIL_TIMEOUT_MS + 30_000,
  }, async () => {
    await page.goto('/login');
    await expectLang(page, 'he');
    await page.getByRole('link', { name: he.login.forgot }).click();
    await page.waitForURL('**/forgot-password');
    await page.getByRole('heading', { name: he.forgot.title }).waitFor();
    await screenshot(page, 'forgot-password');

    await page.getByRole('button', { name: he.language.en }).click();
    await expectLang(page, 'en');
    await page.getByLabel(en.login.workspace).fill(OWNER.slug);
    await page.getByLabel(en.login.email).fill(OWNER.email);
    await screenshot(page, 'forgot-password');
    const requestedAt = Date.now();
    await page.getByRole('button', { name: en.forgot.submit }).click();
    await page.getByRole('status').getByText(en.forgot.sent).waitFor();
    await screenshot(page, 'forgot-password-sent');

    resetMail = await sink.waitFor((m) => m.to.includes(OWNER.email), MAIL_TIMEOUT_MS);
    console.log(`reset mail delivered ${Math.round((Date.now() - requestedAt) / 1000)}s after the request`);
    // in the account's language (Hebrew), whatever the page's language was
    expect(resetMail.subject).toBe('איפוס סיסמה לקשר');
  });

  test('the emailed link sets a new password, which then signs in', async () => {
    const link = new RegExp(`${server.url}/reset-password\\?token=[^\\s"'<>]+`).exec(resetMail.text)?.[0];
    expect(link, resetMail.text).toBeDefined();
    expect(resetMail.html).toContain(link?.replaceAll('&', '&amp;'));

    await page.goto(link ?? '');
    await expectLang(page, 'en'); // this device chose English on the forgot-password page
    await page.getByRole('heading', { name: en.reset.title }).waitFor();
    await screenshot(page, 'reset-password');
    await page.getByRole('button', { name: en.language.he }).click();
    await expectLang(page, 'he');
    await page.getByLabel(he.reset.newPassword).fill(NEW_PASSWORD);
    await page.getByLabel(he.reset.confirmPassword).fill(NEW_PASSWORD);
    await screenshot(page, 'reset-password');
    await page.getByRole('button', { name: he.reset.submit }).click();

    await page.waitForURL('**/login');
    await page.getByText(he.login.passwordResetDone).waitFor();
    await screenshot(page, 'login-after-reset');

    await signIn(he, OWNER.password);
    await page.getByText(he.errors.INVALID_CREDENTIALS).waitFor();
    await signIn(he, NEW_PASSWORD);
    await page.waitForURL('**/customers');
    await page
      .getByRole('navigation', { name: he.nav.label })
      .getByRole('link', { name: he.nav.customers, exact: true })
      .waitFor();
  });

  test('the link works only once', async () => {
    const link = new RegExp(`${server.url}/reset-password\\?token=[^\\s"'<>]+`).exec(resetMail.text)?.[0];
    await page.goto(link ?? '');
    await page.getByLabel(he.reset.newPassword).fill('Another-Fresh-Passphrase-5');
    await page.getByLabel(he.reset.confirmPassword).fill('Another-Fresh-Passphrase-5');
    await page.getByRole('button', { name: he.reset.submit }).click();
    await page.getByRole('alert').getByText(he.errors.RESET_TOKEN_INVALID).waitFor();
    await screenshot(page, 'reset-password-used');
  });
});
