import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.js';
import { tokenInvalid } from '../auth/index.js';
import type { PortalDeps } from './portal.deps.js';
import { portalTokens, portalUsers } from './portal.table.js';

type Purpose = (typeof portalTokens.$inferSelect)['purpose'];

/** The unused, unexpired link token with this raw value and its enabled portal user, else TOKEN_INVALID. */
export const findPortalTokenOrThrow = async (deps: PortalDeps, tx: Tx, raw: string, purpose: Purpose) => {
  const [row] = await tx
    .select({ token: portalTokens, user: portalUsers })
    .from(portalTokens)
    .innerJoin(portalUsers, eq(portalUsers.id, portalTokens.portalUserId))
    .where(
      and(
        eq(portalTokens.tokenHash, deps.secrets.hashToken(raw)),
        eq(portalTokens.purpose, purpose),
        isNull(portalTokens.usedAt),
        gt(portalTokens.expiresAt, deps.clock.now()),
      ),
    )
    .limit(1);
  if (!row?.user.enabled) throw tokenInvalid();
  return row;
};

/** Spends the token atomically: of two requests racing with the same link, one finds it used. */
export const spendPortalTokenOrThrow = async (deps: PortalDeps, tx: Tx, tokenId: string) => {
  const spent = await tx
    .update(portalTokens)
    .set({ usedAt: deps.clock.now() })
    .where(and(eq(portalTokens.id, tokenId), isNull(portalTokens.usedAt)))
    .returning({ id: portalTokens.id });
  if (spent.length === 0) throw tokenInvalid();
};

/** Ends every other live link of that purpose (a password set by one reset link retires the rest). */
export const spendPortalTokensOf = async (
  deps: PortalDeps,
  tx: Tx,
  portalUserId: string,
  purpose: Purpose,
) => {
  await tx
    .update(portalTokens)
    .set({ usedAt: deps.clock.now() })
    .where(
      and(
        eq(portalTokens.portalUserId, portalUserId),
        eq(portalTokens.purpose, purpose),
        isNull(portalTokens.usedAt),
      ),
    );
};
