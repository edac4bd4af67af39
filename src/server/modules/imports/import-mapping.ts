import type { TCustomFieldDef } from '../../../shared/custom-fields.schemas.js';
import type { TFieldError } from '../../../shared/errors.js';
import type { TImportEntity, TImportMapping, TImportTarget } from '../../../shared/imports.schemas.js';

/**
 * Column mapping: which field each spreadsheet column feeds, guessed from Hebrew or English
 * headers, and how a row's cells become the input of a create (the same shape the API takes).
 */

/** A header as compared: no quotes, gershayim, dots or niqqud; lower case; single spaces. */
export const normaliseHeader = (h: string): string =>
  h
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\p{Mn}/gu, '')
    .replace(/["'`׳״\u2018\u2019\u201c\u201d.-]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

export type TargetKind =
  | 'text'
  | 'phones'
  | 'emails'
  | 'tags'
  | 'date'
  | 'kind'
  | 'status'
  | 'language'
  | 'channel'
  | 'consent'
  | 'fullName'
  | 'account'
  | 'custom';

export type TargetSpec = TImportTarget & { kind: TargetKind; synonyms: string[]; def?: TCustomFieldDef };

const t = (
  key: string,
  labelHe: string,
  labelEn: string,
  kind: TargetKind,
  synonyms: string[],
  opts: { multiple?: boolean; required?: boolean } = {},
): TargetSpec => ({
  key,
  labelHe,
  labelEn,
  kind,
  synonyms,
  multiple: opts.multiple ?? false,
  required: opts.required ?? false,
});

const PHONE_WORDS = [
  'טלפון',
  'טלפונים',
  'טל',
  'נייד',
  'טלפון נייד',
  'פלאפון',
  'סלולרי',
  'סלולר',
  'מספר טלפון',
  'טלפון משרד',
  'phone',
  'phones',
  'mobile',
  'mobile phone',
  'tel',
  'telephone',
  'cell',
  'cellphone',
  'cell phone',
  'phone number',
  'office phone',
];
const EMAIL_WORDS = [
  'דואל',
  'אימייל',
  'מייל',
  'דואר אלקטרוני',
  'כתובת מייל',
  'כתובת דואל',
  'email',
  'emails',
  'mail',
  'email address',
];
const shared = () => [
  t('phones', 'טלפון', 'Phone', 'phones', PHONE_WORDS, { multiple: true }),
  t('emails', 'דוא"ל', 'Email', 'emails', EMAIL_WORDS, { multiple: true }),
  t('fax', 'פקס', 'Fax', 'text', ['פקס', 'מספר פקס', 'fax', 'fax number']),
  t('tags', 'תגיות', 'Tags', 'tags', ['תגיות', 'תגית', 'tags', 'tag', 'labels'], { multiple: true }),
];

const ACCOUNT_TARGETS = (): TargetSpec[] => [
  t(
    'name',
    'שם',
    'Name',
    'text',
    [
      'שם חברה',
      'שם לקוח',
      'שם',
      'חברה',
      'לקוח',
      'שם העסק',
      'שם עסק',
      'company',
      'company name',
      'name',
      'customer',
      'customer name',
      'account',
      'account name',
      'business name',
    ],
    { required: true },
  ),
  t('kind', 'סוג לקוח', 'Customer type', 'kind', ['סוג', 'סוג לקוח', 'type', 'kind', 'customer type']),
  t('companyNumber', 'ח.פ./ע.מ.', 'Company number', 'text', [
    'חפ',
    'עמ',
    'חפ עמ',
    'עמ חפ',
    'חפ תז',
    'מספר חברה',
    'מספר עוסק',
    'עוסק מורשה',
    'תז',
    'מספר זהות',
    'company number',
    'company no',
    'company id',
    'registration number',
    'business number',
    'vat number',
    'vat id',
    'tax id',
  ]),
  ...shared(),
  t('address.street', 'כתובת', 'Street', 'text', ['כתובת', 'רחוב', 'address', 'street', 'street address']),
  t('address.city', 'עיר', 'City', 'text', ['עיר', 'ישוב', 'יישוב', 'city', 'town']),
  t('address.zip', 'מיקוד', 'Zip code', 'text', ['מיקוד', 'zip', 'zip code', 'postal code', 'postcode']),
  t('address.country', 'ארץ', 'Country', 'text', ['ארץ', 'מדינה', 'country']),
  t('website', 'אתר', 'Website', 'text', ['אתר', 'אתר אינטרנט', 'website', 'web site', 'web', 'url', 'site']),
  t('tier', 'דרגה', 'Tier', 'text', ['דרגה', 'רמה', 'דירוג', 'tier', 'level']),
  t('status', 'סטטוס', 'Status', 'status', ['סטטוס', 'מצב', 'status']),
  t('externalRefs.priority', 'מספר לקוח בפריוריטי', 'Priority customer number', 'text', [
    'מספר לקוח בפריוריטי',
    'מספר לקוח פריוריטי',
    'פריוריטי',
    'מספר פריוריטי',
    'priority',
    'priority customer number',
    'priority number',
    'priority id',
    'custname',
  ]),
];

const CONTACT_TARGETS = (): TargetSpec[] => [
  t(
    'firstName',
    'שם פרטי',
    'First name',
    'text',
    ['שם פרטי', 'פרטי', 'first name', 'firstname', 'given name'],
    {
      required: true,
    },
  ),
  t('lastName', 'שם משפחה', 'Last name', 'text', [
    'שם משפחה',
    'משפחה',
    'last name',
    'lastname',
    'surname',
    'family name',
  ]),
  // One "name" column: the first word is the first name, the rest the last name.
  t('fullName', 'שם מלא', 'Full name', 'fullName', [
    'שם',
    'שם מלא',
    'שם איש קשר',
    'איש קשר',
    'name',
    'full name',
    'contact',
    'contact name',
  ]),
  t('title', 'תפקיד', 'Title', 'text', ['תפקיד', 'title', 'job title', 'role', 'position']),
  // The account the person belongs to, by its company number or its exact name.
  t('account', 'חברה (שם או ח.פ.)', 'Company (name or number)', 'account', [
    'חברה',
    'שם חברה',
    'לקוח',
    'שם לקוח',
    'חפ',
    'company',
    'company name',
    'account',
    'account name',
    'organization',
    'organisation',
  ]),
  ...shared(),
  t('birthday', 'תאריך לידה', 'Birthday', 'date', [
    'תאריך לידה',
    'יום הולדת',
    'birthday',
    'date of birth',
    'birth date',
    'dob',
  ]),
  t('preferredLanguage', 'שפה מועדפת', 'Preferred language', 'language', [
    'שפה',
    'שפה מועדפת',
    'language',
    'preferred language',
  ]),
  t('preferredChannel', 'ערוץ מועדף', 'Preferred channel', 'channel', [
    'ערוץ',
    'ערוץ מועדף',
    'channel',
    'preferred channel',
  ]),
  t('consents.email', 'הסכמה לדיוור בדוא"ל', 'Email marketing consent', 'consent', [
    'הסכמה לדיוור',
    'מאשר דיוור',
    'הסכמה לדואל',
    'email consent',
    'email opt in',
    'newsletter',
  ]),
  t('consents.sms', 'הסכמה ל-SMS', 'SMS marketing consent', 'consent', [
    'הסכמה לסמס',
    'מאשר סמס',
    'הסכמה לsms',
    'sms consent',
    'sms opt in',
  ]),
];

/** The fields a column can feed for an entity, custom fields (he/en labels) included. */
export const targetsFor = (entity: TImportEntity, defs: TCustomFieldDef[]): TargetSpec[] => [
  ...(entity === 'account' ? ACCOUNT_TARGETS() : CONTACT_TARGETS()),
  ...defs
    .filter((d) => !d.archived)
    .map((d) => ({
      ...t(`customFields.${d.key}`, d.labelHe, d.labelEn, 'custom', [d.labelHe, d.labelEn, d.key], {
        required: d.required,
      }),
      def: d,
    })),
];

/** Guesses each column's field from its header; a field that takes one column gets the first. */
export const suggestMapping = (headers: string[], targets: TargetSpec[]): TImportMapping => {
  const bySynonym = new Map<string, TargetSpec>();
  for (const target of targets) {
    for (const s of target.synonyms) {
      const n = normaliseHeader(s);
      if (n && !bySynonym.has(n)) bySynonym.set(n, target);
    }
  }
  const used = new Set<string>();
  const mapping: TImportMapping = {};
  for (const h of headers) {
    const n = normaliseHeader(h);
    // "Phone 2", "טלפון 3": numbered copies of a column.
    const target = bySynonym.get(n) ?? bySynonym.get(n.replace(/\s*\d+$/, ''));
    if (target && (target.multiple || !used.has(target.key))) {
      mapping[h] = target.key;
      used.add(target.key);
    } else {
      mapping[h] = null;
    }
  }
  return mapping;
};

/** Checks a mapping sent by a client against the file's headers and the entity's fields. */
export const checkMapping = (
  mapping: TImportMapping,
  headers: string[],
  targets: TargetSpec[],
  opts: { requireAll: boolean },
) => {
  const errors: TFieldError[] = [];
  const byKey = new Map(targets.map((x) => [x.key, x]));
  const headerSet = new Set(headers);
  const used = new Map<string, string>();
  for (const [header, key] of Object.entries(mapping)) {
    if (!headerSet.has(header)) {
      errors.push({ path: `mapping.${header}`, message: 'No such column in the file' });
      continue;
    }
    if (key === null) continue;
    const target = byKey.get(key);
    if (!target) {
      errors.push({ path: `mapping.${header}`, message: `Unknown field ${key}` });
      continue;
    }
    const prev = used.get(key);
    if (prev !== undefined && !target.multiple) {
      errors.push({ path: `mapping.${header}`, message: `Column "${prev}" already feeds ${key}` });
    }
    used.set(key, header);
  }
  const keys = new Set(used.keys());
  for (const target of targets) {
    const covered =
      keys.has(target.key) ||
      (target.key === 'firstName' && keys.has('fullName')) ||
      target.kind === 'custom';
    // With the `update` policy a file may only add to existing records (say, phones by email).
    if (opts.requireAll && target.required && !covered) {
      errors.push({ path: 'mapping', message: `Map a column to ${target.labelEn} (${target.labelHe})` });
    }
  }
  return errors;
};

// ── cell values ───────────────────────────────────────────────────────

const splitList = (v: string, sep: RegExp) =>
  v
    .split(sep)
    .map((s) => s.trim())
    .filter(Boolean);

// A phone typed into Excel as a number loses its leading zero (0502345678 → 502345678).
const phoneText = (v: string) => (/^[1-9]\d{7,8}$/.test(v) ? `0${v}` : v);

const YES = new Set(['כן', 'v', 'x', '✓', '✔', 'yes', 'y', 'true', '1', 'מאשר', 'מאשרת', 'on']);
const NO = new Set(['לא', 'no', 'n', 'false', '0', 'off', 'לא מאשר', 'לא מאשרת']);
export const parseBool = (v: string): boolean | undefined => {
  const n = normaliseHeader(v) || v.trim();
  if (YES.has(n)) return true;
  if (NO.has(n)) return false;
  return undefined;
};

/** 31/12/2024, 31.12.24, 2024-12-31 (Israeli day-first order) → 2024-12-31; else undefined. */
export const parseDateText = (v: string): string | undefined => {
  const s = v.trim();
  let y: number;
  let m: number;
  let d: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$/.exec(s);
  const dmy = /^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})$/.exec(s);
  if (iso) {
    y = Number(iso[1]);
    m = Number(iso[2]);
    d = Number(iso[3]);
  } else if (dmy) {
    d = Number(dmy[1]);
    m = Number(dmy[2]);
    y = Number(dmy[3]);
    if (y < 100) y += y <= 29 ? 2000 : 1900;
  } else {
    return undefined;
  }
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return undefined;
  return date.toISOString().slice(0, 10);
};

