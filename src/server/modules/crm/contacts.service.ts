import { and, eq, ilike, inArray, isNotNull, isNull, or, type SQL, sql } from 'drizzle-orm';
import type {
  TContact,
  TContactAccount,
  TContactListQuery,
  TCreateContact,
  TUpdateContact,
} from '../../../shared/crm/contacts.schemas.js';
import type { TFieldError } from '../../../shared/errors.js';
import { nextNumber } from '../../platform/db/counters.js';
import type { Tx } from '../../platform/db/database.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { auditFromCtx, recordAudit } from '../audit/index.js';
import { checkCustomFields, listDefs, mergeCustomFields } from '../custom-fields/index.js';
import { indexSearchDocument, removeSearchDocument } from '../search/index.js';
import { appendTimeline, timelineActor } from '../timeline/index.js';
import { accounts } from './accounts.table.js';
import { applyConsents, type ConsentChange } from './contact-consents.js';
import { checkLinkedAccounts, contactLinks, resolveLinks, writeLinks } from './contact-links.js';
import { accountContacts, type ContactRow, contacts } from './contacts.table.js';
import type { CrmDeps } from './crm.deps.js';
import {
  cursorValue,
  expectedVersion,
  keyset,
  notFound,
  pageOf,
  parseCustomFieldFilter,
  parseEmails,
  parsePhones,
  resolveSort,
  versionConflict,
  withFieldErrors,
} from './crm-common.js';

// Other use cases (merge, imports) read a contact's links through this module.
export { contactLinks };

/** Options of the in-transaction writes that other use cases (imports, lead conversion) call. */
export type ContactInTxOpts = { importId?: string | undefined };

export const fullNameOf = (r: { firstName: string; lastName: string }) =>
  [r.firstName, r.lastName].filter(Boolean).join(' ');

export const toContact = (r: ContactRow, links: TContactAccount[]): TContact => ({
  id: r.id,
  number: r.number,
  firstName: r.firstName,
  lastName: r.lastName,
  fullName: fullNameOf(r),
  title: r.title,
  accountId: links.find((l) => l.isPrimary)?.accountId ?? null,
  accounts: links,
  phones: r.phones.map((p) => ({ raw: p.raw, e164: p.e164, ...(p.label ? { label: p.label } : {}) })),
  emails: r.emails,
  fax: r.fax,
  birthday: r.birthday,
  preferredLanguage: r.preferredLanguage,
  preferredChannel: r.preferredChannel,
  consents: r.consents,
  ownerId: r.ownerId,
  tags: r.tags,
  customFields: r.customFields,
  lastContactedAt: r.lastContactedAt?.toISOString() ?? null,
  version: r.version,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  deletedAt: r.deletedAt?.toISOString() ?? null,
});

export const getContactOrThrow = async (tx: Tx, id: string, opts: { includeDeleted?: boolean } = {}) => {
  const [row] = await tx
    .select()
    .from(contacts)
    .where(and(eq(contacts.id, id), opts.includeDeleted ? undefined : isNull(contacts.deletedAt)))
    .limit(1);
  if (!row) throw notFound('Contact');
  return row;
};

/** Keeps the contact's search row in step: found by its name, its accounts' names, phones, emails. */
export const indexContact = (tx: Tx, c: ContactRow, links: TContactAccount[]) =>
  indexSearchDocument(tx, {
    tenantId: c.tenantId,
    entityType: 'contact',
    entityId: c.id,
    title: fullNameOf(c),
    subtitle: [links[0]?.name, c.title].filter(Boolean).join(' · ') || null,
    names: links.map((l) => l.name),
    phonesE164: c.phones.map((p) => p.e164).filter((p): p is string => Boolean(p)),
    emails: c.emails,
    identifiers: [c.number],
  });

