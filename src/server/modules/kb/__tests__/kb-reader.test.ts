import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { systemClock } from '../../../platform/clock.js';
import { createKbModule, type KbModule } from '../index.js';
import { call, createArticle, portalCtx, published } from './kb-fixtures.js';

// Portal contacts are driven through the reader use cases with the exact actor a portal session
// yields (queries run as kesher_portal under its policies); the public help centre through HTTP.
let t: TestApp;
let a: Staff;
let kb: KbModule;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await buildTestApp();
  kb = createKbModule({ database: t.database, clock: systemClock });
  a = await signupTenant(t.app);
  ids.pub = (await createArticle(t, a, published('הגדרת הנתב', 'מחברים את הכבל לשקע', 'public'))).id;
  ids.portal = (await createArticle(t, a, published('חשבונית חודשית', 'איפה רואים חשבונית', 'portal'))).id;
  ids.internal = (await createArticle(t, a, published('נוהל פנימי לנתב', 'סודי', 'internal'))).id;
  ids.draft = (
    await createArticle(t, a, {
      visibility: 'public',
      status: 'draft',
      translations: { he: { title: 'טיוטה על הנתב' } },
    })
  ).id;
  ids.niqqud = (await createArticle(t, a, published('שָׁלוֹם עולם', 'גוף עם הַתְקָנָה ומדפסת'))).id;
  ids.bodyOnly = (await createArticle(t, a, published('מדריך כללי', 'כאן מוסבר על הנתב בפירוט'))).id;
  ids.en = (
    await createArticle(t, a, {
      visibility: 'public',
      status: 'published',
      relatedIds: [ids.pub as string, ids.internal as string, ids.draft as string],
      translations: {
        he: { title: 'איפוס סיסמה', body: 'לוחצים על שכחתי' },
        en: { title: 'Reset your password', body: 'Click **forgot password**' },
      },
    })
  ).id;
});
afterAll(() => t.close());

const idsOf = (p: { items: Array<{ id: string }> }) => p.items.map((i) => i.id);
const pub = (path: string) => `/api/public/v1/kb/${a.tenant.slug}${path}`;

describe('kb search', () => {
  it('is Hebrew-aware: niqqud, final letters, one-letter prefixes; titles rank above bodies', async () => {
    const r = kb.portalReader(portalCtx(a));
    const s = (q: string) => kb.reader.list(r, { q, locale: 'he', limit: 20 });
    // Niqqud in the text and none in the query, and the other way round.
    expect(idsOf(await s('שלום'))).toEqual([ids.niqqud]);
    expect(idsOf(await s('הַתקנה'))).toEqual([ids.niqqud]);
    // Final letter typed as a regular one (mid-word form) still finds "שלום".
    expect(idsOf(await s('שלומ'))).toEqual([ids.niqqud]);
    // Prefixes: "בהתקנה" → "התקנה"; "ומדפסת" in the text is found by "מדפסת"; "הנתב" by "נתב".
    expect(idsOf(await s('בהתקנה'))).toEqual([ids.niqqud]);
    expect(idsOf(await s('מדפסת'))).toEqual([ids.niqqud]);
    const router = await s('נתב');
    // Title match (הגדרת הנתב) above the body-only match; internal and draft never show.
    expect(idsOf(router)).toEqual([ids.pub, ids.bodyOnly]);
    expect(router.items[0]?.score).toBeGreaterThan(router.items[1]?.score ?? 0);
    expect(idsOf(await s('ו'))).toEqual([]);
  });

  it('staff search sees internal and drafts; suggest gives at most 5 for a ticket subject', async () => {
    const staff = await call(t, a, 'GET', `/api/v1/kb/articles?q=${encodeURIComponent('הנתב')}`);
    expect(new Set(idsOf(staff.json()))).toEqual(new Set([ids.pub, ids.internal, ids.draft, ids.bodyOnly]));
    const sug = await kb.reader.suggest(kb.portalReader(portalCtx(a)), 'בעיה עם הנתב', 'he');
    expect(sug.items.length).toBeLessThanOrEqual(5);
    expect((await kb.reader.suggest(kb.portalReader(portalCtx(a)), 'נתב', 'he')).items[0]?.id).toBe(ids.pub);
  });

  it('falls back to the other language and says which one it returned', async () => {
    const r = kb.portalReader(portalCtx(a));
    const en = await kb.reader.view(r, ids.en as string, 'en');
    expect(en).toMatchObject({ locale: 'en', requestedLocale: 'en', title: 'Reset your password' });
    expect(en.bodyHtml).toContain('<strong>forgot password</strong>');
    const he = await kb.reader.view(r, ids.pub as string, 'en');
    expect(he).toMatchObject({ locale: 'he', requestedLocale: 'en', locales: ['he'], title: 'הגדרת הנתב' });
    const list = await kb.reader.list(r, { locale: 'en', limit: 50 });
    const row = list.items.find((i) => i.id === ids.en);
    expect(row).toMatchObject({ locale: 'en', locales: ['en', 'he'] });
    expect(list.items.find((i) => i.id === ids.pub)?.locale).toBe('he');
    // Related: only the published, visible ones, in the author's order.
    expect(en.related.map((x) => x.id)).toEqual([ids.pub]);
  });
});

