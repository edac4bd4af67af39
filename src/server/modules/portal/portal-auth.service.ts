import { eq } from 'drizzle-orm';
import type { TPortalMe } from '../../../shared/portal.schemas.js';
import { AppError } from '../../platform/errors/app-error.js';
import type { TenantCtx } from '../../platform/http/actor.js';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../../platform/security/passwords.js';
import { recordAudit } from '../audit/index.js';
import {
  ACCOUNT_RULE,
  assertStrongPassword,
  checkSecondFactor,
  IP_RULE,
  invalidCredentials,
  mfaRequired,
  parseScopedToken,
  type SecondFactorTables,
  tableSecondFactorStore,
  tokenInvalid,
  tooManyAttempts,
} from '../auth/index.js';
import { accounts, contacts } from '../crm/index.js';
import { findTenantBySlug, getCurrentTenant } from '../tenants/index.js';
import type { PortalDeps } from './portal.deps.js';
import { portalRecoveryCodes, portalSettings, portalUsers } from './portal.table.js';
import type { PortalSessions } from './portal-sessions.service.js';
import { findPortalTokenOrThrow, spendPortalTokenOrThrow } from './portal-tokens.js';

export type PortalRequestInfo = { ip?: string | undefined; userAgent?: string | undefined };
export type PortalLoginInput = {
  workspace: string;
  email: string;
  password: string;
  totpCode?: string | undefined;
};

// Portal users, sessions and tokens are staff-role tables (the kesher_portal role has no grant on
// them), so the sign-in flows run as kesher_staff in the tenant the token or workspace names.
const staffScope = (tenantId: string) => ({ role: 'staff' as const, tenantId });

// Portal users keep their second factor beside the staff one's shape, in portal tables.
const PORTAL_SECOND_FACTOR: SecondFactorTables = {
  accounts: {
    table: portalUsers,
    tenantId: portalUsers.tenantId,
    id: portalUsers.id,
    totpLastStep: portalUsers.totpLastStep,
  },
  codes: {
    table: portalRecoveryCodes,
    tenantId: portalRecoveryCodes.tenantId,
    owner: portalRecoveryCodes.portalUserId,
    codeHash: portalRecoveryCodes.codeHash,
    usedAt: portalRecoveryCodes.usedAt,
  },
};

