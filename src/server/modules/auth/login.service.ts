import { and, eq, gt, isNull } from 'drizzle-orm';
import type { TUser } from '../../../shared/auth.schemas.js';
import type { Tx } from '../../platform/db/database.js';
import { burnPasswordCheck, hashPassword, verifyPassword } from '../../platform/security/passwords.js';
import { recordAudit } from '../audit/index.js';
import { findTenantBySlug, getCurrentTenant } from '../tenants/index.js';
import type { AuthDeps } from './auth.deps.js';
import { authTokens, recoveryCodes, users } from './auth.table.js';
import { resetEmail } from './auth-mails.js';
import {
  assertStrongPassword,
  consumeResetQuota,
  invalidCredentials,
  issueLinkToken,
  RESET_TTL_MS,
  tokenInvalid,
  tooManyAttempts,
} from './credential-rules.js';
import { parseScopedToken } from './scoped-token.js';
import {
  checkSecondFactor,
  mfaRequired,
  type SecondFactorTables,
  tableSecondFactorStore,
} from './second-factor.js';
import type { Sessions } from './sessions.service.js';
import { ACCOUNT_RULE, IP_RULE, type Throttle } from './throttle.js';
import { toUser } from './users.mapper.js';

export type RequestInfo = { ip?: string | undefined; userAgent?: string | undefined };
export type LoginInput = {
  workspace: string;
  email: string;
  password: string;
  totpCode?: string | undefined;
};
export type LoginResult = { user: TUser; sessionToken: string };

const STAFF_SECOND_FACTOR: SecondFactorTables = {
  accounts: { table: users, tenantId: users.tenantId, id: users.id, totpLastStep: users.totpLastStep },
  codes: {
    table: recoveryCodes,
    tenantId: recoveryCodes.tenantId,
    owner: recoveryCodes.userId,
    codeHash: recoveryCodes.codeHash,
    usedAt: recoveryCodes.usedAt,
  },
};

