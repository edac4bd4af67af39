import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import {
  createAccount,
  createContact,
  createPortalUser,
  type PortalUserFixture,
} from '../../../../../test/factories/portal.js';
import { type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { tickets } from '../../tickets/index.js';

let t: TestApp;
let owner: Staff;
let other: Staff;
let acme: { id: string };
let globex: { id: string };
let own: PortalUserFixture; // Acme, scope own
let colleague: PortalUserFixture; // Acme, scope account
let rival: PortalUserFixture; // Globex, scope account
const ids: Record<string, string> = {};

const ticket = async (requesterId: string, accountId: string, subject: string) => {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/tickets',
    headers: owner.headers,
    payload: { subject, description: 'Hello', requesterId, accountId, assigneeId: owner.user.id },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};

beforeAll(async () => {
  t = await buildTestApp();
  owner = await signupTenant(t.app);
  other = await signupTenant(t.app);
  acme = await createAccount(t.app, owner, 'Acme');
  globex = await createAccount(t.app, owner, 'Globex');
  own = await createPortalUser(t.app, owner, { accountId: acme.id, scope: 'own' });
  colleague = await createPortalUser(t.app, owner, { accountId: acme.id, scope: 'account' });
  rival = await createPortalUser(t.app, owner, { accountId: globex.id, scope: 'account' });
  ids.mine = await ticket(own.contactId, acme.id, 'Mine');
  ids.colleagues = await ticket(colleague.contactId, acme.id, 'Colleague');
  ids.rivals = await ticket(rival.contactId, globex.id, 'Rival');
  const note = await t.app.inject({
    method: 'POST',
    url: `/api/v1/tickets/${ids.mine}/messages`,
    headers: owner.headers,
    payload: { body: 'secret internal note', visibility: 'internal' },
  });
  expect(note.statusCode, note.body).toBeLessThan(300);
  const reply = await t.app.inject({
    method: 'POST',
    url: `/api/v1/tickets/${ids.mine}/messages`,
    headers: owner.headers,
    payload: { body: 'public answer' },
  });
  expect(reply.statusCode, reply.body).toBeLessThan(300);
});
afterAll(() => t.close());

const list = async (p: PortalUserFixture, qs = '') => {
  const res = await t.app.inject({ method: 'GET', url: `/api/portal/v1/tickets${qs}`, headers: p.headers });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as Array<{ id: string }>).map((x) => x.id).sort();
};

