// Another tenant's tickets, contacts, users, teams, macros and attachments: 404 (or a 400 naming
// the field for an id in a body), nothing created, and the owner's data unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  buildTicketsApp,
  customer,
  inviteAndAccept,
  multipartFile,
  openTicket,
  type Staff,
  signupTenant,
  type TestApp,
} from './ticket-helpers.js';

let t: TestApp;
let owner: Staff;
let ownerAgent: Staff;
let other: Staff;
let call: ReturnType<typeof api>;
let ticket: { id: string; number: number };
let contact: { id: string };
let account: { id: string };
let team: { id: string };
let macro: { id: string };
let attachment: { id: string };

beforeAll(async () => {
  t = await buildTicketsApp();
  call = api(t);
  owner = await signupTenant(t.app);
  ownerAgent = await inviteAndAccept(t.app, owner, { role: 'agent' });
  other = await signupTenant(t.app);
  ({ contact, account } = await customer(t, owner));
  team = (
    await call(owner, 'POST', '/teams', { name: 'Owner team', memberIds: [ownerAgent.user.id] })
  ).json();
  macro = (await call(owner, 'POST', '/macros', { name: 'Owner macro', body: 'Hi' })).json();
  ticket = await openTicket(t, owner, { requesterId: contact.id, tags: ['mine'] });
  const body = multipartFile({ name: 'a.pdf', data: Buffer.from('%PDF-1.7\nx\n') });
  attachment = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/tickets/attachments',
      headers: { ...owner.headers, ...body.headers },
      payload: body.payload,
    })
  ).json();
});
afterAll(() => t.close());

const snapshot = async () => {
  const d = (await call(owner, 'GET', `/tickets/${ticket.id}`)).json();
  return {
    version: d.version,
    status: d.status,
    tags: d.tags,
    messages: d.messages.length,
    mergedIntoId: d.mergedIntoId,
  };
};

describe('tickets tenancy', () => {
  it("another tenant's contact or account as requester is refused, and nothing is created", async () => {
    const asRequester = await call(other, 'POST', '/tickets', { subject: 'Sneaky', requesterId: contact.id });
    expect(asRequester.statusCode).toBe(400);
    expect(asRequester.json().errors).toEqual([{ path: 'requesterId', message: 'Contact not found' }]);
    const own = (await customer(t, other, { firstName: 'Own' })).contact;
    const asAccount = await call(other, 'POST', '/tickets', {
      subject: 'Sneaky',
      requesterId: own.id,
      accountId: account.id,
    });
    expect(asAccount.statusCode).toBe(400);
    expect(asAccount.json().errors[0].path).toBe('accountId');
    for (const [field, body] of [
      ['assigneeId', { assigneeId: ownerAgent.user.id }],
      ['teamId', { teamId: team.id }],
      ['parentId', { parentId: ticket.id }],
      ['followers.0', { followers: [owner.user.id] }],
    ] as const) {
      const res = await call(other, 'POST', '/tickets', { subject: 'Sneaky', requesterId: own.id, ...body });
      expect(res.statusCode, field).toBe(400);
      expect(res.json().errors[0].path).toBe(field);
    }
    expect((await call(other, 'GET', '/tickets')).json().items).toEqual([]);
    expect((await call(other, 'GET', '/tickets/counts')).json().byStatus.new).toBe(0);
    const ownerList = (await call(owner, 'GET', '/tickets')).json().items;
    expect(ownerList.map((i: { id: string }) => i.id)).toEqual([ticket.id]);
  });

  it("another tenant's ticket is 404 on every route by id, and stays unchanged", async () => {
    const before = await snapshot();
    const h = { 'if-match': '"1"' };
    const calls: Array<[string, ReturnType<typeof call>]> = [
      ['GET', call(other, 'GET', `/tickets/${ticket.id}`)],
      ['PATCH', call(other, 'PATCH', `/tickets/${ticket.id}`, { status: 'solved' }, h)],
      ['DELETE', call(other, 'DELETE', `/tickets/${ticket.id}`)],
      ['restore', call(other, 'POST', `/tickets/${ticket.id}/restore`)],
      ['message', call(other, 'POST', `/tickets/${ticket.id}/messages`, { body: 'x', visibility: 'public' })],
      [
        'customer message',
        call(other, 'POST', `/tickets/${ticket.id}/messages`, {
          body: 'x',
          visibility: 'public',
          author: 'customer',
        }),
      ],
      ['merge', call(other, 'POST', `/tickets/${ticket.id}/merge`, { targetId: ticket.id })],
      ['apply-macro', call(other, 'POST', `/tickets/${ticket.id}/apply-macro`, { macroId: macro.id })],
      ['attachment', call(other, 'GET', `/tickets/attachments/${attachment.id}`)],
      ['team', call(other, 'GET', `/teams/${team.id}`)],
      ['team patch', call(other, 'PATCH', `/teams/${team.id}`, { name: 'x' }, h)],
      ['macro', call(other, 'GET', `/macros/${macro.id}`)],
    ];
    for (const [label, p] of calls) {
      const res = await p;
      expect(res.statusCode, `${label}: ${res.body}`).toBe(404);
    }
    // Ids of the owner's records inside another tenant's own requests: refused, nothing moves.
    const own = (await customer(t, other, { firstName: 'Own2' })).contact;
    const mine = await openTicket(t, other, { requesterId: own.id });
    const merge = await call(other, 'POST', `/tickets/${mine.id}/merge`, { targetId: ticket.id });
    expect(merge.statusCode).toBe(400);
    expect(merge.json().errors[0].path).toBe('targetId');
    const bulk = await call(other, 'POST', '/tickets/bulk', {
      ids: [ticket.id],
      set: { addTags: ['pwned'] },
    });
    expect(bulk.json()).toEqual({
      affected: 0,
      failed: [{ id: ticket.id, code: 'NOT_FOUND', message: 'Ticket not found' }],
    });
    const useFile = await call(other, 'POST', `/tickets/${mine.id}/messages`, {
      body: 'x',
      visibility: 'public',
      attachmentIds: [attachment.id],
    });
    expect(useFile.statusCode).toBe(400);
    const assign = await call(other, 'PATCH', `/tickets/${mine.id}`, { assigneeId: ownerAgent.user.id }, h);
    expect(assign.statusCode).toBe(400);
    expect((await call(other, 'GET', `/tickets?view=team&teamId=${team.id}`)).json().items).toEqual([]);
    expect(await snapshot()).toEqual(before);
    expect((await call(owner, 'GET', `/teams/${team.id}`)).json().name).toBe('Owner team');
  });
});
