import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import {
  createAccount,
  createPortalUser,
  type PortalUserFixture,
} from '../../../../../test/factories/portal.js';
import { type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { ATTACHMENT_MAX_BYTES } from '../../../../shared/tickets.schemas.js';
import { fixedClock } from '../../../platform/clock.js';
import { mailOutbox } from '../../../platform/mail/mail.table.js';

let t: TestApp;
let owner: Staff;
let acme: { id: string };
let own: PortalUserFixture; // Acme, scope own
let colleague: PortalUserFixture; // Acme, scope account
let rival: PortalUserFixture; // Globex, scope account
let stranger: PortalUserFixture; // another tenant
// Moved by days for the reopen window; sessions are made to outlive that.
const clock = fixedClock('2026-03-01T08:00:00Z');

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT';
const portal = (who: PortalUserFixture, method: Method, url: string, payload?: object) =>
  t.app.inject({
    method,
    url: `/api/portal/v1${url}`,
    headers: who.headers,
    ...(payload ? { payload } : {}),
  });
const staff = (method: Method, url: string, payload?: object, headers: Record<string, string> = {}) =>
  t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: { ...owner.headers, ...headers },
    ...(payload ? { payload } : {}),
  });

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2048), Buffer.from('\n%%EOF\n')]);
const multipart = (name: string, data: Buffer) => {
  const boundary = `----kesher${randomBytes(8).toString('hex')}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
};
const portalUpload = (who: PortalUserFixture, name: string, data: Buffer) => {
  const body = multipart(name, data);
  return t.app.inject({
    method: 'POST',
    url: '/api/portal/v1/tickets/attachments',
    headers: { ...who.headers, ...body.headers },
    payload: body.payload,
  });
};

const createTicket = async (who: PortalUserFixture, payload: object = {}) => {
  const res = await portal(who, 'POST', '/tickets', {
    subject: 'המדפסת לא מדפיסה',
    body: 'שלום, עזרה בבקשה',
    ...payload,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; number: number; status: string; attachments: Array<{ id: string }> };
};
const staffTicket = async (id: string) => {
  const res = await staff('GET', `/tickets/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const setStatus = async (id: string, status: string) => {
  const tk = await staffTicket(id);
  const res = await staff('PATCH', `/tickets/${id}`, { status }, { 'if-match': `"${tk.version}"` });
  expect(res.statusCode, res.body).toBe(200);
};
const audit = async () =>
  (await staff('GET', '/audit-log?limit=200')).json().items as Array<{
    action: string;
    actorKind: string;
    actorId: string;
    targetId: string | null;
  }>;

beforeAll(async () => {
  t = await buildTestApp({
    config: {
      dataDir: mkdtempSync(path.join(tmpdir(), 'kesher-portal-writes-')),
      sessionIdleMs: 400 * 86_400_000,
      sessionAbsoluteMs: 400 * 86_400_000,
    },
    clock,
  });
  owner = await signupTenant(t.app);
  acme = await createAccount(t.app, owner, 'Acme');
  const globex = await createAccount(t.app, owner, 'Globex');
  own = await createPortalUser(t.app, owner, { accountId: acme.id, scope: 'own' });
  colleague = await createPortalUser(t.app, owner, { accountId: acme.id, scope: 'account' });
  rival = await createPortalUser(t.app, owner, { accountId: globex.id, scope: 'account' });
  stranger = await createPortalUser(t.app, await signupTenant(t.app), { scope: 'account' });
  // Ticket custom fields: one every customer fills, one for a category, one staff-only (required).
  for (const f of [
    {
      key: 'order_no',
      type: 'text',
      labelHe: 'מספר הזמנה',
      labelEn: 'Order number',
      validation: { pattern: '^[0-9]{4,8}$' },
    },
    {
      key: 'printer_model',
      type: 'select',
      labelHe: 'דגם',
      labelEn: 'Model',
      required: true,
      options: [
        { value: 'hp', labelHe: 'HP', labelEn: 'HP' },
        { value: 'canon', labelHe: 'קנון', labelEn: 'Canon' },
      ],
    },
    {
      key: 'internal_cost',
      type: 'number',
      labelHe: 'עלות פנימית',
      labelEn: 'Internal cost',
      required: true,
    },
  ]) {
    const res = await staff('POST', '/custom-fields', { entity: 'ticket', ...f });
    expect(res.statusCode, res.body).toBe(201);
  }
});
afterAll(() => t.close());

describe('ticket form', () => {
  it('staff configure it; unknown field keys are refused with field errors', async () => {
    const bad = await staff('PUT', '/portal/ticket-form', {
      fieldKeys: ['order_no', 'nope'],
      categories: [{ id: 'printers', labelHe: 'מדפסות', labelEn: 'Printers', fieldKeys: ['missing'] }],
    });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['categories.0.fieldKeys.0', 'fieldKeys.1']);
    const ok = await staff('PUT', '/portal/ticket-form', {
      fieldKeys: ['order_no'],
      categories: [
        { id: 'printers', labelHe: 'מדפסות', labelEn: 'Printers', fieldKeys: ['printer_model'] },
        { id: 'billing', labelHe: 'חשבונות', labelEn: 'Billing' },
      ],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await audit()).some((a) => a.action === 'portal.ticket_form_updated')).toBe(true);
  });

  it('the portal sees categories and customer-facing fields only', async () => {
    const res = await portal(own, 'GET', '/ticket-form');
    expect(res.statusCode, res.body).toBe(200);
    const form = res.json();
    expect(form.fields.map((f: { key: string }) => f.key)).toEqual(['order_no']);
    expect(form.categories.map((c: { id: string }) => c.id)).toEqual(['printers', 'billing']);
    expect(form.categories[0].fields[0]).toMatchObject({
      key: 'printer_model',
      required: true,
      type: 'select',
    });
    expect(res.body).not.toContain('internal_cost');
    // The admin's regex is staff validation detail, not part of the customer's form.
    expect(res.body).not.toContain('pattern');
  });
});