describe('portal tickets tenancy', () => {
  it('scope own sees only its own tickets; scope account sees the company’s', async () => {
    expect(await list(own)).toEqual([ids.mine]);
    expect(await list(colleague)).toEqual([ids.mine, ids.colleagues].sort());
    expect(await list(rival)).toEqual([ids.rivals]);
  });

  it('query parameters naming another account are ignored', async () => {
    expect(await list(own, `?accountId=${globex.id}&account_id=${globex.id}`)).toEqual([ids.mine]);
  });

  it("another company's ticket id → 404; a colleague's ticket with scope own → 404", async () => {
    for (const [who, id] of [
      [own, ids.rivals],
      [own, ids.colleagues],
      [rival, ids.mine],
    ] as const) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/portal/v1/tickets/${id}`,
        headers: who.headers,
      });
      expect(res.statusCode).toBe(404);
    }
  });

  it('a ticket shows public messages only, the handler and is audit-logged', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/portal/v1/tickets/${ids.mine}`,
      headers: own.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(res.body).not.toContain('secret internal note');
    expect(body.messages.some((m: { bodyHtml: string }) => m.bodyHtml.includes('public answer'))).toBe(true);
    expect(body.handlerName).toBe(owner.user.name);
    // The list row names the handler too, and no internal text leaks into it.
    const listed = await t.app.inject({ method: 'GET', url: '/api/portal/v1/tickets', headers: own.headers });
    const row = listed.json().items.find((x: { id: string }) => x.id === ids.mine);
    expect(row).toMatchObject({ handlerName: owner.user.name, status: body.status });
    expect(row.promisedAnswerAt).toBe(body.promisedAnswerAt);
    expect(listed.body).not.toContain('secret internal note');
    const audit = await t.app.inject({ method: 'GET', url: '/api/v1/audit-log', headers: owner.headers });
    expect(
      audit
        .json()
        .items.some(
          (a: { action: string; targetId: string }) =>
            a.action === 'portal.ticket_viewed' && a.targetId === ids.mine,
        ),
    ).toBe(true);
  });

  it('a staff session of another tenant gets 404 for the ticket', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/tickets/${ids.mine}`,
      headers: other.headers,
    });
    expect(res.statusCode).toBe(404);
  });

  it('RLS: a portal-role query without any WHERE returns only its own account’s tickets', async () => {
    const scope = (p: PortalUserFixture, portalScope: 'own' | 'account') => ({
      role: 'portal' as const,
      tenantId: p.tenantId,
      accountId: p.accountId,
      contactId: p.contactId,
      portalScope,
    });
    const all = await t.database.tenantTx(scope(colleague, 'account'), (tx) =>
      tx.select({ id: tickets.id }).from(tickets),
    );
    expect(all.map((r) => r.id).sort()).toEqual([ids.mine, ids.colleagues].sort());
    const mine = await t.database.tenantTx(scope(own, 'own'), (tx) =>
      tx.select({ id: tickets.id }).from(tickets),
    );
    expect(mine.map((r) => r.id)).toEqual([ids.mine]);
    const notes = await t.database.tenantTx(scope(own, 'own'), (tx) =>
      tx.execute(sql`select count(*)::int as n from ticket_messages where visibility = 'internal'`),
    );
    expect(JSON.stringify(notes)).toContain('"n":0');
  });

  it('RLS: the portal role appends its own audit rows only, and reads none', async () => {
    const scope = {
      role: 'portal' as const,
      tenantId: own.tenantId,
      accountId: own.accountId,
      contactId: own.contactId,
      portalScope: 'own' as const,
    };
    const insert = (tenantId: string, kind: string, actor: string) =>
      t.database.tenantTx(scope, (tx) =>
        tx.execute(sql`insert into audit_log (tenant_id, id, actor_kind, actor_id, action)
                       values (${tenantId}, gen_random_uuid(), ${kind}, ${actor}, 'portal.rls_probe')`),
      );
    await insert(own.tenantId, 'portal', own.contactId);
    const errorOf = (p: Promise<unknown>) =>
      p.then(
        () => 'no error',
        (e: Error) => String(e.cause ?? e),
      );
    // Another contact, another actor kind, another tenant: all refused by the policy's check.
    expect(await errorOf(insert(own.tenantId, 'portal', colleague.contactId))).toMatch(/row-level security/);
    expect(await errorOf(insert(own.tenantId, 'user', own.contactId))).toMatch(/row-level security/);
    expect(await errorOf(insert(other.tenant.id, 'portal', own.contactId))).toMatch(/row-level security/);
    expect(
      await errorOf(t.database.tenantTx(scope, (tx) => tx.execute(sql`select 1 from audit_log`))),
    ).toMatch(/permission denied/);
    const probes = await t.database.systemTx((tx) =>
      tx.execute(sql`select actor_id::text from audit_log where action = 'portal.rls_probe'`),
    );
    expect(JSON.stringify(probes)).toContain(own.contactId);
    expect(JSON.stringify(probes)).not.toContain(colleague.contactId);
  });

  it('a forged portal cookie naming a contact id is a 401', async () => {
    const c = await createContact(t.app, owner, globex.id);
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/portal/v1/tickets',
      headers: { cookie: `kesher_portal_session=${owner.tenant.id}.${c.id}xxxxxxxxxxxxxxxxxxxxxx` },
    });
    expect(res.statusCode).toBe(401);
  });
});
