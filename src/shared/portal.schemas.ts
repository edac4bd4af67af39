import { z } from 'zod';
import { ZPassword } from './auth.schemas.js';

export const ZPortalScope = z.enum(['own', 'account']);

export const ZPortalAccessBody = z.discriminatedUnion('enabled', [
  z.object({ enabled: z.literal(true), scope: ZPortalScope.optional(), accountId: z.uuid().optional() }),
  z.object({ enabled: z.literal(false) }),
]);

export const ZPortalUser = z.object({
  id: z.uuid(),
  contactId: z.uuid(),
  accountId: z.uuid(),
  email: z.string(),
  scope: ZPortalScope,
  enabled: z.boolean(),
  activated: z.boolean(),
  totpEnabled: z.boolean(),
  lastLoginAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type TPortalUser = z.infer<typeof ZPortalUser>;

export const ZPortalAccessResult = z.object({ inviteUrl: z.string().nullable(), portalUser: ZPortalUser });
export const ZPortalUserPatch = z
  .object({ scope: ZPortalScope, enabled: z.boolean() })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Nothing to change' });
export const ZPortalUserListItem = ZPortalUser.extend({
  contactName: z.string().nullable(),
  accountName: z.string().nullable(),
});
export const ZPortalUserList = z.object({ items: z.array(ZPortalUserListItem) });

// One password policy for every way a portal password is set (invite, reset): the staff length
// rule here, the common/trivial-password check on the server.
const ZPortalNewPassword = ZPassword;
export const ZPortalAcceptInvite = z.object({
  token: z.string().min(20).max(200),
  password: ZPortalNewPassword,
});
// Who a portal sign-in or reset request is about: the workspace slug and the sign-in email.
const ZPortalAccountRef = z.object({
  workspace: z.string().min(1).max(100),
  email: z
    .email()
    .max(320)
    .transform((e) => e.toLowerCase()),
});
export const ZPortalLogin = ZPortalAccountRef.extend({
  password: z.string().min(1).max(200),
  // Second step of a sign-in with two-factor on: the app's 6-digit code or a recovery code.
  totpCode: z.string().trim().min(6).max(32).optional(),
});
export const ZPortalForgotPassword = ZPortalAccountRef;
export const ZPortalResetPassword = z.object({
  token: z.string().min(20).max(200),
  password: ZPortalNewPassword,
});

export const ZPortalMe = z.object({
  portalUserId: z.uuid(),
  contact: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
  account: z.object({ id: z.uuid(), name: z.string() }),
  scope: ZPortalScope,
  locale: z.enum(['he', 'en']),
  totpEnabled: z.boolean(),
  tenant: z.object({ slug: z.string(), name: z.string() }),
  branding: z.object({
    portalName: z.string().nullable(),
    logoDataUrl: z.string().nullable(),
    primaryColor: z.string(),
    defaultLocale: z.enum(['he', 'en']),
  }),
});
export type TPortalMe = z.infer<typeof ZPortalMe>;

// A small image as a data URL. SVG is refused: it can carry script, and sanitising it is not worth
// it for a logo. ~200 KB of base64 is ~150 KB of image.
const LOGO_MAX_CHARS = 200_000;
export const ZLogoDataUrl = z
  .string()
  .max(LOGO_MAX_CHARS, { message: 'The logo must be at most about 150 KB.' })
  .regex(/^data:image\/(png|jpeg|webp|gif);base64,[A-Za-z0-9+/]+={0,2}$/, {
    message: 'The logo must be a PNG, JPEG, WebP or GIF image.',
  });

export const ZPortalBranding = z.object({
  portalName: z.string().nullable(),
  logoDataUrl: z.string().nullable(),
  primaryColor: z.string(),
  defaultLocale: z.enum(['he', 'en']),
});
export type TPortalBranding = z.infer<typeof ZPortalBranding>;

export const ZPortalSettings = ZPortalBranding.extend({
  customDomain: z.string().nullable(),
  defaultScope: ZPortalScope,
});
export type TPortalSettings = z.infer<typeof ZPortalSettings>;

export const ZPortalSettingsPut = z.object({
  portalName: z.string().trim().min(1).max(100).nullable(),
  logoDataUrl: ZLogoDataUrl.nullable(),
  primaryColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, { message: 'Use a colour like #1c7ed6.' }),
  defaultLocale: z.enum(['he', 'en']),
  customDomain: z
    .string()
    .trim()
    .toLowerCase()
    .max(253)
    .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
      message: 'Enter a host name such as portal.example.com.',
    })
    .nullable(),
  defaultScope: ZPortalScope,
});
export const ZBrandingQuery = z.object({ workspace: z.string().min(1).max(100).optional() });