describe('creating a ticket', () => {
  it('requester and account come from the session; channel portal; sanitised; timeline and audit', async () => {
    const tk = await createTicket(own, {
      body: 'המסך מהבהב <script>alert(1)</script><img src=x onerror=alert(2)>',
      customFields: { order_no: '12345' },
    });
    expect(tk.status).toBe('new');
    const s = await staffTicket(tk.id);
    expect(s).toMatchObject({
      requesterId: own.contactId,
      accountId: acme.id,
      channel: 'portal',
      category: null,
      customFields: { order_no: '12345' },
    });
    expect(s.descriptionHtml).not.toMatch(/script|onerror|<img/i);
    expect(s.descriptionHtml).toContain('המסך מהבהב');
    expect(s.events[0]).toMatchObject({ type: 'created', actorKind: 'portal', actorId: own.contactId });
    // The service desk's events fire as for any new ticket: the requester's acknowledgement is queued.
    await t.app.kesher.events.drain();
    const mails = await t.database.systemTx((tx) =>
      tx.select().from(mailOutbox).where(eq(mailOutbox.toAddress, own.email)),
    );
    expect(mails.some((m) => m.subject.includes(`#${tk.number}`))).toBe(true);
    const timeline = await staff('GET', `/timeline?contactId=${own.contactId}`);
    expect(
      timeline
        .json()
        .items.some(
          (e: { type: string; refId: string; channel: string; actorKind: string }) =>
            e.type === 'ticket.created' &&
            e.refId === tk.id &&
            e.channel === 'portal' &&
            e.actorKind === 'portal',
        ),
    ).toBe(true);
    expect(
      (await audit()).some(
        (a) =>
          a.action === 'ticket.created' &&
          a.targetId === tk.id &&
          a.actorKind === 'portal' &&
          a.actorId === own.contactId,
      ),
    ).toBe(true);
  });

  it('a body naming another account or requester is refused, nothing created', async () => {
    const before = (await portal(rival, 'GET', '/tickets')).json().items.length;
    for (const extra of [{ accountId: acme.id }, { requesterId: own.contactId }, { channel: 'email' }]) {
      const res = await portal(rival, 'POST', '/tickets', { subject: 'x', body: 'y', ...extra });
      expect(res.statusCode, JSON.stringify(extra)).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(res.json().errors)).toContain(Object.keys(extra)[0]);
    }
    expect((await portal(rival, 'GET', '/tickets')).json().items.length).toBe(before);
  });

  it('category fields are validated like the staff API: required, options, pattern, unknown keys', async () => {
    const bad = await portal(own, 'POST', '/tickets', {
      subject: 'Paper jam',
      body: 'Jammed',
      categoryId: 'printers',
      customFields: { order_no: 'abc', internal_cost: 5 },
    });
    expect(bad.statusCode).toBe(400);
    const paths = bad
      .json()
      .errors.map((e: { path: string }) => e.path)
      .sort();
    // Staff-only fields are unknown to the portal form, and their required flag does not apply.
    expect(paths).toEqual([
      'customFields.internal_cost',
      'customFields.order_no',
      'customFields.printer_model',
    ]);
    const wrongOption = await portal(own, 'POST', '/tickets', {
      subject: 'Paper jam',
      body: 'Jammed',
      categoryId: 'printers',
      customFields: { printer_model: 'epson' },
    });
    expect(wrongOption.statusCode).toBe(400);
    expect(wrongOption.json().errors[0].path).toBe('customFields.printer_model');
    // A category's field is not accepted without the category.
    const noCategory = await portal(own, 'POST', '/tickets', {
      subject: 'x',
      body: 'y',
      customFields: { printer_model: 'hp' },
    });
    expect(noCategory.statusCode).toBe(400);
    const unknownCategory = await portal(own, 'POST', '/tickets', {
      subject: 'x',
      body: 'y',
      categoryId: 'nope',
    });
    expect(unknownCategory.statusCode).toBe(400);
    expect(unknownCategory.json().errors[0].path).toBe('categoryId');

    const tk = await createTicket(own, { categoryId: 'printers', customFields: { printer_model: 'canon' } });
    expect((await staffTicket(tk.id)).customFields).toEqual({ printer_model: 'canon' });
    expect((await staffTicket(tk.id)).category).toBe('printers');
  });
});

