import type { TAccount } from '../../../shared/crm/accounts.schemas.js';
import type { TContact } from '../../../shared/crm/contacts.schemas.js';
import type { TDeal } from '../../../shared/crm/deals.schemas.js';
import type { TLead } from '../../../shared/crm/leads.schemas.js';
import type { Accounts, ListAccountsInput } from './accounts.service.js';
import type { Contacts, ListContactsInput } from './contacts.service.js';
import type { Deals, ListDealsInput } from './deals.service.js';
import type { ExportColumn, ExportLookups, ExportSpec } from './export.js';
import type { Leads, ListLeadsInput } from './leads.service.js';

// Column headers match the import's header synonyms (docs/import-formats.md), so an exported
// file can be edited in Excel and imported back.

type ListQuery<Q> = Omit<Q, 'limit' | 'cursor'>;

const phones = (r: { phones: { raw: string }[] }) => r.phones.map((p) => p.raw).join('; ');
const emails = (r: { emails: string[] }) => r.emails.join('; ');
const tags = (r: { tags: string[] }) => r.tags.join(', ');
const word = (l: ExportLookups, he: Record<string, string>, v: string | null) =>
  v === null ? null : l.lang === 'he' ? (he[v] ?? v) : v;

const owner = <T extends { ownerId: string | null }>(): ExportColumn<T> => ({
  he: 'אחראי',
  en: 'Owner',
  value: (r, l) => l.userName(r.ownerId),
});
const created = <T extends { createdAt: string }>(): ExportColumn<T> => ({
  he: 'נוצר',
  en: 'Created',
  kind: 'datetime',
  value: (r) => ({ datetime: r.createdAt }),
});
const updated = <T extends { updatedAt: string }>(): ExportColumn<T> => ({
  he: 'עודכן',
  en: 'Updated',
  kind: 'datetime',
  value: (r) => ({ datetime: r.updatedAt }),
});
const number = <T extends { number: number }>(): ExportColumn<T> => ({
  he: 'מספר',
  en: 'Number',
  kind: 'number',
  width: 10,
  value: (r) => r.number,
});

export const accountsExport = (accounts: Accounts): ExportSpec<TAccount, ListQuery<ListAccountsInput>> => ({
  entity: 'account',
  file: { he: 'לקוחות', en: 'accounts' },
  customFields: (r) => r.customFields,
  page: (ctx, q) => accounts.list(ctx, q),
  columns: [
    number(),
    { he: 'שם חברה', en: 'Name', width: 30, value: (r) => r.name },
    {
      he: 'סוג לקוח',
      en: 'Customer type',
      value: (r, l) => word(l, { business: 'עסקי', private: 'פרטי' }, r.kind),
    },
    { he: 'ח.פ.', en: 'Company number', value: (r) => r.companyNumber },
    { he: 'טלפון', en: 'Phone', value: phones },
    { he: 'דוא"ל', en: 'Email', width: 28, value: emails },
    { he: 'פקס', en: 'Fax', value: (r) => r.fax },
    { he: 'כתובת', en: 'Street', value: (r) => r.address.street },
    { he: 'עיר', en: 'City', value: (r) => r.address.city },
    { he: 'מיקוד', en: 'Zip code', value: (r) => r.address.zip },
    { he: 'אתר', en: 'Website', value: (r) => r.website },
    owner(),
    { he: 'דרגה', en: 'Tier', value: (r) => r.tier },
    {
      he: 'סטטוס',
      en: 'Status',
      value: (r, l) => word(l, { active: 'פעיל', inactive: 'לא פעיל' }, r.status),
    },
    { he: 'תגיות', en: 'Tags', value: tags },
    { he: 'מספר לקוח בפריוריטי', en: 'Priority customer number', value: (r) => r.externalRefs.priority },
    created(),
    updated(),
  ],
});

const yesNo = (l: ExportLookups, v: { granted: boolean } | undefined) =>
  v === undefined ? null : v.granted ? (l.lang === 'he' ? 'כן' : 'Yes') : l.lang === 'he' ? 'לא' : 'No';

