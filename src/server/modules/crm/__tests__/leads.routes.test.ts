import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { inviteAndAccept, randomIp, type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { fixedClock } from '../../../platform/clock.js';
import { deals, pipelineStages, pipelines } from '../deals.table.js';
import { leads } from '../leads.table.js';

let t: TestApp;
let owner: Staff;
const clock = fixedClock('2025-09-23T09:00:00.000Z');

beforeAll(async () => {
  t = await buildTestApp({ clock });
  owner = await signupTenant(t.app, { locale: 'he' });
});
afterAll(() => t.close());

const req = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
  headers: Record<string, string> = {},
  who: Staff = owner,
) => t.app.inject({ method, url: `/api/v1${url}`, headers: { ...who.headers, ...headers }, payload });

const newLead = async (payload: object) => {
  const res = await req('POST', '/leads', payload);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};

const timeline = async (q: string) =>
  (await req('GET', `/timeline?${q}&limit=100`)).json().items as Array<{
    type: string;
    accountId: string | null;
    contactId: string | null;
    occurredAt: string;
    data: Record<string, unknown>;
  }>;

/** A cross-site browser post from a customer's website. */
const formPost = (
  workspace: string,
  payload: object | string,
  opts: { ip?: string; query?: string; urlencoded?: boolean; headers?: Record<string, string> } = {},
) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/public/forms/${workspace}/lead${opts.query ?? ''}`,
    remoteAddress: opts.ip ?? randomIp(),
    headers: {
      origin: 'https://www.customer-site.co.il',
      'sec-fetch-site': 'cross-site',
      referer: 'https://www.customer-site.co.il/contact?utm_source=google&utm_campaign=autumn',
      ...(opts.urlencoded ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      ...opts.headers,
    },
    payload,
  });

const leadsNamed = async (q: string) =>
  (await req('GET', `/leads?q=${encodeURIComponent(q)}`)).json().items as Array<Record<string, unknown>>;

describe('leads', () => {
  it('creates, lists with filters and updates a lead; converted is not a status you can set', async () => {
    const lead = await newLead({
      firstName: 'Yossi',
      lastName: 'Mizrahi',
      company: 'Mizrahi Build',
      phones: ['050-234 5678'],
      emails: ['Yossi@Mizrahi.co.il'],
      source: 'phone',
    });
    expect(lead).toMatchObject({
      fullName: 'Yossi Mizrahi',
      status: 'new',
      source: 'phone',
      emails: ['yossi@mizrahi.co.il'],
      phones: [{ raw: '050-234 5678', e164: '+972502345678' }],
      convertedAt: null,
      version: 1,
    });
    await newLead({ firstName: 'Other', source: 'referral' });
    const byStatus = (await req('GET', '/leads?status=new&source=phone')).json();
    expect(byStatus.items.map((l: { id: string }) => l.id)).toEqual([lead.id]);
    expect((await leadsNamed('mizrahi build')).map((l) => l.id)).toEqual([lead.id]);
    const patched = await req('PATCH', `/leads/${lead.id}`, { status: 'qualified' }, { 'if-match': '"1"' });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ status: 'qualified', version: 2 });
    const converted = await req('PATCH', `/leads/${lead.id}`, { status: 'converted' }, { 'if-match': '"2"' });
    expect(converted.statusCode).toBe(400);
    const bad = await req('POST', '/leads', { firstName: 'Bad', phones: ['050-1234567'], emails: ['x'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(['phones.0', 'emails.0']);
  });

  it('converts into account + contact + deal in one go, keeping the lead history; twice is 409', async () => {
    const lead = await newLead({
      firstName: 'רונית',
      lastName: 'אברהם',
      company: 'אברהם שיווק',
      title: 'מנכ"לית',
      phones: ['04-6901234'],
      emails: ['ronit@avraham.co.il'],
      source: 'campaign',
    });
    clock.advance(60_000);
    expect(
      (await req('PATCH', `/leads/${lead.id}`, { status: 'contacted' }, { 'if-match': '"1"' })).statusCode,
    ).toBe(200);
    clock.advance(60_000);

    const res = await req('POST', `/leads/${lead.id}/convert`, {
      createDeal: { name: 'חבילת שיווק שנתית', amount: 12000 },
    });
    expect(res.statusCode, res.body).toBe(200);
    const out = res.json();
    expect(out.lead).toMatchObject({
      status: 'converted',
      convertedAccountId: out.accountId,
      convertedContactId: out.contactId,
      convertedDealId: out.dealId,
      version: 3,
    });
    const account = (await req('GET', `/accounts/${out.accountId}`)).json();
    expect(account).toMatchObject({ name: 'אברהם שיווק', kind: 'business' });
    const contact = (await req('GET', `/contacts/${out.contactId}`)).json();
    expect(contact).toMatchObject({
      firstName: 'רונית',
      lastName: 'אברהם',
      title: 'מנכ"לית',
      emails: ['ronit@avraham.co.il'],
      phones: [{ raw: '04-6901234', e164: '+97246901234' }],
      accountId: out.accountId,
    });

    // The deal sits on the first stage of the default pipeline, created in the tenant's language.
    const [deal] = await t.database.systemTx((tx) =>
      tx
        .select({ deal: deals, stage: pipelineStages, pipeline: pipelines })
        .from(deals)
        .innerJoin(pipelineStages, eq(pipelineStages.id, deals.stageId))
        .innerJoin(pipelines, eq(pipelines.id, deals.pipelineId))
        .where(eq(deals.id, out.dealId)),
    );
    expect(deal?.deal).toMatchObject({
      name: 'חבילת שיווק שנתית',
      amount: '12000.00',
      currency: 'ILS',
      accountId: out.accountId,
      contactId: out.contactId,
      probability: 10,
      status: 'open',
    });
    expect(deal?.stage.name).toBe('חדש');
    expect(deal?.pipeline).toMatchObject({ name: 'מכירות', isDefault: true });
    const stages = await t.database.systemTx((tx) =>
      tx
        .select({
          name: pipelineStages.name,
          probability: pipelineStages.probability,
          kind: pipelineStages.kind,
        })
        .from(pipelineStages)
        .where(eq(pipelineStages.pipelineId, deal?.pipeline.id ?? ''))
        .orderBy(asc(pipelineStages.position)),
    );
    expect(stages).toEqual([
      { name: 'חדש', probability: 10, kind: 'open' },
      { name: 'הצעת מחיר', probability: 40, kind: 'open' },
      { name: 'משא ומתן', probability: 70, kind: 'open' },
      { name: 'נסגר בהצלחה', probability: 100, kind: 'won' },
      { name: 'אבוד', probability: 0, kind: 'lost' },
    ]);

    // History: the lead's own entries are on the new account and contact, at their original times.
    const onAccount = await timeline(`accountId=${out.accountId}`);
    expect(onAccount.map((e) => e.type)).toEqual([
      'lead.converted',
      'deal.created',
      'contact.created',
      'account.created',
      'field.changed',
      'lead.created',
    ]);
    const created = onAccount.find((e) => e.type === 'lead.created');
    expect(created).toMatchObject({ occurredAt: '2025-09-23T09:00:00.000Z', contactId: out.contactId });
    expect(created?.data).toMatchObject({ leadId: lead.id, source: 'campaign' });
    const onContact = (await timeline(`contactId=${out.contactId}`)).map((e) => e.type);
    expect(onContact).toEqual(expect.arrayContaining(['lead.created', 'field.changed', 'lead.converted']));

    const again = await req('POST', `/leads/${lead.id}/convert`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('LEAD_ALREADY_CONVERTED');
    // Nothing more was created by the refused second conversion.
    const contacts = (await req('GET', `/contacts?accountId=${out.accountId}`)).json().items;
    expect(contacts).toHaveLength(1);
  });

  it('converts onto an existing account, or a private account when the lead has no company', async () => {
    const existing = (await req('POST', '/accounts', { name: 'Existing Ltd' })).json();
    const a = await newLead({ firstName: 'Eli', lastName: 'Bar', company: 'ignored' });
    const toExisting = await req('POST', `/leads/${a.id}/convert`, { account: { existingId: existing.id } });
    expect(toExisting.statusCode, toExisting.body).toBe(200);
    expect(toExisting.json()).toMatchObject({ accountId: existing.id, dealId: null });
    const people = (await req('GET', `/accounts/${existing.id}/contacts`)).json().items;
    expect(people.map((p: { fullName: string }) => p.fullName)).toEqual(['Eli Bar']);

    const b = await newLead({ firstName: 'Tamar', lastName: 'Gold', phones: ['+972502345678'] });
    const priv = await req('POST', `/leads/${b.id}/convert`, {});
    expect(priv.statusCode, priv.body).toBe(200);
    const acc = (await req('GET', `/accounts/${priv.json().accountId}`)).json();
    expect(acc).toMatchObject({ name: 'Tamar Gold', kind: 'private', phones: [{ e164: '+972502345678' }] });

    const c = await newLead({ firstName: 'Missing' });
    const missing = await req('POST', `/leads/${c.id}/convert`, {
      account: { existingId: '0190c6a4-0000-7000-8000-000000000000' },
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].path).toBe('account.existingId');
    expect((await req('GET', `/leads/${c.id}`)).json().status).toBe('new');
  });
});

describe('web-to-lead form', () => {
  it('accepts a cross-site JSON post with custom fields and tracking, answering any origin', async () => {
    const cf = await req('POST', '/custom-fields', {
      entity: 'lead',
      key: 'budget',
      type: 'number',
      labelHe: 'תקציב',
      labelEn: 'Budget',
    });
    expect(cf.statusCode, cf.body).toBe(201);
    const res = await formPost(owner.tenant.slug, {
      firstName: 'Web',
      lastName: 'Visitor',
      company: 'Visitor Ltd',
      email: 'visitor@example.com',
      phone: '050-234 5678',
      message: 'Call me about pricing',
      cf_budget: 5000,
      utm_medium: 'cpc',
      website_url: '',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({ ok: true });
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const [lead] = await leadsNamed('Web Visitor');
    expect(lead).toMatchObject({
      source: 'web_form',
      status: 'new',
      company: 'Visitor Ltd',
      emails: ['visitor@example.com'],
      phones: [{ e164: '+972502345678' }],
      message: 'Call me about pricing',
      customFields: { budget: 5000 },
      meta: {
        referer: 'https://www.customer-site.co.il/contact?utm_source=google&utm_campaign=autumn',
        utm_source: 'google',
        utm_campaign: 'autumn',
        utm_medium: 'cpc',
      },
    });
    const audit = (await req('GET', '/audit-log?limit=50')).json().items;
    expect(audit.find((r: { targetId: string }) => r.targetId === lead?.id)).toMatchObject({
      action: 'lead.created',
      actorKind: 'anonymous',
    });
  });

  it('accepts a plain HTML (urlencoded) post: 303 to ?redirect=, else a thank-you page', async () => {
    const body = new URLSearchParams({
      firstName: 'טופס',
      lastName: 'רגיל',
      email: 'plain@example.com',
      cf_budget: '1200',
    }).toString();
    const redirected = await formPost(owner.tenant.slug, body, {
      urlencoded: true,
      query: `?redirect=${encodeURIComponent('https://www.customer-site.co.il/thanks')}`,
    });
    expect(redirected.statusCode, redirected.body).toBe(303);
    expect(redirected.headers.location).toBe('https://www.customer-site.co.il/thanks');
    const [lead] = await leadsNamed('טופס');
    expect(lead).toMatchObject({ lastName: 'רגיל', customFields: { budget: 1200 }, source: 'web_form' });

    const page = await formPost(owner.tenant.slug, body.replace('plain%40', 'page%40'), { urlencoded: true });
    expect(page.statusCode).toBe(201);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('dir="rtl"');

    const js = await formPost(owner.tenant.slug, body, {
      urlencoded: true,
      query: `?redirect=${encodeURIComponent('javascript:alert(1)')}`,
    });
    expect(js.statusCode).toBe(400);
    expect(js.json().errors[0].path).toBe('redirect');
    const bad = await formPost(owner.tenant.slug, { firstName: 'No', email: 'nope', cf_budget: 'lots' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(['email', 'cf_budget']);
    expect(bad.headers['access-control-allow-origin']).toBe('*');
  });

  it('a filled honeypot looks like success and stores nothing', async () => {
    const res = await formPost(owner.tenant.slug, {
      firstName: 'Spam',
      lastName: 'Bot',
      email: 'bot@spam.example',
      website_url: 'http://spam.example',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ ok: true });
    expect(await leadsNamed('Spam Bot')).toHaveLength(0);
    const all = await t.database.systemTx((tx) =>
      tx.select({ id: leads.id }).from(leads).where(eq(leads.firstName, 'Spam')),
    );
    expect(all).toHaveLength(0);
  });

  it('limits each IP to 10 posts per 10 minutes per workspace', async () => {
    const ip = randomIp();
    for (let i = 0; i < 10; i++) {
      const ok = await formPost(
        owner.tenant.slug,
        { firstName: `Rate${i}`, email: `r${i}@example.com` },
        { ip },
      );
      expect(ok.statusCode, ok.body).toBe(201);
    }
    const limited = await formPost(
      owner.tenant.slug,
      { firstName: 'Rate10', email: 'r10@example.com' },
      { ip },
    );
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(await leadsNamed('Rate10')).toHaveLength(0);
    // Another visitor is not affected, and the limit lifts after the window.
    expect(
      (await formPost(owner.tenant.slug, { firstName: 'Other', email: 'o@example.com' })).statusCode,
    ).toBe(201);
    clock.advance(10 * 60_000 + 1000);
    const later = await formPost(
      owner.tenant.slug,
      { firstName: 'Rate11', email: 'r11@example.com' },
      { ip },
    );
    expect(later.statusCode).toBe(201);
  });

  it('an unknown workspace is 404; CORS preflight answers any origin; other routes still refuse cross-site posts', async () => {
    const unknown = await formPost('no-such-workspace', { firstName: 'X', email: 'x@example.com' });
    expect(unknown.statusCode).toBe(404);
    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: `/api/v1/public/forms/${owner.tenant.slug}/lead`,
      headers: {
        origin: 'https://www.customer-site.co.il',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(preflight.headers['access-control-allow-methods']).toContain('POST');
    expect(preflight.headers['access-control-allow-headers']).toContain('content-type');
    // The opt-out is for this route alone.
    const staffCrossSite = await t.app.inject({
      method: 'POST',
      url: '/api/v1/leads',
      headers: { ...owner.headers, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      payload: { firstName: 'CSRF' },
    });
    expect(staffCrossSite.statusCode).toBe(403);
    expect(staffCrossSite.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('gives admins an embeddable snippet in the tenant language, posting to the public endpoint', async () => {
    const res = await req('GET', '/forms/lead/snippet');
    expect(res.statusCode, res.body).toBe(200);
    const { html, action } = res.json();
    expect(action).toBe(`http://localhost:3000/api/v1/public/forms/${owner.tenant.slug}/lead`);
    expect(html).toContain(`action="${action}"`);
    expect(html).toContain('dir="rtl"');
    expect(html).toContain('שם פרטי');
    expect(html).toContain('name="cf_budget"');
    expect(html).toContain('תקציב');
    expect(html).toMatch(/class="kesher-hp"[^>]*>.*name="website_url"/);
    expect(html).toContain('.kesher-hp{position:absolute');

    const en = await signupTenant(t.app, { locale: 'en' });
    const enHtml = (await req('GET', '/forms/lead/snippet', undefined, {}, en)).json().html;
    expect(enHtml).toContain('dir="ltr"');
    expect(enHtml).toContain('First name');

    const agent = await inviteAndAccept(t.app, owner, { role: 'agent' });
    expect((await req('GET', '/forms/lead/snippet', undefined, {}, agent)).statusCode).toBe(403);
  });
});
