import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { expectLang, launchBrowser, newContext, screenshot, screenshotOnFailure } from './lib/browser.js';
import { en, fill, he, type Messages } from './lib/i18n.js';
import { OWNER, signupOwner } from './lib/seed.js';
import { type RunningServer, startServer } from './lib/server.js';

const AGENT = { name: 'יוסי לוי', email: 'yossi@galil.example', password: 'Blue-Harbor-Lantern-77' };

describe('users: invite, accept, change role, deactivate', () => {
  let server: RunningServer;
  let browser: Browser;
  let ownerContext: BrowserContext;
  let agentContext: BrowserContext;
  let owner: Page;
  let agent: Page;
  let inviteUrl = '';

  screenshotOnFailure(() => [owner, agent]);

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startServer({ templateDir: inject('e2eTemplateDir') }),
      launchBrowser(),
    ]);
    ownerContext = await newContext(browser, server.url);
    await signupOwner(ownerContext);
    owner = await ownerContext.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const dialog = (page: Page, title: string) => page.getByRole('dialog', { name: title });
  const agentRow = (page: Page) => page.getByRole('row').filter({ hasText: AGENT.email });
  const switchLanguage = async (page: Page, from: Messages, name: string, to: 'he' | 'en') => {
    await page.getByRole('button', { name: fill(from.shell.userMenu, { name }) }).click();
    await page.getByRole('menuitem', { name: from.language[to] }).click();
    await expectLang(page, to);
  };

  test('the owner invites an agent from Settings → Users and gets a link to send', async () => {
    await owner.goto('/');
    await owner
      .getByRole('navigation', { name: he.nav.label })
      .getByRole('link', { name: he.nav.settings })
      .click();
    await owner.waitForURL('**/settings/users');
    await expectLang(owner, 'he');
    await owner.getByRole('row').filter({ hasText: OWNER.email }).waitFor();
    await screenshot(owner, 'users');

    await owner.getByRole('button', { name: he.users.invite }).click();
    const invite = dialog(owner, he.users.inviteDialog.title);
    await invite.getByLabel(he.users.inviteDialog.email).fill(AGENT.email);
    await invite.getByLabel(he.users.inviteDialog.name).fill(AGENT.name);
    await invite.getByLabel(he.users.inviteDialog.role).selectOption('agent');
    await screenshot(owner, 'invite-dialog');
    await invite.getByRole('button', { name: he.users.inviteDialog.submit }).click();

    await invite.getByText(he.users.inviteDialog.createdTitle).waitFor();
    inviteUrl = await invite.getByLabel(he.users.inviteDialog.link).inputValue();
    expect(inviteUrl).toMatch(new RegExp(`^${server.url}/accept-invite\\?token=[^&\\s]+$`));
    await screenshot(owner, 'invite-link');
    await invite.getByRole('button', { name: he.common.done }).click();
    await agentRow(owner).getByText(he.userStatus.invited).waitFor();
  });

  test('the same screens in English', async () => {
    await switchLanguage(owner, he, OWNER.name, 'en');
    await agentRow(owner).getByText(en.userStatus.invited).waitFor();
    await screenshot(owner, 'users');

    await owner.getByRole('button', { name: en.users.invite }).click();
    const invite = dialog(owner, en.users.inviteDialog.title);
    await invite.getByLabel(en.users.inviteDialog.email).fill('miriam@galil.example');
    await invite.getByLabel(en.users.inviteDialog.name).fill('Miriam Azulay');
    await screenshot(owner, 'invite-dialog');
    await invite.getByRole('button', { name: en.users.inviteDialog.submit }).click();
    await invite.getByText(en.users.inviteDialog.createdTitle).waitFor();
    await screenshot(owner, 'invite-link');
    await invite.getByRole('button', { name: en.common.done }).click();
    await invite.waitFor({ state: 'hidden' });
  });

  test('the invitee opens the link in another browser, joins, and lands in the shell', async () => {
    agentContext = await newContext(browser, server.url);
    agent = await agentContext.newPage();
    await agent.goto(inviteUrl);
    await expectLang(agent, 'he');
    const title = fill(he.invite.title, { org: OWNER.orgName });
    await agent.getByRole('heading', { name: title }).waitFor();
    await expect.poll(() => agent.getByLabel(he.invite.name).inputValue()).toBe(AGENT.name);

    await agent.getByRole('button', { name: he.language.en }).click();
    await agent.getByRole('heading', { name: fill(en.invite.title, { org: OWNER.orgName }) }).waitFor();
    await screenshot(agent, 'accept-invite');
    await agent.getByRole('button', { name: en.language.he }).click();
    await agent.getByRole('heading', { name: title }).waitFor();
    await screenshot(agent, 'accept-invite');

    await agent.getByLabel(he.invite.password, { exact: true }).fill(AGENT.password);
    await agent.getByLabel(he.invite.confirmPassword).fill(AGENT.password);
    await agent.getByRole('button', { name: he.invite.submit }).click();
    await agent.waitForURL('**/customers');
    await agent.getByRole('button', { name: fill(he.shell.userMenu, { name: AGENT.name }) }).waitFor();
    await agent
      .getByRole('navigation', { name: he.nav.label })
      .getByRole('link', { name: he.nav.tickets })
      .waitFor();
  });

  test('the owner changes the agent’s role, then deactivates them', async () => {
    await owner.reload();
    await agentRow(owner).getByText(en.userStatus.active).waitFor();
    const role = owner.getByLabel(fill(en.users.roleFor, { name: AGENT.name }));
    await role.selectOption('manager');
    await owner.getByText(fill(en.users.roleChanged, { name: AGENT.name })).waitFor();
    await owner.reload();
    await expect.poll(() => role.inputValue()).toBe('manager');

    await agentRow(owner).getByRole('button', { name: en.users.deactivate }).click();
    const confirm = dialog(owner, fill(en.users.deactivateTitle, { name: AGENT.name }));
    await confirm.getByText(en.users.deactivateBody).waitFor();
    await screenshot(owner, 'deactivate-dialog');
    await confirm.getByRole('button', { name: en.users.deactivate }).click();
    await confirm.waitFor({ state: 'hidden' });
    await agentRow(owner).getByText(en.userStatus.deactivated).waitFor();
    await screenshot(owner, 'users-deactivated');
  });

  test('the deactivated agent’s next navigation goes to the sign-in page', async () => {
    await agent
      .getByRole('navigation', { name: he.nav.label })
      .getByRole('link', { name: he.nav.settings })
      .click();
    await agent.waitForURL(/\/login(\?|$)/);
    await agent.getByRole('heading', { name: he.login.title }).waitFor();

    // and signing in again is refused
    await agent.getByLabel(he.login.workspace).fill(OWNER.slug);
    await agent.getByLabel(he.login.email).fill(AGENT.email);
    await agent.getByLabel(he.login.password, { exact: true }).fill(AGENT.password);
    await agent.getByRole('button', { name: he.login.submit, exact: true }).click();
    await agent.getByText(he.errors.INVALID_CREDENTIALS).waitFor();
  });
});