const KINDS: Record<string, 'business' | 'private'> = {
  עסקי: 'business',
  עסק: 'business',
  חברה: 'business',
  business: 'business',
  company: 'business',
  פרטי: 'private',
  private: 'private',
  person: 'private',
  individual: 'private',
};
const STATUSES: Record<string, 'active' | 'inactive'> = {
  פעיל: 'active',
  active: 'active',
  'לא פעיל': 'inactive',
  inactive: 'inactive',
};
const LANGUAGES: Record<string, string> = {
  עברית: 'he',
  hebrew: 'he',
  he: 'he',
  אנגלית: 'en',
  english: 'en',
  en: 'en',
  ערבית: 'ar',
  arabic: 'ar',
  ar: 'ar',
  רוסית: 'ru',
  russian: 'ru',
  ru: 'ru',
};
const CHANNELS: Record<string, string> = {
  דואל: 'email',
  מייל: 'email',
  email: 'email',
  sms: 'sms',
  סמס: 'sms',
  טלפון: 'phone',
  phone: 'phone',
  whatsapp: 'whatsapp',
  וואטסאפ: 'whatsapp',
  פקס: 'fax',
  fax: 'fax',
};
const lookup = (table: Record<string, string>, v: string) => table[normaliseHeader(v)] ?? v;