export const contactsExport = (contacts: Contacts): ExportSpec<TContact, ListQuery<ListContactsInput>> => ({
  entity: 'contact',
  file: { he: 'אנשי-קשר', en: 'contacts' },
  customFields: (r) => r.customFields,
  page: (ctx, q) => contacts.list(ctx, q),
  columns: [
    number(),
    { he: 'שם פרטי', en: 'First name', value: (r) => r.firstName },
    { he: 'שם משפחה', en: 'Last name', value: (r) => r.lastName },
    { he: 'תפקיד', en: 'Title', value: (r) => r.title },
    // The primary account: the import links a contact to one account by this name.
    { he: 'חברה', en: 'Company', width: 28, value: (r) => r.accounts.find((a) => a.isPrimary)?.name ?? null },
    { he: 'טלפון', en: 'Phone', value: phones },
    { he: 'דוא"ל', en: 'Email', width: 28, value: emails },
    { he: 'פקס', en: 'Fax', value: (r) => r.fax },
    {
      he: 'תאריך לידה',
      en: 'Birthday',
      kind: 'date',
      value: (r) => (r.birthday ? { date: r.birthday } : null),
    },
    { he: 'שפה מועדפת', en: 'Preferred language', value: (r) => r.preferredLanguage },
    { he: 'ערוץ מועדף', en: 'Preferred channel', value: (r) => r.preferredChannel },
    { he: 'הסכמה לדיוור בדוא"ל', en: 'Email marketing consent', value: (r, l) => yesNo(l, r.consents.email) },
    { he: 'הסכמה ל-SMS', en: 'SMS marketing consent', value: (r, l) => yesNo(l, r.consents.sms) },
    owner(),
    { he: 'תגיות', en: 'Tags', value: tags },
    created(),
    updated(),
  ],
});

const LEAD_SOURCES_HE: Record<string, string> = {
  web_form: 'טופס באתר',
  phone: 'טלפון',
  email: 'דוא"ל',
  referral: 'הפניה',
  walk_in: 'הגיע למשרד',
  campaign: 'קמפיין',
  social: 'רשתות חברתיות',
  other: 'אחר',
};
const LEAD_STATUSES_HE: Record<string, string> = {
  new: 'חדש',
  contacted: 'נוצר קשר',
  qualified: 'מתאים',
  unqualified: 'לא מתאים',
  converted: 'הומר',
};

export const leadsExport = (leads: Leads): ExportSpec<TLead, ListQuery<ListLeadsInput>> => ({
  entity: 'lead',
  file: { he: 'לידים', en: 'leads' },
  customFields: (r) => r.customFields,
  page: (ctx, q) => leads.list(ctx, q),
  columns: [
    number(),
    { he: 'שם פרטי', en: 'First name', value: (r) => r.firstName },
    { he: 'שם משפחה', en: 'Last name', value: (r) => r.lastName },
    { he: 'חברה', en: 'Company', value: (r) => r.company },
    { he: 'תפקיד', en: 'Title', value: (r) => r.title },
    { he: 'טלפון', en: 'Phone', value: phones },
    { he: 'דוא"ל', en: 'Email', width: 28, value: emails },
    { he: 'מקור', en: 'Source', value: (r, l) => word(l, LEAD_SOURCES_HE, r.source) },
    { he: 'סטטוס', en: 'Status', value: (r, l) => word(l, LEAD_STATUSES_HE, r.status) },
    { he: 'הודעה', en: 'Message', width: 40, value: (r) => r.message },
    owner(),
    { he: 'תגיות', en: 'Tags', value: tags },
    created(),
    {
      he: 'הומר',
      en: 'Converted',
      kind: 'datetime',
      value: (r) => (r.convertedAt ? { datetime: r.convertedAt } : null),
    },
  ],
});

const DEAL_STATUSES_HE: Record<string, string> = { open: 'פתוחה', won: 'זכייה', lost: 'הפסד' };

export const dealsExport = (deals: Deals): ExportSpec<TDeal, ListQuery<ListDealsInput>> => ({
  entity: 'deal',
  file: { he: 'עסקאות', en: 'deals' },
  customFields: (r) => r.customFields,
  page: (ctx, q) => deals.list(ctx, q),
  needsStages: true,
  columns: [
    number(),
    { he: 'שם העסקה', en: 'Deal', width: 30, value: (r) => r.name },
    { he: 'לקוח', en: 'Account', width: 28, value: (r) => r.accountName },
    { he: 'צנרת', en: 'Pipeline', value: (r, l) => l.stage(r.stageId)?.pipeline ?? null },
    { he: 'שלב', en: 'Stage', value: (r, l) => l.stage(r.stageId)?.name ?? null },
    { he: 'סכום', en: 'Amount', kind: 'number', value: (r) => (r.amount === null ? null : Number(r.amount)) },
    { he: 'מטבע', en: 'Currency', width: 8, value: (r) => r.currency },
    {
      he: 'תאריך סגירה צפוי',
      en: 'Expected close',
      kind: 'date',
      value: (r) => (r.expectedCloseDate ? { date: r.expectedCloseDate } : null),
    },
    { he: 'הסתברות', en: 'Probability', kind: 'number', width: 10, value: (r) => r.probability },
    { he: 'סטטוס', en: 'Status', value: (r, l) => word(l, DEAL_STATUSES_HE, r.status) },
    {
      he: 'נסגרה',
      en: 'Closed',
      kind: 'datetime',
      value: (r) => (r.closedAt ? { datetime: r.closedAt } : null),
    },
    { he: 'סיבת הפסד', en: 'Lost reason', value: (r) => r.lostReason },
    owner(),
    { he: 'תגיות', en: 'Tags', value: tags },
    created(),
    updated(),
  ],
});
