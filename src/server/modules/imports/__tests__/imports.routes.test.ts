import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { cp1255, runFullImport, upload, waitForImport, xlsxOf } from './import-helpers.js';

let t: TestApp;
let owner: Staff;
beforeAll(async () => {
  t = await buildTestApp();
  owner = await signupTenant(t.app);
});
afterAll(() => t.close());

const get = (url: string, headers = owner.headers) => t.app.inject({ method: 'GET', url, headers });
const accountsNamed = async (q: string) =>
  (await get(`/api/v1/accounts?q=${encodeURIComponent(q)}&limit=200`)).json().items as Array<
    Record<string, unknown>
  >;

describe('import upload', () => {
  it('reads a comma CSV in UTF-8 and guesses the mapping from Hebrew headers', async () => {
    const csv = [
      'שם חברה,ח.פ.,טלפון,דוא"ל,עיר,מספר לקוח בפריוריטי,תגיות',
      'גליל הובלות,515385854,04-6901234,office@galil-imp.co.il,כרמיאל,10023,"לוגיסטיקה, צפון"',
      'Comma Two,,+972502345678,,Haifa,,',
    ].join('\n');
    const res = await upload(t.app, owner.headers, 'account', { name: 'לקוחות.csv', data: Buffer.from(csv) });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      entity: 'account',
      format: 'csv',
      fileName: 'לקוחות.csv',
      totalRows: 2,
      headers: ['שם חברה', 'ח.פ.', 'טלפון', 'דוא"ל', 'עיר', 'מספר לקוח בפריוריטי', 'תגיות'],
      suggestedMapping: {
        'שם חברה': 'name',
        'ח.פ.': 'companyNumber',
        טלפון: 'phones',
        'דוא"ל': 'emails',
        עיר: 'address.city',
        'מספר לקוח בפריוריטי': 'externalRefs.priority',
        תגיות: 'tags',
      },
    });
    expect(body.sampleRows[0]).toEqual([
      'גליל הובלות',
      '515385854',
      '04-6901234',
      'office@galil-imp.co.il',
      'כרמיאל',
      '10023',
      'לוגיסטיקה, צפון',
    ]);
    expect(body.targets.map((x: { key: string }) => x.key)).toContain('externalRefs.priority');
  });

  it('sniffs ";" and strips a UTF-8 BOM; English headers map too', async () => {
    const csv =
      '\uFEFFCompany name;Company number;E-mail;Mobile;Fax\r\nSemi Ltd;123456782;semi@x-imp.co.il;0502345678;03-6123456\r\n';
    const res = await upload(t.app, owner.headers, 'account', { name: 'semi.csv', data: Buffer.from(csv) });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.headers).toEqual(['Company name', 'Company number', 'E-mail', 'Mobile', 'Fax']);
    expect(body.suggestedMapping).toEqual({
      'Company name': 'name',
      'Company number': 'companyNumber',
      'E-mail': 'emails',
      Mobile: 'phones',
      Fax: 'fax',
    });
    expect(body.sampleRows).toEqual([
      ['Semi Ltd', '123456782', 'semi@x-imp.co.il', '0502345678', '03-6123456'],
    ]);
  });

  it('decodes Windows-1255 when the bytes are not UTF-8', async () => {
    const data = cp1255('שם לקוח;עיר\r\nחלונות הגליל;צפת\r\n');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(data)).toThrow();
    const res = await upload(t.app, owner.headers, 'account', { name: 'old.csv', data });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      headers: ['שם לקוח', 'עיר'],
      sampleRows: [['חלונות הגליל', 'צפת']],
      suggestedMapping: { 'שם לקוח': 'name', עיר: 'address.city' },
    });
  });

  it('refuses a PNG with 400 IMPORT_UNREADABLE and a 20 MB blob with 413, writing nothing', async () => {
    const before = (await get('/api/v1/imports')).json().items.length;
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
      randomBytes(2000),
    ]);
    const bad = await upload(t.app, owner.headers, 'account', {
      name: 'logo.png',
      data: png,
      type: 'image/png',
    });
    expect(bad.statusCode, bad.body).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json()).toMatchObject({ code: 'IMPORT_UNREADABLE' });
    expect(bad.json().detail).toMatch(/not a CSV or Excel/);

    const big = await upload(t.app, owner.headers, 'account', {
      name: 'big.csv',
      data: randomBytes(20 * 1024 * 1024),
    });
    expect(big.statusCode, big.body).toBe(413);
    expect(big.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(big.json().detail).toMatch(/10 MB/);

    const fakeXlsx = await upload(t.app, owner.headers, 'account', {
      name: 'broken.xlsx',
      data: Buffer.concat([Buffer.from('PK\u0003\u0004'), randomBytes(500)]),
    });
    expect(fakeXlsx.statusCode).toBe(400);
    expect(fakeXlsx.json().code).toBe('IMPORT_UNREADABLE');

    expect((await get('/api/v1/imports')).json().items.length).toBe(before);
  });

  it('needs a header and a data row, and a known entity', async () => {
    const empty = await upload(t.app, owner.headers, 'account', {
      name: 'e.csv',
      data: Buffer.from('name\n\n'),
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().code).toBe('IMPORT_EMPTY');
    const wrong = await upload(t.app, owner.headers, 'ticket', {
      name: 'a.csv',
      data: Buffer.from('name\nx\n'),
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].path).toBe('entity');
  });
});

