import type { APIRequestContext, Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { expectLang, launchBrowser, newContext, screenshot, screenshotOnFailure } from './lib/browser.js';
import { he } from './lib/i18n.js';
import { signupOwner } from './lib/seed.js';
import { type RunningServer, startServer } from './lib/server.js';

type Translation = { title: string; bodySource: string; bodyFormat: 'markdown' | 'html'; bodyHtml: string };
type Article = { id: string; version: number; translations: Partial<Record<'he' | 'en', Translation>> };

const HE_MARKDOWN =
  '# התקנת הנתב\n\n1. מחברים את **הכבל** לשקע.\n2. מחכים לנורה ירוקה.\n\n[עזרה](https://example.com)';
const EN_HTML = '<p>Plug the <strong>cable</strong> in.</p>';

// Regression: the editor once read a `body` field the API does not send, so opening an article and
// saving it wiped its Markdown source. Opening, saving and editing must keep the source as written.
describe('KB article editor keeps the source it loads', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let api: APIRequestContext;

  screenshotOnFailure(() => [page]);

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startServer({ templateDir: inject('e2eTemplateDir') }),
      launchBrowser(),
    ]);
    const context = await newContext(browser, server.url);
    await signupOwner(context);
    api = context.request;
    page = await context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const getArticle = async (id: string): Promise<Article> => {
    const res = await api.get(`/api/v1/kb/articles/${id}`);
    expect(res.status()).toBe(200);
    return (await res.json()) as Article;
  };

  test('open, save unchanged, then edit: Markdown and HTML sources survive the round trip', async () => {
    const created = await api.post('/api/v1/kb/articles', {
      data: {
        translations: {
          he: { title: 'התקנת נתב', body: HE_MARKDOWN },
          en: { title: 'Router setup', body: EN_HTML, format: 'html' },
        },
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const { id } = (await created.json()) as Article;

    await page.goto(`/portal-admin/kb/${id}`);
    await expectLang(page, 'he');
    const body = page.getByRole('textbox', { name: he.kb.editor.body });
    // The textarea shows the Markdown as written, not its rendered HTML.
    await expect.poll(() => body.inputValue()).toBe(HE_MARKDOWN);
    await screenshot(page, 'kb-editor');

    await page.getByRole('button', { name: he.kb.editor.save, exact: true }).click();
    await page.getByText(he.kb.editor.saved).first().waitFor();
    await expect.poll(async () => (await getArticle(id)).version).toBe(2);
    const saved = await getArticle(id);
    expect(saved.translations.he).toMatchObject({ bodySource: HE_MARKDOWN, bodyFormat: 'markdown' });
    expect(saved.translations.he?.bodyHtml).toContain('<strong>הכבל</strong>');
    expect(saved.translations.en).toMatchObject({ bodySource: EN_HTML, bodyFormat: 'html' });

    // An edit lands on the source, appended to what was there.
    await expect.poll(() => body.inputValue()).toBe(HE_MARKDOWN);
    await body.press('Control+End');
    await body.pressSequentially('\n3. מוכנים.');
    await page.getByRole('button', { name: he.kb.editor.save, exact: true }).click();
    await expect.poll(async () => (await getArticle(id)).version).toBe(3);
    const edited = await getArticle(id);
    expect(edited.translations.he?.bodySource).toBe(`${HE_MARKDOWN}\n3. מוכנים.`);
    expect(edited.translations.en).toMatchObject({ bodySource: EN_HTML, bodyFormat: 'html' });
  });
});
