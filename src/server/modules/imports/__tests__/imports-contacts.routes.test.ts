import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { runFullImport, upload, xlsxOf } from './import-helpers.js';

let t: TestApp;
let owner: Staff;
let galilId: string;

const req = (method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: owner.headers, ...(payload ? { payload } : {}) });

beforeAll(async () => {
  t = await buildTestApp();
  owner = await signupTenant(t.app);
  const acc = await req('POST', '/accounts', { name: 'גליל הובלות', companyNumber: '515385854' });
  expect(acc.statusCode, acc.body).toBe(201);
  galilId = acc.json().id;
  const cf = await req('POST', '/custom-fields', {
    entity: 'contact',
    key: 'shoe_size',
    type: 'number',
    labelHe: 'מידת נעליים',
    labelEn: 'Shoe size',
  });
  expect(cf.statusCode, cf.body).toBe(201);
});
afterAll(() => t.close());

describe('contact import', () => {
  it('maps names, links accounts by number or name, reads consents and custom fields', async () => {
    const data = await xlsxOf([
      ['שם', 'חברה', 'נייד', 'דוא"ל', 'תאריך לידה', 'מאשר דיוור', 'מידת נעליים', 'תפקיד'],
      ['דנה כהן לוי', '515385854', '050-2345678', 'dana@galil-imp.co.il', '01/05/1990', 'כן', '38', 'מנהלת'],
      ['Avi Levi', 'גליל הובלות', '', 'avi@galil-imp.co.il', '', 'לא', '', ''],
      ['No Company', 'Nonexistent Ltd', '', '', '', '', '', ''],
      ['Bad Size', '', '', '', '', '', 'big', ''],
    ]);
    const up = await upload(t.app, owner.headers, 'contact', { name: 'people.xlsx', data });
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json().suggestedMapping).toEqual({
      שם: 'fullName',
      חברה: 'account',
      נייד: 'phones',
      'דוא"ל': 'emails',
      'תאריך לידה': 'birthday',
      'מאשר דיוור': 'consents.email',
      'מידת נעליים': 'customFields.shoe_size',
      תפקיד: 'title',
    });
    const { preview, done } = await runFullImport(t.app, owner.headers, 'contact', {
      name: 'people.xlsx',
      data,
    });
    expect(preview.counts).toMatchObject({ created: 2, rejected: 2, total: 4 });
    expect(preview.rejected.map((r: { errors: string[] }) => r.errors)).toEqual([
      ['חברה: No account "Nonexistent Ltd"'],
      ['מידת נעליים: Must be a number'],
    ]);
    expect(done).toMatchObject({ status: 'completed', counts: preview.counts });

    const list = (await req('GET', '/contacts?q=dana')).json().items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      firstName: 'דנה',
      lastName: 'כהן לוי',
      title: 'מנהלת',
      accountId: galilId,
      birthday: '1990-05-01',
      emails: ['dana@galil-imp.co.il'],
      customFields: { shoe_size: 38 },
      consents: { email: { granted: true, source: 'import:people.xlsx' } },
    });
    const avi = (await req('GET', '/contacts?q=avi@galil')).json().items[0];
    expect(avi).toMatchObject({ firstName: 'Avi', lastName: 'Levi', accountId: galilId });
    expect(avi.consents.email.granted).toBe(false);
  });

  it('skips contacts that match by email or phone', async () => {
    const csv =
      'First name,Last name,Email,Phone\nDana,Again,DANA@galil-imp.co.il,\nNew,Person,new@galil-imp.co.il,+972 50-234-5678\n';
    const { preview } = await runFullImport(t.app, owner.headers, 'contact', {
      name: 'c.csv',
      data: Buffer.from(csv),
    });
    expect(preview.counts).toEqual({
      created: 0,
      updated: 0,
      skipped: 2,
      duplicate: 2,
      rejected: 0,
      total: 2,
    });
    expect(preview.rows.map((r: { duplicateOf: { by: string } }) => r.duplicateOf.by)).toEqual([
      'email',
      'phone',
    ]);
  });

  it('update: merges the row into the matching contact and links the account without changing the primary', async () => {
    const other = await req('POST', '/accounts', { name: 'Second Co' });
    const csv = [
      'Email,Phone,Title,Company,Tags',
      'dana@galil-imp.co.il,04-6901234,סמנכ"לית,Second Co,vip',
    ].join('\n');
    const { done } = await runFullImport(
      t.app,
      owner.headers,
      'contact',
      { name: 'u.csv', data: Buffer.from(csv) },
      { duplicatePolicy: 'update' },
    );
    expect(done.counts).toEqual({ created: 0, updated: 1, skipped: 0, duplicate: 1, rejected: 0, total: 1 });
    const dana = (await req('GET', '/contacts?q=dana')).json().items[0];
    expect(dana).toMatchObject({ firstName: 'דנה', title: 'סמנכ"לית', accountId: galilId, tags: ['vip'] });
    expect(dana.phones.map((p: { e164: string }) => p.e164)).toEqual(['+972502345678', '+97246901234']);
    expect(dana.accounts.map((a: { accountId: string }) => a.accountId).sort()).toEqual(
      [galilId, other.json().id].sort(),
    );
    const audit = (await req('GET', '/audit-log?limit=100')).json().items as Array<{ action: string }>;
    expect(audit.filter((a) => a.action === 'contact.updated' || a.action === 'contact.created')).toEqual([]);
  });
});
