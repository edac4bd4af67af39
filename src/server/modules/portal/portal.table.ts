import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  foreignKey,
  index,
  inet,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { TPortalTicketFormConfig } from '../../../shared/portal.schemas.js';
import { id, tenantId, tenantPk, timestamps, tstz, version } from '../../platform/db/columns.js';

/**
 * A contact's portal access: which account's data they see (a contact may belong to several
 * accounts; access is for one), and whether they see only their own tickets or the account's.
 * Staff tables: portal auth code reads them as kesher_staff; the kesher_portal role has no grant.
 */
export const portalUsers = pgTable(
  'portal_users',
  {
    tenantId: tenantId(),
    id: id(),
    contactId: uuid('contact_id').notNull(),
    accountId: uuid('account_id').notNull(),
    // Stored lower-cased: the sign-in name, one per tenant.
    email: text('email').notNull(),
    scope: text('scope', { enum: ['own', 'account'] })
      .notNull()
      .default('own'),
    enabled: boolean('enabled').notNull().default(true),
    // Null until the invitee sets a password.
    passwordHash: text('password_hash'),
    locale: text('locale', { enum: ['he', 'en'] }),
    totpSecretEnc: text('totp_secret_enc'),
    totpEnabledAt: tstz('totp_enabled_at'),
    totpLastStep: integer('totp_last_step'),
    invitedBy: uuid('invited_by'),
    lastLoginAt: tstz('last_login_at'),
    passwordChangedAt: tstz('password_changed_at'),
    version: version(),
    ...timestamps(),
  },
  (t) => [
    tenantPk(t),
    uniqueIndex('portal_users_tenant_contact_key').on(t.tenantId, t.contactId),
    uniqueIndex('portal_users_tenant_email_key').on(t.tenantId, t.email),
  ],
);

const portalUserFk = (t: { tenantId: AnyPgColumn; portalUserId: AnyPgColumn }) =>
  foreignKey({
    columns: [t.tenantId, t.portalUserId],
    foreignColumns: [portalUsers.tenantId, portalUsers.id],
  }).onDelete('cascade');

/** Portal sessions, like staff sessions: the cookie holds `<tenantId>.<secret>`, the row its HMAC. */
export const portalSessions = pgTable(
  'portal_sessions',
  {
    tenantId: tenantId(),
    id: id(),
    tokenHash: text('token_hash').notNull(),
    portalUserId: uuid('portal_user_id').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
    lastSeenAt: tstz('last_seen_at').notNull().defaultNow(),
    expiresAt: tstz('expires_at').notNull(),
    revokedAt: tstz('revoked_at'),
    ip: inet('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [
    tenantPk(t),
    uniqueIndex('portal_sessions_token_hash_key').on(t.tenantId, t.tokenHash),
    portalUserFk(t),
    index('portal_sessions_user_idx').on(t.tenantId, t.portalUserId).where(sql`revoked_at is null`),
  ],
);

/** One-time portal links: invitations and password resets. */
export const portalTokens = pgTable(
  'portal_tokens',
  {
    tenantId: tenantId(),
    id: id(),
    portalUserId: uuid('portal_user_id').notNull(),
    purpose: text('purpose', { enum: ['invite', 'password_reset'] }).notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: tstz('expires_at').notNull(),
    usedAt: tstz('used_at'),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [
    tenantPk(t),
    uniqueIndex('portal_tokens_token_hash_key').on(t.tenantId, t.tokenHash),
    portalUserFk(t),
  ],
);

export const portalRecoveryCodes = pgTable(
  'portal_recovery_codes',
  {
    tenantId: tenantId(),
    id: id(),
    portalUserId: uuid('portal_user_id').notNull(),
    codeHash: text('code_hash').notNull(),
    usedAt: tstz('used_at'),
  },
  (t) => [
    tenantPk(t),
    index('portal_recovery_codes_user_idx').on(t.tenantId, t.portalUserId),
    portalUserFk(t),
  ],
);

/**
 * Portal branding, one row per tenant. `custom_domain` maps a Host header to the tenant: unique
 * across tenants, looked up on the system path before a tenant is known.
 */
export const portalSettings = pgTable(
  'portal_settings',
  {
    tenantId: tenantId().primaryKey(),
    portalName: text('portal_name'),
    // A small image as a data: URL (PNG/JPEG/SVG sanitised, ≤ 200 KB), served by the portal API.
    logoDataUrl: text('logo_data_url'),
    primaryColor: text('primary_color').notNull().default('#1c7ed6'),
    defaultLocale: text('default_locale', { enum: ['he', 'en'] })
      .notNull()
      .default('he'),
    customDomain: text('custom_domain'),
    // Default scope for new portal users.
    defaultScope: text('default_scope', { enum: ['own', 'account'] })
      .notNull()
      .default('own'),
    // The portal's new-ticket form: its categories and which ticket custom fields customers fill.
    ticketForm: jsonb('ticket_form')
      .$type<TPortalTicketFormConfig>()
      .notNull()
      .default({ fieldKeys: [], categories: [] }),
    version: version(),
    ...timestamps(),
  },
  (t) => [uniqueIndex('portal_settings_custom_domain_key').on(t.customDomain)],
);

export type PortalUserRow = typeof portalUsers.$inferSelect;
export type PortalSessionRow = typeof portalSessions.$inferSelect;