const customValue = (def: TCustomFieldDef, v: string): unknown => {
  const option = (x: string) => {
    const n = normaliseHeader(x);
    return (
      def.options.find(
        (o) => o.value === x || normaliseHeader(o.labelHe) === n || normaliseHeader(o.labelEn) === n,
      )?.value ?? x
    );
  };
  switch (def.type) {
    case 'number':
    case 'currency': {
      const n = Number(v.replace(/[₪$€,\s]/g, ''));
      return Number.isFinite(n) && v.trim() !== '' ? n : v;
    }
    case 'checkbox':
      return parseBool(v) ?? v;
    case 'date':
      return parseDateText(v) ?? v;
    case 'datetime':
      return /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.test(v) ? v.replace(' ', 'T') : v;
    case 'select':
      return option(v);
    case 'multi_select':
      return splitList(v, /[,;|\n]/).map(option);
    case 'phone':
      return phoneText(v);
    default:
      return v;
  }
};

/** The account a contact row names: a company number (digits) or an exact name. */
export type AccountRef = { text: string; header: string };

export type BuiltRow = {
  /** The create input as the API would receive it (before zod defaults). */
  input: Record<string, unknown>;
  /** Input path (`name`, `phones.1`, `customFields.x`) → the column it came from. */
  sources: Map<string, string>;
  accountRef?: AccountRef;
  errors: string[];
};

