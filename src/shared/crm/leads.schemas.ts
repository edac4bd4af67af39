import { z } from 'zod';
import { ZCreateAccount } from './accounts.schemas.js';
import { ZEmailList, ZListQueryBase, ZPhone, ZPhoneInput, ZTags } from './common.schemas.js';
import { ZAmountInput, ZCurrency } from './deals.schemas.js';

export const LEAD_SOURCES = [
  'web_form',
  'phone',
  'email',
  'referral',
  'walk_in',
  'campaign',
  'social',
  'other',
] as const;
export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'unqualified', 'converted'] as const;
/** Statuses a user may set; `converted` comes only from POST /leads/:id/convert. */
export const LEAD_OPEN_STATUSES = ['new', 'contacted', 'qualified', 'unqualified'] as const;

export const ZLeadSource = z.enum(LEAD_SOURCES);
export const ZLeadStatus = z.enum(LEAD_STATUSES);

export const ZLead = z
  .object({
    id: z.uuid(),
    number: z.number().int(),
    firstName: z.string(),
    lastName: z.string(),
    fullName: z.string(),
    company: z.string().nullable(),
    title: z.string().nullable(),
    phones: z.array(ZPhone),
    emails: z.array(z.string()),
    source: ZLeadSource,
    status: ZLeadStatus,
    message: z.string().nullable(),
    ownerId: z.uuid().nullable(),
    tags: z.array(z.string()),
    customFields: z.record(z.string(), z.unknown()),
    /** Where a web-form lead came from: referer, utm_source, utm_campaign… */
    meta: z.record(z.string(), z.string()),
    convertedAt: z.iso.datetime().nullable(),
    convertedAccountId: z.uuid().nullable(),
    convertedContactId: z.uuid().nullable(),
    convertedDealId: z.uuid().nullable(),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    deletedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Lead' });
export type TLead = z.infer<typeof ZLead>;

export const ZCreateLead = z.object({
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().max(100).default(''),
  company: z.string().trim().max(200).optional(),
  title: z.string().trim().max(100).optional(),
  phones: z.array(ZPhoneInput).max(10).default([]),
  emails: ZEmailList.default([]),
  source: ZLeadSource.default('other'),
  status: z.enum(LEAD_OPEN_STATUSES).default('new'),
  message: z.string().trim().max(5000).optional(),
  ownerId: z.uuid().nullable().optional(),
  tags: ZTags.default([]),
  customFields: z.record(z.string(), z.unknown()).default({}),
});
export type TCreateLead = z.infer<typeof ZCreateLead>;

export const ZUpdateLead = z
  .object({
    firstName: z.string().trim().min(1).max(100),
    lastName: z.string().trim().max(100),
    company: z.string().trim().max(200).nullable(),
    title: z.string().trim().max(100).nullable(),
    phones: z.array(ZPhoneInput).max(10),
    emails: ZEmailList,
    source: ZLeadSource,
    status: z.enum(LEAD_OPEN_STATUSES),
    message: z.string().trim().max(5000).nullable(),
    ownerId: z.uuid().nullable(),
    tags: ZTags,
    customFields: z.record(z.string(), z.unknown()),
    version: z.number().int().optional(),
  })
  .partial();
export type TUpdateLead = z.infer<typeof ZUpdateLead>;

export const ZLeadListQuery = ZListQueryBase.extend({
  status: ZLeadStatus.optional(),
  source: ZLeadSource.optional(),
});
export type TLeadListQuery = z.infer<typeof ZLeadListQuery>;

/**
 * Converting a lead: link an existing account or create one (by default from the lead's company,
 * or a private account named after the person), always a contact, optionally a deal.
 */
export const ZConvertLead = z.object({
  account: z.union([z.object({ existingId: z.uuid() }).strict(), ZCreateAccount]).optional(),
  /** Values for the new contact that a lead does not hold (e.g. required custom fields). */
  contact: z
    .object({
      title: z.string().trim().max(100).optional(),
      customFields: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
  createDeal: z
    .object({
      name: z.string().trim().min(1).max(200),
      amount: ZAmountInput.optional(),
      currency: ZCurrency.default('ILS'),
      pipelineId: z.uuid().optional(),
    })
    .optional(),
});
export type TConvertLead = z.infer<typeof ZConvertLead>;

export const ZConvertLeadResult = z.object({
  lead: ZLead,
  accountId: z.uuid(),
  contactId: z.uuid(),
  dealId: z.uuid().nullable(),
});
export type TConvertLeadResult = z.infer<typeof ZConvertLeadResult>;

// ── Public web-to-lead form ───────────────────────────────────────────

/** The honeypot: hidden from people by CSS; a bot that fills it gets a success and stores nothing. */
export const WEB_FORM_HONEYPOT = 'website_url';

const formText = (max: number) => z.string().max(max).optional();

/**
 * What a website form posts (JSON or application/x-www-form-urlencoded). Custom fields travel as
 * `cf_<key>`; any other field is ignored.
 */
export const ZWebLeadForm = z
  .object({
    firstName: formText(100),
    lastName: formText(100),
    company: formText(200),
    email: formText(254),
    phone: formText(40),
    message: formText(5000),
    [WEB_FORM_HONEYPOT]: formText(500),
    utm_source: formText(200),
    utm_medium: formText(200),
    utm_campaign: formText(200),
    utm_term: formText(200),
    utm_content: formText(200),
  })
  .catchall(
    z.union([
      z.string().max(5000),
      z.number(),
      z.boolean(),
      z.null(),
      z.array(z.union([z.string().max(500), z.number()])).max(50),
    ]),
  );
export type TWebLeadForm = z.infer<typeof ZWebLeadForm>;

export const ZWebLeadFormParams = z.object({ workspace: z.string().min(1).max(63) });
export const ZWebLeadFormQuery = z.object({
  /** After a plain HTML post, send the browser here (303). http(s) only. */
  redirect: z.string().max(2000).optional(),
});
export const ZWebLeadFormResult = z.object({ ok: z.literal(true) });

export const ZLeadFormSnippet = z.object({ html: z.string(), action: z.string() });
