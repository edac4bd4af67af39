import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import type { TLocale } from '../../../shared/auth.schemas.js';
import { permissionsOf, type Role } from '../../../shared/permissions.js';
import type { Tx } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { hashPassword, passwordWeakness, verifyPassword } from '../../platform/security/passwords.js';
import { auditFromCtx, recordAudit } from '../audit/index.js';
import { getCurrentTenant } from '../tenants/index.js';
import type { AuthDeps } from './auth.deps.js';
import { authTokens, type UserRow, users } from './auth.table.js';
import { inviteEmail } from './auth-mails.js';
import { makeScopedToken } from './scoped-token.js';
import type { Sessions } from './sessions.service.js';
import { toUser, toUserListItem } from './users.mapper.js';

const INVITE_TTL_MS = 7 * 24 * 3_600_000;

export type InviteUserInput = { email: string; name: string; role: Role };
export type UpdateUserInput = { id: string; role?: Role | undefined; active?: boolean | undefined };

const userNotFound = () => new AppError('USER_NOT_FOUND', { userMessage: 'User not found.' });

export const getUserOrThrow = async (tx: Tx, id: string): Promise<UserRow> => {
  const [u] = await tx.select().from(users).where(eq(users.id, id)).limit(1);
  if (!u) throw userNotFound();
  return u;
};

const staffUserId = (ctx: TenantCtx): string => {
  if (ctx.actor.kind !== 'user')
    throw new AppError('FORBIDDEN', { userMessage: 'Only signed-in staff can do this.' });
  return ctx.actor.userId;
};

