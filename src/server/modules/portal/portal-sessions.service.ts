import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.js';
import { preparedPerDb } from '../../platform/db/prepared.js';
import type { Actor } from '../../platform/http/actor.js';
import { makeScopedToken, parseScopedToken } from '../auth/index.js';
import type { PortalDeps } from './portal.deps.js';
import { portalSessions, portalUsers } from './portal.table.js';

export const PORTAL_SESSION_COOKIE = 'kesher_portal_session';

// As for staff sessions: last_seen_at is written at most once a minute.
const TOUCH_EVERY_MS = 60_000;

/** The per-request lookup: the session and its portal user, by the tenant the token names. */
const portalSessionLookup = preparedPerDb((db) =>
  db
    .select({ session: portalSessions, user: portalUsers })
    .from(portalSessions)
    .innerJoin(
      portalUsers,
      and(eq(portalUsers.tenantId, portalSessions.tenantId), eq(portalUsers.id, portalSessions.portalUserId)),
    )
    .where(
      and(
        eq(portalSessions.tenantId, sql.placeholder('tenantId')),
        eq(portalSessions.tokenHash, sql.placeholder('hash')),
        isNull(portalSessions.revokedAt),
      ),
    )
    .limit(1)
    .prepare('kesher_portal_session'),
);

/** Portal sessions mirror staff sessions (idle + absolute expiry, revocation), in their own table. */
export const createPortalSessions = (deps: PortalDeps) => ({
  async start(
    tx: Tx,
    input: {
      tenantId: string;
      portalUserId: string;
      ip?: string | undefined;
      userAgent?: string | undefined;
    },
  ) {
    const token = makeScopedToken(input.tenantId);
    const now = deps.clock.now();
    await tx.insert(portalSessions).values({
      tenantId: input.tenantId,
      portalUserId: input.portalUserId,
      tokenHash: deps.secrets.hashToken(token),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + deps.sessionAbsoluteMs),
      ip: input.ip ?? null,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    });
    return token;
  },

  /** The portal actor behind a cookie; anonymous when unknown, expired, revoked or disabled. */
  async resolve(cookie: string | undefined): Promise<Actor> {
    const parsed = parseScopedToken(cookie);
    if (!parsed) return { kind: 'anonymous' };
    const now = deps.clock.now();
    const hash = deps.secrets.hashToken(parsed.token);
    // Every portal request does this lookup: one autocommitted statement on the system path, as
    // staff sessions do, filtered by the tenant the token names and its (tenant_id, token_hash) index.
    return deps.database.systemQuery(async (db) => {
      const [row] = await portalSessionLookup(db).execute({ tenantId: parsed.tenantId, hash });
      if (!row?.user.enabled) return { kind: 'anonymous' } as const;
      const s = row.session;
      if (s.expiresAt <= now || now.getTime() - s.lastSeenAt.getTime() > deps.sessionIdleMs) {
        return { kind: 'anonymous' } as const;
      }
      if (now.getTime() - s.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
        await db
          .update(portalSessions)
          .set({ lastSeenAt: now })
          .where(and(eq(portalSessions.tenantId, s.tenantId), eq(portalSessions.id, s.id)));
      }
      return {
        kind: 'portal',
        tenantId: s.tenantId,
        portalUserId: row.user.id,
        contactId: row.user.contactId,
        accountId: row.user.accountId,
        scope: row.user.scope,
        sessionId: s.id,
      } as const;
    });
  },

  async revoke(tx: Tx, tenantId: string, sessionId: string) {
    await tx
      .update(portalSessions)
      .set({ revokedAt: deps.clock.now() })
      .where(and(eq(portalSessions.tenantId, tenantId), eq(portalSessions.id, sessionId)));
  },

  /** Ends every session of a portal user (access disabled, scope/account change, password reset). */
  async revokeAll(tx: Tx, tenantId: string, portalUserId: string, exceptSessionId?: string) {
    await tx
      .update(portalSessions)
      .set({ revokedAt: deps.clock.now() })
      .where(
        and(
          eq(portalSessions.tenantId, tenantId),
          eq(portalSessions.portalUserId, portalUserId),
          isNull(portalSessions.revokedAt),
          exceptSessionId ? ne(portalSessions.id, exceptSessionId) : undefined,
        ),
      );
  },
});

export type PortalSessions = ReturnType<typeof createPortalSessions>;