describe('import preview and commit', () => {
  it('imports an .xlsx: dates, formulas, numeric phones; a bad phone is rejected and reported', async () => {
    const data = await xlsxOf(
      [
        ['שם חברה', 'טלפון', 'דוא"ל', 'תאריך הצטרפות', 'סכום', 'עיר'],
        ['XL Alpha בע"מ', '04-6901234', 'alpha@xl-imp.co.il', new Date(Date.UTC(2024, 2, 15)), 10, 'חיפה'],
        [
          'XL Beta',
          502345679,
          'beta@xl-imp.co.il',
          new Date(Date.UTC(2023, 11, 31)),
          { formula: 'E2*2', result: 20 },
          'עכו',
        ],
        ['XL Bad Phone', '050-1234567', 'bad@xl-imp.co.il', null, 5, 'צפת'],
      ],
      (ws) => {
        ws.getCell('B3').numFmt = '0000000000';
        ws.getColumn(4).numFmt = 'dd/mm/yyyy';
      },
    );
    const up = await upload(t.app, owner.headers, 'account', { name: 'customers.xlsx', data });
    expect(up.statusCode, up.body).toBe(201);
    const uploaded = up.json();
    expect(uploaded.format).toBe('xlsx');
    expect(uploaded.totalRows).toBe(3);
    expect(uploaded.sampleRows[0]).toEqual([
      'XL Alpha בע"מ',
      '04-6901234',
      'alpha@xl-imp.co.il',
      '2024-03-15',
      '10',
      'חיפה',
    ]);
    // The phone typed as a number keeps its leading zero; the formula gives its result.
    expect(uploaded.sampleRows[1]).toEqual([
      'XL Beta',
      '0502345679',
      'beta@xl-imp.co.il',
      '2023-12-31',
      '20',
      'עכו',
    ]);
    const mapping = { ...uploaded.suggestedMapping, 'תאריך הצטרפות': null, סכום: null };

    const pv = await t.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${uploaded.id}/preview`,
      headers: owner.headers,
      payload: { mapping, duplicatePolicy: 'skip' },
    });
    expect(pv.statusCode, pv.body).toBe(200);
    const preview = pv.json();
    expect(preview.counts).toEqual({
      created: 2,
      updated: 0,
      skipped: 0,
      duplicate: 0,
      rejected: 1,
      total: 3,
    });
    expect(preview.rows.map((r: { status: string }) => r.status)).toEqual(['created', 'created', 'rejected']);
    expect(preview.rejected).toHaveLength(1);
    expect(preview.rejected[0]).toMatchObject({ row: 4, status: 'rejected' });
    expect(preview.rejected[0].errors).toEqual(['טלפון: Not a valid phone number: 050-1234567']);
    // A dry run writes nothing.
    expect(await accountsNamed('XL ')).toHaveLength(0);

    const commit = await t.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${uploaded.id}/commit`,
      headers: owner.headers,
      payload: {},
    });
    expect(commit.statusCode, commit.body).toBe(202);
    expect(commit.json().status).toBe('queued');
    const done = await waitForImport(t.app, owner.headers, uploaded.id);
    expect(done.status).toBe('completed');
    expect(done.counts).toEqual(preview.counts);
    expect(done.progress).toEqual({ processed: 3, total: 3, percent: 100 });

    const created = await accountsNamed('XL ');
    expect(created.map((a) => a.name).sort()).toEqual(['XL Alpha בע"מ', 'XL Beta']);
    const beta = created.find((a) => a.name === 'XL Beta');
    expect(beta?.phones).toEqual([{ raw: '0502345679', e164: '+972502345679' }]);
    expect(beta?.address).toEqual({ city: 'עכו' });

    const csv = await get(`/api/v1/imports/${uploaded.id}/rejected.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain("filename*=UTF-8''customers-rejected.csv");
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toEqual([
      'row,שם חברה,טלפון,"דוא""ל",תאריך הצטרפות,סכום,עיר,reasons',
      '4,XL Bad Phone,050-1234567,bad@xl-imp.co.il,,5,צפת,טלפון: Not a valid phone number: 050-1234567',
    ]);

    // Timeline entries name the import; one audit row covers the whole import.
    const tl = (await get(`/api/v1/timeline?accountId=${beta?.id}`)).json().items;
    expect(tl).toEqual([
      expect.objectContaining({ type: 'account.created', data: { importId: uploaded.id } }),
    ]);
    const audit = (await get('/api/v1/audit-log?limit=200')).json().items as Array<{
      action: string;
      targetId: string | null;
    }>;
    expect(audit.filter((a) => a.action === 'import.completed' && a.targetId === uploaded.id)).toHaveLength(
      1,
    );
    expect(audit.filter((a) => a.action === 'account.created' && a.targetId === beta?.id)).toHaveLength(0);

    // Imported records are searchable at once (indexed in the import's transaction).
    const search = await get('/api/v1/search?q=0502345679');
    expect(search.statusCode, search.body).toBe(200);
    expect(search.json().results.map((r: { id: string }) => r.id)).toContain(beta?.id);

    // Committing twice is refused.
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${uploaded.id}/commit`,
      headers: owner.headers,
      payload: {},
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('IMPORT_STATE_CONFLICT');
  });

  it('rejects an invalid mapping with 400 naming it', async () => {
    const up = await upload(t.app, owner.headers, 'account', {
      name: 'm.csv',
      data: Buffer.from('עיר\nחיפה\n'),
    });
    const pv = await t.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${up.json().id}/preview`,
      headers: owner.headers,
      payload: { mapping: { עיר: 'address.city', nope: 'name' }, duplicatePolicy: 'skip' },
    });
    expect(pv.statusCode).toBe(400);
    const paths = pv.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['mapping.nope', 'mapping']));
  });
});

describe('duplicates', () => {
  const existing = async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: owner.headers,
      payload: {
        name: 'Dup Original',
        companyNumber: '515385854',
        emails: ['dup@orig-imp.co.il'],
        phones: ['04-6901299'],
        tags: ['old'],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const file = () =>
    Buffer.from(
      [
        'Name,Email,Phone,Company number,Tags',
        'Dup By Email,DUP@orig-imp.co.il,,,new',
        'Dup By Phone,,+972 4 690 1299,,',
        'Dup By Number,,,51-538585-4,',
        'Fresh One,fresh@dup-imp.co.il,,,',
        'Fresh Again,fresh@dup-imp.co.il,,,',
      ].join('\n'),
    );

  it('skip: duplicates of records and of earlier rows are skipped', async () => {
    const orig = await existing();
    const { preview, done } = await runFullImport(t.app, owner.headers, 'account', {
      name: 'd.csv',
      data: file(),
    });
    expect(preview.counts).toEqual({
      created: 1,
      updated: 0,
      skipped: 4,
      duplicate: 4,
      rejected: 0,
      total: 5,
    });
    expect(preview.rows.map((r: { duplicateOf: unknown }) => r.duplicateOf)).toEqual([
      { by: 'email', recordId: orig.id, row: null },
      { by: 'phone', recordId: orig.id, row: null },
      { by: 'companyNumber', recordId: orig.id, row: null },
      null,
      { by: 'email', recordId: expect.any(String), row: 5 },
    ]);
    expect(done.counts).toEqual(preview.counts);
    expect((await accountsNamed('Fresh')).map((a) => a.name)).toEqual(['Fresh One']);
    expect(await accountsNamed('Dup By')).toHaveLength(0);
    // Clean up for the next policies.
    for (const a of [...(await accountsNamed('Fresh')), orig]) {
      await t.app.inject({ method: 'DELETE', url: `/api/v1/accounts/${a.id}`, headers: owner.headers });
    }
  });

  it('update: the matched record takes the row (lists joined); create: a new record anyway', async () => {
    const orig = await existing();
    const upd = await runFullImport(
      t.app,
      owner.headers,
      'account',
      { name: 'd.csv', data: file() },
      { duplicatePolicy: 'update' },
    );
    expect(upd.done.counts).toEqual({
      created: 1,
      updated: 4,
      skipped: 0,
      duplicate: 4,
      rejected: 0,
      total: 5,
    });
    const after = (await get(`/api/v1/accounts/${orig.id}`)).json();
    expect(after.name).toBe('Dup By Number'); // the last row that matched it
    expect(after.tags.sort()).toEqual(['new', 'old']);
    expect(after.version).toBe(4);
    expect((await accountsNamed('Fresh')).map((a) => a.name)).toEqual(['Fresh Again']);

    const crt = await runFullImport(
      t.app,
      owner.headers,
      'account',
      { name: 'd.csv', data: file() },
      { duplicatePolicy: 'create' },
    );
    expect(crt.done.counts).toEqual({
      created: 5,
      updated: 0,
      skipped: 0,
      duplicate: 5,
      rejected: 0,
      total: 5,
    });
    // The original (renamed "Dup By Number" by the update run) and three new ones.
    expect(await accountsNamed('Dup By')).toHaveLength(4);
  });
});

describe('progress', () => {
  it('publishes progress per chunk and GET shows it while the import runs', async () => {
    const rows = ['Name'];
    for (let i = 0; i < 700; i++) rows.push(`Progress ${String(i).padStart(4, '0')}`);
    const up = await upload(t.app, owner.headers, 'account', {
      name: 'progress.csv',
      data: Buffer.from(rows.join('\n')),
    });
    const id = up.json().id as string;
    const events: Array<{ type: string; payload: Record<string, unknown> }> = [];
    let during: Promise<{ status: string; progress: { processed: number } }> | undefined;
    let storedDuring: Promise<number | undefined> | undefined;
    const off = t.app.kesher.events.subscribe('*', (e) => {
      if (!e.type.startsWith('import.') || e.payload.importId !== id) return;
      events.push({ type: e.type, payload: e.payload });
      // Asked while the import's transaction is still open (on PGlite, the only session).
      if (e.type === 'import.progress' && !during) {
        during = t.app
          .inject({ method: 'GET', url: `/api/v1/imports/${id}`, headers: owner.headers })
          .then((r) => r.json());
        // What another process would read from the table.
        if (t.database.engine === 'pg') {
          storedDuring = t.database.systemTx(async (tx) => {
            const { rows: r } = (await tx.execute(
              sql`select processed_rows as n from imports where id = ${id}`,
            )) as unknown as { rows: Array<{ n: number }> };
            return r[0]?.n;
          });
        }
      }
    });
    const commit = await t.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${id}/commit`,
      headers: owner.headers,
      payload: {},
    });
    expect(commit.statusCode, commit.body).toBe(202);
    const done = await waitForImport(t.app, owner.headers, id);
    off();
    expect(done).toMatchObject({
      status: 'completed',
      progress: { processed: 700, total: 700, percent: 100 },
    });
    expect(events.map((e) => [e.type, e.payload.processed ?? null])).toEqual([
      ['import.started', null],
      ['import.progress', 500],
      ['import.progress', 700],
      ['import.completed', null],
    ]);
    const seen = await during;
    if (t.database.engine === 'pg') {
      expect(seen?.status).toBe('running');
      expect(seen?.progress.processed).toBeGreaterThanOrEqual(500);
      expect(await storedDuring).toBe(500);
    } else {
      // PGlite is one session: the request waited for the import's transaction to end.
      expect(seen?.status).toBe('completed');
    }
  }, 120_000);
});