export const createUsers = (deps: AuthDeps, sessions: Sessions) => {
  const tx = <T>(ctx: TenantCtx, fn: (tx: Tx) => Promise<T>) => deps.database.tenantTx(scopeOf(ctx), fn);

  const me = async (t: Tx, ctx: TenantCtx) => {
    const user = await getUserOrThrow(t, staffUserId(ctx));
    const tenant = await getCurrentTenant(t, ctx.tenantId);
    if (!tenant) throw new AppError('UNAUTHENTICATED');
    return {
      user: toUser(user, tenant.locale),
      tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name, locale: tenant.locale },
      permissions: [...permissionsOf(user.role)],
    };
  };

  return {
    getMe: (ctx: TenantCtx) => {
      const a = ctx.actor;
      // The session lookup already read the user and tenant: answer without another round trip.
      if (a.kind === 'user' && a.profile) {
        const p = a.profile;
        return Promise.resolve({
          user: {
            id: a.userId,
            email: p.email,
            name: p.name,
            role: a.role,
            locale: p.locale,
            totpEnabled: p.totpEnabled,
          },
          tenant: { id: ctx.tenantId, ...p.tenant },
          permissions: [...a.permissions],
        });
      }
      return tx(ctx, (t) => me(t, ctx));
    },

    updateMe: (ctx: TenantCtx, input: { name?: string | undefined; locale?: TLocale | undefined }) =>
      tx(ctx, async (t) => {
        await t
          .update(users)
          .set({
            ...(input.name !== undefined ? { name: input.name } : {}),
            ...(input.locale !== undefined ? { locale: input.locale } : {}),
            updatedAt: deps.clock.now(),
          })
          .where(eq(users.id, staffUserId(ctx)));
        return me(t, ctx);
      }),

    async changePassword(ctx: TenantCtx, input: { currentPassword: string; newPassword: string }) {
      const user = await tx(ctx, (t) => getUserOrThrow(t, staffUserId(ctx)));
      if (!user.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
        throw new AppError('VALIDATION_FAILED', {
          userMessage: 'The current password is wrong.',
          fields: [{ path: 'currentPassword', message: 'The current password is wrong.' }],
        });
      }
      const weak = passwordWeakness(input.newPassword, [user.email, user.name]);
      if (weak)
        throw new AppError('WEAK_PASSWORD', {
          userMessage: weak,
          fields: [{ path: 'newPassword', message: weak }],
        });
      const passwordHash = await hashPassword(input.newPassword);
      await tx(ctx, async (t) => {
        await t
          .update(users)
          .set({ passwordHash, passwordChangedAt: deps.clock.now(), updatedAt: deps.clock.now() })
          .where(eq(users.id, user.id));
        // Other devices are signed out; this one stays.
        const current = ctx.actor.kind === 'user' ? ctx.actor.sessionId : undefined;
        await sessions.revokeAllForUser(t, ctx.tenantId, user.id, current);
        await recordAudit(t, auditFromCtx(ctx, 'auth.password_changed', { kind: 'user', id: user.id }));
      });
    },

    listUsers: (ctx: TenantCtx, input: { limit: number; cursor?: string | undefined }) =>
      tx(ctx, async (t) => {
        const rows = await t
          .select()
          .from(users)
          .where(input.cursor ? gt(users.id, input.cursor) : undefined)
          .orderBy(asc(users.id))
          .limit(input.limit + 1);
        const page = rows.slice(0, input.limit);
        return {
          items: page.map(toUserListItem),
          nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
        };
      }),

    inviteUser: (ctx: TenantCtx, input: InviteUserInput) =>
      tx(ctx, async (t) => {
        const inviterId = staffUserId(ctx);
        const inviter = await getUserOrThrow(t, inviterId);
        if (input.role === 'owner' && inviter.role !== 'owner') {
          throw new AppError('FORBIDDEN', { userMessage: 'Only an owner can invite another owner.' });
        }
        const tenant = await getCurrentTenant(t, ctx.tenantId);
        if (!tenant) throw new AppError('UNAUTHENTICATED');
        const [existing] = await t.select().from(users).where(eq(users.email, input.email)).limit(1);
        if (existing && existing.passwordHash !== null) {
          throw new AppError('EMAIL_TAKEN', {
            userMessage: 'A user with this email already exists.',
            fields: [{ path: 'email', message: 'A user with this email already exists.' }],
          });
        }
        if (existing?.role === 'owner' && inviter.role !== 'owner') {
          // Re-inviting rewrites the role and voids the pending owner's link.
          throw new AppError('FORBIDDEN', { userMessage: 'Only an owner can change an owner.' });
        }
        let user: UserRow;
        if (existing) {
          // Re-inviting someone who never accepted: refresh the details, void the old links.
          const [u] = await t
            .update(users)
            .set({ name: input.name, role: input.role, active: true, updatedAt: deps.clock.now() })
            .where(eq(users.id, existing.id))
            .returning();
          if (!u) throw userNotFound();
          user = u;
          await t
            .update(authTokens)
            .set({ usedAt: deps.clock.now() })
            .where(
              and(
                eq(authTokens.userId, user.id),
                eq(authTokens.purpose, 'invite'),
                isNull(authTokens.usedAt),
              ),
            );
        } else {
          const [u] = await t
            .insert(users)
            .values({ tenantId: ctx.tenantId, email: input.email, name: input.name, role: input.role })
            .returning();
          if (!u) throw new Error('user insert returned nothing');
          user = u;
        }
        const token = makeScopedToken(ctx.tenantId);
        await t.insert(authTokens).values({
          tenantId: ctx.tenantId,
          userId: user.id,
          purpose: 'invite',
          tokenHash: deps.secrets.hashToken(token),
          expiresAt: new Date(deps.clock.now().getTime() + INVITE_TTL_MS),
        });
        const inviteUrl = `${deps.publicUrl}/accept-invite?token=${encodeURIComponent(token)}`;
        const mail = inviteEmail(tenant.locale, {
          orgName: tenant.name,
          inviterName: inviter.name,
          url: inviteUrl,
        });
        await deps.mailer.enqueue(t, {
          tenantId: ctx.tenantId,
          to: user.email,
          kind: 'auth.invite',
          ...mail,
        });
        await recordAudit(
          t,
          auditFromCtx(ctx, 'user.invited', { kind: 'user', id: user.id }, { role: input.role }),
        );
        return { user: toUserListItem(user), inviteUrl };
      }),

    updateUser: (ctx: TenantCtx, input: UpdateUserInput) =>
      tx(ctx, async (t) => {
        const actor = await getUserOrThrow(t, staffUserId(ctx));
        const target = await getUserOrThrow(t, input.id);
        const touchesOwner = target.role === 'owner' || input.role === 'owner';
        if (touchesOwner && actor.role !== 'owner') {
          throw new AppError('FORBIDDEN', { userMessage: 'Only an owner can change an owner.' });
        }
        const losesOwner =
          target.role === 'owner' && ((input.role && input.role !== 'owner') || input.active === false);
        if (losesOwner) {
          // Lock the owners: two owners demoting each other at once must not both succeed.
          const owners = await t
            .select({ id: users.id })
            .from(users)
            .where(and(eq(users.role, 'owner'), eq(users.active, true)))
            .orderBy(asc(users.id))
            .for('update');
          if (owners.length <= 1) {
            throw new AppError('LAST_OWNER', {
              userMessage: 'The organization needs at least one active owner.',
            });
          }
        }
        const [updated] = await t
          .update(users)
          .set({
            ...(input.role !== undefined ? { role: input.role } : {}),
            ...(input.active !== undefined ? { active: input.active } : {}),
            version: target.version + 1,
            updatedAt: deps.clock.now(),
          })
          .where(eq(users.id, target.id))
          .returning();
        if (!updated) throw userNotFound();
        if (input.role !== undefined && input.role !== target.role) {
          await recordAudit(
            t,
            auditFromCtx(
              ctx,
              'user.role_changed',
              { kind: 'user', id: target.id },
              { from: target.role, to: input.role },
            ),
          );
        }
        if (input.active === false && target.active) {
          await sessions.revokeAllForUser(t, ctx.tenantId, target.id);
          await recordAudit(t, auditFromCtx(ctx, 'user.deactivated', { kind: 'user', id: target.id }));
        }
        if (input.active === true && !target.active) {
          await recordAudit(t, auditFromCtx(ctx, 'user.reactivated', { kind: 'user', id: target.id }));
        }
        return toUserListItem(updated);
      }),
  };
};

export type Users = ReturnType<typeof createUsers>;
