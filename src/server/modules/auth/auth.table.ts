import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  foreignKey,
  index,
  inet,
  integer,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { id, tenantId, tenantPk, timestamps, tstz, version } from '../../platform/db/columns.js';
import { tenants } from '../tenants/index.js';

// Composite FKs carry tenant_id, so a row can never point at another tenant's user.
const userFk = (t: { tenantId: AnyPgColumn; userId: AnyPgColumn }) =>
  foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete(
    'cascade',
  );

export const users = pgTable(
  'users',
  {
    tenantId: tenantId(),
    id: id(),
    // Stored lower-cased: one account per address per tenant.
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ['owner', 'admin', 'manager', 'agent'] }).notNull(),
    // Null until an invited user sets a password.
    passwordHash: text('password_hash'),
    locale: text('locale', { enum: ['he', 'en'] }),
    active: boolean('active').notNull().default(true),
    totpSecretEnc: text('totp_secret_enc'),
    totpEnabledAt: tstz('totp_enabled_at'),
    // Last TOTP time step accepted at sign-in: each code works once.
    totpLastStep: integer('totp_last_step'),
    lastLoginAt: tstz('last_login_at'),
    passwordChangedAt: tstz('password_changed_at'),
    version: version(),
    ...timestamps(),
  },
  (t) => [
    tenantPk(t),
    uniqueIndex('users_tenant_email_key').on(t.tenantId, t.email),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.id], name: 'users_tenant_fk' }).onDelete(
      'cascade',
    ),
  ],
);

/** Server-side sessions: the cookie holds a random token, the table its keyed hash. */
export const sessions = pgTable(
  'sessions',
  {
    tenantId: tenantId(),
    id: id(),
    tokenHash: text('token_hash').notNull(),
    userId: uuid('user_id').notNull(),
    createdAt: tstz('created_at').notNull().defaultNow(),
    lastSeenAt: tstz('last_seen_at').notNull().defaultNow(),
    expiresAt: tstz('expires_at').notNull(),
    revokedAt: tstz('revoked_at'),
    ip: inet('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [
    tenantPk(t),
    uniqueIndex('sessions_token_hash_key').on(t.tenantId, t.tokenHash),
    userFk(t),
    index('sessions_tenant_user_idx').on(t.tenantId, t.userId).where(sql`revoked_at is null`),
  ],
);

/** One-time tokens: invitations and password resets. */
export const authTokens = pgTable(
  'auth_tokens',
  {
    tenantId: tenantId(),
    id: id(),
    userId: uuid('user_id').notNull(),
    purpose: text('purpose', { enum: ['invite', 'password_reset'] }).notNull(),
    tokenHash: text('token_hash').notNull(),
    expiresAt: tstz('expires_at').notNull(),
    usedAt: tstz('used_at'),
    createdAt: tstz('created_at').notNull().defaultNow(),
  },
  (t) => [tenantPk(t), uniqueIndex('auth_tokens_token_hash_key').on(t.tenantId, t.tokenHash), userFk(t)],
);

export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    tenantId: tenantId(),
    id: id(),
    userId: uuid('user_id').notNull(),
    codeHash: text('code_hash').notNull(),
    usedAt: tstz('used_at'),
  },
  (t) => [tenantPk(t), index('recovery_codes_user_idx').on(t.tenantId, t.userId), userFk(t)],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    tenantId: tenantId(),
    id: id(),
    name: text('name').notNull(),
    // First characters of the key, shown in lists so people can tell keys apart.
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    scopes: text('scopes').array().notNull(),
    createdBy: uuid('created_by'),
    createdAt: tstz('created_at').notNull().defaultNow(),
    lastUsedAt: tstz('last_used_at'),
    revokedAt: tstz('revoked_at'),
  },
  (t) => [tenantPk(t), uniqueIndex('api_keys_key_hash_key').on(t.tenantId, t.keyHash)],
);

/**
 * Failed sign-in counters per (workspace, email) and per IP, shared by every Kesher process.
 * Not tenant-owned: it is consulted before we know whether the workspace exists.
 */
export const authThrottle = pgTable('auth_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStartedAt: tstz('window_started_at').notNull(),
  lockedUntil: tstz('locked_until'),
});

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;
export type ApiKeyRow = typeof apiKeys.$inferSelect;