export const createPortalAuth = (deps: PortalDeps, sessions: PortalSessions) => {
  const accountKey = (workspace: string, email: string) =>
    `portal-login:${deps.secrets.hashToken(`${workspace}\u0000${email}`)}`;
  return {
    /** Sets the password from a one-time invite link and signs in. */
    async acceptInvite(input: { token: string; password: string }, req: PortalRequestInfo) {
      const parsed = parseScopedToken(input.token);
      if (!parsed) throw tokenInvalid();
      const now = deps.clock.now();
      const found = await deps.database.tenantTx(staffScope(parsed.tenantId), (tx) =>
        findPortalTokenOrThrow(deps, tx, parsed.token, 'invite'),
      );
      assertStrongPassword(input.password, [found.user.email]);
      // Hashing outside the transaction: PGlite runs one transaction at a time.
      const passwordHash = await hashPassword(input.password);
      return deps.database.tenantTx(staffScope(parsed.tenantId), async (tx) => {
        await spendPortalTokenOrThrow(deps, tx, found.token.id);
        const u = found.user;
        await tx
          .update(portalUsers)
          .set({
            passwordHash,
            passwordChangedAt: now,
            lastLoginAt: now,
            updatedAt: now,
            version: u.version + 1,
          })
          .where(eq(portalUsers.id, u.id));
        await sessions.revokeAll(tx, u.tenantId, u.id);
        const sessionToken = await sessions.start(tx, { tenantId: u.tenantId, portalUserId: u.id, ...req });
        await recordAudit(tx, {
          tenantId: u.tenantId,
          actorKind: 'portal',
          actorId: u.contactId,
          action: 'portal.invite_accepted',
          targetKind: 'portal_user',
          targetId: u.id,
          ip: req.ip,
          userAgent: req.userAgent,
        });
        return { sessionToken };
      });
    },

    /** Workspace + email + password; the staff sign-in throttle (shared table and limits) applies. */
    async login(input: PortalLoginInput, req: PortalRequestInfo) {
      const aKey = accountKey(input.workspace, input.email);
      const ipKey = `login-ip:${req.ip ?? 'unknown'}`;
      const locked = await deps.throttle.lockedFor([aKey, ipKey]);
      if (locked > 0) throw tooManyAttempts(locked);
      // The workspace slug is all we know before sign-in: found on the system path, as staff sign-in does.
      const tenant = await deps.database.systemTx((tx) => findTenantBySlug(tx, input.workspace));
      const user = tenant
        ? await deps.database.tenantTx(staffScope(tenant.id), async (tx) => {
            const [u] = await tx
              .select()
              .from(portalUsers)
              .where(eq(portalUsers.email, input.email))
              .limit(1);
            return u;
          })
        : undefined;
      const passwordOk =
        user?.passwordHash && user.enabled
          ? await verifyPassword(user.passwordHash, input.password)
          : await burnPasswordCheck(input.password).then(() => false);
      const fail = async (reason: string): Promise<never> => {
        const lockedNow = Math.max(
          await deps.throttle.hit(aKey, ACCOUNT_RULE),
          await deps.throttle.hit(ipKey, IP_RULE),
        );
        if (tenant) {
          await deps.database.tenantTx(staffScope(tenant.id), (tx) =>
            recordAudit(tx, {
              tenantId: tenant.id,
              actorKind: 'anonymous',
              actorId: user?.contactId ?? null,
              action: 'portal.login_failed',
              ...(user ? { targetKind: 'portal_user', targetId: user.id } : {}),
              ip: req.ip,
              userAgent: req.userAgent,
              details: { email: input.email, reason },
            }),
          );
        }
        if (lockedNow > 0) throw tooManyAttempts(lockedNow);
        throw invalidCredentials();
      };
      if (!tenant || !user || !passwordOk)
        return fail(!tenant ? 'unknown_workspace' : !user ? 'unknown_email' : 'bad_password');
      const now = deps.clock.now();
      const signedIn = await deps.database.tenantTx(staffScope(tenant.id), async (tx) => {
        // As for staff: with two-factor on, the password alone gets MFA_REQUIRED and no session;
        // the client repeats the sign-in with `totpCode`.
        if (user.totpEnabledAt) {
          if (!input.totpCode) throw mfaRequired();
          const store = tableSecondFactorStore(tx, now, PORTAL_SECOND_FACTOR, user);
          if (!(await checkSecondFactor(deps.secrets, now, user.totpSecretEnc, input.totpCode, store)))
            // Leave the transaction before counting the failure.
            return null;
        }
        await tx.update(portalUsers).set({ lastLoginAt: now }).where(eq(portalUsers.id, user.id));
        const sessionToken = await sessions.start(tx, { tenantId: tenant.id, portalUserId: user.id, ...req });
        await recordAudit(tx, {
          tenantId: tenant.id,
          actorKind: 'portal',
          actorId: user.contactId,
          action: 'portal.login',
          targetKind: 'portal_user',
          targetId: user.id,
          ip: req.ip,
          userAgent: req.userAgent,
          ...(user.totpEnabledAt ? { details: { secondFactor: true } } : {}),
        });
        return { sessionToken };
      });
      if (signedIn === null) return fail('bad_second_factor');
      await deps.throttle.clear(aKey);
      return signedIn;
    },

    logout: (ctx: TenantCtx) =>
      deps.database.tenantTx(staffScope(ctx.tenantId), async (tx) => {
        if (ctx.actor.kind !== 'portal') return;
        await sessions.revoke(tx, ctx.tenantId, ctx.actor.sessionId);
        await recordAudit(tx, {
          tenantId: ctx.tenantId,
          actorKind: 'portal',
          actorId: ctx.actor.contactId,
          action: 'portal.logout',
          targetKind: 'portal_user',
          targetId: ctx.actor.portalUserId,
          ip: ctx.ip,
          userAgent: ctx.userAgent,
        });
      }),

    /**
     * The signed-in contact's own profile. Contacts and accounts have no kesher_portal grant, so this
     * reads as staff, but only the rows the session's own contact/account ids name.
     */
    me: (ctx: TenantCtx): Promise<TPortalMe> =>
      deps.database.tenantTx(staffScope(ctx.tenantId), async (tx) => {
        const a = ctx.actor;
        if (a.kind !== 'portal') throw new AppError('UNAUTHENTICATED', { userMessage: 'Please sign in.' });
        const [user] = await tx.select().from(portalUsers).where(eq(portalUsers.id, a.portalUserId)).limit(1);
        const [contact] = await tx.select().from(contacts).where(eq(contacts.id, a.contactId)).limit(1);
        const [account] = await tx.select().from(accounts).where(eq(accounts.id, a.accountId)).limit(1);
        const tenant = await getCurrentTenant(tx, ctx.tenantId);
        const [settings] = await tx.select().from(portalSettings).limit(1);
        if (!user || !contact || !account || !tenant)
          throw new AppError('UNAUTHENTICATED', { userMessage: 'Please sign in.' });
        const defaultLocale = settings?.defaultLocale ?? tenant.locale;
        const pref = contact.preferredLanguage;
        return {
          portalUserId: user.id,
          contact: {
            id: contact.id,
            name: `${contact.firstName} ${contact.lastName}`.trim(),
            email: user.email,
          },
          account: { id: account.id, name: account.name },
          scope: user.scope,
          totpEnabled: user.totpEnabledAt !== null,
          locale: user.locale ?? (pref === 'he' || pref === 'en' ? pref : defaultLocale),
          tenant: { slug: tenant.slug, name: tenant.name },
          branding: {
            portalName: settings?.portalName ?? null,
            logoDataUrl: settings?.logoDataUrl ?? null,
            primaryColor: settings?.primaryColor ?? '#1c7ed6',
            defaultLocale,
          },
        };
      }),
  };
};
