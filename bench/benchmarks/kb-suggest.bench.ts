// Knowledge-base suggestions as a signed-in portal customer types a ticket subject
// (GET /api/portal/v1/kb/suggest, the new-ticket deflection form) and the portal's article search
// (GET /api/portal/v1/kb/articles?q=), on 2,000 articles in Hebrew and English. Beside a bare
// node:http server running one hand-written title lookup as kesher_portal (the floor: the cheapest
// indexed statement that finds a page of matching articles, not Kesher's full ranking).

import { randomBytes } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { listKbArticles } from '../../src/server/modules/kb/kb-search.js';
import type { Tx } from '../../src/server/platform/db/database.js';
import { normaliseText } from '../../src/shared/hebrew-normalise.js';
import { defineBenchmark } from '../lib/benchmark.js';
import { openBarePortalDb, signupPortalUser } from '../lib/portal.js';
import { signupStaff } from '../lib/seed.js';

const HE_WORDS = [
  'התקנה',
  'נתב',
  'חשבונית',
  'תשלום',
  'הזמנה',
  'משלוח',
  'החזרה',
  'סיסמה',
  'משתמש',
  'הרשאות',
  'מדפסת',
  'סריקה',
  'גיבוי',
  'שחזור',
  'עדכון',
  'גרסה',
  'רישיון',
  'מנוי',
  'ביטול',
  'זיכוי',
  'אשראי',
  'העברה',
  'בנקאית',
  'מחסן',
  'מלאי',
  'ספק',
  'לקוח',
  'כתובת',
  'טלפון',
  'דואר',
  'אלקטרוני',
  'הודעה',
  'התראה',
  'דוח',
  'חודשי',
  'שנתי',
  'מע״מ',
  'קבלה',
  'תעודת',
  'משלוח',
  'אחריות',
  'תיקון',
  'טכנאי',
  'ביקור',
  'תקלה',
  'חיבור',
  'אינטרנט',
  'אלחוטי',
  'רשת',
  'שרת',
  'מחשב',
  'נייד',
  'אפליקציה',
  'חנות',
  'קופה',
  'מסוף',
  'כרטיס',
  'הנחה',
  'קופון',
  'מבצע',
  'מחירון',
  'הצעת',
  'מחיר',
  'חוזה',
  'חתימה',
  'מסמך',
];
const EN_WORDS = [
  'install',
  'router',
  'invoice',
  'payment',
  'order',
  'shipping',
  'return',
  'password',
  'user',
  'permissions',
  'printer',
  'scan',
  'backup',
  'restore',
  'update',
  'version',
  'licence',
  'subscription',
  'cancel',
  'credit',
  'transfer',
  'warehouse',
  'stock',
  'supplier',
  'customer',
  'address',
  'phone',
  'email',
  'message',
  'alert',
  'report',
  'monthly',
  'yearly',
  'receipt',
  'warranty',
  'repair',
  'technician',
  'visit',
  'fault',
  'connection',
  'internet',
  'wireless',
  'network',
  'server',
  'laptop',
  'app',
  'store',
  'register',
  'terminal',
  'card',
  'discount',
  'coupon',
  'sale',
  'pricelist',
  'quote',
];

const ARTICLES = 2_000;

/**
 * Kesher's suggest statements for a query that matches nothing (so every band runs), as text with
 * their values inlined, for --explain (read, not run).
 */
const kesherStatements = async (tenantId: string, q: string): Promise<string[]> => {
  const captured: SQL[] = [];
  const tx = {
    execute: async (query: SQL) => {
      captured.push(query);
      return { rows: [] };
    },
  } as unknown as Tx;
  await listKbArticles(tx, {
    tenantId,
    where: [sql`a.status = 'published' and a.visibility in ('public', 'portal')`],
    q,
    locale: 'he',
    limit: 5,
    order: 'position',
  });
  return captured.map((query) => {
    const { sql: text, params } = new PgDialect().sqlToQuery(query);
    return text.replace(/\$(\d+)\b/g, (_m, n: string) => {
      const v = params[Number(n) - 1];
      return typeof v === 'number' ? String(v) : pg.escapeLiteral(String(v));
    });
  });
};

/** A deterministic pseudo-random sequence, so every run seeds and asks the same. */
const rng = (seed: number) => () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};

