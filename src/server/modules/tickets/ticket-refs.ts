// Checks of ids a request names (requester, account, assignee, team, parent): each must exist in
// the tenant — RLS scopes the lookups — or the request fails with 400 naming the field.
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.js';
import { validationError } from '../../platform/errors/app-error.js';
import { users } from '../auth/index.js';
import { accountContacts, accounts, contacts } from '../crm/index.js';
import { teams } from './teams.table.js';
import { tickets } from './tickets.table.js';

const bad = (path: string, message: string) => validationError([{ path, message }]);

export const requireContact = async (tx: Tx, id: string, path = 'requesterId') => {
  const [c] = await tx
    .select()
    .from(contacts)
    .where(and(eq(contacts.id, id), isNull(contacts.deletedAt)))
    .limit(1);
  if (!c) throw bad(path, 'Contact not found');
  return c;
};

export const requireAccount = async (tx: Tx, id: string, path = 'accountId') => {
  const [a] = await tx
    .select({ id: accounts.id, name: accounts.name, tier: accounts.tier })
    .from(accounts)
    .where(and(eq(accounts.id, id), isNull(accounts.deletedAt)))
    .limit(1);
  if (!a) throw bad(path, 'Account not found');
  return a;
};

/** The contact's primary account (else the first linked one), or null. */
export const primaryAccountOf = async (tx: Tx, contactId: string): Promise<string | null> => {
  const [l] = await tx
    .select({ accountId: accountContacts.accountId })
    .from(accountContacts)
    .innerJoin(accounts, and(eq(accounts.id, accountContacts.accountId), isNull(accounts.deletedAt)))
    .where(eq(accountContacts.contactId, contactId))
    .orderBy(desc(accountContacts.isPrimary), asc(accountContacts.createdAt))
    .limit(1);
  return l?.accountId ?? null;
};

/** An active staff user of the tenant. */
export const requireUser = async (tx: Tx, id: string, path: string) => {
  const [u] = await tx
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.id, id), eq(users.active, true)))
    .limit(1);
  if (!u) throw bad(path, 'No active user with this id');
  return u;
};

/** Every id must be an active user of the tenant; returns them deduplicated. */
export const requireUsers = async (tx: Tx, ids: string[], path: string) => {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return unique;
  const found = new Set(
    (
      await tx
        .select({ id: users.id })
        .from(users)
        .where(and(inArray(users.id, unique), eq(users.active, true)))
    ).map((u) => u.id),
  );
  const missing = unique.findIndex((id) => !found.has(id));
  if (missing >= 0) throw bad(`${path}.${ids.indexOf(unique[missing] ?? '')}`, 'No active user with this id');
  return unique;
};

export const requireTeam = async (tx: Tx, id: string, path = 'teamId') => {
  const [t] = await tx
    .select()
    .from(teams)
    .where(and(eq(teams.id, id), isNull(teams.deletedAt)))
    .limit(1);
  if (!t) throw bad(path, 'Team not found');
  return t;
};

export const requireTicket = async (tx: Tx, id: string, path: string) => {
  const [t] = await tx
    .select()
    .from(tickets)
    .where(and(eq(tickets.id, id), isNull(tickets.deletedAt)))
    .limit(1);
  if (!t) throw bad(path, 'Ticket not found');
  return t;
};

/** A parent must exist and must not be the ticket itself or one of its descendants. */
export const requireParent = async (tx: Tx, ticketId: string | null, parentId: string) => {
  await requireTicket(tx, parentId, 'parentId');
  let cursor: string | null = parentId;
  for (let depth = 0; cursor && depth < 50; depth++) {
    if (cursor === ticketId) throw bad('parentId', 'A ticket cannot be its own ancestor');
    const [up]: Array<{ parentId: string | null }> = await tx
      .select({ parentId: tickets.parentId })
      .from(tickets)
      .where(eq(tickets.id, cursor))
      .limit(1);
    cursor = up?.parentId ?? null;
  }
};
