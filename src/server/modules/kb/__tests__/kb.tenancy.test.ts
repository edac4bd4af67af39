import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { systemClock } from '../../../platform/clock.js';
import { createKbModule, type KbModule } from '../index.js';
import { call, createArticle, portalCtx, published } from './kb-fixtures.js';

let t: TestApp;
let a: Staff;
let b: Staff;
let kb: KbModule;
let article: { id: string; version: number };
let categoryId: string;

beforeAll(async () => {
  t = await buildTestApp();
  kb = createKbModule({ database: t.database, clock: systemClock });
  a = await signupTenant(t.app);
  b = await signupTenant(t.app);
  categoryId = (await call(t, a, 'POST', '/api/v1/kb/categories', { nameHe: 'של א' })).json().id;
  article = await createArticle(t, a, { ...published('מאמר של א', 'גוף'), categoryId });
});
afterAll(() => t.close());

describe('kb tenancy', () => {
  it("another tenant's staff get 404 on every article and category route, and nothing changes", async () => {
    const before = (await call(t, a, 'GET', `/api/v1/kb/articles/${article.id}`)).json();
    const u = `/api/v1/kb/articles/${article.id}`;
    expect((await call(t, b, 'GET', u)).statusCode).toBe(404);
    expect((await call(t, b, 'PATCH', u, { status: 'draft' }, { 'if-match': '"1"' })).statusCode).toBe(404);
    expect((await call(t, b, 'DELETE', u)).statusCode).toBe(404);
    const c = `/api/v1/kb/categories/${categoryId}`;
    expect((await call(t, b, 'PATCH', c, { nameHe: 'x' }, { 'if-match': '"1"' })).statusCode).toBe(404);
    expect((await call(t, b, 'DELETE', c)).statusCode).toBe(404);
    expect((await call(t, b, 'GET', '/api/v1/kb/articles')).json().items).toEqual([]);
    expect((await call(t, b, 'GET', '/api/v1/kb/categories')).json().items).toEqual([]);
    // Pointing at A's category or article from B is an unknown reference (400), not a link.
    const cross = await call(t, b, 'POST', '/api/v1/kb/articles', {
      categoryId,
      relatedIds: [article.id],
      translations: { he: { title: 'x' } },
    });
    expect(cross.statusCode).toBe(400);
    expect((await call(t, a, 'GET', `/api/v1/kb/articles/${article.id}`)).json()).toEqual(before);
  });

  it("another tenant's portal contacts and help centre see nothing of it and change no counter", async () => {
    const rb = kb.portalReader(portalCtx(b));
    await expect(kb.reader.view(rb, article.id, 'he')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(kb.reader.feedback(rb, article.id, true)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await kb.reader.list(rb, { q: 'מאמר', locale: 'he', limit: 10 })).items).toEqual([]);
    const pubB = `/api/public/v1/kb/${b.tenant.slug}/articles/${article.id}`;
    expect((await call(t, null, 'GET', pubB)).statusCode).toBe(404);
    expect((await call(t, null, 'POST', `${pubB}/feedback`, { helpful: true })).statusCode).toBe(404);
    const after = (await call(t, a, 'GET', `/api/v1/kb/articles/${article.id}`)).json();
    expect(after).toMatchObject({ viewCount: 0, helpfulYes: 0, helpfulNo: 0, version: 1 });
  });
});
