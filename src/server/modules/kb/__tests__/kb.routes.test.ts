import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { inviteAndAccept, type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { call, createArticle, published } from './kb-fixtures.js';

let t: TestApp;
let owner: Staff;
let agent: Staff;

beforeAll(async () => {
  t = await buildTestApp();
  owner = await signupTenant(t.app);
  agent = await inviteAndAccept(t.app, owner, { role: 'agent' });
});
afterAll(() => t.close());

describe('kb staff API', () => {
  it('creates, reads, updates with If-Match and deletes categories and articles, with audit rows', async () => {
    const cat = await call(t, owner, 'POST', '/api/v1/kb/categories', { nameHe: 'התקנה', nameEn: 'Setup' });
    expect(cat.statusCode, cat.body).toBe(201);
    const catId = cat.json().id as string;

    const a = await createArticle(t, owner, {
      categoryId: catId,
      tags: ['router', 'router'],
      translations: { he: { title: 'איך מתקינים', body: '# כותרת\n\nטקסט **מודגש**' } },
    });
    expect(a.translations.he?.bodyHtml).toContain('<h1>כותרת</h1>');
    expect(a.translations.he?.bodyHtml).toContain('<strong>מודגש</strong>');

    const got = await call(t, agent, 'GET', `/api/v1/kb/articles/${a.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json()).toMatchObject({
      status: 'draft',
      visibility: 'internal',
      tags: ['router'],
      categoryId: catId,
    });
    expect(got.headers.etag).toBe('"1"');

    // Agents read but do not write.
    expect((await call(t, agent, 'POST', '/api/v1/kb/articles', published('x'))).statusCode).toBe(403);

    const noVersion = await call(t, owner, 'PATCH', `/api/v1/kb/articles/${a.id}`, { status: 'published' });
    expect(noVersion.statusCode).toBe(428);
    const ok = await call(
      t,
      owner,
      'PATCH',
      `/api/v1/kb/articles/${a.id}`,
      { status: 'published', visibility: 'public', translations: { en: { title: 'How to install' } } },
      { 'if-match': '"1"' },
    );
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ version: 2, status: 'published' });
    expect(ok.json().publishedAt).not.toBeNull();
    expect(Object.keys(ok.json().translations).sort()).toEqual(['en', 'he']);
    const stale = await call(
      t,
      owner,
      'PATCH',
      `/api/v1/kb/articles/${a.id}`,
      { tags: [] },
      { 'if-match': '"1"' },
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('VERSION_CONFLICT');
    // Removing the last language is refused.
    const none = await call(
      t,
      owner,
      'PATCH',
      `/api/v1/kb/articles/${a.id}`,
      { translations: { he: null, en: null } },
      { 'if-match': '"2"' },
    );
    expect(none.statusCode).toBe(400);

    const list = await call(t, agent, 'GET', `/api/v1/kb/articles?categoryId=${catId}&status=published`);
    expect(list.json().items.map((i: { id: string }) => i.id)).toEqual([a.id]);

    // Deleting the category keeps its articles, uncategorised.
    expect((await call(t, owner, 'DELETE', `/api/v1/kb/categories/${catId}`)).statusCode).toBe(204);
    expect((await call(t, owner, 'GET', `/api/v1/kb/articles/${a.id}`)).json().categoryId).toBeNull();
    expect((await call(t, owner, 'DELETE', `/api/v1/kb/articles/${a.id}`)).statusCode).toBe(204);
    expect((await call(t, owner, 'GET', `/api/v1/kb/articles/${a.id}`)).statusCode).toBe(404);

    const audit = await call(t, owner, 'GET', '/api/v1/audit-log?limit=50');
    const actions = audit.json().items.map((i: { action: string }) => i.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'kb.category.created',
        'kb.article.created',
        'kb.article.updated',
        'kb.category.deleted',
        'kb.article.deleted',
      ]),
    );
  });

  it('refuses an unknown category or related article (400) and bad input without a 500', async () => {
    const bad = await call(t, owner, 'POST', '/api/v1/kb/articles', {
      categoryId: '0190a000-0000-7000-8000-000000000000',
      translations: { he: { title: 'x' } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('categoryId');
    const rel = await call(t, owner, 'POST', '/api/v1/kb/articles', {
      relatedIds: ['0190a000-0000-7000-8000-000000000000'],
      translations: { he: { title: 'x' } },
    });
    expect(rel.statusCode).toBe(400);
    const empty = await call(t, owner, 'POST', '/api/v1/kb/articles', { translations: {} });
    expect(empty.statusCode).toBe(400);
    expect((await call(t, owner, 'GET', '/api/v1/kb/articles?cursor=garbage')).statusCode).toBe(400);
  });

  it('sanitises bodies: no script, no event handlers, no javascript: links, http(s) images only', async () => {
    const body = [
      '# Title',
      '<script>alert(1)</script>',
      '<img src="x.png" onerror="alert(2)">',
      '<img src="https://cdn.example/a.png" alt="ok">',
      '<img src="data:image/png;base64,AAAA">',
      '[click](javascript:alert(3)) [site](https://example.com)',
      '<p onclick="x()" style="color:red">para</p>',
      '| a | b |\n|---|---|\n| 1 | 2 |',
      '> quote',
      '```js\nconst x = 1;\n```',
    ].join('\n\n');
    const a = await createArticle(t, owner, { translations: { he: { title: 'safe', body } } });
    const html = a.translations.he?.bodyHtml ?? '';
    expect(html).not.toMatch(/script|onerror|onclick|javascript:|data:|style=/i);
    expect(html).toContain('<img src="https://cdn.example/a.png" alt="ok" />');
    expect(html).toContain('<a href="https://example.com" rel="noopener noreferrer">site</a>');
    expect(html).toContain('<table>');
    expect(html).toContain('<blockquote>');
    expect(html).toContain('<code class="language-js">');
    const asHtml = await createArticle(t, owner, {
      translations: {
        en: {
          title: 'html',
          body: '<h2 onmouseover="x">Hi</h2><iframe src="https://e.vil"></iframe>',
          format: 'html',
        },
      },
    });
    expect(asHtml.translations.en?.bodyHtml).toBe('<h2>Hi</h2>');
  });
});
