// The search box must stay an index lookup as tenants grow: the plans of the real search statement
// (buildSearchSql) use the btree on search_words for word prefixes, the GIN indexes on
// search_documents for keys, and never scan either table.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../../test/test-db.js';
import { searchVariants } from '../../../../shared/hebrew-normalise.js';
import { type Database, rowsOf } from '../../../platform/db/database.js';
import { uuidv7 } from '../../../platform/ids.js';
import { phoneSearchKeys } from '../../../platform/phones.js';
import { buildSearchSql, parseSearchQuery } from '../search.service.js';
import { searchDocuments } from '../search.table.js';

// Realistic spread: a few hundred surnames from syllables, so one name is ~1% of a tenant, as
// כהן is in Israel; with ten names each would be 10% and a scan would rightly win.
const HE = [
  'בר',
  'גל',
  'דן',
  'זך',
  'חן',
  'טל',
  'לב',
  'מור',
  'נוי',
  'עז',
  'רז',
  'שי',
  'תם',
  'אור',
  'יה',
  'קר',
  'פז',
  'סל',
];
const EN = ['al', 'ben', 'cor', 'dan', 'el', 'fin', 'gor', 'har', 'ist', 'jon', 'kel', 'lam', 'mon', 'nor'];
const FIRST = ['משה', 'דוד', 'יוסף', 'שרה', 'רחל', 'אברהם', 'Dana', 'Noa', 'Avi', 'Michael', 'Yael', 'Omer'];
const WORDS = ['סחר', 'הובלות', 'מוסך', 'Logistics', 'Foods', 'Tech', 'בע"מ', 'ושות', 'Ltd'];
const lastName = (i: number) => {
  if (i % 97 === 0) return 'כהן';
  if (i % 89 === 0) return 'Shapiro';
  const k = Math.floor(i / 2);
  return i % 2
    ? `${HE[k % HE.length]}${HE[(k * 7) % HE.length]}`
    : `${EN[k % EN.length]}${EN[(k * 5) % EN.length]}`;
};

// 5,000 documents over 3 tenants of very different sizes.
const TENANTS = [
  { id: uuidv7(), docs: 3_000 },
  { id: uuidv7(), docs: 1_500 },
  { id: uuidv7(), docs: 500 },
];

type PlanNode = {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
};
const nodesOf = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodesOf)];

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
  for (const tenant of TENANTS) {
    const rows: (typeof searchDocuments.$inferInsert)[] = [];
    for (let i = 0; i < tenant.docs; i++) {
      const title = `${FIRST[(i * 7) % FIRST.length]} ${lastName(i)} ${WORDS[(i * 13) % WORDS.length]} ${i}`;
      const phone = `+97250${String(2_000_000 + i).padStart(7, '0')}`;
      rows.push({
        tenantId: tenant.id,
        entityType: (['account', 'contact', 'lead', 'deal'] as const)[Math.floor(i / 3) % 4] ?? 'contact',
        entityId: uuidv7(),
        title,
        normText: searchVariants(title),
        keys: [...phoneSearchKeys(phone), `c${i}@example.co.il`, String(1001 + i)],
      });
    }
    await db.systemTx(async (tx) => {
      for (let i = 0; i < rows.length; i += 500)
        await tx.insert(searchDocuments).values(rows.slice(i, i + 500));
    });
  }
  // PGlite has no autovacuum: a GIN index is ignored after a bulk insert until VACUUM (DESIGN.md).
  // search_words is filled by search_documents' triggers (migration 0022), as for every writer.
  await db.executeSql('vacuum analyze search_documents');
  await db.executeSql('vacuum analyze search_words');
}, 120_000);
afterAll(() => db.close());

const planOf = async (tenantId: string, q: string) => {
  const query = buildSearchSql(tenantId, parseSearchQuery(q), ['account', 'contact', 'lead', 'deal'], 5);
  if (!query) throw new Error(`no query for ${q}`);
  const res = await db.tenantTx({ role: 'staff', tenantId }, (tx) =>
    tx.execute(sql`explain (format json) ${query}`),
  );
  const raw = rowsOf<{ 'QUERY PLAN': unknown }>(res)[0]?.['QUERY PLAN'];
  const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Array<{ Plan: PlanNode }>;
  const root = plan[0]?.Plan;
  if (!root) throw new Error('no plan');
  return nodesOf(root);
};

