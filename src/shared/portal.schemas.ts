import { z } from 'zod';

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
export const ZPortalUserList = z.object({ items: z.array(ZPortalUser) });

export const ZPortalAcceptInvite = z.object({
  token: z.string().min(20).max(200),
  password: z.string().min(1).max(200),
});
export const ZPortalLogin = z.object({
  workspace: z.string().min(1).max(100),
  email: z
    .email()
    .max(320)
    .transform((e) => e.toLowerCase()),
  password: z.string().min(1).max(200),
});

export const ZPortalMe = z.object({
  portalUserId: z.uuid(),
  contact: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
  account: z.object({ id: z.uuid(), name: z.string() }),
  scope: ZPortalScope,
  locale: z.enum(['he', 'en']),
  tenant: z.object({ slug: z.string(), name: z.string() }),
  branding: z.object({
    portalName: z.string().nullable(),
    logoDataUrl: z.string().nullable(),
    primaryColor: z.string(),
    defaultLocale: z.enum(['he', 'en']),
  }),
});
export type TPortalMe = z.infer<typeof ZPortalMe>;