describe('kb visibility matrix', () => {
  it('staff see everything; portal sees public+portal published; anonymous sees public published', async () => {
    const staff = idsOf((await call(t, a, 'GET', '/api/v1/kb/articles?limit=50')).json());
    expect(staff).toEqual(expect.arrayContaining(Object.values(ids)));

    const r = kb.portalReader(portalCtx(a));
    const portal = idsOf(await kb.reader.list(r, { locale: 'he', limit: 50 }));
    expect(portal).toContain(ids.pub);
    expect(portal).toContain(ids.portal);
    expect(portal).not.toContain(ids.internal);
    expect(portal).not.toContain(ids.draft);
    for (const hidden of [ids.internal, ids.draft]) {
      await expect(kb.reader.view(r, hidden as string, 'he')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(kb.reader.feedback(r, hidden as string, true)).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    }

    const anon = idsOf((await call(t, null, 'GET', pub('/articles?limit=50'))).json());
    expect(anon).toContain(ids.pub);
    expect(anon).not.toContain(ids.portal);
    expect(anon).not.toContain(ids.internal);
    expect(anon).not.toContain(ids.draft);
    for (const hidden of [ids.portal, ids.internal, ids.draft]) {
      expect((await call(t, null, 'GET', pub(`/articles/${hidden}`))).statusCode).toBe(404);
      expect(
        (await call(t, null, 'POST', pub(`/articles/${hidden}/feedback`), { helpful: true })).statusCode,
      ).toBe(404);
    }
    expect((await call(t, null, 'GET', '/api/public/v1/kb/no-such-workspace/articles')).statusCode).toBe(404);
    // A staff session is no portal session.
    expect((await call(t, a, 'GET', '/api/portal/v1/kb/articles')).statusCode).toBe(401);
  });

  it('categories: internal ones hidden from the portal, only public ones for anonymous readers', async () => {
    const mk = async (nameHe: string, visibility: string) =>
      (await call(t, a, 'POST', '/api/v1/kb/categories', { nameHe, visibility })).json().id as string;
    const cPub = await mk('כללי', 'public');
    const cPortal = await mk('לקוחות', 'portal');
    const cInt = await mk('צוות', 'internal');
    const portal = (await kb.reader.categories(kb.portalReader(portalCtx(a)), 'en')).items;
    expect(portal.map((c) => c.id)).toEqual(expect.arrayContaining([cPub, cPortal]));
    expect(portal.map((c) => c.id)).not.toContain(cInt);
    // No English name: the Hebrew one stands in.
    expect(portal.find((c) => c.id === cPub)?.name).toBe('כללי');
    const anon = (await call(t, null, 'GET', pub('/categories')))
      .json()
      .items.map((c: { id: string }) => c.id);
    expect(anon).toContain(cPub);
    expect(anon).not.toContain(cPortal);
    expect(anon).not.toContain(cInt);
  });
});

describe('kb views and votes', () => {
  it('counts views, one changeable vote per contact, counters kept on the article', async () => {
    const contact = randomUUID();
    const r = kb.portalReader(portalCtx(a, contact));
    const v1 = await kb.reader.view(r, ids.portal as string, 'he');
    const v2 = await kb.reader.view(r, ids.portal as string, 'he');
    expect(v2.viewCount).toBe(v1.viewCount + 1);
    expect(v2.myVote).toBeNull();
    expect(await kb.reader.feedback(r, ids.portal as string, true)).toMatchObject({
      helpfulYes: 1,
      helpfulNo: 0,
    });
    expect(await kb.reader.feedback(r, ids.portal as string, true)).toMatchObject({
      helpfulYes: 1,
      helpfulNo: 0,
    });
    expect(await kb.reader.feedback(r, ids.portal as string, false)).toMatchObject({
      helpfulYes: 0,
      helpfulNo: 1,
    });
    // Another contact of another account adds its own vote.
    const other = kb.portalReader(portalCtx(a));
    expect(await kb.reader.feedback(other, ids.portal as string, true)).toMatchObject({
      helpfulYes: 1,
      helpfulNo: 1,
    });
    expect((await kb.reader.view(r, ids.portal as string, 'he')).myVote).toBe(false);
    const staff = (await call(t, a, 'GET', `/api/v1/kb/articles/${ids.portal}`)).json();
    expect(staff).toMatchObject({ helpfulYes: 1, helpfulNo: 1, viewCount: v1.viewCount + 2 });
  });

  it('anonymous votes are keyed by a cookie, changeable, and rate-limited per IP', async () => {
    const url = pub(`/articles/${ids.pub}/feedback`);
    const first = await t.app.inject({
      method: 'POST',
      url,
      payload: { helpful: true },
      remoteAddress: '10.9.9.1',
    });
    expect(first.statusCode, first.body).toBe(200);
    const cookie = first.cookies.find((c) => c.name === 'kesher_kb_voter');
    expect(cookie?.httpOnly).toBe(true);
    const headers = { cookie: `kesher_kb_voter=${cookie?.value}` };
    const again = await t.app.inject({
      method: 'POST',
      url,
      payload: { helpful: false },
      headers,
      remoteAddress: '10.9.9.1',
    });
    expect(again.json()).toMatchObject({ helpfulYes: 0, helpfulNo: 1 });
    const seen = await t.app.inject({ method: 'GET', url: pub(`/articles/${ids.pub}`), headers });
    expect(seen.json().myVote).toBe(false);
    // Another browser (no cookie) is another voter.
    const b = await t.app.inject({
      method: 'POST',
      url,
      payload: { helpful: true },
      remoteAddress: '10.9.9.2',
    });
    expect(b.json()).toMatchObject({ helpfulYes: 1, helpfulNo: 1 });
    let last = 200;
    for (let i = 0; i < 31 && last === 200; i++) {
      last = (
        await t.app.inject({ method: 'POST', url, payload: { helpful: true }, remoteAddress: '10.9.9.3' })
      ).statusCode;
    }
    expect(last).toBe(429);
  });
});