const setPath = (obj: Record<string, unknown>, path: string, value: unknown) => {
  const [head, ...rest] = path.split('.');
  if (!head) return;
  if (rest.length === 0) {
    obj[head] = value;
    return;
  }
  const child = (obj[head] ?? {}) as Record<string, unknown>;
  obj[head] = child;
  setPath(child, rest.join('.'), value);
};

/** Turns one row's cells into create input, using the mapping. Empty cells are left out. */
export const buildRow = (
  cells: string[],
  headers: string[],
  mapping: TImportMapping,
  targets: Map<string, TargetSpec>,
  consentSource: string,
): BuiltRow => {
  const input: Record<string, unknown> = {};
  const sources = new Map<string, string>();
  const errors: string[] = [];
  let accountRef: AccountRef | undefined;
  const push = (key: string, values: string[], header: string) => {
    const list = (input[key] ?? []) as string[];
    for (const v of values) {
      sources.set(`${key}.${list.length}`, header);
      list.push(v);
    }
    input[key] = list;
  };
  headers.forEach((header, i) => {
    const key = mapping[header];
    const value = cells[i] ?? '';
    if (!key || value === '') return;
    const target = targets.get(key);
    if (!target) return;
    sources.set(key, header);
    switch (target.kind) {
      case 'phones':
        push('phones', splitList(value, /[,;|/\n]/).map(phoneText), header);
        break;
      case 'emails':
        push('emails', splitList(value, /[,;\s]+/), header);
        break;
      case 'tags':
        push('tags', splitList(value, /[,;|\n]/), header);
        break;
      case 'date': {
        const d = parseDateText(value);
        if (d) setPath(input, key, d);
        else errors.push(`${header}: Not a date (use DD/MM/YYYY)`);
        break;
      }
      case 'kind':
        setPath(input, key, KINDS[normaliseHeader(value)] ?? value);
        break;
      case 'status':
        setPath(input, key, STATUSES[normaliseHeader(value)] ?? value);
        break;
      case 'language':
        setPath(input, key, lookup(LANGUAGES, value));
        break;
      case 'channel':
        setPath(input, key, lookup(CHANNELS, value));
        break;
      case 'consent': {
        const granted = parseBool(value);
        if (granted === undefined) errors.push(`${header}: Expected yes or no`);
        else setPath(input, key, { granted, source: consentSource });
        break;
      }
      case 'fullName': {
        const [first, ...rest] = value.split(/\s+/);
        if (input.firstName === undefined && first) setPath(input, 'firstName', first);
        if (input.lastName === undefined && rest.length) setPath(input, 'lastName', rest.join(' '));
        sources.set('firstName', sources.get('firstName') ?? header);
        sources.set('lastName', sources.get('lastName') ?? header);
        break;
      }
      case 'account':
        accountRef = { text: value, header };
        break;
      case 'custom':
        setPath(input, key, target.def ? customValue(target.def, value) : value);
        break;
      case 'text':
        setPath(input, key, value);
        break;
    }
  });
  return { input, sources, errors, ...(accountRef ? { accountRef } : {}) };
};

/** `Column: message` for a field error, naming the column the value came from. */
export const describeError = (
  path: string,
  message: string,
  sources: Map<string, string>,
  targets: Map<string, TargetSpec>,
): string => {
  const parts = path.split('.');
  for (let n = parts.length; n > 0; n--) {
    const header = sources.get(parts.slice(0, n).join('.'));
    if (header) return `${header}: ${message}`;
  }
  const target = targets.get(path) ?? targets.get(parts[0] ?? '');
  return `${target ? target.labelEn : path}: ${message}`;
};
