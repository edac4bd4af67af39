import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTACHMENT_MAX_BYTES } from '../../../../shared/tickets.schemas.js';
import {
  api,
  buildTicketsApp,
  customer,
  multipartFile,
  openTicket,
  type Staff,
  signupTenant,
  type TestApp,
} from './ticket-helpers.js';

let t: TestApp;
let owner: Staff;
let call: ReturnType<typeof api>;
let requester: { id: string };

beforeAll(async () => {
  t = await buildTicketsApp();
  call = api(t);
  owner = await signupTenant(t.app);
  requester = (await customer(t, owner)).contact;
});
afterAll(() => t.close());

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2048), Buffer.from('\n%%EOF\n')]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(64)]);

const upload = (who: Staff, name: string, data: Buffer, type = 'application/octet-stream') => {
  const body = multipartFile({ name, data, type });
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/tickets/attachments',
    headers: { ...who.headers, ...body.headers },
    payload: body.payload,
  });
};

describe('attachments', () => {
  it('stores an allowed file, typed by its content, and serves it back to staff only', async () => {
    const res = await upload(owner, 'חשבונית מרץ.pdf', PDF, 'image/png');
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json();
    // The claimed type is ignored: the bytes say PDF.
    expect(a).toMatchObject({
      fileName: 'חשבונית מרץ.pdf',
      contentType: 'application/pdf',
      size: PDF.length,
      ticketId: null,
    });
    const dl = await call(owner, 'GET', `/tickets/attachments/${a.id}`);
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(dl.headers['content-disposition']).toContain("filename*=UTF-8''");
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
    expect(dl.rawPayload.equals(PDF)).toBe(true);
    const anon = await t.app.inject({ method: 'GET', url: `/api/v1/tickets/attachments/${a.id}` });
    expect(anon.statusCode).toBe(401);
  });

  it('refuses types it does not allow, whatever the name or claimed type', async () => {
    const exe = Buffer.concat([Buffer.from('MZ'), randomBytes(512)]);
    for (const [name, data] of [
      ['invoice.pdf', exe],
      ['page.html', Buffer.from('<!doctype html><script>alert(1)</script>')],
      ['logo.svg', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
      ['binary.bin', Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x00])],
    ] as const) {
      const res = await upload(owner, name, data, 'application/pdf');
      expect(res.statusCode, name).toBe(415);
      expect(res.json().code).toBe('FILE_TYPE_NOT_ALLOWED');
    }
    const text = await upload(owner, 'notes.txt', Buffer.from('שלום, this is plain text\n'));
    expect(text.json()).toMatchObject({ contentType: 'text/plain' });
    const png = await upload(owner, 'shot', PNG);
    expect(png.json()).toMatchObject({ contentType: 'image/png' });
  });

  it('refuses a file over 20 MB with 413', async () => {
    const big = Buffer.alloc(ATTACHMENT_MAX_BYTES + 1, 0x20);
    big.write('%PDF-1.7\n');
    const res = await upload(owner, 'big.pdf', big);
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('PAYLOAD_TOO_LARGE');
    const exact = Buffer.alloc(ATTACHMENT_MAX_BYTES, 0x20);
    exact.write('%PDF-1.7\n');
    expect((await upload(owner, 'max.pdf', exact)).statusCode).toBe(201);
  });

  it('a message names its attachments once; they show on the message', async () => {
    const a = (await upload(owner, 'scan.pdf', PDF)).json();
    const tk = await openTicket(t, owner, { requesterId: requester.id });
    const res = await call(owner, 'POST', `/tickets/${tk.id}/messages`, {
      body: 'Attached the scan',
      visibility: 'public',
      attachmentIds: [a.id],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().message.attachments).toEqual([
      { id: a.id, fileName: 'scan.pdf', contentType: 'application/pdf', size: PDF.length },
    ]);
    const again = await call(owner, 'POST', `/tickets/${tk.id}/messages`, {
      body: 'Again',
      visibility: 'public',
      attachmentIds: [a.id],
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().errors[0].path).toBe('attachmentIds.0');
    expect((await call(owner, 'GET', `/tickets/${tk.id}`)).json().messages[0].attachments).toHaveLength(1);
  });
});