describe('scope own vs account', () => {
  it('a colleague with scope account sees and answers the ticket; scope own does not see a colleague’s', async () => {
    const mine = await createTicket(own);
    const theirs = await createTicket(colleague, { subject: 'Colleague ticket' });
    expect((await portal(colleague, 'GET', `/tickets/${mine.id}`)).statusCode).toBe(200);
    expect((await portal(own, 'GET', `/tickets/${theirs.id}`)).statusCode).toBe(404);
    expect((await portal(own, 'POST', `/tickets/${theirs.id}/messages`, { body: 'hi' })).statusCode).toBe(
      404,
    );

    const r = await portal(colleague, 'POST', `/tickets/${mine.id}/messages`, {
      body: 'I add: it is the 3rd floor',
    });
    expect(r.statusCode, r.body).toBe(201);
    const msgs = (await staffTicket(mine.id)).messages;
    expect(msgs.at(-1)).toMatchObject({
      authorKind: 'customer',
      authorContactId: colleague.contactId,
      visibility: 'public',
    });
    const view = (await portal(own, 'GET', `/tickets/${mine.id}`)).json();
    expect(view.messages.at(-1)).toMatchObject({ mine: false, authorKind: 'customer' });
  });
});

describe('replies and status', () => {
  it('a reply is public, sanitised, on the timeline; a reply to a solved ticket reopens it', async () => {
    const tk = await createTicket(own);
    await setStatus(tk.id, 'solved');
    const res = await portal(own, 'POST', `/tickets/${tk.id}/messages`, {
      body: 'Still broken <b onclick="x()">!</b>',
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.followUp).toBe(false);
    expect(body.ticket.status).toBe('open');
    expect(body.ticket.messages.at(-1).mine).toBe(true);
    expect(body.ticket.messages.at(-1).bodyHtml).not.toContain('onclick');
    const timeline = (await staff('GET', `/timeline?contactId=${own.contactId}&type=ticket.message`)).json()
      .items;
    expect(timeline.some((e: { refId: string }) => e.refId === tk.id)).toBe(true);
    expect(
      (await audit()).some(
        (a) => a.action === 'ticket.message_added' && a.targetId === tk.id && a.actorKind === 'portal',
      ),
    ).toBe(true);
  });

  it('close marks solved, reopen opens again; both audited and in the ticket events', async () => {
    const tk = await createTicket(own);
    const closed = await portal(own, 'POST', `/tickets/${tk.id}/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().status).toBe('solved');
    // Again: nothing changes.
    expect((await portal(own, 'POST', `/tickets/${tk.id}/close`)).json().status).toBe('solved');
    const reopened = await portal(own, 'POST', `/tickets/${tk.id}/reopen`);
    expect(reopened.json().status).toBe('open');
    const events = (await staffTicket(tk.id)).events.filter(
      (e: { type: string }) => e.type === 'status_changed',
    );
    expect(events.map((e: { to: string; actorKind: string }) => [e.to, e.actorKind])).toEqual([
      ['solved', 'portal'],
      ['open', 'portal'],
    ]);
    expect((await audit()).filter((a) => a.action === 'ticket.updated' && a.targetId === tk.id)).toHaveLength(
      2,
    );
  });

  it('a closed ticket takes no reply, close or reopen: 409 TICKET_CLOSED, nothing written', async () => {
    const tk = await createTicket(own);
    await setStatus(tk.id, 'solved');
    await setStatus(tk.id, 'closed');
    const before = await staffTicket(tk.id);
    for (const [url, payload] of [
      [`/tickets/${tk.id}/messages`, { body: 'hello?' }],
      [`/tickets/${tk.id}/close`, undefined],
      [`/tickets/${tk.id}/reopen`, undefined],
    ] as const) {
      const res = await portal(own, 'POST', url, payload);
      expect(res.statusCode, url).toBe(409);
      expect(res.json().code).toBe('TICKET_CLOSED');
      expect(res.json().detail).toContain(`#${tk.number}`);
    }
    const after = await staffTicket(tk.id);
    expect(after.version).toBe(before.version);
    expect(after.messages).toHaveLength(before.messages.length);
  });

  it('internal notes and their files never reach the portal', async () => {
    const tk = await createTicket(own);
    const body = multipart('secret.pdf', PDF);
    const staffFile = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tickets/attachments',
      headers: { ...owner.headers, ...body.headers },
      payload: body.payload,
    });
    expect(staffFile.statusCode, staffFile.body).toBe(201);
    const fileId = staffFile.json().id;
    const note = await staff('POST', `/tickets/${tk.id}/messages`, {
      body: 'secret internal note',
      visibility: 'internal',
      attachmentIds: [fileId],
    });
    expect(note.statusCode, note.body).toBe(201);
    await portal(own, 'POST', `/tickets/${tk.id}/messages`, { body: 'customer reply' });
    for (const who of [own, colleague]) {
      const view = await portal(who, 'GET', `/tickets/${tk.id}`);
      expect(view.statusCode).toBe(200);
      expect(view.body).not.toContain('secret internal note');
      expect(view.body).not.toContain(fileId);
      expect((await portal(who, 'GET', `/tickets/${tk.id}/attachments/${fileId}`)).statusCode).toBe(404);
    }
  });
});

