// Collision on the agent desk, through a real listening app and real WebSocket clients.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectWs, type TestSocket, wsUrlOf } from '../../../platform/realtime/__tests__/ws-client.js';
import {
  api,
  buildTicketsApp,
  customer,
  inviteAndAccept,
  openTicket,
  type Staff,
  signupTenant,
  type TestApp,
} from '../../tickets/__tests__/ticket-helpers.js';
import { ticketPresence } from '../index.js';

let t: TestApp;
let owner: Staff;
let agent: Staff;
let stranger: Staff;
let requesterId: string;
let url: string;
const sockets: TestSocket[] = [];

const open = async (who: Staff, headers: Record<string, string> = {}) => {
  const s = await connectWs(url, { cookie: who.headers.cookie, ...headers });
  sockets.push(s);
  await s.next((m) => m.type === 'hello');
  return s;
};

const join = async (s: TestSocket, ticketId: string) => {
  s.send({ type: 'subscribe', channel: `ticket:${ticketId}` });
  return s.next((m) => (m.type === 'subscribed' || m.type === 'error') && m.channel === `ticket:${ticketId}`);
};

beforeAll(async () => {
  t = await buildTicketsApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  url = wsUrlOf(t.app);
  owner = await signupTenant(t.app);
  agent = await inviteAndAccept(t.app, owner, { role: 'agent', name: 'Avi Agent' });
  stranger = await signupTenant(t.app);
  requesterId = (await customer(t, owner)).contact.id;
});

afterAll(async () => {
  for (const s of sockets) await s.close().catch(() => {});
  await t?.close();
});

describe('realtime endpoint', () => {
  it('refuses a socket without a session, and one opened from another site', async () => {
    await expect(connectWs(url, {})).rejects.toThrow('HTTP 401');
    await expect(
      connectWs(url, { cookie: owner.headers.cookie, origin: 'https://evil.example' }),
    ).rejects.toThrow('HTTP 403');
    const same = await open(owner, { origin: 'http://localhost:3000' });
    expect(same.received[0]).toMatchObject({
      type: 'hello',
      userId: owner.user.id,
      tenantId: owner.tenant.id,
    });
  });

  it('lets a user join only their own tenant and user channels', async () => {
    const s = await open(owner);
    s.send({ type: 'subscribe', channel: `tenant:${stranger.tenant.id}` });
    const denied = await s.next((m) => m.type === 'error' && m.channel === `tenant:${stranger.tenant.id}`);
    expect(denied.code).toBe('SUBSCRIBE_DENIED');
    s.send({ type: 'subscribe', channel: `user:${agent.user.id}` });
    expect((await s.next((m) => m.channel === `user:${agent.user.id}`)).type).toBe('error');
    s.send({ type: 'ping' });
    await s.next((m) => m.type === 'pong');
  });
});

describe('presence on a ticket', () => {
  it('two agents on the same ticket see each other, typing and leaving', async () => {
    const tk = await openTicket(t, owner, { requesterId });
    const a = await open(owner);
    const b = await open(agent);
    expect((await join(a, tk.id)).type).toBe('subscribed');
    expect((await join(b, tk.id)).type).toBe('subscribed');

    a.send({ type: 'presence', ticketId: tk.id, state: 'viewing' });
    b.send({ type: 'presence', ticketId: tk.id, state: 'typing' });
    const both = (m: { type: string; users?: unknown }) =>
      m.type === 'presence' && Array.isArray(m.users) && m.users.length === 2;
    const seenByA = await a.next(both);
    expect(seenByA.ticketId).toBe(tk.id);
    expect(seenByA.users).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userId: owner.user.id, name: 'Dana Owner', state: 'viewing' }),
        expect.objectContaining({ userId: agent.user.id, name: 'Avi Agent', state: 'typing' }),
      ]),
    );
    await b.next(both);

    // Kept in the database (another process reads the same rows), with a TTL.
    const rows = await t.database.systemTx((tx) =>
      tx.select().from(ticketPresence).where(eq(ticketPresence.ticketId, tk.id)),
    );
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.expiresAt.getTime() > Date.now())).toBe(true);

    // The agent closes the tab: the owner sees them gone, and their row is removed.
    const before = a.received.length;
    await b.close();
    const alone = await a.next(
      (m) => a.received.indexOf(m) >= before && m.type === 'presence' && (m.users as unknown[]).length === 1,
    );
    expect(alone.users).toEqual([expect.objectContaining({ userId: owner.user.id })]);
    a.send({ type: 'presence', ticketId: tk.id, state: 'left' });
    await a.next((m) => m.type === 'presence' && (m.users as unknown[]).length === 0);
  });

  it('a message added through the HTTP API reaches a subscriber as ticket.message and ticket.updated', async () => {
    const tk = await openTicket(t, owner, { requesterId });
    const a = await open(agent);
    await join(a, tk.id);
    const res = await api(t)(owner, 'POST', `/tickets/${tk.id}/messages`, {
      body: 'On it',
      visibility: 'public',
    });
    expect(res.statusCode, res.body).toBe(201);
    const pushed = await a.next((m) => m.type === 'ticket.message' && m.ticketId === tk.id);
    expect(pushed.messageId).toBe(res.json().message.id);
    const updated = await a.next((m) => m.type === 'ticket.updated' && m.ticketId === tk.id);
    expect(updated.version).toBeGreaterThan(tk.version);
    // No bodies over the wire: ids only.
    expect(JSON.stringify(pushed)).not.toContain('On it');
  });

  it('a new ticket tells the tenant channel the badges moved, and no other tenant', async () => {
    const mine = await open(owner);
    const other = await open(stranger);
    const tk = await openTicket(t, owner, { requesterId });
    await mine.next((m) => m.type === 'badges' && m.channel === `tenant:${owner.tenant.id}`);
    await new Promise((r) => setTimeout(r, 200));
    expect(other.received.some((m) => m.type === 'badges')).toBe(false);
    expect(tk.id).toBeTruthy();
  });
});

describe('tenancy', () => {
  it('another tenant cannot subscribe to a ticket or announce presence on it, and gets nothing', async () => {
    const tk = await openTicket(t, owner, { requesterId });
    const mine = await open(owner);
    await join(mine, tk.id);
    const evil = await open(stranger);
    const res = await join(evil, tk.id);
    expect(res).toMatchObject({ type: 'error', code: 'SUBSCRIBE_DENIED' });
    // A made-up ticket id gets the same answer.
    const made = await join(evil, '01900000-0000-7000-8000-000000000000');
    expect(made).toMatchObject({ type: 'error', code: 'SUBSCRIBE_DENIED' });

    evil.send({ type: 'presence', ticketId: tk.id, state: 'viewing' });
    expect(await evil.next((m) => m.type === 'error' && m.code === 'NOT_SUBSCRIBED')).toBeTruthy();
    // Activity on the ticket reaches the owner's socket, never the stranger's.
    await api(t)(owner, 'POST', `/tickets/${tk.id}/messages`, { body: 'x', visibility: 'internal' });
    await mine.next((m) => m.type === 'ticket.message' && m.ticketId === tk.id);
    await new Promise((r) => setTimeout(r, 200));
    expect(evil.received.some((m) => m.ticketId === tk.id && m.type !== 'error')).toBe(false);
    const rows = await t.database.systemTx((tx) =>
      tx.select().from(ticketPresence).where(eq(ticketPresence.ticketId, tk.id)),
    );
    expect(rows).toHaveLength(0);
  });
});
