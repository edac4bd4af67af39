import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { beforeEach, expect, onTestFailed } from 'vitest';
import type { Lang } from './i18n.js';
import { REPO_ROOT } from './server.js';

const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'e2e/artifacts');

/** Debian's Chromium, headless; never a downloaded browser. */
export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });

/** A fresh browser profile (cookies, localStorage) pointed at one server. */
export const newContext = async (browser: Browser, baseURL: string): Promise<BrowserContext> => {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1280, height: 800 },
    locale: 'he-IL',
    timezoneId: 'Asia/Jerusalem',
  });
  // well under the test timeout, so one missing element fails its own test quickly
  context.setDefaultTimeout(15_000);
  return context;
};

const htmlLocale = async (page: Page) => {
  const html = page.locator('html');
  return { lang: await html.getAttribute('lang'), dir: await html.getAttribute('dir') };
};

/** Waits until `<html lang dir>` says the UI is in `lang`. */
export const expectLang = async (page: Page, lang: Lang) => {
  await expect
    .poll(() => htmlLocale(page), { timeout: 10_000 })
    .toEqual({ lang, dir: lang === 'he' ? 'rtl' : 'ltr' });
};

/** Saves `e2e/artifacts/<name>-<lang>.png`, the language read from the page itself. */
export const screenshot = async (page: Page, name: string): Promise<string> => {
  const { lang } = await htmlLocale(page);
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, `${name}-${lang ?? 'unknown'}.png`);
  // a string, not a function: e2e/ is typechecked without the DOM lib
  await page.evaluate('document.fonts.ready.then(() => undefined)');
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
};

/**
 * When a test fails, saves each open page as `e2e/artifacts/failed-<test>-<n>.png` and its URL
 * to the console, so a CI failure can be seen, not guessed.
 */
export const screenshotOnFailure = (pages: () => (Page | undefined)[]) => {
  beforeEach(() => {
    onTestFailed(async ({ task }) => {
      mkdirSync(ARTIFACTS_DIR, { recursive: true });
      const slug = task.name.replace(/[^\w]+/g, '-').slice(0, 60);
      let n = 0;
      for (const page of pages()) {
        if (!page || page.isClosed()) continue;
        n += 1;
        const file = path.join(ARTIFACTS_DIR, `failed-${slug}-${n}.png`);
        await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
        console.error(`failure screenshot: ${file} (${page.url()})`);
      }
    });
  });
};
