import { eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import type { TenantCtx } from '../../platform/http/actor.js';
import { auditFromCtx, recordAudit } from '../audit/index.js';
import {
  assertPasswordConfirms,
  assertTotpOff,
  confirmTotpEnrolment,
  startTotpEnrolment,
} from '../auth/index.js';
import { getCurrentTenant } from '../tenants/index.js';
import type { PortalDeps } from './portal.deps.js';
import { portalRecoveryCodes, portalSettings, portalUsers } from './portal.table.js';

// Portal users are a staff table: these run as kesher_staff in the session's tenant, touching only
// the row the session's own portal user id names.
const staffScope = (ctx: TenantCtx) => ({ role: 'staff' as const, tenantId: ctx.tenantId });

const portalUserIdOf = (ctx: TenantCtx) => {
  if (ctx.actor.kind !== 'portal') throw new AppError('UNAUTHENTICATED', { userMessage: 'Please sign in.' });
  return ctx.actor.portalUserId;
};

const getPortalUserOrThrow = async (tx: Tx, id: string) => {
  const [u] = await tx.select().from(portalUsers).where(eq(portalUsers.id, id)).limit(1);
  if (!u) throw new AppError('UNAUTHENTICATED', { userMessage: 'Please sign in.' });
  return u;
};

/** The customer's optional TOTP second factor, as staff have it: QR enrolment, confirm, recovery codes, off. */
export const createPortalTotp = (deps: PortalDeps) => ({
  setup: (ctx: TenantCtx) =>
    deps.database.tenantTx(staffScope(ctx), async (tx) => {
      const user = await getPortalUserOrThrow(tx, portalUserIdOf(ctx));
      assertTotpOff(user.totpEnabledAt);
      const tenant = await getCurrentTenant(tx, ctx.tenantId);
      const [settings] = await tx.select().from(portalSettings).limit(1);
      const issuer = settings?.portalName ?? tenant?.name ?? 'Kesher';
      const { secretEnc, view } = await startTotpEnrolment(deps.secrets, user.email, issuer);
      // Kept encrypted and inactive until the customer proves their app produces the right codes.
      await tx.update(portalUsers).set({ totpSecretEnc: secretEnc }).where(eq(portalUsers.id, user.id));
      return view;
    }),

  enable: (ctx: TenantCtx, input: { code: string }) =>
    deps.database.tenantTx(staffScope(ctx), async (tx) => {
      const user = await getPortalUserOrThrow(tx, portalUserIdOf(ctx));
      const done = confirmTotpEnrolment(deps.secrets, deps.clock.now(), user, input.code);
      await tx.delete(portalRecoveryCodes).where(eq(portalRecoveryCodes.portalUserId, user.id));
      await tx
        .insert(portalRecoveryCodes)
        .values(
          done.codeHashes.map((codeHash) => ({ tenantId: ctx.tenantId, portalUserId: user.id, codeHash })),
        );
      // The enrolment code is spent too: it cannot be replayed for a sign-in.
      await tx
        .update(portalUsers)
        .set({ totpEnabledAt: deps.clock.now(), totpLastStep: done.step })
        .where(eq(portalUsers.id, user.id));
      await recordAudit(tx, auditFromCtx(ctx, 'portal.totp_enabled', { kind: 'portal_user', id: user.id }));
      return { recoveryCodes: done.recoveryCodes };
    }),

  async disable(ctx: TenantCtx, input: { password: string }) {
    const user = await deps.database.tenantTx(staffScope(ctx), (tx) =>
      getPortalUserOrThrow(tx, portalUserIdOf(ctx)),
    );
    // Password check outside the transaction: PGlite runs one transaction at a time.
    await assertPasswordConfirms(user.passwordHash, input.password);
    await deps.database.tenantTx(staffScope(ctx), async (tx) => {
      await tx
        .update(portalUsers)
        .set({ totpSecretEnc: null, totpEnabledAt: null })
        .where(eq(portalUsers.id, user.id));
      await tx.delete(portalRecoveryCodes).where(eq(portalRecoveryCodes.portalUserId, user.id));
      await recordAudit(tx, auditFromCtx(ctx, 'portal.totp_disabled', { kind: 'portal_user', id: user.id }));
    });
  },
});

export type PortalTotp = ReturnType<typeof createPortalTotp>;
