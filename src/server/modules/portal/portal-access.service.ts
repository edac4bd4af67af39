import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { auditFromCtx, recordAudit } from '../audit/index.js';
import { makeScopedToken } from '../auth/index.js';
import { accountContacts, accounts, contacts } from '../crm/index.js';
import { getCurrentTenant } from '../tenants/index.js';
import type { PortalDeps } from './portal.deps.js';
import { portalSettings, portalTokens, portalUsers } from './portal.table.js';
import { portalInviteEmail } from './portal-mails.js';
import type { PortalSessions } from './portal-sessions.service.js';
import { toPortalUser } from './portal-users.mapper.js';

export const INVITE_TTL_MS = 7 * 24 * 60 * 60_000;

export type PortalAccessInput =
  | { enabled: true; scope?: 'own' | 'account' | undefined; accountId?: string | undefined }
  | { enabled: false };
export type PortalUserPatch = { scope?: 'own' | 'account' | undefined; enabled?: boolean | undefined };

const notFound = () => new AppError('NOT_FOUND', { userMessage: 'Not found.' });

/** Staff side: granting, changing and withdrawing contacts' portal access. */
export const createPortalAccess = (deps: PortalDeps, sessions: PortalSessions) => {
  const getUser = async (tx: Tx, id: string) => {
    const [u] = await tx.select().from(portalUsers).where(eq(portalUsers.id, id)).limit(1);
    if (!u) throw notFound();
    return u;
  };

  return {
    /** Enables access (creating the portal user, issuing a fresh one-time invite) or disables it. */
    setAccess: (ctx: TenantCtx, contactId: string, input: PortalAccessInput) =>
      deps.database.tenantTx(scopeOf(ctx), async (tx) => {
        const [contact] = await tx
          .select()
          .from(contacts)
          .where(and(eq(contacts.id, contactId), isNull(contacts.deletedAt)))
          .limit(1);
        if (!contact) throw notFound();
        const [existing] = await tx
          .select()
          .from(portalUsers)
          .where(eq(portalUsers.contactId, contactId))
          .limit(1);
        const now = deps.clock.now();

        if (!input.enabled) {
          if (!existing) throw notFound();
          const [u] = await tx
            .update(portalUsers)
            .set({ enabled: false, updatedAt: now, version: existing.version + 1 })
            .where(eq(portalUsers.id, existing.id))
            .returning();
          await sessions.revokeAll(tx, ctx.tenantId, existing.id);
          await recordAudit(
            tx,
            auditFromCtx(ctx, 'portal.access_disabled', { kind: 'portal_user', id: existing.id }),
          );
          return { inviteUrl: null, portalUser: toPortalUser(u ?? existing) };
        }

        // The account: the one named (it must be one of the contact's), else the primary one.
        const links = await tx
          .select()
          .from(accountContacts)
          .where(eq(accountContacts.contactId, contactId))
          .orderBy(asc(accountContacts.createdAt));
        const link = input.accountId
          ? links.find((l) => l.accountId === input.accountId)
          : (links.find((l) => l.isPrimary) ?? links[0]);
        if (!link) {
          const message = input.accountId
            ? 'The contact does not belong to this account.'
            : 'Link the contact to an account first.';
          throw new AppError('VALIDATION_FAILED', {
            userMessage: message,
            fields: [{ path: 'accountId', message }],
          });
        }
        const email = contact.emails[0]?.toLowerCase();
        if (!email) {
          const message = 'The contact has no email address.';
          throw new AppError('VALIDATION_FAILED', {
            userMessage: message,
            fields: [{ path: 'enabled', message }],
          });
        }
        const [settings] = await tx.select().from(portalSettings).limit(1);
        const scope = input.scope ?? existing?.scope ?? settings?.defaultScope ?? 'own';
        const [emailTaken] = await tx.select().from(portalUsers).where(eq(portalUsers.email, email)).limit(1);
        if (emailTaken && emailTaken.contactId !== contactId) {
          const message = 'Another contact already signs in to the portal with this email.';
          throw new AppError('VALIDATION_FAILED', {
            userMessage: message,
            fields: [{ path: 'enabled', message }],
          });
        }

        let user: typeof portalUsers.$inferSelect;
        if (existing) {
          const [u] = await tx
            .update(portalUsers)
            .set({
              enabled: true,
              scope,
              accountId: link.accountId,
              email,
              updatedAt: now,
              version: existing.version + 1,
            })
            .where(eq(portalUsers.id, existing.id))
            .returning();
          if (!u) throw notFound();
          user = u;
          // A changed account or scope must not keep serving old sessions with the old rights.
          if (existing.accountId !== link.accountId || existing.scope !== scope)
            await sessions.revokeAll(tx, ctx.tenantId, existing.id);
        } else {
          const [u] = await tx
            .insert(portalUsers)
            .values({
              tenantId: ctx.tenantId,
              contactId,
              accountId: link.accountId,
              email,
              scope,
              invitedBy: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
              createdAt: now,
              updatedAt: now,
            })
            .returning();
          if (!u) throw notFound();
          user = u;
        }

        // One live invite at a time: earlier links stop working.
        await tx
          .update(portalTokens)
          .set({ usedAt: now })
          .where(
            and(
              eq(portalTokens.portalUserId, user.id),
              eq(portalTokens.purpose, 'invite'),
              isNull(portalTokens.usedAt),
            ),
          );
        const token = makeScopedToken(ctx.tenantId);
        await tx.insert(portalTokens).values({
          tenantId: ctx.tenantId,
          portalUserId: user.id,
          purpose: 'invite',
          tokenHash: deps.secrets.hashToken(token),
          expiresAt: new Date(now.getTime() + INVITE_TTL_MS),
          createdAt: now,
        });
        const tenant = await getCurrentTenant(tx, ctx.tenantId);
        const slug = tenant?.slug ?? '';
        const inviteUrl = `${deps.publicUrl}/portal/${encodeURIComponent(slug)}/accept-invite?token=${encodeURIComponent(token)}`;
        const lang = contact.preferredLanguage;
        const locale =
          lang === 'he' || lang === 'en' ? lang : (settings?.defaultLocale ?? tenant?.locale ?? 'he');
        const mail = portalInviteEmail(locale, {
          portalName: settings?.portalName ?? tenant?.name ?? 'Kesher',
          url: inviteUrl,
        });
        await deps.mailer.enqueue(tx, { tenantId: ctx.tenantId, to: email, kind: 'portal_invite', ...mail });
        await recordAudit(
          tx,
          auditFromCtx(
            ctx,
            'portal.access_granted',
            { kind: 'portal_user', id: user.id },
            { scope, accountId: link.accountId },
          ),
        );
        return { inviteUrl, portalUser: toPortalUser(user) };
      }),

    list: (ctx: TenantCtx) =>
      deps.database.tenantTx(scopeOf(ctx), async (tx) => {
        // Who each login belongs to, for the admin's table: the contact's and the account's names.
        const rows = await tx
          .select({
            user: portalUsers,
            firstName: contacts.firstName,
            lastName: contacts.lastName,
            accountName: accounts.name,
          })
          .from(portalUsers)
          .leftJoin(
            contacts,
            and(eq(contacts.tenantId, portalUsers.tenantId), eq(contacts.id, portalUsers.contactId)),
          )
          .leftJoin(
            accounts,
            and(eq(accounts.tenantId, portalUsers.tenantId), eq(accounts.id, portalUsers.accountId)),
          )
          .orderBy(asc(portalUsers.email));
        return {
          items: rows.map((r) => ({
            ...toPortalUser(r.user),
            contactName: r.firstName === null ? null : `${r.firstName} ${r.lastName ?? ''}`.trim(),
            accountName: r.accountName,
          })),
        };
      }),

    update: (ctx: TenantCtx, id: string, patch: PortalUserPatch) =>
      deps.database.tenantTx(scopeOf(ctx), async (tx) => {
        const before = await getUser(tx, id);
        const [u] = await tx
          .update(portalUsers)
          .set({
            ...(patch.scope !== undefined ? { scope: patch.scope } : {}),
            ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
            updatedAt: deps.clock.now(),
            version: before.version + 1,
          })
          .where(eq(portalUsers.id, id))
          .returning();
        if (!u) throw notFound();
        if (u.enabled === false || u.scope !== before.scope) await sessions.revokeAll(tx, ctx.tenantId, id);
        await recordAudit(tx, auditFromCtx(ctx, 'portal.user_updated', { kind: 'portal_user', id }, patch));
        return toPortalUser(u);
      }),
  };
};
