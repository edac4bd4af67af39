import { eq } from 'drizzle-orm';
import { hashPassword } from '../../platform/security/passwords.js';
import { recordAudit } from '../audit/index.js';
import {
  assertStrongPassword,
  consumeResetQuota,
  issueLinkToken,
  parseScopedToken,
  RESET_TTL_MS,
  tokenInvalid,
} from '../auth/index.js';
import { contacts } from '../crm/index.js';
import { findTenantBySlug } from '../tenants/index.js';
import type { PortalDeps } from './portal.deps.js';
import { portalSettings, portalTokens, portalUsers } from './portal.table.js';
import type { PortalRequestInfo } from './portal-auth.service.js';
import { portalResetEmail } from './portal-mails.js';
import type { PortalSessions } from './portal-sessions.service.js';
import { findPortalTokenOrThrow, spendPortalTokenOrThrow, spendPortalTokensOf } from './portal-tokens.js';

const staffScope = (tenantId: string) => ({ role: 'staff' as const, tenantId });
const isLocale = (l: string | null | undefined): l is 'he' | 'en' => l === 'he' || l === 'en';

/** Forgotten portal passwords: an emailed one-time link, then a new password that ends every session. */
export const createPortalPasswordReset = (deps: PortalDeps, sessions: PortalSessions) => ({
  /**
   * Emails a reset link when the workspace has an activated, enabled portal user with this email.
   * Returns nothing either way, so the answer does not tell whether the address exists.
   */
  async request(input: { workspace: string; email: string }, req: PortalRequestInfo): Promise<void> {
    await consumeResetQuota(deps, 'portal-reset', input, req.ip);
    // The workspace by slug on the system path, as at portal sign-in; the rest under RLS.
    const tenant = await deps.database.systemTx((tx) => findTenantBySlug(tx, input.workspace));
    if (!tenant) return;
    await deps.database.tenantTx(staffScope(tenant.id), async (tx) => {
      const [user] = await tx.select().from(portalUsers).where(eq(portalUsers.email, input.email)).limit(1);
      if (!user?.enabled || user.passwordHash === null) return;
      const { token, tokenHash, expiresAt } = issueLinkToken(deps, tenant.id, RESET_TTL_MS);
      await tx.insert(portalTokens).values({
        tenantId: tenant.id,
        portalUserId: user.id,
        purpose: 'password_reset',
        tokenHash,
        expiresAt,
      });
      const [contact] = await tx
        .select({ lang: contacts.preferredLanguage })
        .from(contacts)
        .where(eq(contacts.id, user.contactId))
        .limit(1);
      const [settings] = await tx.select().from(portalSettings).limit(1);
      const locale =
        [user.locale, contact?.lang, settings?.defaultLocale, tenant.locale].find(isLocale) ?? 'he';
      const url = `${deps.publicUrl}/portal/${encodeURIComponent(tenant.slug)}/reset-password?token=${encodeURIComponent(token)}`;
      const mail = portalResetEmail(locale, { portalName: settings?.portalName ?? tenant.name, url });
      await deps.mailer.enqueue(tx, {
        tenantId: tenant.id,
        to: user.email,
        kind: 'portal_password_reset',
        ...mail,
      });
      await recordAudit(tx, {
        tenantId: tenant.id,
        actorKind: 'anonymous',
        action: 'portal.password_reset_requested',
        targetKind: 'portal_user',
        targetId: user.id,
        ip: req.ip,
        userAgent: req.userAgent,
      });
    });
  },

  /**
   * Sets the new password from a reset link (once), retires the user's other reset links and ends
   * every portal session of theirs. It does not sign in: with two-factor on, a mailbox alone must
   * not be enough to get a session.
   */
  async confirm(input: { token: string; password: string }, req: PortalRequestInfo): Promise<void> {
    const parsed = parseScopedToken(input.token);
    if (!parsed) throw tokenInvalid();
    const found = await deps.database.tenantTx(staffScope(parsed.tenantId), (tx) =>
      findPortalTokenOrThrow(deps, tx, parsed.token, 'password_reset'),
    );
    assertStrongPassword(input.password, [found.user.email]);
    // Hashing outside the transaction: PGlite runs one transaction at a time.
    const passwordHash = await hashPassword(input.password);
    await deps.database.tenantTx(staffScope(parsed.tenantId), async (tx) => {
      await spendPortalTokenOrThrow(deps, tx, found.token.id);
      await spendPortalTokensOf(deps, tx, found.user.id, 'password_reset');
      const u = found.user;
      const now = deps.clock.now();
      await tx
        .update(portalUsers)
        .set({ passwordHash, passwordChangedAt: now, updatedAt: now, version: u.version + 1 })
        .where(eq(portalUsers.id, u.id));
      await sessions.revokeAll(tx, u.tenantId, u.id);
      await recordAudit(tx, {
        tenantId: u.tenantId,
        actorKind: 'anonymous',
        action: 'portal.password_reset',
        targetKind: 'portal_user',
        targetId: u.id,
        ip: req.ip,
        userAgent: req.userAgent,
        details: { tokenId: found.token.id },
      });
    });
  },
});

export type PortalPasswordReset = ReturnType<typeof createPortalPasswordReset>;