export const createCredentials = (deps: AuthDeps, sessions: Sessions, throttle: Throttle) => {
  const accountKey = (workspace: string, email: string) =>
    `login:${deps.secrets.hashToken(`${workspace}\u0000${email}`)}`;

  return {
    async login(input: LoginInput, req: RequestInfo): Promise<LoginResult> {
      const aKey = accountKey(input.workspace, input.email);
      const ipKey = `login-ip:${req.ip ?? 'unknown'}`;
      const locked = await throttle.lockedFor([aKey, ipKey]);
      if (locked > 0) throw tooManyAttempts(locked);

      const tenant = await deps.database.systemTx((tx) => findTenantBySlug(tx, input.workspace));
      const user = tenant
        ? await deps.database.tenantTx({ role: 'staff', tenantId: tenant.id }, async (tx) => {
            const [u] = await tx.select().from(users).where(eq(users.email, input.email)).limit(1);
            return u;
          })
        : undefined;

      // Password hashing happens outside any transaction: PGlite runs one transaction at a time.
      const passwordOk =
        user?.passwordHash && user.active
          ? await verifyPassword(user.passwordHash, input.password)
          : await burnPasswordCheck(input.password).then(() => false);

      const fail = async (reason: string) => {
        const lockedNow = Math.max(
          await throttle.hit(aKey, ACCOUNT_RULE),
          await throttle.hit(ipKey, IP_RULE),
        );
        if (tenant) {
          await deps.database.tenantTx({ role: 'staff', tenantId: tenant.id }, (tx) =>
            recordAudit(tx, {
              tenantId: tenant.id,
              actorKind: 'anonymous',
              actorId: user?.id ?? null,
              action: 'auth.login_failed',
              ...(user ? { targetKind: 'user', targetId: user.id } : {}),
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

      return deps.database
        .tenantTx({ role: 'staff', tenantId: tenant.id }, async (tx) => {
          if (user.totpEnabledAt) {
            if (!input.totpCode) throw mfaRequired();
            const store = tableSecondFactorStore(tx, deps.clock.now(), STAFF_SECOND_FACTOR, user);
            if (
              !(await checkSecondFactor(
                deps.secrets,
                deps.clock.now(),
                user.totpSecretEnc,
                input.totpCode,
                store,
              ))
            ) {
              // Leave the transaction before counting the failure.
              return null;
            }
          }
          await tx
            .update(users)
            .set({ lastLoginAt: deps.clock.now() })
            .where(and(eq(users.tenantId, tenant.id), eq(users.id, user.id)));
          const sessionToken = await sessions.start(tx, { tenantId: tenant.id, userId: user.id, ...req });
          await recordAudit(tx, {
            tenantId: tenant.id,
            actorKind: 'user',
            actorId: user.id,
            action: 'auth.login',
            targetKind: 'user',
            targetId: user.id,
            ip: req.ip,
            userAgent: req.userAgent,
          });
          return { user: toUser(user, tenant.locale), sessionToken };
        })
        .then(async (r) => {
          if (r === null) return fail('bad_second_factor');
          await throttle.clear(aKey);
          return r;
        });
    },

    async logout(tenantId: string, userId: string, sessionId: string, req: RequestInfo) {
      await deps.database.tenantTx({ role: 'staff', tenantId, userId }, async (tx) => {
        await sessions.revoke(tx, tenantId, sessionId);
        await recordAudit(tx, {
          tenantId,
          actorKind: 'user',
          actorId: userId,
          action: 'auth.logout',
          targetKind: 'user',
          targetId: userId,
          ip: req.ip,
          userAgent: req.userAgent,
        });
      });
    },

    /** Always succeeds from the caller's point of view: whether the address exists is not revealed. */
    async requestPasswordReset(input: { workspace: string; email: string }, req: RequestInfo) {
      await consumeResetQuota({ throttle, secrets: deps.secrets }, 'reset', input, req.ip);
      const tenant = await deps.database.systemTx((tx) => findTenantBySlug(tx, input.workspace));
      if (!tenant) return;
      await deps.database.tenantTx({ role: 'staff', tenantId: tenant.id }, async (tx) => {
        const [user] = await tx.select().from(users).where(eq(users.email, input.email)).limit(1);
        if (!user?.active || user.passwordHash === null) return;
        const { token, tokenHash, expiresAt } = issueLinkToken(deps, tenant.id, RESET_TTL_MS);
        await tx.insert(authTokens).values({
          tenantId: tenant.id,
          userId: user.id,
          purpose: 'password_reset',
          tokenHash,
          expiresAt,
        });
        const locale = user.locale ?? tenant.locale;
        const mail = resetEmail(locale, {
          orgName: tenant.name,
          url: `${deps.publicUrl}/reset-password?token=${encodeURIComponent(token)}`,
        });
        await deps.mailer.enqueue(tx, {
          tenantId: tenant.id,
          to: user.email,
          kind: 'auth.password_reset',
          ...mail,
        });
        await recordAudit(tx, {
          tenantId: tenant.id,
          actorKind: 'anonymous',
          action: 'auth.password_reset_requested',
          targetKind: 'user',
          targetId: user.id,
          ip: req.ip,
          userAgent: req.userAgent,
        });
      });
    },

    async confirmPasswordReset(input: { token: string; password: string }, req: RequestInfo) {
      const parsed = parseScopedToken(input.token);
      if (!parsed) throw tokenInvalid();
      const passwordHash = await hashPassword(input.password);
      await deps.database.tenantTx({ role: 'staff', tenantId: parsed.tenantId }, async (tx) => {
        const { token, user } = await takeToken(tx, parsed.token, 'password_reset');
        assertStrongPassword(input.password, [user.email, user.name]);
        await tx
          .update(users)
          .set({ passwordHash, passwordChangedAt: deps.clock.now(), updatedAt: deps.clock.now() })
          .where(and(eq(users.tenantId, user.tenantId), eq(users.id, user.id)));
        await sessions.revokeAllForUser(tx, user.tenantId, user.id);
        await recordAudit(tx, {
          tenantId: user.tenantId,
          actorKind: 'anonymous',
          action: 'auth.password_reset',
          targetKind: 'user',
          targetId: user.id,
          ip: req.ip,
          userAgent: req.userAgent,
          details: { tokenId: token.id },
        });
      });
    },

    async getInvitation(rawToken: string) {
      const parsed = parseScopedToken(rawToken);
      if (!parsed) throw tokenInvalid();
      return deps.database.tenantTx({ role: 'staff', tenantId: parsed.tenantId }, async (tx) => {
        const { user } = await findToken(tx, parsed.token, 'invite');
        const tenant = await getCurrentTenant(tx, parsed.tenantId);
        if (!tenant) throw tokenInvalid();
        return { email: user.email, name: user.name, tenant: { name: tenant.name, slug: tenant.slug } };
      });
    },

    async acceptInvitation(
      input: { token: string; name?: string | undefined; password: string },
      req: RequestInfo,
    ) {
      const parsed = parseScopedToken(input.token);
      if (!parsed) throw tokenInvalid();
      const passwordHash = await hashPassword(input.password);
      return deps.database.tenantTx({ role: 'staff', tenantId: parsed.tenantId }, async (tx) => {
        const { user } = await takeToken(tx, parsed.token, 'invite');
        assertStrongPassword(input.password, [user.email, input.name ?? user.name]);
        const now = deps.clock.now();
        const [updated] = await tx
          .update(users)
          .set({
            passwordHash,
            name: input.name ?? user.name,
            passwordChangedAt: now,
            lastLoginAt: now,
            updatedAt: now,
          })
          .where(and(eq(users.tenantId, user.tenantId), eq(users.id, user.id)))
          .returning();
        const tenant = await getCurrentTenant(tx, parsed.tenantId);
        if (!updated || !tenant) throw tokenInvalid();
        const sessionToken = await sessions.start(tx, { tenantId: user.tenantId, userId: user.id, ...req });
        await recordAudit(tx, {
          tenantId: user.tenantId,
          actorKind: 'user',
          actorId: user.id,
          action: 'auth.invitation_accepted',
          targetKind: 'user',
          targetId: user.id,
          ip: req.ip,
          userAgent: req.userAgent,
        });
        return { user: toUser(updated, tenant.locale), sessionToken };
      });
    },
  };

  async function findToken(tx: Tx, raw: string, purpose: 'invite' | 'password_reset') {
    const [row] = await tx
      .select({ token: authTokens, user: users })
      .from(authTokens)
      .innerJoin(users, and(eq(users.tenantId, authTokens.tenantId), eq(users.id, authTokens.userId)))
      .where(
        and(
          eq(authTokens.tokenHash, deps.secrets.hashToken(raw)),
          eq(authTokens.purpose, purpose),
          isNull(authTokens.usedAt),
          gt(authTokens.expiresAt, deps.clock.now()),
          eq(users.active, true),
        ),
      )
      .limit(1);
    if (!row) throw tokenInvalid();
    return row;
  }

  // Marks the token used in the same transaction that consumes it: a link works exactly once.
  async function takeToken(tx: Tx, raw: string, purpose: 'invite' | 'password_reset') {
    const row = await findToken(tx, raw, purpose);
    await tx
      .update(authTokens)
      .set({ usedAt: deps.clock.now() })
      .where(and(eq(authTokens.tenantId, row.token.tenantId), eq(authTokens.id, row.token.id)));
    return row;
  }
};

export type Credentials = ReturnType<typeof createCredentials>;
