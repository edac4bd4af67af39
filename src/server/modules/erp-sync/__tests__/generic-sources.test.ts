import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallBudget } from '../call-budget.js';
import { evalPath, readCsvUrl, readJsonHttp } from '../generic-sources.js';

const ITEMS = Array.from({ length: 23 }, (_, i) => ({ id: i, name: `item ${i}` }));

describe('generic JSON and CSV sources', () => {
  let server: Server;
  let base: string;
  const seen: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://x');
      seen.push(u.pathname + u.search);
      if (req.headers['x-api-key'] !== 'k-123') {
        res.writeHead(401).end();
        return;
      }
      if (u.pathname === '/page') {
        const p = Number(u.searchParams.get('page'));
        res.end(JSON.stringify({ data: { items: ITEMS.slice((p - 1) * 10, p * 10) } }));
      } else if (u.pathname === '/offset') {
        const o = Number(u.searchParams.get('offset'));
        const l = Number(u.searchParams.get('limit'));
        res.end(JSON.stringify(ITEMS.slice(o, o + l)));
      } else if (u.pathname === '/cursor') {
        const c = Number(u.searchParams.get('after') ?? 0);
        const next = c + 10 < ITEMS.length ? c + 10 : null;
        res.end(JSON.stringify({ rows: ITEMS.slice(c, c + 10), meta: { next } }));
      } else if (u.pathname === '/stock.csv') {
        res.end(
          Buffer.concat([
            Buffer.from([0xef, 0xbb, 0xbf]),
            Buffer.from('PART;DESC;QTY\r\nOIL-750;שמן זית;1240\r\nPAL;"Euro; pallet";58\r\n'),
          ]),
        );
      } else if (u.pathname === '/win.csv') {
        // "מלאי" in Windows-1255.
        res.end(Buffer.from([0x50, 0x2c, 0x44, 0x0a, 0x31, 0x2c, 0xee, 0xec, 0xe0, 0xe9, 0x0a]));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const credentials = { kind: 'header' as const, header: 'X-Api-Key', value: 'k-123' };
  const all = async (gen: AsyncGenerator<Array<Record<string, unknown>>>) => {
    const pages = [];
    for await (const p of gen) pages.push(p);
    return pages;
  };

  it('evaluates $.a.b[*] and dotted paths', () => {
    const doc = { a: { b: [{ x: 1 }, { x: 2 }] }, c: [{ d: [5] }] };
    expect(evalPath(doc, '$.a.b[*]')).toEqual([{ x: 1 }, { x: 2 }]);
    expect(evalPath(doc, 'a.b')).toEqual([{ x: 1 }, { x: 2 }]);
    expect(evalPath(doc, '$.c[0].d')).toEqual([5]);
    expect(evalPath(doc, '$.nope.b')).toBeUndefined();
  });

  it('pages by page number until a short page', async () => {
    const pages = await all(
      readJsonHttp(
        {
          url: `${base}/page`,
          rowsPath: '$.data.items[*]',
          paging: { kind: 'page', param: 'page', start: 1, size: 10 },
          maxPages: 100,
        },
        { credentials, budget: createCallBudget() },
      ),
    );
    expect(pages.map((p) => p.length)).toEqual([10, 10, 3]);
    expect(pages.flat().map((r) => r.id)).toEqual(ITEMS.map((i) => i.id));
  });

  it('pages by offset and by a cursor field', async () => {
    const byOffset = await all(
      readJsonHttp(
        {
          url: `${base}/offset`,
          rowsPath: '$',
          paging: { kind: 'offset', param: 'offset', limitParam: 'limit', size: 10 },
          maxPages: 100,
        },
        { credentials, budget: createCallBudget() },
      ),
    );
    expect(byOffset.flat()).toHaveLength(23);
    const byCursor = await all(
      readJsonHttp(
        {
          url: `${base}/cursor`,
          rowsPath: 'rows',
          paging: { kind: 'cursor', param: 'after', cursorPath: 'meta.next' },
          maxPages: 100,
        },
        { credentials, budget: createCallBudget() },
      ),
    );
    expect(byCursor.flat()).toHaveLength(23);
    expect(seen).toContain('/cursor?after=20');
  });

  it('reads a CSV with a BOM and ; separators, and Windows-1255', async () => {
    const [rows] = await all(
      readCsvUrl(
        { url: `${base}/stock.csv`, format: 'csv', encoding: 'utf-8' },
        { credentials, budget: createCallBudget() },
      ),
    );
    expect(rows).toEqual([
      { PART: 'OIL-750', DESC: 'שמן זית', QTY: '1240' },
      { PART: 'PAL', DESC: 'Euro; pallet', QTY: '58' },
    ]);
    const [win] = await all(
      readCsvUrl(
        { url: `${base}/win.csv`, format: 'csv', encoding: 'windows-1255' },
        { credentials, budget: createCallBudget() },
      ),
    );
    expect(win).toEqual([{ P: '1', D: 'מלאי' }]);
  });

  it('a refused key is a clear error', async () => {
    await expect(
      all(
        readCsvUrl(
          { url: `${base}/stock.csv`, format: 'csv', encoding: 'utf-8' },
          { credentials: undefined, budget: createCallBudget() },
        ),
      ),
    ).rejects.toThrow(/refused the credentials/);
  });
});
