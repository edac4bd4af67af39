import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLES_DIR } from '../../../../../test/mock-priority/mock-priority-data.js';
import {
  type MockPriority,
  startMockPriority,
} from '../../../../../test/mock-priority/mock-priority-server.js';
import { createCallBudget } from '../call-budget.js';
import { type PriorityConfig, readPriority } from '../priority-client.js';

const cred = { kind: 'pat' as const, token: 'PAT-TOKEN-1234' };
const fastBudget = () => createCallBudget({ sleep: () => new Promise((r) => setTimeout(r, 5)) });
const readAll = async (c: PriorityConfig, o: Partial<Parameters<typeof readPriority>[1]> = {}) => {
  const pages: Array<Array<Record<string, unknown>>> = [];
  for await (const p of readPriority(c, { credentials: cred, budget: fastBudget(), ...o })) pages.push(p);
  return pages;
};

describe('Priority client against the mock server', () => {
  let mock: MockPriority;
  const stock = (): PriorityConfig => ({
    serviceRoot: mock.serviceRoot,
    entity: 'LOGPART',
    select: ['PARTNAME', 'PARTDES'],
    expand: { subform: 'PARTBALANCE_SUBFORM', select: ['WARHSNAME', 'TBALANCE', 'CUSTNAME'] },
    pageSize: 10,
  });
  beforeAll(async () => {
    mock = await startMockPriority({ generate: { parts: 25, balancesPerPart: 2 } });
  });
  afterAll(() => mock.close());

  it('pages by $top/$skip until a short page and flattens the sub-form', async () => {
    mock.setFault(null);
    const pages = await readAll(stock());
    expect(pages.map((p) => p.length)).toEqual([20, 20, 10]);
    expect(pages[0]?.[1]).toEqual({
      PARTNAME: 'P-000000',
      PARTDES: 'פריט 0',
      WARHSNAME: 'W2',
      TBALANCE: 11,
      CUSTNAME: '20001',
    });
    expect(mock.requests.at(-1)).toContain('$skip=20');
  });

  it('refuses an unknown $filter field before sending anything (Priority would return all rows)', async () => {
    const before = mock.requests.length;
    await expect(
      readAll({ ...stock(), filter: [{ field: 'NOSUCH', op: 'eq', value: 'x' }] }),
    ).rejects.toThrow(/Unknown Priority fields on LOGPART: NOSUCH/);
    expect(mock.requests.length).toBe(before);
  });

  it('escapes filter values and passes $since', async () => {
    const pages = await readAll({
      serviceRoot: mock.serviceRoot,
      entity: 'CUSTOMERS',
      select: ['CUSTNAME'],
      filter: [{ field: 'CUSTNAME', op: 'eq', value: "x' or CUSTNAME ne '" }],
    });
    expect(pages.flat()).toEqual([]);
    const since = await readAll(
      { serviceRoot: mock.serviceRoot, entity: 'CUSTOMERS', select: ['CUSTNAME'] },
      {
        since: new Date('2026-01-10T00:00:00Z'),
      },
    );
    expect(mock.requests.at(-1)).toContain('$since=2026-01-10T00:00:00Z');
    expect(since.flat().length).toBeLessThan(20);
  });

  it('gives clear errors: 401, Hebrew bodies, HTML, half a page', async () => {
    await expect(readAll(stock(), { credentials: { kind: 'pat', token: 'wrong' } })).rejects.toThrow(
      /refused the credentials/,
    );
    mock.setFault({ kind: 'he-error' });
    await expect(readAll(stock())).rejects.toThrow('שדה לא קיים: CUSTNAMEX');
    mock.setFault({ kind: 'html' });
    await expect(readAll(stock())).rejects.toThrow(/Not a Priority response/);
    mock.setFault({ kind: 'truncated', after: 1 });
    await expect(readAll(stock())).rejects.toThrow(/not complete JSON/);
    mock.setFault(null);
  });

  it('backs off on 429 honouring Retry-After, then succeeds', async () => {
    mock.setFault({ kind: '429', retryAfterSeconds: 1, times: 2 });
    const waits: number[] = [];
    const budget = createCallBudget({ sleep: async (ms) => void waits.push(ms) });
    const pages = await readAll(stock(), { budget });
    expect(pages.flat()).toHaveLength(50);
    expect(waits).toEqual([1000, 1000]);
    mock.setFault(null);
  });

  it('the mock answers 429 past 100 calls a minute per user', async () => {
    const m = await startMockPriority({ callsPerMinute: 3 });
    const auth = { authorization: `Basic ${Buffer.from('apiuser:secret').toString('base64')}` };
    const codes = [];
    for (let i = 0; i < 4; i++)
      codes.push((await fetch(`${m.serviceRoot}CUSTOMERS`, { headers: auth })).status);
    expect(codes).toEqual([200, 200, 200, 429]);
    const unauth = await fetch(`${m.serviceRoot}CUSTOMERS`);
    expect(unauth.status).toBe(401);
    expect(await unauth.text()).toBe('');
    await m.close();
  });
});

describe('the mock serves the sample payloads', () => {
  it('CUSTOMERS and LOGPART from data/priority, Hebrew intact, dates with offsets', async () => {
    const m = await startMockPriority({ samplesDir: SAMPLES_DIR });
    const pages = [];
    for await (const p of readPriority(
      {
        serviceRoot: m.serviceRoot,
        entity: 'LOGPART',
        select: ['PARTNAME'],
        expand: { subform: 'PARTBALANCE_SUBFORM', select: ['WARHSNAME', 'CUSTNAME'] },
      },
      { credentials: cred, budget: fastBudget() },
    ))
      pages.push(p);
    expect(pages.flat()).toHaveLength(5);
    expect(pages.flat()[2]).toEqual({ PARTNAME: 'PAL-EUR', WARHSNAME: 'W1', CUSTNAME: '10023' });
    const auth = { authorization: `Basic ${Buffer.from('apiuser:secret').toString('base64')}` };
    const res = await fetch(`${m.serviceRoot}DOCUMENTS_D?$filter=CUSTNAME%20eq%20'10023'`, { headers: auth });
    const docs = (await res.json()) as { value: Array<{ CURDATE: string }> };
    expect(docs.value.map((d) => d.CURDATE.slice(-6))).toEqual(['+02:00', '+03:00']);
    await m.close();
  });
});