export default defineBenchmark({
  name: 'kb-suggest',
  description: `GET /api/portal/v1/kb/suggest and /kb/articles?q= as a portal user, ${ARTICLES.toLocaleString('en')} articles he/en`,
  options: { explain: { type: 'boolean' } },
  async prepare(env) {
    const app = env.kesher.app;
    const staff = await signupStaff(app);
    const rand = rng(42);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
    const words = (xs: readonly string[], n: number) => Array.from({ length: n }, () => pick(xs)).join(' ');
    const paragraph = (xs: readonly string[]) =>
      Array.from({ length: 8 }, () => `${words(xs, 12)}.`).join(' ');

    const t0 = performance.now();
    const titles: string[] = [];
    const creates: Promise<void>[] = [];
    for (let i = 0; i < ARTICLES; i++) {
      const heTitle = `${words(HE_WORDS, 3 + (i % 4))} ${i}`;
      const enTitle = `${words(EN_WORDS, 3 + (i % 4))} ${i}`;
      // Most articles in both languages, some in one only (the reader falls back to the other).
      const which = i % 10;
      const translations: Record<string, { title: string; body: string }> = {};
      if (which !== 9)
        translations.he = {
          title: heTitle,
          body: `## ${heTitle}\n\n${paragraph(HE_WORDS)}\n\n- ${paragraph(HE_WORDS)}`,
        };
      if (which < 7 || which === 9)
        translations.en = {
          title: enTitle,
          body: `## ${enTitle}\n\n${paragraph(EN_WORDS)}\n\n- ${paragraph(EN_WORDS)}`,
        };
      if (translations.he) titles.push(heTitle);
      const visibility = i % 10 === 8 ? 'internal' : i % 10 === 7 ? 'portal' : 'public';
      const status = i % 20 === 19 ? 'draft' : 'published';
      creates.push(
        app
          .inject({
            method: 'POST',
            url: '/api/v1/kb/articles',
            headers: staff.headers,
            payload: { visibility, status, translations },
          })
          .then((res) => {
            if (res.statusCode !== 201) throw new Error(`article: ${res.statusCode} ${res.body}`);
          }),
      );
      if (creates.length === 16) await Promise.all(creates.splice(0));
    }
    await Promise.all(creates);
    await env.db.database.executeSql('analyze kb_articles; analyze kb_article_translations');
    const seedSeconds = (performance.now() - t0) / 1000;

    const account = await app.inject({
      method: 'POST',
      url: '/api/v1/accounts',
      headers: staff.headers,
      payload: { name: `לקוח ${randomBytes(2).toString('hex')}` },
    });
    const accountId = (account.json() as { id: string }).id;
    const customer = await signupPortalUser(app, staff, accountId);

    // What customers type: the start of a title word, a whole word, two words, a typo.
    const queries: string[] = [];
    for (let i = 0; i < 400; i++) {
      const title = pick(titles).split(' ');
      const w = pick(title.slice(0, -1));
      switch (i % 4) {
        case 0:
          queries.push(w.slice(0, Math.max(3, w.length - 2)));
          break;
        case 1:
          queries.push(w);
          break;
        case 2:
          queries.push(`${title[0]} ${title[1] ?? ''}`.trim());
          break;
        default: {
          // one letter swapped with its neighbour: "תשלמו" for "תשלום"
          const k = Math.min(w.length - 2, 2);
          queries.push(w.length >= 5 ? `${w.slice(0, k)}${w[k + 1]}${w[k]}${w.slice(k + 2)}` : w);
        }
      }
    }
    const paths = (route: 'suggest' | 'articles') =>
      queries.map((q) => ({
        path:
          route === 'suggest'
            ? `/api/portal/v1/kb/suggest?locale=he&q=${encodeURIComponent(q)}`
            : `/api/portal/v1/kb/articles?locale=he&limit=20&q=${encodeURIComponent(q)}`,
      }));

    // The floor: one indexed-table lookup of matching published titles in the reader's language.
    const bareDb = openBarePortalDb(env.db, env.poolSize);
    const scope = {
      tenantId: staff.tenant.id,
      accountId,
      contactId: customer.contactId,
      scope: 'account' as const,
    };
    const bare = await import('../lib/bare.js').then((m) =>
      m.startBareServer({
        'GET /suggest': async (req) => {
          const q = normaliseText(new URL(req.url ?? '', 'http://x').searchParams.get('q') ?? '');
          const re = `(^| )${q.replace(/[.*+?^${}()|[\]\\]/g, (c) => `\\${c}`)}`;
          const rows = await bareDb.portalQuery<{ id: string; title: string }>(
            scope,
            `select a.id, t.title from kb_article_translations t
             join kb_articles a on a.tenant_id = t.tenant_id and a.id = t.article_id
             where t.tenant_id = $1 and t.locale = 'he' and t.norm_title ~ $2
               and a.status = 'published' and a.visibility in ('public', 'portal')
             order by a.id desc limit 5`,
            [staff.tenant.id, re],
          );
          return { status: 200, body: { items: rows } };
        },
      }),
    );

    // Both answer, and the suggestions are real: a typed title word finds its article.
    const probe = await app.inject({
      method: 'GET',
      url: paths('suggest')[1]?.path ?? '',
      headers: customer.headers,
    });
    const hits = (probe.json() as { items: { title: string }[] }).items;
    if (probe.statusCode !== 200 || hits.length === 0)
      throw new Error(`suggest: ${probe.statusCode} ${probe.body}`);
    const bareProbe = await fetch(`${bare.url}/suggest?q=${encodeURIComponent(queries[1] ?? '')}`);
    if (bareProbe.status !== 200 || ((await bareProbe.json()) as { items: unknown[] }).items.length === 0)
      throw new Error('bare suggest found nothing');

    if (env.options.explain) {
      // Alone, one at a time: which kind of query is slow.
      const kinds = ['prefix', 'word', 'two words', 'typo'];
      for (const route of ['suggest', 'articles'] as const) {
        const times: number[][] = kinds.map(() => []);
        for (const [i, r] of paths(route).entries()) {
          const t = performance.now();
          await app.inject({ method: 'GET', url: r.path, headers: customer.headers });
          times[i % 4]?.push(performance.now() - t);
        }
        const p = (xs: number[], f: number) =>
          xs.sort((x, y) => x - y)[Math.floor(xs.length * f)]?.toFixed(1);
        console.log(
          `  ${route}: ${kinds.map((k, i) => `${k} p50 ${p(times[i] ?? [], 0.5)} p95 ${p(times[i] ?? [], 0.95)} ms`).join(' · ')}`,
        );
      }
      for (const q of queries.slice(0, 4)) {
        for (const [i, statement] of (await kesherStatements(staff.tenant.id, q)).entries()) {
          const plan = await bareDb.portalQuery<Record<string, string>>(
            scope,
            `explain (analyze, buffers) ${statement}`,
            [],
          );
          const lines = plan.map((r) => `    ${Object.values(r)[0]}`).join('\n');
          console.log(`\n  EXPLAIN suggest q=${q}, statement ${i + 1}\n${lines}`);
        }
      }
    }

    return {
      targets: [
        {
          name: 'bare',
          url: `${bare.url}/suggest?q=x`,
          requests: queries.map((q) => ({ path: `/suggest?q=${encodeURIComponent(q)}` })),
        },
        {
          name: 'kesher suggest',
          url: `${env.kesher.url}${paths('suggest')[0]?.path}`,
          headers: customer.headers,
          requests: paths('suggest'),
        },
        {
          name: 'kesher articles?q=',
          url: `${env.kesher.url}${paths('articles')[0]?.path}`,
          headers: customer.headers,
          requests: paths('articles'),
        },
      ],
      notes: [
        `${ARTICLES.toLocaleString('en')} articles through POST /api/v1/kb/articles in ${seedSeconds.toFixed(1)} s: 70% he+en, 20% he only, 10% en only; 10% internal, 10% portal-only, 5% drafts; ~1.5 kB Markdown bodies`,
        `400 queries in turn: a title word's first letters, a whole word, two words, a typo (two letters swapped); suggest = 5 hits, articles = limit 20`,
        `bare: ${bareDb.via}; one statement: published he titles starting a word with q, limit 5 (no ranking, no fallback, no typo search)`,
      ],
      close: async () => {
        await bare.close();
        await bareDb.close();
      },
    };
  },
});