// ── Portal tickets ─────────────────────────────────────────────────────
export const ZPortalTicketsQuery = z.object({
  status: z.enum(['open', 'closed']).optional(),
  cursor: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export const ZPortalTicketSummary = z.object({
  id: z.uuid(),
  number: z.number().int(),
  subject: z.string(),
  status: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  handlerName: z.string().nullable(),
  /** The SLA's promised answer (first response, then next response) while one is due. */
  promisedAnswerAt: z.iso.datetime().nullable(),
});
export const ZPortalTicketList = z.object({
  items: z.array(ZPortalTicketSummary),
  nextCursor: z.uuid().nullable(),
});
export const ZPortalTicket = ZPortalTicketSummary.extend({
  descriptionHtml: z.string(),
  category: z.string().nullable(),
  messages: z.array(
    z.object({
      id: z.uuid(),
      bodyHtml: z.string(),
      authorKind: z.enum(['agent', 'customer', 'system']),
      mine: z.boolean(),
      createdAt: z.iso.datetime(),
      attachmentIds: z.array(z.uuid()),
    }),
  ),
  /** Files of the ticket the customer may download: its public messages' and those sent with it. */
  attachments: z.array(
    z.object({
      id: z.uuid(),
      messageId: z.uuid().nullable(),
      fileName: z.string(),
      contentType: z.string(),
      size: z.number().int(),
    }),
  ),
});
export type TPortalTicket = z.infer<typeof ZPortalTicket>;

// ── Portal ticket writes ───────────────────────────────────────────────
const ZFieldKey = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/);

/**
 * The new-ticket form, set by staff: ticket custom fields every customer fills (`fieldKeys`) and
 * categories, each adding its own fields. Only fields named here are customer-facing; the rest of
 * the ticket's custom fields stay staff-only. A category's `id` is stored as the ticket's category
 * (so SLA policies can match it).
 */
export const ZPortalTicketFormConfig = z.object({
  fieldKeys: z.array(ZFieldKey).max(50).default([]),
  categories: z
    .array(
      z.object({
        id: z
          .string()
          .trim()
          .min(1)
          .max(100)
          .regex(/^[\p{L}\p{N}_ -]+$/u, { message: 'Letters, digits, spaces, _ and - only' }),
        labelHe: z.string().trim().min(1).max(120),
        labelEn: z.string().trim().min(1).max(120),
        fieldKeys: z.array(ZFieldKey).max(50).default([]),
      }),
    )
    .max(100)
    .default([])
    .refine((cs) => new Set(cs.map((c) => c.id)).size === cs.length, {
      message: 'Category ids must be unique',
    }),
});
export type TPortalTicketFormConfig = z.infer<typeof ZPortalTicketFormConfig>;

/** A custom field as the customer's form renders it (no staff-only settings). */
export const ZPortalFormField = z.object({
  key: z.string(),
  type: z.string(),
  labelHe: z.string(),
  labelEn: z.string(),
  required: z.boolean(),
  options: z.array(z.object({ value: z.string(), labelHe: z.string(), labelEn: z.string() })),
  validation: z.object({
    min: z.number().optional(),
    max: z.number().optional(),
    maxLength: z.number().int().optional(),
  }),
});
export const ZPortalTicketForm = z.object({
  fields: z.array(ZPortalFormField),
  categories: z.array(
    z.object({ id: z.string(), labelHe: z.string(), labelEn: z.string(), fields: z.array(ZPortalFormField) }),
  ),
});
export type TPortalTicketForm = z.infer<typeof ZPortalTicketForm>;

const ZAttachmentIds = z.array(z.uuid()).max(20).default([]);

// Strict: a body naming accountId, requesterId, channel, status… is refused (400), not half-read.
// The requester and the account always come from the session.
export const ZPortalCreateTicket = z.strictObject({
  subject: z.string().trim().min(1).max(300),
  /** Plain text (escaped) or HTML (sanitised), like a customer reply on the staff side. */
  body: z.string().trim().min(1).max(50_000),
  categoryId: z.string().trim().min(1).max(100).optional(),
  customFields: z.record(z.string().max(40), z.unknown()).default({}),
  attachmentIds: ZAttachmentIds,
});
export type TPortalCreateTicket = z.infer<typeof ZPortalCreateTicket>;

export const ZPortalReply = z.strictObject({
  body: z.string().trim().min(1).max(50_000),
  attachmentIds: ZAttachmentIds,
});
export type TPortalReply = z.infer<typeof ZPortalReply>;

export const ZPortalRating = z.strictObject({
  score: z.number().int().min(1).max(5),
  comment: z.string().trim().max(2000).optional(),
});
export type TPortalRating = z.infer<typeof ZPortalRating>;
export const ZPortalRatingResult = z.object({
  score: z.number().int(),
  comment: z.string().nullable(),
  ratedAt: z.iso.datetime(),
});

export const ZPortalAttachment = z.object({
  id: z.uuid(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  createdAt: z.iso.datetime(),
});
