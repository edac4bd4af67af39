import { and, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  type TCreateAccount,
  type TUpdateAccount,
  ZCreateAccount,
} from '../../../shared/crm/accounts.schemas.js';
import {
  type TCreateContact,
  type TUpdateContact,
  ZCreateContact,
} from '../../../shared/crm/contacts.schemas.js';
import type { TImportEntity } from '../../../shared/imports.schemas.js';
import { isValidIsraeliId, normaliseIsraeliId } from '../../../shared/israeli-ids.js';
import type { Tx } from '../../platform/db/database.js';
import type { TenantCtx } from '../../platform/http/actor.js';
import { normalisePhone } from '../../platform/phones.js';
import { accountContacts, accounts, contacts } from '../crm/index.js';

/** Options the CRM's in-transaction writes take from an import. */
export type ImportWriteOpts = { importId?: string };

/**
 * What an import needs from the CRM: the same in-transaction create and update the API's own
 * writes use, so an imported record is validated, numbered, indexed and put on the timeline
 * exactly like a typed one.
 */
export type ImportWriters = {
  accounts: {
    createInTx(
      tx: Tx,
      ctx: TenantCtx,
      input: TCreateAccount,
      opts?: ImportWriteOpts,
    ): Promise<{ id: string }>;
    updateInTx(
      tx: Tx,
      ctx: TenantCtx,
      id: string,
      input: TUpdateAccount,
      opts?: ImportWriteOpts,
    ): Promise<{ id: string }>;
  };
  contacts?:
    | {
        createInTx(
          tx: Tx,
          ctx: TenantCtx,
          input: TCreateContact,
          opts?: ImportWriteOpts,
        ): Promise<{ id: string }>;
        updateInTx?(
          tx: Tx,
          ctx: TenantCtx,
          id: string,
          input: TUpdateContact,
          opts?: ImportWriteOpts,
        ): Promise<{ id: string }>;
      }
    | undefined;
};

/** How a row is matched to a record it duplicates. */
export type DupKeys = { companyNumber: string | null; emails: string[]; phones: string[] };
export type DupKind = 'companyNumber' | 'email' | 'phone';
export type ExistingRecord = {
  id: string;
  companyNumber: string | null;
  emails: string[];
  phoneKeys: string[];
};

export type AccountLookup = Map<string, { id: string } | { error: string }>;

export type EntityAdapter = {
  entity: TImportEntity;
  schema: z.ZodType;
  /** The create schema with every field optional: a row that updates a record. */
  patchSchema: z.ZodType;
  keysOf(parsed: Record<string, unknown>): DupKeys;
  findExisting(tx: Tx, keys: DupKeys[]): Promise<ExistingRecord[]>;
  /** Contacts: resolves "which account" cells (company number or exact name) in one query. */
  resolveAccounts?(tx: Tx, refs: string[]): Promise<AccountLookup>;
  create(tx: Tx, ctx: TenantCtx, parsed: Record<string, unknown>, opts: ImportWriteOpts): Promise<string>;
  /** Merges a row into an existing record: lists are joined, given fields replace, others stay. */
  update(
    tx: Tx,
    ctx: TenantCtx,
    id: string,
    parsed: Record<string, unknown>,
    present: Set<string>,
    opts: ImportWriteOpts,
  ): Promise<string>;
};

const phoneDigits = (p: unknown): string | null => {
  const raw = typeof p === 'string' ? p : (p as { number?: string } | null)?.number;
  const e164 = raw ? normalisePhone(raw).e164 : null;
  return e164 ? e164.replace(/\D/g, '') : null;
};

const keysOf = (parsed: Record<string, unknown>, withCompany: boolean): DupKeys => {
  const company = withCompany && typeof parsed.companyNumber === 'string' ? parsed.companyNumber : '';
  return {
    companyNumber: company && isValidIsraeliId(company) ? normaliseIsraeliId(company) : null,
    emails: ((parsed.emails as string[] | undefined) ?? [])
      .map((e) => e.trim().toLowerCase())
      .filter(Boolean),
    phones: ((parsed.phones as unknown[] | undefined) ?? [])
      .map(phoneDigits)
      .filter((p): p is string => Boolean(p)),
  };
};

