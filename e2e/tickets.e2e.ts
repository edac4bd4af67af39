import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { expectLang, launchBrowser, newContext, screenshot, screenshotOnFailure } from './lib/browser.js';
import { en, fill, he, type Messages } from './lib/i18n.js';
import { OWNER, signupOwner } from './lib/seed.js';
import { type RunningServer, startServer } from './lib/server.js';
import { type SmtpSink, startSmtpSink } from './lib/smtp-sink.js';

const SUBJECT = 'המשלוח של יום ראשון לא הגיע';
const REQUESTER_EMAIL = 'ronit@maafiya.example';
const REPLY = 'שלום רונית, בדקנו — המשלוח יגיע מחר בבוקר. תאשרי שקיבלת?';
const AGENT = { name: 'יוסי מזרחי', email: 'yossi@galil.example', password: 'Second-Agent-Galil-77' };

const post = async <T = { id: string }>(api: APIRequestContext, path: string, data: unknown): Promise<T> => {
  const res = await api.post(`/api/v1${path}`, { data });
  if (!res.ok()) throw new Error(`POST ${path}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
};

/** The words of a translation before its first placeholder ("in {{duration}}" → "in"). */
const prefix = (template: string) => template.split('{{')[0]?.trim() ?? template;

describe('tickets: inbox → ticket → public reply pending customer → SLA and email', () => {
  let server: RunningServer;
  let sink: SmtpSink;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let ticketId = '';
  let ticketNumber = 0;
  let secondPage: Page | undefined;

  screenshotOnFailure(() => [page, secondPage]);

  beforeAll(async () => {
    sink = await startSmtpSink();
    [server, browser] = await Promise.all([
      startServer({ templateDir: inject('e2eTemplateDir'), env: { SMTP_URL: sink.url, JOBS: 'on' } }),
      launchBrowser(),
    ]);
    context = await newContext(browser, server.url);
    await signupOwner(context);
    const api = context.request;
    const account = await post(api, '/accounts', { name: 'מאפיית הגליל בע"מ' });
    const contact = await post(api, '/contacts', {
      firstName: 'רונית',
      lastName: 'לוי',
      accountId: account.id,
      emails: [REQUESTER_EMAIL],
    });
    const ticket = await post<{ id: string; number: number }>(api, '/tickets', {
      subject: SUBJECT,
      description: 'הזמנתי 40 כיכרות ליום ראשון והן לא הגיעו.',
      requesterId: contact.id,
      priority: 'high',
      channel: 'email',
    });
    ticketId = ticket.id;
    ticketNumber = ticket.number;
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await sink?.close();
  });

  const openInbox = async (m: Messages) => {
    await page.goto('/tickets');
    await page
      .getByRole('navigation', { name: m.tickets.views.label })
      .getByRole('button', { name: m.tickets.views.open })
      .click();
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: SUBJECT }) });
    await row.waitFor();
    return row;
  };

  test('the agent sees the ticket in the inbox (Hebrew) with its SLA countdown', async () => {
    const row = await openInbox(he);
    await expectLang(page, 'he');
    await expect.poll(() => row.textContent()).toContain(prefix(he.tickets.sla.inTime));
    expect(await row.textContent()).toContain(`#${ticketNumber}`);
    expect(await row.textContent()).toContain(he.tickets.priority.high);
    // the "all open" badge counts it (counters, not count(*))
    const view = page.getByRole('button', { name: he.tickets.views.open });
    await expect.poll(() => view.textContent()).toMatch(/1/);
    await screenshot(page, 'tickets-inbox');
  });

  test('opens it, replies publicly with "pending customer": first response met, clock paused, email sent', async () => {
    await page.getByRole('link', { name: SUBJECT }).click();
    await page.waitForURL(`**/tickets/${ticketId}`);
    await page
      .getByRole('heading', {
        level: 1,
        name: fill(he.tickets.ticket.heading, { number: String(ticketNumber) }),
      })
      .waitFor();
    const sla = page.getByRole('region', { name: he.tickets.sla.title });
    const first = sla.locator('[data-sla-target="firstResponse"]');
    await expect.poll(() => first.getAttribute('data-sla-state')).toBe('running');

    await page.getByLabel(he.tickets.reply.label).fill(REPLY);
    await page.getByRole('button', { name: he.tickets.reply.sendAnd }).click();
    await page.getByRole('menuitem', { name: he.tickets.reply.sendPending }).click();

    const conversation = page.getByRole('region', { name: he.tickets.ticket.conversation });
    await conversation.getByText(REPLY).waitFor();
    await expect.poll(() => first.getAttribute('data-sla-state')).toBe('met');
    await first.getByText(he.tickets.sla.state.met).waitFor();
    await sla.getByText(he.tickets.sla.pausedNote).waitFor();
    await sla.locator('[data-sla-target="resolution"][data-sla-state="paused"]').waitFor();
    await expect
      .poll(() => page.getByLabel(he.tickets.ticket.status, { exact: true }).first().inputValue())
      .toBe(he.tickets.status.pending_customer);

    // the requester gets the reply by email (a real SMTP server in the test)
    const mail = await sink.waitFor(
      (message) => message.to.includes(REQUESTER_EMAIL) && message.text.includes('מחר בבוקר'),
      30_000,
    );
    expect(mail.to).toContain(REQUESTER_EMAIL);
    // …and its delivery shows next to the message once the job ran
    await page.reload();
    await conversation.getByText(REPLY).waitFor();
    await expect
      .poll(async () => page.locator('[data-visibility="public"] [data-delivery="sent"]').count(), {
        timeout: 20_000,
        interval: 1000,
      })
      .toBeGreaterThan(0);
    await screenshot(page, 'tickets-ticket');
  });

  test('the new-ticket form (Hebrew)', async () => {
    await page.goto('/tickets/new');
    await page.getByRole('heading', { level: 1, name: he.tickets.form.title }).waitFor();
    await page.getByRole('textbox', { name: he.tickets.form.subject }).waitFor();
    await screenshot(page, 'tickets-new-ticket');
  });

  test('a second agent on the same ticket: both see each other', async () => {
    await page.goto(`/tickets/${ticketId}`);
    const invite = await post<{ inviteUrl: string }>(context.request, '/users/invitations', {
      email: AGENT.email,
      name: AGENT.name,
      role: 'agent',
    });
    const token = new URL(invite.inviteUrl, server.url).searchParams.get('token') ?? '';
    const agentContext = await newContext(browser, server.url);
    const accepted = await agentContext.request.post('/api/v1/auth/invitations/accept', {
      data: { token, password: AGENT.password },
    });
    expect(accepted.ok()).toBe(true);
    secondPage = await agentContext.newPage();
    await secondPage.goto(`/tickets/${ticketId}`);
    await page.getByRole('img', { name: fill(he.tickets.ticket.viewing, { name: AGENT.name }) }).waitFor();
    await secondPage
      .getByRole('img', { name: fill(he.tickets.ticket.viewing, { name: OWNER.name }) })
      .waitFor();
    await screenshot(page, 'tickets-presence');
    await agentContext.close();
  });

  test('the same screens in English', async () => {
    await page.goto('/tickets');
    await page.getByRole('button', { name: fill(he.shell.userMenu, { name: OWNER.name }) }).click();
    await page.getByRole('menuitem', { name: he.language.en }).click();
    await expectLang(page, 'en');
    // pending now: the SLA column no longer counts down for it in "Pending"
    await page
      .getByRole('navigation', { name: en.tickets.views.label })
      .getByRole('button', { name: en.tickets.views.pending })
      .click();
    await page.getByRole('link', { name: SUBJECT }).waitFor();
    await screenshot(page, 'tickets-inbox');
    await page.getByRole('link', { name: SUBJECT }).click();
    const sla = page.getByRole('region', { name: en.tickets.sla.title });
    await sla.locator('[data-sla-target="firstResponse"]').getByText(en.tickets.sla.state.met).waitFor();
    await page.getByRole('region', { name: en.tickets.ticket.conversation }).getByText(REPLY).waitFor();
    await screenshot(page, 'tickets-ticket');
    await page.goto('/tickets/new');
    await page.getByRole('heading', { level: 1, name: en.tickets.form.title }).waitFor();
    await screenshot(page, 'tickets-new-ticket');
  });
});
