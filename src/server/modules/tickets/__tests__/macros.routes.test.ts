import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  buildTicketsApp,
  customer,
  inviteAndAccept,
  openTicket,
  type Staff,
  signupTenant,
  type TestApp,
} from './ticket-helpers.js';

let t: TestApp;
let owner: Staff;
let agent: Staff;
let call: ReturnType<typeof api>;
let requester: { id: string };

beforeAll(async () => {
  t = await buildTicketsApp();
  call = api(t);
  owner = await signupTenant(t.app);
  agent = await inviteAndAccept(t.app, owner, { role: 'agent', name: 'Avi <Agent> & Co' });
  // A name with markup in it: it must arrive as text, never as HTML.
  requester = (await customer(t, owner, { firstName: '<b>דנה</b> & "שות\'"', lastName: 'לוי' })).contact;
});
afterAll(() => t.close());

const macro = async (body: object) => {
  const res = await call(agent, 'POST', '/macros', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number };
};

describe('macros', () => {
  it('render placeholders for the ticket, HTML-escaping every value', async () => {
    const m = await macro({
      name: 'Greeting',
      body: '<p>שלום {{requester.firstName}},</p><p>פנייה #{{ticket.number}} ({{ ticket.subject }}) בטיפול.</p><p>{{agent.name}}</p>',
    });
    const tk = await openTicket(t, owner, { requesterId: requester.id, subject: 'Fix <script>' });
    const res = await call(agent, 'POST', `/tickets/${tk.id}/apply-macro`, { macroId: m.id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ visibility: 'public', posted: null });
    expect(res.json().bodyHtml).toBe(
      `<p>שלום &lt;b&gt;דנה&lt;/b&gt; &amp; &quot;שות&#39;&quot;,</p><p>פנייה #${tk.number} (Fix &lt;script&gt;) בטיפול.</p><p>Avi &lt;Agent&gt; &amp; Co</p>`,
    );
    // Rendering posts nothing.
    expect((await call(agent, 'GET', `/tickets/${tk.id}`)).json().messages).toEqual([]);
  });

  it('refuse unknown placeholders, and sanitise the body', async () => {
    const bad = await call(agent, 'POST', '/macros', { name: 'Bad', body: 'Hi {{requester.password}}' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ path: 'body' });
    const m = await macro({ name: 'Sneaky', body: '<p onclick="x()">Hi</p><script>alert(1)</script>' });
    const got = (await call(agent, 'GET', `/macros/${m.id}`)).json();
    expect(got.bodyHtml).toBe('<p>Hi</p>');
  });

  it('with send: posts the reply, applies its status and tags', async () => {
    const m = await macro({
      name: 'Need info',
      body: 'Hi {{requester.lastName}}, which model do you have?',
      statusAfter: 'pending_customer',
      addTags: ['needs-info'],
    });
    const tk = await openTicket(t, owner, { requesterId: requester.id });
    const res = await call(agent, 'POST', `/tickets/${tk.id}/apply-macro`, { macroId: m.id, send: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().posted.message).toMatchObject({
      bodyText: 'Hi לוי, which model do you have?',
      visibility: 'public',
    });
    const after = (await call(agent, 'GET', `/tickets/${tk.id}`)).json();
    expect(after).toMatchObject({ status: 'pending_customer', tags: ['needs-info'] });
    expect(after.firstResponseAt).not.toBeNull();
    expect(res.json().posted.ticket.version).toBe(after.version);
  });

  it('update with If-Match, list, and delete', async () => {
    const m = await macro({ name: 'Old name', body: 'x' });
    const upd = await call(agent, 'PATCH', `/macros/${m.id}`, { name: 'New name' }, { 'if-match': '"1"' });
    expect(upd.json()).toMatchObject({ name: 'New name', version: 2 });
    const stale = await call(agent, 'PATCH', `/macros/${m.id}`, { name: 'Again' }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(409);
    expect((await call(agent, 'GET', '/macros')).json().items.map((x: { name: string }) => x.name)).toContain(
      'New name',
    );
    expect((await call(agent, 'DELETE', `/macros/${m.id}`)).statusCode).toBe(204);
    expect((await call(agent, 'GET', `/macros/${m.id}`)).statusCode).toBe(404);
  });
});
