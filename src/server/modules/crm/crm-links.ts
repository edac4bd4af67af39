import { and, eq, isNull, sql } from 'drizzle-orm';
import type { TFieldError } from '../../../shared/errors.js';
import { rowsOf, type Tx } from '../../platform/db/database.js';
import { getCurrentTenant } from '../tenants/index.js';
import { accounts } from './accounts.table.js';
import { accountContacts, contacts } from './contacts.table.js';
import { deals } from './deals.table.js';
import { leads } from './leads.table.js';

/** Ids a task, activity or deal points at. */
export type RecordLinks = {
  accountId?: string | null | undefined;
  contactId?: string | null | undefined;
  dealId?: string | null | undefined;
  leadId?: string | null | undefined;
  ticketId?: string | null | undefined;
};

const exists = async (
  tx: Tx,
  table: typeof accounts | typeof contacts | typeof deals | typeof leads,
  id: string,
) =>
  (
    await tx
      .select({ id: table.id })
      .from(table)
      .where(and(eq(table.id, id), isNull(table.deletedAt)))
      .limit(1)
  ).length > 0;

// Tickets belong to a later, higher-layer module that crm may not import. Until its table exists
// no ticket id can be valid; once it does, RLS limits this lookup to the tenant like any other.
const ticketExists = async (tx: Tx, id: string) => {
  const reg = rowsOf<{ t: string | null }>(await tx.execute(sql`select to_regclass('tickets')::text as t`));
  if (!reg[0]?.t) return false;
  return rowsOf(await tx.execute(sql`select 1 from tickets where id = ${id} limit 1`)).length > 0;
};

/**
 * Checks inside the caller's transaction that every given link is a live record of the tenant
 * (RLS hides other tenants' rows, so they read as missing). Returns one field error per bad link.
 */
export const checkLinks = async (tx: Tx, links: RecordLinks, errors: TFieldError[] = []) => {
  const bad = (path: string, what: string) =>
    errors.push({ path, message: `No such ${what} in this workspace` });
  if (links.accountId && !(await exists(tx, accounts, links.accountId))) bad('accountId', 'account');
  if (links.contactId && !(await exists(tx, contacts, links.contactId))) bad('contactId', 'contact');
  if (links.dealId && !(await exists(tx, deals, links.dealId))) bad('dealId', 'deal');
  if (links.leadId && !(await exists(tx, leads, links.leadId))) bad('leadId', 'lead');
  if (links.ticketId && !(await ticketExists(tx, links.ticketId))) bad('ticketId', 'ticket');
  return errors;
};

/**
 * Which customer timelines an entry about these links belongs on: the account and contact given;
 * with a contact but no account, every account the contact belongs to; with neither, the deal's.
 */
export const timelineTargets = async (
  tx: Tx,
  links: RecordLinks,
): Promise<{ accountIds: string[]; contactId: string | null }> => {
  let accountId = links.accountId ?? null;
  let contactId = links.contactId ?? null;
  if (!accountId && !contactId && links.dealId) {
    const [d] = await tx
      .select({ accountId: deals.accountId, contactId: deals.contactId })
      .from(deals)
      .where(eq(deals.id, links.dealId))
      .limit(1);
    accountId = d?.accountId ?? null;
    contactId = d?.contactId ?? null;
  }
  if (accountId) return { accountIds: [accountId], contactId };
  if (!contactId) return { accountIds: [], contactId: null };
  const rows = await tx
    .select({ accountId: accountContacts.accountId })
    .from(accountContacts)
    .where(eq(accountContacts.contactId, contactId));
  return { accountIds: rows.map((r) => r.accountId), contactId };
};

/** The tenant's time zone for "today" and report days (Asia/Jerusalem unless changed). */
export const tenantTimeZone = async (tx: Tx, tenantId: string): Promise<string> =>
  (await getCurrentTenant(tx, tenantId))?.timezone || 'Asia/Jerusalem';
