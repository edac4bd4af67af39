// Who gets a notification, in which language, read from the tables this module may read (users,
// tenants, contacts) inside the caller's tenant transaction.
import { and, eq, inArray } from 'drizzle-orm';
import type { TLocale } from '../../../shared/notifications.schemas.js';
import type { Tx } from '../../platform/db/database.js';
import { users } from '../auth/index.js';
import { contacts } from '../crm/index.js';
import { getCurrentTenant } from '../tenants/index.js';
import type { TicketForNotification } from './tickets-port.js';

export type TenantInfo = { id: string; name: string; locale: TLocale; timezone: string };

export const tenantInfo = async (tx: Tx, tenantId: string): Promise<TenantInfo> => {
  const t = await getCurrentTenant(tx, tenantId);
  return {
    id: tenantId,
    name: t?.name ?? '',
    locale: t?.locale ?? 'he',
    timezone: t?.timezone ?? 'Asia/Jerusalem',
  };
};

/** Kesher writes to customers in Hebrew or English; other preferences fall back to the tenant's. */
export const localeOf = (preferred: string | null | undefined, fallback: TLocale): TLocale =>
  preferred === 'he' || preferred === 'en' ? preferred : fallback;

export type Agent = { id: string; name: string; email: string; locale: TLocale };

/** Active staff users by id, in their own language (else the tenant's). */
export const agentsByIds = async (tx: Tx, ids: readonly string[], tenant: TenantInfo): Promise<Agent[]> => {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const rows = await tx
    .select({ id: users.id, name: users.name, email: users.email, locale: users.locale })
    .from(users)
    .where(and(inArray(users.id, unique), eq(users.active, true)));
  return rows.map((r) => ({ ...r, locale: localeOf(r.locale, tenant.locale) }));
};

/**
 * Who manages a ticket's escalations: its team's manager; for a ticket without a team (or a team
 * without a manager), every active manager and admin of the tenant.
 */
export const managersOf = async (tx: Tx, ticket: TicketForNotification): Promise<string[]> => {
  const teamManager = ticket.team?.managerId;
  if (teamManager) return [teamManager];
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(inArray(users.role, ['manager', 'admin']), eq(users.active, true)));
  return rows.map((r) => r.id);
};

/** The requester's stored first name ("שלום דנה"), else the first word of the name on the ticket. */
export const requesterFirstName = async (tx: Tx, ticket: TicketForNotification): Promise<string> => {
  const r = ticket.requester;
  if (!r) return '';
  if (r.contactId) {
    const [c] = await tx
      .select({ firstName: contacts.firstName })
      .from(contacts)
      .where(eq(contacts.id, r.contactId))
      .limit(1);
    if (c?.firstName) return c.firstName;
  }
  return r.name.trim().split(/\s+/)[0] ?? '';
};

// Addresses that are machines: answering them starts mail loops (RFC 3834 asks not to).
const ROBOT_LOCAL =
  /^(mailer-daemon|postmaster|no[-_.]?reply|do[-_.]?not[-_.]?reply|bounces?|auto[-_.]?reply|autoresponder|daemon)([+-].*)?$/i;

export const isRobotAddress = (email: string): boolean => {
  const local = email.split('@')[0] ?? '';
  return ROBOT_LOCAL.test(local) || /^bounces?[+-]/i.test(local);
};