const searchScans = (nodes: PlanNode[]) => ({
  seq: nodes.filter(
    (n) =>
      n['Node Type'] === 'Seq Scan' &&
      (n['Relation Name'] === 'search_documents' || n['Relation Name'] === 'search_words'),
  ),
  indexes: new Set(nodes.map((n) => n['Index Name']).filter(Boolean)),
});

describe('search query plans', () => {
  it.each([
    ['a 3-letter Hebrew prefix', 'כהן'],
    ['a 3-letter English prefix', 'sha'],
    ['a Hebrew name with a prefix letter', 'הכהן'],
  ])('%s in the biggest tenant is a word-prefix btree range scan, no sequential scan', async (_label, q) => {
    const nodes = await planOf(TENANTS[0]?.id ?? '', q);
    const { seq, indexes } = searchScans(nodes);
    expect(seq.map((n) => n['Relation Name'])).toEqual([]);
    expect(indexes).toContain('search_words_prefix_idx');
    // The prefix range itself reaches the index under RLS, not just tenant_id.
    const conds = nodes.map((n) => n['Index Cond'] ?? '').join(' ');
    expect(conds).toMatch(/word >= /);
  });

  it('two words in the biggest tenant are one trigram GIN lookup for both', async () => {
    const nodes = await planOf(TENANTS[0]?.id ?? '', 'משה כה');
    const { seq, indexes } = searchScans(nodes);
    expect(seq.map((n) => n['Relation Name'])).toEqual([]);
    expect(indexes).toContain('search_documents_trgm_idx');
    // The trigram condition itself reaches the index, not just tenant_id (RLS would prevent it).
    expect(nodes.map((n) => n['Index Cond'] ?? '').join(' ')).toMatch(/norm_text ~ /);
  });

  it.each(['כהן', 'sha'])('%s in the smaller tenants never scans the table', async (q) => {
    for (const tenant of TENANTS.slice(1)) {
      const { seq, indexes } = searchScans(await planOf(tenant.id, q));
      expect(seq.map((n) => n['Relation Name'])).toEqual([]);
      expect(indexes).toContain('search_words_prefix_idx');
    }
  });

  it.each(['052-123 4567', '0502000123', '+972502000123'])(
    'the phone %s uses the keys GIN index',
    async (q) => {
      const { seq, indexes } = searchScans(await planOf(TENANTS[0]?.id ?? '', q));
      expect(seq.map((n) => n['Relation Name'])).toEqual([]);
      expect(indexes).toContain('search_documents_keys_idx');
    },
  );

  it('an email and a company number use the keys index too', async () => {
    for (const q of ['c17@example.co.il', '51-538585-4']) {
      const { seq, indexes } = searchScans(await planOf(TENANTS[1]?.id ?? '', q));
      expect(seq, q).toEqual([]);
      expect(indexes, q).toContain('search_documents_keys_idx');
    }
  });

  it('two letters still go through an index inside the tenant', async () => {
    const { seq } = searchScans(await planOf(TENANTS[0]?.id ?? '', 'כה'));
    expect(seq.map((n) => n['Relation Name'])).toEqual([]);
  });

  it('the plans actually find the rows (the statement is not trivially empty)', async () => {
    const tenant = TENANTS[0]?.id ?? '';
    const query = buildSearchSql(tenant, parseSearchQuery('כהן'), ['account', 'contact', 'lead', 'deal'], 5);
    if (!query) throw new Error('no query');
    const rows = await db.tenantTx({ role: 'staff', tenantId: tenant }, async (tx) =>
      rowsOf<{ title: string }>(await tx.execute(query)),
    );
    expect(rows).toHaveLength(20);
    for (const r of rows) expect(r.title).toContain('כהן');
  });
});
