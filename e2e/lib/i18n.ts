import { he, type Messages } from '../../src/web/i18n/he.js';

export type Lang = 'he' | 'en';
export { he, type Messages };

// en.ts imports './he' without an extension (fine for Vite, an error for the NodeNext typecheck that
// covers e2e/), so it is loaded through a specifier tsc does not follow; its type is he.ts's.
const EN_MODULE = '../../src/web/i18n/en.ts';
export const { en } = (await import(EN_MODULE)) as { en: Messages };

export const messages = (lang: Lang): Messages => (lang === 'he' ? he : en);

/** i18next-style interpolation, for strings such as 'Role of {{name}}'. */
export const fill = (template: string, vars: Record<string, string>): string =>
  template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => vars[key] ?? `{{${key}}}`);