describe('rating', () => {
  it('only a solved ticket is rated; rating again changes the one answer; audited', async () => {
    const tk = await createTicket(own);
    const early = await portal(own, 'POST', `/tickets/${tk.id}/rating`, { score: 5 });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('TICKET_NOT_SOLVED');
    expect((await portal(own, 'POST', `/tickets/${tk.id}/rating`, { score: 9 })).statusCode).toBe(400);
    await portal(own, 'POST', `/tickets/${tk.id}/close`);
    const first = await portal(own, 'POST', `/tickets/${tk.id}/rating`, { score: 2, comment: 'slow' });
    expect(first.statusCode, first.body).toBe(200);
    const second = await portal(own, 'POST', `/tickets/${tk.id}/rating`, {
      score: 5,
      comment: 'fixed after all',
    });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ score: 5, comment: 'fixed after all' });
    const csat = await staff('GET', `/tickets/${tk.id}/csat`);
    expect(csat.json()).toMatchObject({ rating: 5, comment: 'fixed after all' });
    expect((await portal(own, 'GET', `/tickets/${tk.id}/rating`)).json().rating).toMatchObject({ score: 5 });
    const rated = (await audit()).filter((a) => a.action === 'csat.rated' && a.targetId === tk.id);
    expect(rated).toHaveLength(2);
    expect(rated[0]?.actorKind).toBe('portal');
  });
});