describe('all or nothing', () => {
  it('an unexpected error mid-import rolls back every row and marks the import failed', async () => {
    const rows = ['Name'];
    for (let i = 0; i < 700; i++) rows.push(`Atomic ${String(i).padStart(4, '0')}`);
    const up = await upload(t.app, owner.headers, 'account', {
      name: 'atomic.csv',
      data: Buffer.from(rows.join('\n')),
    });
    expect(up.statusCode, up.body).toBe(201);
    // Provoke a unique violation in the second chunk of 500 rows: an account already holds the
    // record number the import's 550th row will get (written behind the counter's back).
    const taken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: owner.headers,
      payload: { name: 'Counter probe' },
    });
    const next = (taken.json().number as number) + 1;
    await t.database.systemTx(async (tx) => {
      await tx.execute(sql`
        insert into accounts (tenant_id, id, number, name)
        values (${owner.tenant.id}, gen_random_uuid(), ${next + 549}, 'Number blocker')`);
    });
    const events: string[] = [];
    const off = t.app.kesher.events.subscribe('import.progress', (e) => {
      events.push(String(e.payload.processed));
    });
    const commit = await t.app.inject({
      method: 'POST',
      url: `/api/v1/imports/${up.json().id}/commit`,
      headers: owner.headers,
      payload: {},
    });
    expect(commit.statusCode, commit.body).toBe(202);
    const done = await waitForImport(t.app, owner.headers, up.json().id);
    off();
    expect(done.status).toBe('failed');
    // It failed after the first chunk had been written (inside the transaction).
    expect(events).toEqual(['500']);
    expect(done.error).toMatch(/Nothing was imported/);
    expect(await accountsNamed('Atomic')).toHaveLength(0);
    const audit = (await get('/api/v1/audit-log?limit=50')).json().items as Array<{ action: string }>;
    expect(audit.some((a) => a.action === 'import.failed')).toBe(true);
  }, 120_000);
});

describe('xlsx sanity', () => {
  it('the helper writes a workbook exceljs reads back', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await xlsxOf([['a'], ['b']])) as unknown as ArrayBuffer);
    expect(wb.worksheets[0]?.getCell('A2').value).toBe('b');
  });
});
