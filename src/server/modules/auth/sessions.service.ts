import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import { permissionsOf } from '../../../shared/permissions.js';
import type { Tx } from '../../platform/db/database.js';
import { preparedPerDb } from '../../platform/db/prepared.js';
import type { Actor } from '../../platform/http/actor.js';
import { tenants } from '../tenants/index.js';
import type { AuthDeps } from './auth.deps.js';
import { sessions, users } from './auth.table.js';
import { makeScopedToken, parseScopedToken } from './scoped-token.js';

export const SESSION_COOKIE = 'kesher_session';

// last_seen_at is written at most once a minute per session: a write per request would cost more
// than the idle-timeout precision is worth.
const TOUCH_EVERY_MS = 60_000;

/** The per-request lookup: the session, its user and tenant, by the tenant the token names. */
const sessionLookup = preparedPerDb((db) =>
  db
    .select({
      session: sessions,
      role: users.role,
      active: users.active,
      email: users.email,
      name: users.name,
      locale: users.locale,
      totpEnabledAt: users.totpEnabledAt,
      tenantSlug: tenants.slug,
      tenantName: tenants.name,
      tenantLocale: tenants.locale,
    })
    .from(sessions)
    .innerJoin(users, and(eq(users.tenantId, sessions.tenantId), eq(users.id, sessions.userId)))
    .innerJoin(tenants, eq(tenants.id, sessions.tenantId))
    .where(
      and(
        eq(sessions.tenantId, sql.placeholder('tenantId')),
        eq(sessions.tokenHash, sql.placeholder('hash')),
        isNull(sessions.revokedAt),
      ),
    )
    .limit(1)
    .prepare('kesher_staff_session'),
);

export const createSessions = (deps: AuthDeps) => ({
  /** Starts a session inside the caller's tenant transaction; returns the cookie value. */
  async start(
    tx: Tx,
    input: { tenantId: string; userId: string; ip?: string | undefined; userAgent?: string | undefined },
  ) {
    const token = makeScopedToken(input.tenantId);
    const now = deps.clock.now();
    await tx.insert(sessions).values({
      tenantId: input.tenantId,
      userId: input.userId,
      tokenHash: deps.secrets.hashToken(token),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + deps.sessionAbsoluteMs),
      ip: input.ip ?? null,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    });
    return token;
  },

  /** The actor behind a session cookie, or anonymous when it is unknown, expired, revoked or its user is inactive. */
  async resolve(cookie: string | undefined): Promise<Actor> {
    const parsed = parseScopedToken(cookie);
    if (!parsed) return { kind: 'anonymous' };
    const now = deps.clock.now();
    const hash = deps.secrets.hashToken(parsed.token);
    // Every request does this lookup, so it is one autocommitted statement on the system path
    // (not BEGIN, scope, query, COMMIT), filtered by the tenant the token names.
    return deps.database.systemQuery(async (tx) => {
      const [row] = await sessionLookup(tx).execute({ tenantId: parsed.tenantId, hash });
      if (!row?.active) return { kind: 'anonymous' } as const;
      const s = row.session;
      if (s.expiresAt <= now || now.getTime() - s.lastSeenAt.getTime() > deps.sessionIdleMs) {
        return { kind: 'anonymous' } as const;
      }
      if (now.getTime() - s.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
        await tx
          .update(sessions)
          .set({ lastSeenAt: now })
          .where(and(eq(sessions.tenantId, s.tenantId), eq(sessions.id, s.id)));
      }
      return {
        kind: 'user',
        tenantId: s.tenantId,
        userId: s.userId,
        role: row.role,
        permissions: new Set(permissionsOf(row.role)),
        sessionId: s.id,
        // Read in the same query, so GET /me needs no second transaction.
        profile: {
          email: row.email,
          name: row.name,
          locale: row.locale ?? row.tenantLocale,
          totpEnabled: row.totpEnabledAt !== null,
          tenant: { slug: row.tenantSlug, name: row.tenantName, locale: row.tenantLocale },
        },
      } as const;
    });
  },

  async revoke(tx: Tx, tenantId: string, sessionId: string) {
    await tx
      .update(sessions)
      .set({ revokedAt: deps.clock.now() })
      .where(and(eq(sessions.tenantId, tenantId), eq(sessions.id, sessionId)));
  },

  /** Ends every session of a user (deactivation, password change/reset). */
  async revokeAllForUser(tx: Tx, tenantId: string, userId: string, exceptSessionId?: string) {
    await tx
      .update(sessions)
      .set({ revokedAt: deps.clock.now() })
      .where(
        and(
          eq(sessions.tenantId, tenantId),
          eq(sessions.userId, userId),
          isNull(sessions.revokedAt),
          exceptSessionId ? ne(sessions.id, exceptSessionId) : undefined,
        ),
      );
  },
});

export type Sessions = ReturnType<typeof createSessions>;