describe('attachments', () => {
  it('upload, attach to a new ticket and a reply, download; typed by content', async () => {
    const up = await portalUpload(own, 'חשבונית.pdf', PDF);
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json()).toMatchObject({ contentType: 'application/pdf', size: PDF.length });
    const tk = await createTicket(own, { attachmentIds: [up.json().id] });
    expect(tk.attachments.map((a) => a.id)).toEqual([up.json().id]);
    // Staff see the files sent with the form on the ticket itself.
    expect((await staffTicket(tk.id)).attachments).toEqual([
      { id: up.json().id, fileName: 'חשבונית.pdf', contentType: 'application/pdf', size: PDF.length },
    ]);
    const dl = await portal(own, 'GET', `/tickets/${tk.id}/attachments/${up.json().id}`);
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(dl.rawPayload.equals(PDF)).toBe(true);
    // The same file cannot be named twice.
    const again = await portal(own, 'POST', `/tickets/${tk.id}/messages`, {
      body: 'again',
      attachmentIds: [up.json().id],
    });
    expect(again.statusCode).toBe(400);
    const second = await portalUpload(own, 'photo.pdf', PDF);
    const r = await portal(own, 'POST', `/tickets/${tk.id}/messages`, {
      body: 'one more',
      attachmentIds: [second.json().id],
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().ticket.messages.at(-1).attachmentIds).toEqual([second.json().id]);
    // A colleague (scope account) downloads it too; staff see it on the message.
    expect(
      (await portal(colleague, 'GET', `/tickets/${tk.id}/attachments/${second.json().id}`)).statusCode,
    ).toBe(200);
    expect((await staffTicket(tk.id)).messages.at(-1).attachments[0].id).toBe(second.json().id);
    // Under another ticket id of the same customer: 404.
    const other = await createTicket(own);
    expect(
      (await portal(own, 'GET', `/tickets/${other.id}/attachments/${second.json().id}`)).statusCode,
    ).toBe(404);
  });

  it("only one's own unused uploads can be named (not a colleague's, not staff's)", async () => {
    const theirs = await portalUpload(colleague, 'a.pdf', PDF);
    const res = await portal(own, 'POST', '/tickets', {
      subject: 'x',
      body: 'y',
      attachmentIds: [theirs.json().id],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('attachmentIds.0');
    const body = multipart('staff.pdf', PDF);
    const staffFile = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tickets/attachments',
      headers: { ...owner.headers, ...body.headers },
      payload: body.payload,
    });
    const res2 = await portal(own, 'POST', '/tickets', {
      subject: 'x',
      body: 'y',
      attachmentIds: [staffFile.json().id],
    });
    expect(res2.statusCode).toBe(400);
    // An unattached upload is not downloadable through any ticket.
    const tk = await createTicket(own);
    expect((await portal(own, 'GET', `/tickets/${tk.id}/attachments/${theirs.json().id}`)).statusCode).toBe(
      404,
    );
  });

  it('refuses a file over the size limit (413) and a disallowed type (415)', async () => {
    const big = Buffer.alloc(ATTACHMENT_MAX_BYTES + 1, 0x20);
    big.write('%PDF-1.7\n');
    const res = await portalUpload(own, 'big.pdf', big);
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('PAYLOAD_TOO_LARGE');
    const html = await portalUpload(own, 'x.html', Buffer.from('<!doctype html><script>alert(1)</script>'));
    expect(html.statusCode).toBe(415);
  });
});

