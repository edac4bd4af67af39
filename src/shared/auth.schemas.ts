import { z } from 'zod';
import { API_KEY_SCOPES, PERMISSIONS, ROLES } from './permissions.js';

export const ZLocale = z.enum(['he', 'en']);
export type TLocale = z.infer<typeof ZLocale>;

export const PASSWORD_MIN = 10;

export const ZEmail = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'Enter a valid email address' }))
  .transform((e) => e.toLowerCase());

// Strength beyond length is checked on the server (common-password list) and reported as WEAK_PASSWORD.
export const ZPassword = z
  .string()
  .min(PASSWORD_MIN, { message: `Use at least ${PASSWORD_MIN} characters` })
  .max(256, { message: 'Use at most 256 characters' });

export const ZSlug = z
  .string()
  .trim()
  .toLowerCase()
  .min(2)
  .max(40)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, {
    message: 'Use lowercase latin letters, digits and dashes',
  });

export const ZPersonName = z.string().trim().min(1).max(120);

export const ZTenant = z
  .object({ id: z.uuid(), slug: z.string(), name: z.string(), locale: ZLocale })
  .meta({ id: 'Tenant' });

export const ZRole = z.enum(ROLES);

export const ZUser = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: ZRole,
    locale: ZLocale,
    totpEnabled: z.boolean(),
  })
  .meta({ id: 'User' });
export type TUser = z.infer<typeof ZUser>;

export const ZSignupBody = z.object({
  organization: z.object({ name: z.string().trim().min(2).max(120), slug: ZSlug }),
  owner: z.object({ name: ZPersonName, email: ZEmail, password: ZPassword }),
  locale: ZLocale.default('he'),
});
export type TSignupBody = z.infer<typeof ZSignupBody>;

export const ZSignupResult = z.object({ tenant: ZTenant, user: ZUser });

export const ZSetupStatus = z.object({
  needsSetup: z.boolean(),
  signup: z.enum(['first-run', 'open', 'closed']),
});

export const ZLoginBody = z.object({
  workspace: ZSlug,
  email: ZEmail,
  password: z.string().min(1).max(256),
  totpCode: z.string().trim().min(6).max(32).optional(),
});

export const ZUserResult = z.object({ user: ZUser });

export const ZMe = z.object({
  user: ZUser,
  tenant: ZTenant,
  permissions: z.array(z.enum(PERMISSIONS)),
});
export type TMe = z.infer<typeof ZMe>;

export const ZUpdateMe = z
  .object({ name: ZPersonName.optional(), locale: ZLocale.optional() })
  .refine((v) => v.name !== undefined || v.locale !== undefined, { message: 'Nothing to update' });

export const ZChangePassword = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: ZPassword,
});

export const ZResetRequest = z.object({ workspace: ZSlug, email: ZEmail });
export const ZResetConfirm = z.object({ token: z.string().min(20).max(200), password: ZPassword });

export const ZInvitationInfo = z.object({
  email: z.string(),
  name: z.string(),
  tenant: z.object({ name: z.string(), slug: z.string() }),
});
export const ZAcceptInvite = z.object({
  token: z.string().min(20).max(200),
  name: ZPersonName.optional(),
  password: ZPassword,
});

export const ZTotpSetup = z.object({ otpauthUrl: z.string(), secret: z.string(), qrDataUrl: z.string() });
export const ZTotpEnable = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, { message: 'Enter the 6-digit code' }),
});
export const ZRecoveryCodes = z.object({ recoveryCodes: z.array(z.string()) });
export const ZPasswordConfirm = z.object({ password: z.string().min(1).max(256) });

// ── users ─────────────────────────────────────────────────────────────
export const ZUserListItem = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    role: ZRole,
    active: z.boolean(),
    status: z.enum(['active', 'invited', 'deactivated']),
    lastLoginAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'UserListItem' });

export const ZInviteBody = z.object({ email: ZEmail, name: ZPersonName, role: ZRole });
export const ZInviteResult = z.object({ user: ZUserListItem, inviteUrl: z.string() });
export const ZUpdateUser = z
  .object({ role: ZRole.optional(), active: z.boolean().optional() })
  .refine((v) => v.role !== undefined || v.active !== undefined, { message: 'Nothing to update' });
export const ZIdParams = z.object({ id: z.uuid() });

// ── API keys ──────────────────────────────────────────────────────────
export const ZApiKeyScope = z.enum(API_KEY_SCOPES);
export const ZApiKey = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(ZApiKeyScope),
    createdAt: z.iso.datetime(),
    lastUsedAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ApiKey' });
export const ZCreateApiKey = z.object({
  name: z.string().trim().min(1).max(80),
  scopes: z.array(ZApiKeyScope).min(1).max(API_KEY_SCOPES.length),
});
export const ZCreatedApiKey = z.object({
  id: z.uuid(),
  key: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(ZApiKeyScope),
});

export const ZAuditEntry = z
  .object({
    id: z.uuid(),
    at: z.iso.datetime(),
    actorKind: z.string(),
    actorId: z.uuid().nullable(),
    action: z.string(),
    targetKind: z.string().nullable(),
    targetId: z.uuid().nullable(),
    ip: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AuditEntry' });