const todayInIsrael = (now: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jerusalem' }).format(now);

type WriteFields = Omit<TUpdateContact, 'version' | 'customFields' | 'consents' | 'accountId' | 'accounts'>;

const normalise = (input: WriteFields, now: Date) => {
  const errors: TFieldError[] = [];
  const out: Partial<typeof contacts.$inferInsert> = {};
  if (input.firstName !== undefined) out.firstName = input.firstName;
  if (input.lastName !== undefined) out.lastName = input.lastName;
  if (input.title !== undefined) out.title = input.title || null;
  if (input.phones !== undefined) {
    const p = parsePhones(input.phones, 'phones', errors);
    out.phones = p.phones;
    out.phoneKeys = p.phoneKeys;
  }
  if (input.emails !== undefined) out.emails = parseEmails(input.emails, 'emails', errors);
  if (input.fax !== undefined) out.fax = input.fax || null;
  if (input.birthday !== undefined) {
    if (input.birthday && input.birthday > todayInIsrael(now)) {
      errors.push({ path: 'birthday', message: 'Cannot be in the future' });
    } else if (input.birthday && input.birthday < '1900-01-01') {
      errors.push({ path: 'birthday', message: 'Too far in the past' });
    }
    out.birthday = input.birthday;
  }
  if (input.preferredLanguage !== undefined) out.preferredLanguage = input.preferredLanguage;
  if (input.preferredChannel !== undefined) out.preferredChannel = input.preferredChannel;
  if (input.ownerId !== undefined) out.ownerId = input.ownerId;
  if (input.tags !== undefined) out.tags = [...new Set(input.tags)];
  return { out, errors };
};

// Fields whose changes are worth a line on the customer's timeline.
const NOTABLE = ['firstName', 'lastName', 'title', 'ownerId', 'preferredChannel'] as const;

const escapeLike = (s: string) => s.replace(/[%_\\]/g, (c) => `\\${c}`);

export type ListContactsInput = Omit<TContactListQuery, 'limit'> & { limit: number };

const fullNameExpr = sql`(${contacts.firstName} || ' ' || ${contacts.lastName})`;

export const contactFilters = async (tx: Tx, q: Omit<ListContactsInput, 'limit' | 'cursor' | 'sort'>) => {
  const defs = await listDefs(tx, 'contact');
  const known = new Set(defs.map((d) => d.key));
  const text = q.q ? `%${escapeLike(q.q)}%` : undefined;
  const conds: (SQL | undefined)[] = [
    q.includeDeleted === 'true' ? isNotNull(contacts.deletedAt) : isNull(contacts.deletedAt),
    q.ownerId ? eq(contacts.ownerId, q.ownerId) : undefined,
    q.tag ? sql`${contacts.tags} @> array[${q.tag}]::text[]` : undefined,
    q.hasConsent
      ? sql`${contacts.consents} @> ${JSON.stringify({ [q.hasConsent]: { granted: true } })}::jsonb`
      : undefined,
    q.accountId
      ? inArray(
          contacts.id,
          tx
            .select({ id: accountContacts.contactId })
            .from(accountContacts)
            .where(eq(accountContacts.accountId, q.accountId)),
        )
      : undefined,
    text
      ? or(ilike(fullNameExpr, text), sql`array_to_string(${contacts.emails}, ' ') ilike ${text}`)
      : undefined,
    ...parseCustomFieldFilter(q.cf, contacts.customFields, known),
  ];
  return { where: and(...conds), defs };
};

const consentTimeline = (
  tx: Tx,
  ctx: TenantCtx,
  row: ContactRow,
  links: TContactAccount[],
  changes: ConsentChange[],
  now: Date,
) =>
  appendTimeline(tx, {
    tenantId: ctx.tenantId,
    occurredAt: now,
    accountIds: links.map((l) => l.accountId),
    contactId: row.id,
    type: 'consent.changed',
    channel: 'system',
    title: fullNameOf(row),
    ref: { kind: 'contact', id: row.id },
    actor: timelineActor(ctx),
    data: { changes },
  });

export const createContacts = (deps: CrmDeps) => {
  const inTx = <T>(ctx: TenantCtx, fn: (tx: Tx) => Promise<T>) => deps.database.tenantTx(scopeOf(ctx), fn);

  const linksOf = async (tx: Tx, id: string) => (await contactLinks(tx, [id])).get(id) ?? [];

  /**
   * Creates a contact inside an existing transaction (also used by lead conversion and imports).
   * With `importId` the timeline entry names the import, and the import writes one audit row for
   * its whole batch instead of one per record.
   */
  const createInTx = async (tx: Tx, ctx: TenantCtx, input: TCreateContact, opts: ContactInTxOpts = {}) => {
    const now = deps.clock.now();
    const { accountId, accounts: accountList, consents: consentInput, customFields: cf, ...fields } = input;
    const { out, errors } = normalise(fields, now);
    const links = resolveLinks(accountId, accountList, undefined) ?? [];
    await checkLinkedAccounts(tx, links, { accountId, accounts: accountList }, errors);
    const consents = applyConsents({}, consentInput, now, errors);
    const customFields = await withFieldErrors(errors, () =>
      checkCustomFields(tx, 'contact', cf, { partial: false }),
    );
    const [row] = await tx
      .insert(contacts)
      .values({
        ...out,
        firstName: input.firstName,
        tenantId: ctx.tenantId,
        number: await nextNumber(tx, ctx.tenantId, 'contact'),
        consents: consents.next,
        customFields,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error('contact insert returned nothing');
    await writeLinks(tx, ctx.tenantId, row.id, links);
    const linked = await linksOf(tx, row.id);
    await indexContact(tx, row, linked);
    await appendTimeline(tx, {
      tenantId: ctx.tenantId,
      occurredAt: now,
      accountIds: linked.map((l) => l.accountId),
      contactId: row.id,
      type: 'contact.created',
      channel: 'system',
      title: fullNameOf(row),
      ref: { kind: 'contact', id: row.id },
      actor: timelineActor(ctx),
      ...(opts.importId ? { data: { importId: opts.importId } } : {}),
    });
    if (!opts.importId) {
      await recordAudit(tx, auditFromCtx(ctx, 'contact.created', { kind: 'contact', id: row.id }));
    }
    if (consents.changes.length) {
      await consentTimeline(tx, ctx, row, linked, consents.changes, now);
      if (!opts.importId)
        await recordAudit(
          tx,
          auditFromCtx(
            ctx,
            'contact.consent_changed',
            { kind: 'contact', id: row.id },
            { changes: consents.changes },
          ),
        );
    }
    return toContact(row, linked);
  };

  const list = (ctx: TenantCtx, q: ListContactsInput) =>
    inTx(ctx, async (tx) => {
      const { where, defs } = await contactFilters(tx, q);
      const sort = resolveSort(
        q.sort,
        {
          name: fullNameExpr,
          lastName: contacts.lastName,
          number: contacts.number,
          createdAt: contacts.createdAt,
          updatedAt: contacts.updatedAt,
        },
        'name',
        {
          column: contacts.customFields,
          knownKeys: new Set(defs.map((d) => d.key)),
          numericKeys: new Set(
            defs.filter((d) => d.type === 'number' || d.type === 'currency').map((d) => d.key),
          ),
        },
      );
      const ks = keyset(sort, contacts.id, q.cursor);
      const rows = await tx
        .select({ row: contacts, sortValue: sql<unknown>`${sort.expr}` })
        .from(contacts)
        .where(and(where, ks.where))
        .orderBy(...ks.order)
        .limit(q.limit + 1);
      const links = await contactLinks(
        tx,
        rows.slice(0, q.limit).map((r) => r.row.id),
      );
      return pageOf(
        rows,
        q.limit,
        (r) => cursorValue(r.sortValue),
        (r) => r.row.id,
        (r) => toContact(r.row, links.get(r.row.id) ?? []),
      );
    });

  /**
   * Updates a contact inside an existing transaction. `expected` is the version the caller read
   * (If-Match); imports omit it because they read and write in one transaction.
   */
  const updateInTx = async (
    tx: Tx,
    ctx: TenantCtx,
    id: string,
    input: TUpdateContact,
    opts: ContactInTxOpts & { expected?: number } = {},
  ) => {
    const current = await getContactOrThrow(tx, id);
    const currentLinks = await linksOf(tx, id);
    if (opts.expected !== undefined && current.version !== opts.expected) {
      throw versionConflict(toContact(current, currentLinks));
    }
    const now = deps.clock.now();
    const {
      version: _v,
      customFields: cfPatch,
      consents: consentPatch,
      accountId,
      accounts: accountList,
      ...fields
    } = input;
    const { out, errors } = normalise(fields, now);
    const links = resolveLinks(accountId, accountList, currentLinks);
    if (links) await checkLinkedAccounts(tx, links, { accountId, accounts: accountList }, errors);
    const consents = consentPatch
      ? applyConsents(current.consents, consentPatch, now, errors)
      : { next: current.consents, changes: [] };
    const cfChecked = await withFieldErrors(errors, () =>
      cfPatch !== undefined
        ? checkCustomFields(tx, 'contact', cfPatch, { partial: true })
        : Promise.resolve(undefined),
    );
    const customFields = cfChecked
      ? mergeCustomFields(current.customFields, cfChecked)
      : current.customFields;
    const [row] = await tx
      .update(contacts)
      .set({
        ...out,
        consents: consents.next,
        customFields,
        version: current.version + 1,
        updatedAt: now,
      })
      .where(and(eq(contacts.id, id), eq(contacts.version, current.version)))
      .returning();
    if (!row) {
      throw versionConflict(toContact(await getContactOrThrow(tx, id), await linksOf(tx, id)));
    }
    if (links) await writeLinks(tx, ctx.tenantId, id, links);
    const linked = links ? await linksOf(tx, id) : currentLinks;
    await indexContact(tx, row, linked);

    const changes: { field: string; from: unknown; to: unknown }[] = NOTABLE.filter(
      (k) => out[k] !== undefined && current[k] !== row[k],
    ).map((k) => ({ field: k, from: current[k], to: row[k] }));
    const before = currentLinks.map((l) => l.accountId).sort();
    const after = linked.map((l) => l.accountId).sort();
    if (links && before.join() !== after.join()) {
      changes.push({ field: 'accounts', from: before, to: after });
    }
    // Entries go to the accounts the contact belongs to now and any it just left.
    const accountIds = [...new Set([...after, ...before])];
    if (changes.length) {
      await appendTimeline(tx, {
        tenantId: ctx.tenantId,
        occurredAt: now,
        accountIds,
        contactId: id,
        type: 'field.changed',
        channel: 'system',
        title: fullNameOf(row),
        ref: { kind: 'contact', id },
        actor: timelineActor(ctx),
        data: { changes, ...(opts.importId ? { importId: opts.importId } : {}) },
      });
    }
    if (!opts.importId)
      await recordAudit(
        tx,
        auditFromCtx(
          ctx,
          'contact.updated',
          { kind: 'contact', id },
          {
            fields: [
              ...Object.keys(out),
              ...(links ? ['accounts'] : []),
              ...(cfPatch ? ['customFields'] : []),
            ],
          },
        ),
      );
    if (consents.changes.length) {
      await consentTimeline(tx, ctx, row, linked, consents.changes, now);
      if (!opts.importId)
        await recordAudit(
          tx,
          auditFromCtx(
            ctx,
            'contact.consent_changed',
            { kind: 'contact', id },
            { changes: consents.changes },
          ),
        );
    }
    return toContact(row, linked);
  };

  return {
    createInTx,
    updateInTx,

    create: (ctx: TenantCtx, input: TCreateContact) => inTx(ctx, (tx) => createInTx(tx, ctx, input)),

    get: (ctx: TenantCtx, id: string) =>
      inTx(ctx, async (tx) => toContact(await getContactOrThrow(tx, id), await linksOf(tx, id))),

    list,

    /** The contacts of one account; another tenant's account is 404. */
    listOfAccount: async (ctx: TenantCtx, accountId: string, q: Omit<ListContactsInput, 'accountId'>) => {
      await inTx(ctx, async (tx) => {
        const [a] = await tx
          .select({ id: accounts.id })
          .from(accounts)
          .where(and(eq(accounts.id, accountId), isNull(accounts.deletedAt)))
          .limit(1);
        if (!a) throw notFound('Account');
      });
      return list(ctx, { ...q, accountId });
    },

    update: (ctx: TenantCtx, id: string, input: TUpdateContact, ifMatch: string | undefined) =>
      inTx(ctx, (tx) =>
        updateInTx(tx, ctx, id, input, { expected: expectedVersion(ifMatch, input.version) }),
      ),

    /** Moves to the trash; restorable for 30 days. */
    remove: (ctx: TenantCtx, id: string) =>
      inTx(ctx, async (tx) => {
        const current = await getContactOrThrow(tx, id);
        await tx
          .update(contacts)
          .set({ deletedAt: deps.clock.now(), version: current.version + 1 })
          .where(eq(contacts.id, id));
        await removeSearchDocument(tx, 'contact', id);
        await recordAudit(tx, auditFromCtx(ctx, 'contact.deleted', { kind: 'contact', id }));
      }),

    restore: (ctx: TenantCtx, id: string) =>
      inTx(ctx, async (tx) => {
        const current = await getContactOrThrow(tx, id, { includeDeleted: true });
        const links = await linksOf(tx, id);
        if (!current.deletedAt) return toContact(current, links);
        const [row] = await tx
          .update(contacts)
          .set({ deletedAt: null, version: current.version + 1, updatedAt: deps.clock.now() })
          .where(eq(contacts.id, id))
          .returning();
        if (!row) throw notFound('Contact');
        await indexContact(tx, row, links);
        await recordAudit(tx, auditFromCtx(ctx, 'contact.restored', { kind: 'contact', id }));
        return toContact(row, links);
      }),

    bulk: (
      ctx: TenantCtx,
      input:
        | { action: 'assign'; ids: string[]; ownerId: string | null }
        | { action: 'tag' | 'untag'; ids: string[]; tag: string }
        | { action: 'delete'; ids: string[] },
    ) =>
      inTx(ctx, async (tx) => {
        const target = and(inArray(contacts.id, input.ids), isNull(contacts.deletedAt));
        const now = deps.clock.now();
        const bump = { version: sql`${contacts.version} + 1`, updatedAt: now };
        let rows: { id: string }[];
        switch (input.action) {
          case 'assign':
            rows = await tx
              .update(contacts)
              .set({ ownerId: input.ownerId, ...bump })
              .where(target)
              .returning({ id: contacts.id });
            break;
          case 'tag':
            rows = await tx
              .update(contacts)
              .set({
                tags: sql`(select array(select distinct unnest(${contacts.tags} || array[${input.tag}]::text[])))`,
                ...bump,
              })
              .where(target)
              .returning({ id: contacts.id });
            break;
          case 'untag':
            rows = await tx
              .update(contacts)
              .set({ tags: sql`array_remove(${contacts.tags}, ${input.tag})`, ...bump })
              .where(target)
              .returning({ id: contacts.id });
            break;
          case 'delete':
            rows = await tx
              .update(contacts)
              .set({ deletedAt: now, ...bump })
              .where(target)
              .returning({ id: contacts.id });
            for (const r of rows) await removeSearchDocument(tx, 'contact', r.id);
            break;
        }
        await recordAudit(
          tx,
          auditFromCtx(ctx, `contact.bulk_${input.action}`, undefined, {
            count: rows.length,
            ids: input.ids.slice(0, 100),
          }),
        );
        return { affected: rows.length };
      }),
  };
};

export type Contacts = ReturnType<typeof createContacts>;
