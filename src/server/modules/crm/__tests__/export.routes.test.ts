import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { fixedClock } from '../../../platform/clock.js';

let t: TestApp;
let owner: Staff;
let other: Staff;
const clock = fixedClock('2025-03-10T08:30:00Z');

const req = (method: 'GET' | 'POST', url: string, payload?: object, who = owner) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: who.headers, ...(payload ? { payload } : {}) });

const ok = async (method: 'GET' | 'POST', url: string, payload?: object) => {
  const res = await req(method, url, payload);
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.json();
};

const csvRows = (body: string) =>
  body
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n');

beforeAll(async () => {
  t = await buildTestApp({ clock });
  owner = await signupTenant(t.app);
  other = await signupTenant(t.app);
  await ok('POST', '/custom-fields', {
    entity: 'account',
    key: 'contract_end',
    type: 'date',
    labelHe: 'סיום חוזה',
    labelEn: 'Contract end',
  });
  await ok('POST', '/accounts', {
    name: 'גליל הובלות',
    companyNumber: '515385854',
    phones: ['04-6901234'],
    emails: ['office@galil-exp.co.il'],
    address: { city: 'כרמיאל' },
    tags: ['vip'],
    externalRefs: { priority: '10023' },
    customFields: { contract_end: '2025-12-31' },
  });
  await ok('POST', '/accounts', { name: 'Beta, "quoted" Ltd', tags: ['vip'], status: 'inactive' });
  await ok('POST', '/accounts', { name: '=HYPERLINK("x")', tags: ['other'] });
  // Another tenant's account must never show up.
  const res = await req('POST', '/accounts', { name: 'Other tenant vip', tags: ['vip'] }, other);
  expect(res.statusCode).toBe(201);
});
afterAll(() => t.close());

describe('accounts export', () => {
  it('CSV: UTF-8 BOM, English headers, the list filter applied, cells quoted and defused', async () => {
    const res = await req('GET', '/accounts/export?format=csv&tag=vip&sort=name');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="accounts-2025-03-10.csv"; filename*=UTF-8''accounts-2025-03-10.csv`,
    );
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const [header, ...rows] = csvRows(res.body);
    expect(header).toBe(
      'Number,Name,Customer type,Company number,Phone,Email,Fax,Street,City,Zip code,Website,Owner,Tier,Status,Tags,Priority customer number,Created,Updated,Contract end',
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(
      /^\d+,"Beta, ""quoted"" Ltd",business,,,,,,,,,,standard,inactive,vip,,2025-03-10 10:30,2025-03-10 10:30,$/,
    );
    expect(rows[1]).toMatch(
      /^\d+,גליל הובלות,business,515385854,04-6901234,office@galil-exp\.co\.il,,,כרמיאל,,,,standard,active,vip,10023,2025-03-10 10:30,2025-03-10 10:30,2025-12-31$/,
    );
    expect(res.body).not.toContain('Other tenant');

    const all = csvRows((await req('GET', '/accounts/export?format=csv')).body);
    // A formula-looking name is exported as text.
    expect(all.some((l) => l.includes(`"'=HYPERLINK(""x"")"`))).toBe(true);
  });

  it('CSV in Hebrew: Hebrew headers and values, Hebrew file name', async () => {
    const res = await req('GET', '/accounts/export?format=csv&lang=he&tag=vip&status=active');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="accounts-2025-03-10.csv"; filename*=UTF-8''${encodeURIComponent('לקוחות-2025-03-10.csv')}`,
    );
    const [header, row] = csvRows(res.body);
    expect(header?.split(',').slice(0, 4)).toEqual(['מספר', 'שם חברה', 'סוג לקוח', 'ח.פ.']);
    expect(header).toContain('סיום חוזה');
    expect(row).toContain(',עסקי,515385854,');
    expect(row).toContain(',פעיל,');
  });

  it('XLSX: parses back with exceljs; header row, RTL for Hebrew, dates as dates', async () => {
    const res = await req('GET', '/accounts/export?format=xlsx&lang=he&tag=vip&sort=name');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws?.name).toBe('לקוחות');
    expect(ws?.views[0]?.rightToLeft).toBe(true);
    expect(ws?.getRow(1).getCell(2).value).toBe('שם חברה');
    expect(ws?.actualRowCount).toBe(3);
    const galil = ws?.getRow(3);
    expect(galil?.getCell(2).value).toBe('גליל הובלות');
    expect(typeof galil?.getCell(1).value).toBe('number');
    // Created, in Israel time (10:30), as an Excel date.
    const createdCell = galil?.getCell(17).value;
    expect(createdCell).toBeInstanceOf(Date);
    expect((createdCell as Date).toISOString()).toBe('2025-03-10T10:30:00.000Z');
    const contractEnd = galil?.getCell(19).value;
    expect(contractEnd).toBeInstanceOf(Date);
    expect((contractEnd as Date).toISOString()).toBe('2025-12-31T00:00:00.000Z');

    const en = await req('GET', '/accounts/export?format=xlsx&lang=en');
    const wbEn = new ExcelJS.Workbook();
    await wbEn.xlsx.load(en.rawPayload as unknown as ArrayBuffer);
    expect(wbEn.worksheets[0]?.views[0]?.rightToLeft).toBe(false);
    expect(wbEn.worksheets[0]?.actualRowCount).toBe(4);
  });

  it('pages through more rows than one page', async () => {
    // Straight into the table: 1,005 API calls would only slow the test down.
    await t.database.systemTx(async (tx) => {
      await tx.execute(sql`
        insert into accounts (tenant_id, id, number, name, tags)
        select ${owner.tenant.id}, gen_random_uuid(), 500000 + g, 'Bulk ' || lpad(g::text, 4, '0'), array['bulk']
        from generate_series(0, 1004) g`);
    });
    const rows = csvRows((await req('GET', '/accounts/export?format=csv&tag=bulk&sort=name')).body);
    expect(rows).toHaveLength(1006);
    expect(rows[1]).toContain('Bulk 0000');
    expect(rows[1005]).toContain('Bulk 1004');
  }, 120_000);

  it('a bad filter or sort is a 400 problem, not a broken download', async () => {
    const res = await req('GET', '/accounts/export?format=csv&sort=nope');
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    const fmt = await req('GET', '/accounts/export?format=pdf');
    expect(fmt.statusCode).toBe(400);
  });
});

