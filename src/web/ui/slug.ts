// A latin workspace slug suggested from an organization name, Hebrew included (2–40 characters, as
// ZSlug). Only a suggestion: the user edits it freely.
const HEBREW_TO_LATIN: Record<string, string> = {
  א: 'a',
  ב: 'b',
  ג: 'g',
  ד: 'd',
  ה: 'h',
  ו: 'v',
  ז: 'z',
  ח: 'ch',
  ט: 't',
  י: 'y',
  כ: 'k',
  ך: 'k',
  ל: 'l',
  מ: 'm',
  ם: 'm',
  נ: 'n',
  ן: 'n',
  ס: 's',
  ע: 'a',
  פ: 'p',
  ף: 'f',
  צ: 'tz',
  ץ: 'tz',
  ק: 'k',
  ר: 'r',
  ש: 'sh',
  ת: 't',
};

export const suggestSlug = (name: string): string =>
  name
    .normalize('NFKD')
    .replace(/\p{Mn}/gu, '') // accents and niqqud
    .toLowerCase()
    .replace(/[\u05d0-\u05ea]/g, (letter) => HEBREW_TO_LATIN[letter] ?? '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
