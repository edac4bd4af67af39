import { and, eq, ilike, inArray, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import type { TAccount, TCreateAccount, TUpdateAccount } from '../../../shared/crm/accounts.schemas.js';
import type { TFieldError } from '../../../shared/errors.js';
import { normaliseIsraeliId } from '../../../shared/israeli-ids.js';
import { nextNumber } from '../../platform/db/counters.js';
import type { Tx } from '../../platform/db/database.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { auditFromCtx, recordAudit } from '../audit/index.js';
import { checkCustomFields, listDefs, mergeCustomFields } from '../custom-fields/index.js';
import { indexSearchDocument, removeSearchDocument } from '../search/index.js';
import { appendTimeline, timelineActor } from '../timeline/index.js';
import { type AccountRow, accounts } from './accounts.table.js';
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

export const toAccount = (r: AccountRow): TAccount => ({
  id: r.id,
  number: r.number,
  name: r.name,
  kind: r.kind,
  companyNumber: r.companyNumber,
  phones: r.phones.map((p) => ({ raw: p.raw, e164: p.e164, ...(p.label ? { label: p.label } : {}) })),
  emails: r.emails,
  fax: r.fax,
  address: r.address,
  website: r.website,
  ownerId: r.ownerId,
  tier: r.tier,
  status: r.status,
  tags: r.tags,
  externalRefs: r.externalRefs,
  customFields: r.customFields,
  version: r.version,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  deletedAt: r.deletedAt?.toISOString() ?? null,
});

export const getAccountOrThrow = async (tx: Tx, id: string, opts: { includeDeleted?: boolean } = {}) => {
  const [row] = await tx
    .select()
    .from(accounts)
    .where(and(eq(accounts.id, id), opts.includeDeleted ? undefined : isNull(accounts.deletedAt)))
    .limit(1);
  if (!row) throw notFound('Account');
  return row;
};

/** Keeps the account's search row in step with it. */
export const indexAccount = (tx: Tx, a: AccountRow) =>
  indexSearchDocument(tx, {
    tenantId: a.tenantId,
    entityType: 'account',
    entityId: a.id,
    title: a.name,
    subtitle: [a.address.city, a.companyNumber].filter(Boolean).join(' · ') || null,
    phonesE164: a.phones.map((p) => p.e164).filter((p): p is string => Boolean(p)),
    emails: a.emails,
    identifiers: [a.companyNumber, a.number, ...Object.values(a.externalRefs)],
  });

// Fields whose changes are worth a line on the customer's timeline.
const NOTABLE: Array<keyof AccountRow> = ['name', 'ownerId', 'status', 'tier', 'kind'];

type WriteFields = Omit<TUpdateAccount, 'version'>;

/** Options of the in-transaction writes that other use cases (imports, lead conversion) call. */
export type InTxOpts = { importId?: string | undefined };

const normalise = (input: WriteFields) => {
  const errors: TFieldError[] = [];
  const out: Partial<typeof accounts.$inferInsert> = {};
  if (input.name !== undefined) out.name = input.name;
  if (input.kind !== undefined) out.kind = input.kind;
  if (input.companyNumber !== undefined) {
    out.companyNumber = input.companyNumber ? normaliseIsraeliId(input.companyNumber) : null;
  }
  if (input.phones !== undefined) {
    const p = parsePhones(input.phones, 'phones', errors);
    out.phones = p.phones;
    out.phoneKeys = p.phoneKeys;
  }
  if (input.emails !== undefined) out.emails = parseEmails(input.emails, 'emails', errors);
  if (input.fax !== undefined) out.fax = input.fax || null;
  if (input.address !== undefined) out.address = input.address;
  if (input.website !== undefined) out.website = input.website || null;
  if (input.ownerId !== undefined) out.ownerId = input.ownerId;
  if (input.tier !== undefined) out.tier = input.tier;
  if (input.status !== undefined) out.status = input.status;
  if (input.tags !== undefined) out.tags = [...new Set(input.tags)];
  if (input.externalRefs !== undefined) out.externalRefs = input.externalRefs;
  return { out, errors };
};

export type ListAccountsInput = {
  limit: number;
  cursor?: string | undefined;
  sort?: string | undefined;
  q?: string | undefined;
  ownerId?: string | undefined;
  tag?: string | undefined;
  cf?: string | undefined;
  status?: 'active' | 'inactive' | undefined;
  tier?: string | undefined;
  kind?: 'business' | 'private' | undefined;
  includeDeleted?: 'true' | 'false' | undefined;
};

export const accountFilters = async (tx: Tx, q: Omit<ListAccountsInput, 'limit' | 'cursor' | 'sort'>) => {
  const defs = await listDefs(tx, 'account');
  const known = new Set(defs.map((d) => d.key));
  const conds: (SQL | undefined)[] = [
    q.includeDeleted === 'true' ? isNotNull(accounts.deletedAt) : isNull(accounts.deletedAt),
    q.ownerId ? eq(accounts.ownerId, q.ownerId) : undefined,
    q.status ? eq(accounts.status, q.status) : undefined,
    q.tier ? eq(accounts.tier, q.tier) : undefined,
    q.kind ? eq(accounts.kind, q.kind) : undefined,
    q.tag ? sql`${accounts.tags} @> array[${q.tag}]::text[]` : undefined,
    q.q ? ilike(accounts.name, `%${q.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`) : undefined,
    ...parseCustomFieldFilter(q.cf, accounts.customFields, known),
  ];
  return { where: and(...conds), defs };
};

export const createAccounts = (deps: CrmDeps) => {
  const inTx = <T>(ctx: TenantCtx, fn: (tx: Tx) => Promise<T>) => deps.database.tenantTx(scopeOf(ctx), fn);

  /**
   * Creates an account inside an existing transaction (also used by lead conversion and imports).
   * With `importId` the timeline entry names the import, and the import writes one audit row for
   * its whole batch instead of one per record.
   */
  const createInTx = async (tx: Tx, ctx: TenantCtx, input: TCreateAccount, opts: InTxOpts = {}) => {
    const { out, errors } = normalise(input);
    const customFields = await withFieldErrors(errors, () =>
      checkCustomFields(tx, 'account', input.customFields, { partial: false }),
    );
    const now = deps.clock.now();
    const [row] = await tx
      .insert(accounts)
      .values({
        ...out,
        name: input.name,
        tenantId: ctx.tenantId,
        number: await nextNumber(tx, ctx.tenantId, 'account'),
        customFields,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error('account insert returned nothing');
    await indexAccount(tx, row);
    await appendTimeline(tx, {
      tenantId: ctx.tenantId,
      occurredAt: now,
      accountId: row.id,
      type: 'account.created',
      channel: 'system',
      title: row.name,
      ref: { kind: 'account', id: row.id },
      actor: timelineActor(ctx),
      ...(opts.importId ? { data: { importId: opts.importId } } : {}),
    });
    if (!opts.importId) {
      await recordAudit(tx, auditFromCtx(ctx, 'account.created', { kind: 'account', id: row.id }));
    }
    return row;
  };

  /**
   * Updates an account inside an existing transaction. `expected` is the version the caller read
   * (If-Match); imports omit it because they read and write in one transaction.
   */
  const updateInTx = async (
    tx: Tx,
    ctx: TenantCtx,
    id: string,
    input: TUpdateAccount,
    opts: InTxOpts & { expected?: number } = {},
  ) => {
    const current = await getAccountOrThrow(tx, id);
    if (opts.expected !== undefined && current.version !== opts.expected) {
      throw versionConflict(toAccount(current));
    }
    const { version: _v, customFields: cfPatch, ...fields } = input;
    const { out, errors } = normalise(fields);
    const cfChecked = await withFieldErrors(errors, () =>
      cfPatch !== undefined
        ? checkCustomFields(tx, 'account', cfPatch, { partial: true })
        : Promise.resolve(undefined),
    );
    const customFields = cfChecked
      ? mergeCustomFields(current.customFields, cfChecked)
      : current.customFields;
    const now = deps.clock.now();
    const [row] = await tx
      .update(accounts)
      .set({ ...out, customFields, version: current.version + 1, updatedAt: now })
      .where(and(eq(accounts.id, id), eq(accounts.version, current.version)))
      .returning();
    if (!row) throw versionConflict(toAccount(await getAccountOrThrow(tx, id)));
    await indexAccount(tx, row);
    const changed = NOTABLE.filter((k) => out[k as keyof typeof out] !== undefined && current[k] !== row[k]);
    if (changed.length) {
      await appendTimeline(tx, {
        tenantId: ctx.tenantId,
        occurredAt: now,
        accountId: id,
        type: 'field.changed',
        channel: 'system',
        title: row.name,
        ref: { kind: 'account', id },
        actor: timelineActor(ctx),
        data: {
          changes: changed.map((k) => ({ field: k, from: current[k], to: row[k] })),
          ...(opts.importId ? { importId: opts.importId } : {}),
        },
      });
    }
    if (!opts.importId) {
      await recordAudit(
        tx,
        auditFromCtx(ctx, 'account.updated', { kind: 'account', id }, { fields: Object.keys(out) }),
      );
    }
    return row;
  };

  return {
    createInTx,
    updateInTx,

    create: (ctx: TenantCtx, input: TCreateAccount) =>
      inTx(ctx, async (tx) => toAccount(await createInTx(tx, ctx, input))),

    get: (ctx: TenantCtx, id: string) => inTx(ctx, async (tx) => toAccount(await getAccountOrThrow(tx, id))),

    list: (ctx: TenantCtx, q: ListAccountsInput) =>
      inTx(ctx, async (tx) => {
        const { where, defs } = await accountFilters(tx, q);
        const sort = resolveSort(
          q.sort,
          {
            name: accounts.name,
            number: accounts.number,
            createdAt: accounts.createdAt,
            updatedAt: accounts.updatedAt,
          },
          'name',
          {
            column: accounts.customFields,
            knownKeys: new Set(defs.map((d) => d.key)),
            numericKeys: new Set(
              defs.filter((d) => d.type === 'number' || d.type === 'currency').map((d) => d.key),
            ),
          },
        );
        const ks = keyset(sort, accounts.id, q.cursor);
        const rows = await tx
          .select({ row: accounts, sortValue: sql<unknown>`${sort.expr}` })
          .from(accounts)
          .where(and(where, ks.where))
          .orderBy(...ks.order)
          .limit(q.limit + 1);
        return pageOf(
          rows,
          q.limit,
          (r) => cursorValue(r.sortValue),
          (r) => r.row.id,
          (r) => toAccount(r.row),
        );
      }),

    update: (ctx: TenantCtx, id: string, input: TUpdateAccount, ifMatch: string | undefined) =>
      inTx(ctx, async (tx) => {
        const expected = expectedVersion(ifMatch, input.version);
        return toAccount(await updateInTx(tx, ctx, id, input, { expected }));
      }),

    /** Moves to the trash; restorable for 30 days. */
    remove: (ctx: TenantCtx, id: string) =>
      inTx(ctx, async (tx) => {
        const current = await getAccountOrThrow(tx, id);
        await tx
          .update(accounts)
          .set({ deletedAt: deps.clock.now(), version: current.version + 1 })
          .where(eq(accounts.id, id));
        await removeSearchDocument(tx, 'account', id);
        await recordAudit(tx, auditFromCtx(ctx, 'account.deleted', { kind: 'account', id }));
      }),

    restore: (ctx: TenantCtx, id: string) =>
      inTx(ctx, async (tx) => {
        const current = await getAccountOrThrow(tx, id, { includeDeleted: true });
        if (!current.deletedAt) return toAccount(current);
        const [row] = await tx
          .update(accounts)
          .set({ deletedAt: null, version: current.version + 1, updatedAt: deps.clock.now() })
          .where(eq(accounts.id, id))
          .returning();
        if (!row) throw notFound('Account');
        await indexAccount(tx, row);
        await recordAudit(tx, auditFromCtx(ctx, 'account.restored', { kind: 'account', id }));
        return toAccount(row);
      }),

    bulk: (
      ctx: TenantCtx,
      input:
        | { action: 'assign'; ids: string[]; ownerId: string | null }
        | { action: 'tag' | 'untag'; ids: string[]; tag: string }
        | { action: 'delete'; ids: string[] },
    ) =>
      inTx(ctx, async (tx) => {
        const target = and(inArray(accounts.id, input.ids), isNull(accounts.deletedAt));
        const now = deps.clock.now();
        const bump = { version: sql`${accounts.version} + 1`, updatedAt: now };
        let rows: { id: string }[];
        switch (input.action) {
          case 'assign':
            rows = await tx
              .update(accounts)
              .set({ ownerId: input.ownerId, ...bump })
              .where(target)
              .returning({ id: accounts.id });
            break;
          case 'tag':
            rows = await tx
              .update(accounts)
              .set({
                tags: sql`(select array(select distinct unnest(${accounts.tags} || array[${input.tag}]::text[])))`,
                ...bump,
              })
              .where(target)
              .returning({ id: accounts.id });
            break;
          case 'untag':
            rows = await tx
              .update(accounts)
              .set({ tags: sql`array_remove(${accounts.tags}, ${input.tag})`, ...bump })
              .where(target)
              .returning({ id: accounts.id });
            break;
          case 'delete':
            rows = await tx
              .update(accounts)
              .set({ deletedAt: now, ...bump })
              .where(target)
              .returning({ id: accounts.id });
            for (const r of rows) await removeSearchDocument(tx, 'account', r.id);
            break;
        }
        await recordAudit(
          tx,
          auditFromCtx(ctx, `account.bulk_${input.action}`, undefined, {
            count: rows.length,
            ids: input.ids.slice(0, 100),
          }),
        );
        return { affected: rows.length };
      }),
  };
};

export type Accounts = ReturnType<typeof createAccounts>;
