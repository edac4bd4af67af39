import { and, eq } from 'drizzle-orm';
import { AppError } from '../../platform/errors/app-error.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { auditFromCtx, recordAudit } from '../audit/index.js';
import { getCurrentTenant } from '../tenants/index.js';
import type { AuthDeps } from './auth.deps.js';
import { recoveryCodes, users } from './auth.table.js';
import {
  assertPasswordConfirms,
  assertTotpOff,
  confirmTotpEnrolment,
  startTotpEnrolment,
} from './second-factor.js';
import { getUserOrThrow } from './users.service.js';

const userIdOf = (ctx: TenantCtx) => {
  if (ctx.actor.kind !== 'user') throw new AppError('FORBIDDEN');
  return ctx.actor.userId;
};

/** Optional TOTP second factor: enrol with a QR code, confirm with a code, keep recovery codes. */
export const createTotp = (deps: AuthDeps) => ({
  setup: (ctx: TenantCtx) =>
    deps.database.tenantTx(scopeOf(ctx), async (tx) => {
      const user = await getUserOrThrow(tx, userIdOf(ctx));
      assertTotpOff(user.totpEnabledAt);
      const tenant = await getCurrentTenant(tx, ctx.tenantId);
      const { secretEnc, view } = await startTotpEnrolment(
        deps.secrets,
        user.email,
        `Kesher ${tenant?.name ?? ''}`.trim(),
      );
      // Kept encrypted and inactive until the user proves their app produces the right codes.
      await tx.update(users).set({ totpSecretEnc: secretEnc }).where(eq(users.id, user.id));
      return view;
    }),

  enable: (ctx: TenantCtx, input: { code: string }) =>
    deps.database.tenantTx(scopeOf(ctx), async (tx) => {
      const user = await getUserOrThrow(tx, userIdOf(ctx));
      const done = confirmTotpEnrolment(deps.secrets, deps.clock.now(), user, input.code);
      await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, user.id));
      await tx
        .insert(recoveryCodes)
        .values(done.codeHashes.map((codeHash) => ({ tenantId: ctx.tenantId, userId: user.id, codeHash })));
      // The enrolment code is spent too: it cannot be replayed for a sign-in.
      await tx
        .update(users)
        .set({ totpEnabledAt: deps.clock.now(), totpLastStep: done.step })
        .where(eq(users.id, user.id));
      await recordAudit(tx, auditFromCtx(ctx, 'auth.totp_enabled', { kind: 'user', id: user.id }));
      return { recoveryCodes: done.recoveryCodes };
    }),

  async disable(ctx: TenantCtx, input: { password: string }) {
    const user = await deps.database.tenantTx(scopeOf(ctx), (tx) => getUserOrThrow(tx, userIdOf(ctx)));
    await assertPasswordConfirms(user.passwordHash, input.password);
    await deps.database.tenantTx(scopeOf(ctx), async (tx) => {
      await tx.update(users).set({ totpSecretEnc: null, totpEnabledAt: null }).where(eq(users.id, user.id));
      await tx
        .delete(recoveryCodes)
        .where(and(eq(recoveryCodes.tenantId, ctx.tenantId), eq(recoveryCodes.userId, user.id)));
      await recordAudit(tx, auditFromCtx(ctx, 'auth.totp_disabled', { kind: 'user', id: user.id }));
    });
  },
});
