import { and, asc, desc, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import type { TContactAccount, TContactAccountInput } from '../../../shared/crm/contacts.schemas.js';
import type { TFieldError } from '../../../shared/errors.js';
import type { Tx } from '../../platform/db/database.js';
import { accounts } from './accounts.table.js';
import { accountContacts } from './contacts.table.js';

/** A contact's link to one account (account_contacts row). */
export type Link = { accountId: string; role: string | null; isPrimary: boolean };

/** The accounts of each contact (primary first), skipping accounts in the trash. */
export const contactLinks = async (tx: Tx, contactIds: string[]) => {
  const byContact = new Map<string, TContactAccount[]>();
  if (contactIds.length === 0) return byContact;
  const rows = await tx
    .select({
      contactId: accountContacts.contactId,
      accountId: accountContacts.accountId,
      role: accountContacts.role,
      isPrimary: accountContacts.isPrimary,
      name: accounts.name,
    })
    .from(accountContacts)
    .innerJoin(
      accounts,
      and(eq(accounts.tenantId, accountContacts.tenantId), eq(accounts.id, accountContacts.accountId)),
    )
    .where(and(inArray(accountContacts.contactId, contactIds), isNull(accounts.deletedAt)))
    .orderBy(desc(accountContacts.isPrimary), asc(accountContacts.createdAt), asc(accounts.name));
  for (const r of rows) {
    const list = byContact.get(r.contactId) ?? [];
    list.push({ accountId: r.accountId, name: r.name, role: r.role, isPrimary: r.isPrimary });
    byContact.set(r.contactId, list);
  }
  return byContact;
};

/**
 * The set of links a write asks for: `accounts` replaces the set, `accountId` makes one account
 * primary (linking it if needed). Exactly one link is primary whenever there is any.
 */
export const resolveLinks = (
  accountId: string | undefined,
  list: TContactAccountInput[] | undefined,
  current: Link[] | undefined,
): Link[] | undefined => {
  if (list === undefined && accountId === undefined) return undefined;
  const out: Link[] = [];
  for (const l of list ?? current ?? []) {
    if (out.some((o) => o.accountId === l.accountId)) continue;
    out.push({ accountId: l.accountId, role: l.role ?? null, isPrimary: l.isPrimary ?? false });
  }
  if (accountId !== undefined && !out.some((o) => o.accountId === accountId)) {
    out.unshift({ accountId, role: null, isPrimary: true });
  }
  const primary = accountId ?? out.find((o) => o.isPrimary)?.accountId ?? out[0]?.accountId;
  return out.map((o) => ({ ...o, isPrimary: o.accountId === primary }));
};

/**
 * Another tenant's account is invisible under RLS, so it reads as missing: the contact can never
 * be linked to it. Reports each missing account by the field that named it.
 */
export const checkLinkedAccounts = async (
  tx: Tx,
  links: Link[],
  input: { accountId?: string | undefined; accounts?: TContactAccountInput[] | undefined },
  errors: TFieldError[],
) => {
  if (links.length === 0) return;
  const found = new Set(
    (
      await tx
        .select({ id: accounts.id })
        .from(accounts)
        .where(
          and(
            inArray(
              accounts.id,
              links.map((l) => l.accountId),
            ),
            isNull(accounts.deletedAt),
          ),
        )
    ).map((r) => r.id),
  );
  if (input.accountId !== undefined && !found.has(input.accountId)) {
    errors.push({ path: 'accountId', message: 'Account not found' });
  }
  input.accounts?.forEach((l, i) => {
    if (!found.has(l.accountId))
      errors.push({ path: `accounts.${i}.accountId`, message: 'Account not found' });
  });
};

export const writeLinks = async (tx: Tx, tenantId: string, contactId: string, links: Link[]) => {
  const keep = links.map((l) => l.accountId);
  await tx
    .delete(accountContacts)
    .where(
      and(
        eq(accountContacts.contactId, contactId),
        keep.length ? notInArray(accountContacts.accountId, keep) : undefined,
      ),
    );
  if (links.length === 0) return;
  await tx
    .insert(accountContacts)
    .values(links.map((l) => ({ tenantId, contactId, ...l })))
    .onConflictDoUpdate({
      target: [accountContacts.tenantId, accountContacts.accountId, accountContacts.contactId],
      set: { role: sql`excluded.role`, isPrimary: sql`excluded.is_primary` },
    });
};