describe('isolation', () => {
  it("another account's ticket id → 404 for every write; the ticket is unchanged", async () => {
    const tk = await createTicket(own);
    const up = await portalUpload(own, 'x.pdf', PDF);
    await portal(own, 'POST', `/tickets/${tk.id}/messages`, {
      body: 'with file',
      attachmentIds: [up.json().id],
    });
    await setStatus(tk.id, 'solved');
    const before = await staffTicket(tk.id);
    for (const [method, url, payload] of [
      ['POST', `/tickets/${tk.id}/messages`, { body: 'sneaky' }],
      ['POST', `/tickets/${tk.id}/close`, undefined],
      ['POST', `/tickets/${tk.id}/reopen`, undefined],
      ['POST', `/tickets/${tk.id}/rating`, { score: 1 }],
      ['GET', `/tickets/${tk.id}/rating`, undefined],
      ['GET', `/tickets/${tk.id}/attachments/${up.json().id}`, undefined],
    ] as const) {
      for (const who of [rival, stranger]) {
        const res = await portal(who, method, url, payload);
        expect(res.statusCode, url).toBe(404);
        expect(res.body).not.toContain('sneaky');
      }
    }
    const after = await staffTicket(tk.id);
    expect(after.version).toBe(before.version);
    expect(after.status).toBe('solved');
    expect(after.messages).toHaveLength(before.messages.length);
    expect((await staff('GET', `/tickets/${tk.id}/csat`)).json().rating).toBeNull();
  });

  it('a portal session on staff routes is 401; no session on portal routes is 401', async () => {
    for (const url of ['/api/v1/tickets', '/api/v1/tickets/counts', '/api/v1/audit-log']) {
      const res = await t.app.inject({ method: 'GET', url, headers: own.headers });
      expect(res.statusCode, url).toBe(401);
    }
    const post = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      headers: own.headers,
      payload: { subject: 'x', requesterId: own.contactId },
    });
    expect(post.statusCode).toBe(401);
    const anon = await t.app.inject({
      method: 'POST',
      url: '/api/portal/v1/tickets',
      payload: { subject: 'x', body: 'y' },
    });
    expect(anon.statusCode).toBe(401);
    // A staff cookie on a portal write is not a portal session either.
    const staffOnPortal = await t.app.inject({
      method: 'POST',
      url: '/api/portal/v1/tickets',
      headers: owner.headers,
      payload: { subject: 'x', body: 'y' },
    });
    expect(staffOnPortal.statusCode).toBe(401);
  });
});

describe('the database role', () => {
  it('kesher_portal itself can write no ticket row: the writes go through the staff-side use cases', async () => {
    const tk = await createTicket(own);
    const scope = {
      role: 'portal' as const,
      tenantId: own.tenantId,
      accountId: own.accountId,
      contactId: own.contactId,
      portalScope: 'own' as const,
    };
    await expect(
      t.database.tenantTx(scope, (tx) =>
        tx.execute(sql`update tickets set subject = 'x' where id = ${tk.id}`),
      ),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/permission denied/) } });
    await expect(
      t.database.tenantTx(scope, (tx) =>
        tx.execute(sql`insert into csat_responses (tenant_id, id, ticket_id, ticket_number, locale, requested_at, expires_at)
          values (${own.tenantId}, gen_random_uuid(), ${tk.id}, 1, 'he', now(), now())`),
      ),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/permission denied/) } });
    expect((await staffTicket(tk.id)).subject).not.toBe('x');
  });
});

// Last: it moves the clock on by weeks.
describe('reopen window', () => {
  it('a reply long after the ticket was solved opens a linked follow-up (required staff fields do not block it)', async () => {
    const tk = await createTicket(own);
    await setStatus(tk.id, 'solved');
    clock.advance(10 * 86_400_000);
    const res = await portal(own, 'POST', `/tickets/${tk.id}/messages`, { body: 'It broke again' });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.followUp).toBe(true);
    expect(body.ticket.id).not.toBe(tk.id);
    expect(body.ticket.messages.at(-1)).toMatchObject({ mine: true });
    const followUp = await staffTicket(body.ticket.id);
    expect(followUp).toMatchObject({ parentId: tk.id, requesterId: own.contactId, accountId: acme.id });
    expect((await staffTicket(tk.id)).status).toBe('solved');
    expect(
      (await portal(own, 'GET', '/tickets'))
        .json()
        .items.some((x: { id: string }) => x.id === body.ticket.id),
    ).toBe(true);
  });
});
