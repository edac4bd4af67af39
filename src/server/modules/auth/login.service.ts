import { and, eq, gt, isNull, lt, or } from 'drizzle-orm';
import type { TUser } from '../../../shared/auth.schemas.js';
import type { Tx } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import {
  burnPasswordCheck,
  hashPassword,
  passwordWeakness,
  verifyPassword,
} from '../../platform/security/passwords.js';
import { recordAudit } from '../audit/index.js';
import { findTenantBySlug, getCurrentTenant } from '../tenants/index.js';
import type { AuthDeps } from './auth.deps.js';
import { authTokens, recoveryCodes, type UserRow, users } from './auth.table.js';
import { resetEmail } from './auth-mails.js';
import { makeScopedToken, parseScopedToken } from './scoped-token.js';
import type { Sessions } from './sessions.service.js';
import { ACCOUNT_RULE, IP_RULE, SEND_RULE, type Throttle } from './throttle.js';
import { totpStep } from './totp.js';
import { toUser } from './users.mapper.js';

export type RequestInfo = { ip?: string | undefined; userAgent?: string | undefined };
export type LoginInput = {
  workspace: string;
  email: string;
  password: string;
  totpCode?: string | undefined;
};
export type LoginResult = { user: TUser; sessionToken: string };

const RESET_TTL_MS = 60 * 60_000;
const INVALID = () =>
  new AppError('INVALID_CREDENTIALS', { userMessage: 'The workspace, email or password is wrong.' });

export const createCredentials = (deps: AuthDeps, sessions: Sessions, throttle: Throttle) => {
  const accountKey = (workspace: string, email: string) =>
    `login:${deps.secrets.hashToken(`${workspace}\u0000${email}`)}`;

  const tooMany = (seconds: number) =>
    new AppError('TOO_MANY_ATTEMPTS', {
      userMessage: `Too many attempts. Try again in ${Math.ceil(seconds / 60)} minutes.`,
      retryAfterSeconds: seconds,
    });

  /** TOTP code or an unused recovery code (which is then spent). */
  const checkSecondFactor = async (tx: Tx, user: UserRow, code: string): Promise<boolean> => {
    if (!user.totpSecretEnc) return false;
    const step = totpStep(deps.secrets.decrypt(user.totpSecretEnc), code, deps.clock.now());
    if (step !== null) {
      // Spend the step atomically: a second sign-in with the same code finds it used.
      const claimed = await tx
        .update(users)
        .set({ totpLastStep: step })
        .where(
          and(
            eq(users.tenantId, user.tenantId),
            eq(users.id, user.id),
            or(isNull(users.totpLastStep), lt(users.totpLastStep, step)),
          ),
        )
        .returning({ id: users.id });
      return claimed.length > 0;
    }
    const hash = deps.secrets.hashToken(code.replaceAll('-', '').toLowerCase());
    const spent = await tx
      .update(recoveryCodes)
      .set({ usedAt: deps.clock.now() })
      .where(
        and(
          eq(recoveryCodes.tenantId, user.tenantId),
          eq(recoveryCodes.userId, user.id),
          eq(recoveryCodes.codeHash, hash),
          isNull(recoveryCodes.usedAt),
        ),
      )
      .returning({ id: recoveryCodes.id });
    return spent.length > 0;
  };

  return {
    async login(input: LoginInput, req: RequestInfo): Promise<LoginResult> {
      const aKey = accountKey(input.workspace, input.email);
      const ipKey = `login-ip:${req.ip ?? 'unknown'}`;
      const locked = await throttle.lockedFor([aKey, ipKey]);
      if (locked > 0) throw tooMany(locked);

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
          : (await burnPasswordCheck(input.password), false);

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
        if (lockedNow > 0) throw tooMany(lockedNow);
        throw INVALID();
      };

      if (!tenant || !user || !passwordOk)
        return fail(!tenant ? 'unknown_workspace' : !user ? 'unknown_email' : 'bad_password');

      return deps.database
        .tenantTx({ role: 'staff', tenantId: tenant.id }, async (tx) => {
          if (user.totpEnabledAt) {
            if (!input.totpCode) {
              throw new AppError('MFA_REQUIRED', {
                userMessage: 'Enter the code from your authenticator app.',
              });
            }
            if (!(await checkSecondFactor(tx, user, input.totpCode))) {
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
      const locked = await throttle.consume([
        [`reset:${deps.secrets.hashToken(`${input.workspace}\u0000${input.email}`)}`, SEND_RULE],
        [`reset-ip:${req.ip ?? 'unknown'}`, { ...SEND_RULE, max: 20 }],
      ]);
      if (locked > 0) throw tooMany(locked);
      const tenant = await deps.database.systemTx((tx) => findTenantBySlug(tx, input.workspace));
      if (!tenant) return;
      await deps.database.tenantTx({ role: 'staff', tenantId: tenant.id }, async (tx) => {
        const [user] = await tx.select().from(users).where(eq(users.email, input.email)).limit(1);
        if (!user || !user.active || user.passwordHash === null) return;
        const token = makeScopedToken(tenant.id);
        await tx.insert(authTokens).values({
          tenantId: tenant.id,
          userId: user.id,
          purpose: 'password_reset',
          tokenHash: deps.secrets.hashToken(token),
          expiresAt: new Date(deps.clock.now().getTime() + RESET_TTL_MS),
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
        const weak = passwordWeakness(input.password, [user.email, user.name]);
        if (weak)
          throw new AppError('WEAK_PASSWORD', {
            userMessage: weak,
            fields: [{ path: 'password', message: weak }],
          });
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
        const weak = passwordWeakness(input.password, [user.email, input.name ?? user.name]);
        if (weak)
          throw new AppError('WEAK_PASSWORD', {
            userMessage: weak,
            fields: [{ path: 'password', message: weak }],
          });
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

const tokenInvalid = () =>
  new AppError('TOKEN_INVALID', { userMessage: 'This link is invalid, was already used, or has expired.' });

export type Credentials = ReturnType<typeof createCredentials>;
