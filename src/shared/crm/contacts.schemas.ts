import { z } from 'zod';
import { ZEmailList, ZListQueryBase, ZPhone, ZPhoneInput, ZTags } from './common.schemas.js';

export const CONSENT_CHANNELS = ['email', 'sms', 'phone', 'fax', 'whatsapp'] as const;
export const ZConsentChannel = z.enum(CONSENT_CHANNELS);
export type TConsentChannel = z.infer<typeof ZConsentChannel>;

export const CONTACT_LANGUAGES = ['he', 'en', 'ar', 'ru'] as const;
export const CONTACT_CHANNELS = ['email', 'sms', 'phone', 'whatsapp', 'fax'] as const;

/** Marketing consent for one channel, with where it came from and when (Communications Law §30A). */
export const ZConsent = z.object({
  granted: z.boolean(),
  source: z.string(),
  at: z.iso.datetime(),
});
export type TConsent = z.infer<typeof ZConsent>;

/** What a client sends: `at` defaults to the server's time of the write. */
export const ZConsentInput = z.object({
  granted: z.boolean(),
  source: z.string().trim().min(1).max(100),
  at: z.iso.datetime({ offset: true }).optional(),
});
export type TConsentInput = z.infer<typeof ZConsentInput>;

const consentsOf = <T extends z.ZodType>(v: T) =>
  z.object({
    email: v.optional(),
    sms: v.optional(),
    phone: v.optional(),
    fax: v.optional(),
    whatsapp: v.optional(),
  });
export const ZConsents = consentsOf(ZConsent);
export const ZConsentsInput = consentsOf(ZConsentInput);

/** A contact's link to one of its accounts, as sent. */
export const ZContactAccountInput = z.object({
  accountId: z.uuid(),
  role: z.string().trim().max(100).nullable().optional(),
  isPrimary: z.boolean().optional(),
});
export type TContactAccountInput = z.infer<typeof ZContactAccountInput>;

/** A contact's link to one of its accounts, as read (with the account's name). */
export const ZContactAccount = z.object({
  accountId: z.uuid(),
  name: z.string(),
  role: z.string().nullable(),
  isPrimary: z.boolean(),
});
export type TContactAccount = z.infer<typeof ZContactAccount>;

export const ZContact = z
  .object({
    id: z.uuid(),
    number: z.number().int(),
    firstName: z.string(),
    lastName: z.string(),
    fullName: z.string(),
    title: z.string().nullable(),
    /** The primary account, or null when the contact belongs to none. */
    accountId: z.uuid().nullable(),
    accounts: z.array(ZContactAccount),
    phones: z.array(ZPhone),
    emails: z.array(z.string()),
    fax: z.string().nullable(),
    birthday: z.string().nullable(),
    preferredLanguage: z.enum(CONTACT_LANGUAGES).nullable(),
    preferredChannel: z.enum(CONTACT_CHANNELS).nullable(),
    consents: ZConsents,
    ownerId: z.uuid().nullable(),
    tags: z.array(z.string()),
    customFields: z.record(z.string(), z.unknown()),
    lastContactedAt: z.iso.datetime().nullable(),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    deletedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Contact' });
export type TContact = z.infer<typeof ZContact>;

const birthday = z.iso.date();

export const ZCreateContact = z.object({
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().max(100).default(''),
  title: z.string().trim().max(100).optional(),
  /** The primary account; may be combined with `accounts`. */
  accountId: z.uuid().optional(),
  accounts: z.array(ZContactAccountInput).max(50).optional(),
  phones: z.array(ZPhoneInput).max(10).default([]),
  emails: ZEmailList.default([]),
  fax: z.string().trim().max(40).optional(),
  birthday: birthday.optional(),
  preferredLanguage: z.enum(CONTACT_LANGUAGES).optional(),
  preferredChannel: z.enum(CONTACT_CHANNELS).optional(),
  consents: ZConsentsInput.default({}),
  ownerId: z.uuid().nullable().optional(),
  tags: ZTags.default([]),
  customFields: z.record(z.string(), z.unknown()).default({}),
});
export type TCreateContact = z.infer<typeof ZCreateContact>;

export const ZUpdateContact = z
  .object({
    firstName: z.string().trim().min(1).max(100),
    lastName: z.string().trim().max(100),
    title: z.string().trim().max(100).nullable(),
    // Makes this account the primary one (linking it when it is not linked yet).
    accountId: z.uuid(),
    // Replaces the whole set of links.
    accounts: z.array(ZContactAccountInput).max(50),
    phones: z.array(ZPhoneInput).max(10),
    emails: ZEmailList,
    fax: z.string().trim().max(40).nullable(),
    birthday: birthday.nullable(),
    preferredLanguage: z.enum(CONTACT_LANGUAGES).nullable(),
    preferredChannel: z.enum(CONTACT_CHANNELS).nullable(),
    // Per channel; channels not sent keep their consent.
    consents: ZConsentsInput,
    ownerId: z.uuid().nullable(),
    tags: ZTags,
    customFields: z.record(z.string(), z.unknown()),
    version: z.number().int().optional(),
  })
  .partial();
export type TUpdateContact = z.infer<typeof ZUpdateContact>;

export const ZContactListQuery = ZListQueryBase.extend({
  accountId: z.uuid().optional(),
  hasConsent: ZConsentChannel.optional(),
});
export type TContactListQuery = z.infer<typeof ZContactListQuery>;

/** `GET /accounts/:id/contacts`: the account comes from the path. */
export const ZAccountContactsQuery = ZContactListQuery.omit({ accountId: true });
