import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import QRCode from 'qrcode';
import { AppError } from '../../platform/errors/app-error.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { verifyPassword } from '../../platform/security/passwords.js';
import { auditFromCtx, recordAudit } from '../audit/index.js';
import { getCurrentTenant } from '../tenants/index.js';
import type { AuthDeps } from './auth.deps.js';
import { recoveryCodes, users } from './auth.table.js';
import { newTotpSecret, totpStep, totpUri } from './totp.js';
import { getUserOrThrow } from './users.service.js';

const RECOVERY_CODE_COUNT = 10;

const userIdOf = (ctx: TenantCtx) => {
  if (ctx.actor.kind !== 'user') throw new AppError('FORBIDDEN');
  return ctx.actor.userId;
};

/** Optional TOTP second factor: enrol with a QR code, confirm with a code, keep recovery codes. */
export const createTotp = (deps: AuthDeps) => ({
  setup: (ctx: TenantCtx) =>
    deps.database.tenantTx(scopeOf(ctx), async (tx) => {
      const user = await getUserOrThrow(tx, userIdOf(ctx));
      if (user.totpEnabledAt) {
        throw new AppError('VALIDATION_FAILED', {
          userMessage: 'Two-factor sign-in is already on. Turn it off first.',
        });
      }
      const tenant = await getCurrentTenant(tx, ctx.tenantId);
      const secret = newTotpSecret();
      // Kept encrypted and inactive until the user proves their app produces the right codes.
      await tx
        .update(users)
        .set({ totpSecretEnc: deps.secrets.encrypt(secret) })
        .where(eq(users.id, user.id));
      const otpauthUrl = totpUri(secret, user.email, `Kesher ${tenant?.name ?? ''}`.trim());
      return { otpauthUrl, secret, qrDataUrl: await QRCode.toDataURL(otpauthUrl, { margin: 1, width: 220 }) };
    }),

  enable: (ctx: TenantCtx, input: { code: string }) =>
    deps.database.tenantTx(scopeOf(ctx), async (tx) => {
      const user = await getUserOrThrow(tx, userIdOf(ctx));
      if (!user.totpSecretEnc || user.totpEnabledAt) {
        throw new AppError('VALIDATION_FAILED', { userMessage: 'Start two-factor setup first.' });
      }
      const step = totpStep(deps.secrets.decrypt(user.totpSecretEnc), input.code, deps.clock.now());
      if (step === null) {
        throw new AppError('VALIDATION_FAILED', {
          userMessage: 'The code is wrong. Check the time on your phone and try again.',
          fields: [{ path: 'code', message: 'The code is wrong.' }],
        });
      }
      const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
        const raw = randomBytes(5).toString('hex');
        return `${raw.slice(0, 5)}-${raw.slice(5)}`;
      });
      await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
      await tx.insert(recoveryCodes).values(
        codes.map((c) => ({
          tenantId: ctx.tenantId,
          userId: user.id,
          codeHash: deps.secrets.hashToken(c.replace('-', '')),
        })),
      );
      // The enrolment code is spent too: it cannot be replayed for a sign-in.
      await tx
        .update(users)
        .set({ totpEnabledAt: deps.clock.now(), totpLastStep: step })
        .where(eq(users.id, user.id));
      await recordAudit(tx, auditFromCtx(ctx, 'auth.totp_enabled', { kind: 'user', id: user.id }));
      return { recoveryCodes: codes };
    }),

  async disable(ctx: TenantCtx, input: { password: string }) {
    const user = await deps.database.tenantTx(scopeOf(ctx), (tx) => getUserOrThrow(tx, userIdOf(ctx)));
    if (!user.passwordHash || !(await verifyPassword(user.passwordHash, input.password))) {
      throw new AppError('VALIDATION_FAILED', {
        userMessage: 'The password is wrong.',
        fields: [{ path: 'password', message: 'The password is wrong.' }],
      });
    }
    await deps.database.tenantTx(scopeOf(ctx), async (tx) => {
      await tx.update(users).set({ totpSecretEnc: null, totpEnabledAt: null }).where(eq(users.id, user.id));
      await tx
        .delete(recoveryCodes)
        .where(and(eq(recoveryCodes.tenantId, ctx.tenantId), eq(recoveryCodes.userId, user.id)));
      await recordAudit(tx, auditFromCtx(ctx, 'auth.totp_disabled', { kind: 'user', id: user.id }));
    });
  },
});