const textArray = (values: string[]) =>
  sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;

/** Live records sharing any key with the chunk's rows (one query per chunk). */
const existingWhere = (
  keys: DupKeys[],
  cols: { emails: SQL | unknown; phoneKeys: unknown; companyNumber?: unknown },
): SQL | undefined => {
  const emails = [...new Set(keys.flatMap((k) => k.emails))];
  const phones = [...new Set(keys.flatMap((k) => k.phones))];
  const numbers = [...new Set(keys.map((k) => k.companyNumber).filter((n): n is string => Boolean(n)))];
  const conds: SQL[] = [];
  if (emails.length) conds.push(sql`${cols.emails} && ${textArray(emails)}`);
  if (phones.length) conds.push(sql`${cols.phoneKeys} && ${textArray(phones)}`);
  if (numbers.length && cols.companyNumber) conds.push(sql`${cols.companyNumber} in ${numbers}`);
  return conds.length ? or(...conds) : undefined;
};

// Phones as the write APIs take them, joined with the record's own and de-duplicated by number.
const mergePhones = (
  current: { raw: string; e164: string | null; label?: string | undefined }[],
  added: unknown[],
) => {
  const out: Array<string | { number: string; label?: string }> = current.map((p) =>
    p.label ? { number: p.raw, label: p.label } : p.raw,
  );
  const seen = new Set(current.map((p) => p.e164 ?? p.raw));
  for (const p of added) {
    const raw = typeof p === 'string' ? p : (p as { number: string }).number;
    const key = normalisePhone(raw).e164 ?? raw;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p as string);
  }
  return out.slice(0, 10);
};
const union = (a: string[], b: unknown) => [...new Set([...a, ...((b as string[] | undefined) ?? [])])];

const accountAdapter = (writers: ImportWriters): EntityAdapter => ({
  entity: 'account',
  schema: ZCreateAccount,
  patchSchema: ZCreateAccount.partial(),
  keysOf: (p) => keysOf(p, true),
  findExisting: async (tx, keys) => {
    const where = existingWhere(keys, {
      emails: accounts.emails,
      phoneKeys: accounts.phoneKeys,
      companyNumber: accounts.companyNumber,
    });
    if (!where) return [];
    return tx
      .select({
        id: accounts.id,
        companyNumber: accounts.companyNumber,
        emails: accounts.emails,
        phoneKeys: accounts.phoneKeys,
      })
      .from(accounts)
      .where(and(isNull(accounts.deletedAt), where));
  },
  create: async (tx, ctx, parsed, opts) =>
    (await writers.accounts.createInTx(tx, ctx, parsed as TCreateAccount, opts)).id,
  update: async (tx, ctx, id, parsed, present, opts) => {
    const [current] = await tx.select().from(accounts).where(eq(accounts.id, id)).limit(1);
    if (!current) throw new Error(`account ${id} vanished during an import`);
    const p = parsed as TCreateAccount;
    const patch: TUpdateAccount = {};
    for (const key of present) {
      switch (key) {
        case 'phones':
          patch.phones = mergePhones(current.phones, p.phones);
          break;
        case 'emails':
          patch.emails = union(current.emails, p.emails).slice(0, 20);
          break;
        case 'tags':
          patch.tags = union(current.tags, p.tags).slice(0, 50);
          break;
        case 'address':
          patch.address = { ...current.address, ...p.address };
          break;
        case 'externalRefs':
          patch.externalRefs = { ...current.externalRefs, ...p.externalRefs };
          break;
        case 'customFields':
          patch.customFields = p.customFields;
          break;
        default:
          (patch as Record<string, unknown>)[key] = (p as Record<string, unknown>)[key];
      }
    }
    return (await writers.accounts.updateInTx(tx, ctx, id, patch, opts)).id;
  },
});