describe('other entities', () => {
  it('exports contacts, leads and deals with their filters', async () => {
    const acc = await ok('POST', '/accounts', { name: 'Contacts Export Co' });
    await ok('POST', '/contacts', {
      firstName: 'דנה',
      lastName: 'כהן',
      accountId: acc.id,
      birthday: '1990-05-01',
      phones: ['+972502345678'],
      tags: ['exp'],
    });
    await ok('POST', '/contacts', { firstName: 'Not', lastName: 'Tagged' });
    const contacts = csvRows((await req('GET', '/contacts/export?format=csv&tag=exp')).body);
    expect(contacts).toHaveLength(2);
    expect(contacts[0]).toContain('First name,Last name,Title,Company,Phone');
    expect(contacts[1]).toContain('דנה,כהן,,Contacts Export Co,+972502345678');
    expect(contacts[1]).toContain('1990-05-01');

    await ok('POST', '/leads', { firstName: 'Lead', lastName: 'Export', source: 'referral', tags: ['exp'] });
    const leads = csvRows((await req('GET', '/leads/export?format=csv&lang=he&tag=exp')).body);
    expect(leads).toHaveLength(2);
    expect(leads[1]).toContain('הפניה');

    await ok('POST', '/deals', { name: 'Export deal', amount: '12500.50', accountId: acc.id, tags: ['exp'] });
    const res = await req('GET', '/deals/export?format=xlsx&tag=exp');
    expect(res.statusCode, res.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws?.actualRowCount).toBe(2);
    expect(ws?.getRow(2).getCell(2).value).toBe('Export deal');
    expect(ws?.getRow(2).getCell(3).value).toBe('Contacts Export Co');
    expect(ws?.getRow(2).getCell(6).value).toBe(12500.5);
    expect(typeof ws?.getRow(2).getCell(5).value).toBe('string'); // the stage's name
  });
});
