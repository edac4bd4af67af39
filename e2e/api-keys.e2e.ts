import { type APIRequestContext, type Browser, type Page, request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { expectLang, launchBrowser, newContext, screenshot, screenshotOnFailure } from './lib/browser.js';
import { en, fill, he, type Messages } from './lib/i18n.js';
import { OWNER, signupOwner } from './lib/seed.js';
import { type RunningServer, startServer } from './lib/server.js';

describe('API keys: create, see once, revoke', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  // A client with no cookies: only the Bearer key speaks for it.
  let integration: APIRequestContext;

  screenshotOnFailure(() => [page]);

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startServer({ templateDir: inject('e2eTemplateDir') }),
      launchBrowser(),
    ]);
    const context = await newContext(browser, server.url);
    await signupOwner(context);
    page = await context.newPage();
    integration = await request.newContext({ baseURL: server.url });
  });

  afterAll(async () => {
    await integration?.dispose();
    await browser?.close();
    await server?.stop();
  });

  const callWith = async (key: string) =>
    (await integration.get('/api/v1/accounts', { headers: { authorization: `Bearer ${key}` } })).status();

  /** Creates a key through the dialog and returns the secret it shows (once). */
  const createKey = async (m: Messages, name: string, scopeLabels: string[]) => {
    await page.getByRole('button', { name: m.apiKeys.create }).first().click();
    const form = page.getByRole('dialog', { name: m.apiKeys.dialog.title });
    await form.getByLabel(m.apiKeys.dialog.name).fill(name);
    for (const label of scopeLabels) await form.getByRole('checkbox', { name: label }).check();
    await screenshot(page, 'api-key-dialog');
    await form.getByRole('button', { name: m.apiKeys.dialog.submit }).click();

    const created = page.getByRole('dialog', { name: m.apiKeys.dialog.createdTitle });
    await created.getByText(m.apiKeys.dialog.warning).waitFor();
    const key = await created.getByLabel(m.apiKeys.dialog.key).inputValue();
    expect(key.length).toBeGreaterThan(20);
    await screenshot(page, 'api-key-created');
    await created.getByRole('button', { name: m.apiKeys.dialog.confirmCopied }).click();
    await created.waitFor({ state: 'hidden' });
    return key;
  };

  const revokeKey = async (m: Messages, name: string) => {
    await page.getByRole('button', { name: fill(m.apiKeys.revokeLabel, { name }) }).click();
    const confirm = page.getByRole('dialog', { name: fill(m.apiKeys.revokeTitle, { name }) });
    await confirm.getByText(m.apiKeys.revokeBody).waitFor();
    await screenshot(page, 'api-key-revoke');
    await confirm.getByRole('button', { name: m.apiKeys.revokeConfirm, exact: true }).click();
    await confirm.waitFor({ state: 'hidden' });
    await page.getByRole('row').filter({ hasText: name }).getByText(m.apiKeys.status.revoked).waitFor();
  };

  test('in Hebrew: an empty list, a key shown once, which works until revoked', async () => {
    await page.goto('/settings/api-keys');
    await expectLang(page, 'he');
    await page.getByRole('heading', { name: he.apiKeys.empty.title }).waitFor();
    await screenshot(page, 'api-keys-empty');

    const name = 'סנכרון Priority';
    const key = await createKey(he, name, [he.apiKeys.scopes.crmRead]);
    const row = page.getByRole('row').filter({ hasText: name });
    await row.getByText(he.apiKeys.status.active).waitFor();
    // shown once: the list has the prefix only, never the secret
    expect(await page.getByText(key).count()).toBe(0);
    expect(await page.content()).not.toContain(key);
    expect(await callWith(key)).toBe(200);

    await revokeKey(he, name);
    await screenshot(page, 'api-keys');
    expect(await callWith(key)).toBe(401);
  });

  test('in English: the same, next to the revoked Hebrew key', async () => {
    await page.getByRole('button', { name: fill(he.shell.userMenu, { name: OWNER.name }) }).click();
    await page.getByRole('menuitem', { name: he.language.en }).click();
    await expectLang(page, 'en');
    await page.getByRole('heading', { name: en.apiKeys.title }).waitFor();

    const name = 'Website leads';
    const key = await createKey(en, name, [en.apiKeys.scopes.crmRead, en.apiKeys.scopes.crmWrite]);
    expect(await callWith(key)).toBe(200);
    await revokeKey(en, name);
    await screenshot(page, 'api-keys');
    expect(await callWith(key)).toBe(401);
  });
});