const contactAdapter = (writers: ImportWriters): EntityAdapter => {
  const w = () => {
    if (!writers.contacts) throw new Error('contacts are not wired into imports');
    return writers.contacts;
  };
  return {
    entity: 'contact',
    schema: ZCreateContact,
    patchSchema: ZCreateContact.partial(),
    keysOf: (p) => keysOf(p, false),
    findExisting: async (tx, keys) => {
      const where = existingWhere(keys, { emails: contacts.emails, phoneKeys: contacts.phoneKeys });
      if (!where) return [];
      const rows = await tx
        .select({ id: contacts.id, emails: contacts.emails, phoneKeys: contacts.phoneKeys })
        .from(contacts)
        .where(and(isNull(contacts.deletedAt), where));
      return rows.map((r) => ({ ...r, companyNumber: null }));
    },
    resolveAccounts: async (tx, refs) => {
      const out: AccountLookup = new Map();
      const unique = [...new Set(refs)];
      if (unique.length === 0) return out;
      const numbers = unique.filter((r) => isValidIsraeliId(r)).map(normaliseIsraeliId);
      const names = unique.map((r) => r.trim().toLowerCase());
      const rows = await tx
        .select({ id: accounts.id, name: accounts.name, companyNumber: accounts.companyNumber })
        .from(accounts)
        .where(
          and(
            isNull(accounts.deletedAt),
            or(
              numbers.length ? inArray(accounts.companyNumber, numbers) : undefined,
              sql`lower(${accounts.name}) in ${names}`,
            ),
          ),
        );
      for (const ref of unique) {
        const n = isValidIsraeliId(ref) ? normaliseIsraeliId(ref) : null;
        const byNumber = n ? rows.filter((r) => r.companyNumber === n) : [];
        const matches = byNumber.length
          ? byNumber
          : rows.filter((r) => r.name.toLowerCase() === ref.trim().toLowerCase());
        const [first] = matches;
        if (matches.length === 1 && first) out.set(ref, { id: first.id });
        else if (matches.length > 1) {
          out.set(ref, { error: `Several accounts are named "${ref}"; use the company number` });
        } else out.set(ref, { error: `No account "${ref}"` });
      }
      return out;
    },
    create: async (tx, ctx, parsed, opts) =>
      (await w().createInTx(tx, ctx, parsed as TCreateContact, opts)).id,
    update: async (tx, ctx, id, parsed, present, opts) => {
      const writer = w();
      if (!writer.updateInTx) throw new Error('contacts cannot be updated by an import yet');
      const [current] = await tx.select().from(contacts).where(eq(contacts.id, id)).limit(1);
      if (!current) throw new Error(`contact ${id} vanished during an import`);
      const p = parsed as TCreateContact;
      const patch: TUpdateContact = {};
      for (const key of present) {
        switch (key) {
          case 'phones':
            patch.phones = mergePhones(current.phones, p.phones);
            break;
          case 'emails':
            patch.emails = union(current.emails, p.emails).slice(0, 20);
            break;
          case 'tags':
            patch.tags = union(current.tags, p.tags).slice(0, 50);
            break;
          case 'customFields':
            patch.customFields = p.customFields;
            break;
          case 'accountId': {
            // Link the account without changing which one is primary.
            const links = await tx
              .select({
                accountId: accountContacts.accountId,
                role: accountContacts.role,
                isPrimary: accountContacts.isPrimary,
              })
              .from(accountContacts)
              .where(eq(accountContacts.contactId, id));
            if (links.length === 0) patch.accountId = p.accountId;
            else if (!links.some((l) => l.accountId === p.accountId) && p.accountId) {
              patch.accounts = [...links, { accountId: p.accountId, role: null, isPrimary: false }];
            }
            break;
          }
          default:
            (patch as Record<string, unknown>)[key] = (p as Record<string, unknown>)[key];
        }
      }
      return (await writer.updateInTx(tx, ctx, id, patch, opts)).id;
    },
  };
};

export const adapterFor = (entity: TImportEntity, writers: ImportWriters): EntityAdapter =>
  entity === 'account' ? accountAdapter(writers) : contactAdapter(writers);
