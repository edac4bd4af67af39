import { and, eq, ilike, inArray, isNotNull, isNull, or, type SQL, sql } from 'drizzle-orm';
import type {
  LEAD_SOURCES,
  TCreateLead,
  TLead,
  TLeadListQuery,
  TUpdateLead,
} from '../../../shared/crm/leads.schemas.js';
import type { TFieldError } from '../../../shared/errors.js';
import { nextNumber } from '../../platform/db/counters.js';
import type { Tx } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { assertUnreachable, scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { type AuditEntry, auditFromCtx, recordAudit } from '../audit/index.js';
import { checkCustomFields, listDefs, mergeCustomFields } from '../custom-fields/index.js';
import { indexSearchDocument, removeSearchDocument } from '../search/index.js';
import { appendTimeline, type TimelineChannel, timelineActor } from '../timeline/index.js';
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
import { type LeadRow, leads, type LEAD_SOURCES as TABLE_LEAD_SOURCES } from './leads.table.js';

// The shared (web) list and the table's enum must stay the same list.
type SameSources = (typeof LEAD_SOURCES)[number] extends (typeof TABLE_LEAD_SOURCES)[number]
  ? (typeof TABLE_LEAD_SOURCES)[number] extends (typeof LEAD_SOURCES)[number]
    ? true
    : never
  : never;
const _sameSources: SameSources = true;
void _sameSources;

/**
 * Who writes a lead: a staff request, or the public web form (no signed-in actor). Timeline and
 * audit entries are made from it.
 */
export type LeadWriter = {
  tenantId: string;
  actor: { kind: string; id: string | null };
  audit: (
    action: string,
    target?: { kind: string; id: string },
    details?: Record<string, unknown>,
  ) => AuditEntry;
};

export const writerOf = (ctx: TenantCtx): LeadWriter => ({
  tenantId: ctx.tenantId,
  actor: timelineActor(ctx),
  audit: (action, target, details) => auditFromCtx(ctx, action, target, details),
});

export const leadName = (r: { firstName: string; lastName: string }) =>
  [r.firstName, r.lastName].filter(Boolean).join(' ');

export const toLead = (r: LeadRow): TLead => ({
  id: r.id,
  number: r.number,
  firstName: r.firstName,
  lastName: r.lastName,
  fullName: leadName(r),
  company: r.company,
  title: r.title,
  phones: r.phones.map((p) => ({ raw: p.raw, e164: p.e164, ...(p.label ? { label: p.label } : {}) })),
  emails: r.emails,
  source: r.source,
  status: r.status,
  message: r.message,
  ownerId: r.ownerId,
  tags: r.tags,
  customFields: r.customFields,
  meta: r.meta,
  convertedAt: r.convertedAt?.toISOString() ?? null,
  convertedAccountId: r.convertedAccountId,
  convertedContactId: r.convertedContactId,
  convertedDealId: r.convertedDealId,
  version: r.version,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  deletedAt: r.deletedAt?.toISOString() ?? null,
});

export const getLeadOrThrow = async (
  tx: Tx,
  id: string,
  opts: { includeDeleted?: boolean; forUpdate?: boolean } = {},
) => {
  const q = tx
    .select()
    .from(leads)
    .where(and(eq(leads.id, id), opts.includeDeleted ? undefined : isNull(leads.deletedAt)))
    .limit(1);
  const [row] = opts.forUpdate ? await q.for('update') : await q;
  if (!row) throw notFound('Lead');
  return row;
};

/** Keeps the lead's search row in step (converted leads leave search: their contact is found). */
export const indexLead = (tx: Tx, l: LeadRow) =>
  indexSearchDocument(tx, {
    tenantId: l.tenantId,
    entityType: 'lead',
    entityId: l.id,
    title: leadName(l) || l.company || '',
    subtitle: [l.company, l.title].filter(Boolean).join(' · ') || null,
    names: l.company ? [l.company] : [],
    phonesE164: l.phones.map((p) => p.e164).filter((p): p is string => Boolean(p)),
    emails: l.emails,
    identifiers: [l.number],
  });

/** The timeline channel a lead arrived through. */
export const channelOfSource = (source: LeadRow['source']): TimelineChannel => {
  switch (source) {
    case 'web_form':
      return 'web';
    case 'phone':
      return 'phone';
    case 'email':
      return 'email';
    case 'walk_in':
      return 'walk_in';
    case 'referral':
    case 'campaign':
    case 'social':
    case 'other':
      return 'system';
    default:
      return assertUnreachable(source);
  }
};

type WriteFields = Omit<TUpdateLead, 'version' | 'customFields'>;

const normalise = (input: WriteFields) => {
  const errors: TFieldError[] = [];
  const out: Partial<typeof leads.$inferInsert> = {};
  if (input.firstName !== undefined) out.firstName = input.firstName;
  if (input.lastName !== undefined) out.lastName = input.lastName;
  if (input.company !== undefined) out.company = input.company || null;
  if (input.title !== undefined) out.title = input.title || null;
  if (input.phones !== undefined) {
    const p = parsePhones(input.phones, 'phones', errors);
    out.phones = p.phones;
    out.phoneKeys = p.phoneKeys;
  }
  if (input.emails !== undefined) out.emails = parseEmails(input.emails, 'emails', errors);
  if (input.source !== undefined) out.source = input.source;
  if (input.status !== undefined) out.status = input.status;
  if (input.message !== undefined) out.message = input.message || null;
  if (input.ownerId !== undefined) out.ownerId = input.ownerId;
  if (input.tags !== undefined) out.tags = [...new Set(input.tags)];
  return { out, errors };
};

const NOTABLE = ['firstName', 'lastName', 'company', 'status', 'ownerId', 'source'] as const;

export type ListLeadsInput = Omit<TLeadListQuery, 'limit'> & { limit: number };

const nameExpr = sql`(${leads.firstName} || ' ' || ${leads.lastName})`;

export const leadFilters = async (tx: Tx, q: Omit<ListLeadsInput, 'limit' | 'cursor' | 'sort'>) => {
  const defs = await listDefs(tx, 'lead');
  const known = new Set(defs.map((d) => d.key));
  const text = q.q ? `%${q.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%` : undefined;
  const conds: (SQL | undefined)[] = [
    q.includeDeleted === 'true' ? isNotNull(leads.deletedAt) : isNull(leads.deletedAt),
    q.ownerId ? eq(leads.ownerId, q.ownerId) : undefined,
    q.status ? eq(leads.status, q.status) : undefined,
    q.source ? eq(leads.source, q.source) : undefined,
    q.tag ? sql`${leads.tags} @> array[${q.tag}]::text[]` : undefined,
    text
      ? or(
          ilike(nameExpr, text),
          ilike(leads.company, text),
          sql`array_to_string(${leads.emails}, ' ') ilike ${text}`,
        )
      : undefined,
    ...parseCustomFieldFilter(q.cf, leads.customFields, known),
  ];
  return { where: and(...conds), defs };
};

export type CreateLeadInput = TCreateLead & { meta?: Record<string, string> | undefined };

export const createLeads = (deps: CrmDeps) => {
  const inTx = <T>(ctx: TenantCtx, fn: (tx: Tx) => Promise<T>) => deps.database.tenantTx(scopeOf(ctx), fn);

  /** Creates a lead inside an existing transaction (staff API, the public web form, imports). */
  const createInTx = async (tx: Tx, who: LeadWriter, input: CreateLeadInput) => {
    const { customFields: cf, meta, ...fields } = input;
    const { out, errors } = normalise(fields);
    const customFields = await withFieldErrors(errors, () =>
      checkCustomFields(tx, 'lead', cf, { partial: false }),
    );
    const now = deps.clock.now();
    const [row] = await tx
      .insert(leads)
      .values({
        ...out,
        firstName: input.firstName,
        tenantId: who.tenantId,
        number: await nextNumber(tx, who.tenantId, 'lead'),
        customFields,
        meta: meta ?? {},
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error('lead insert returned nothing');
    await indexLead(tx, row);
    await appendTimeline(tx, {
      tenantId: who.tenantId,
      occurredAt: now,
      type: 'lead.created',
      channel: channelOfSource(row.source),
      title: leadName(row) || row.company || '',
      summary: row.message,
      ref: { kind: 'lead', id: row.id },
      actor: who.actor,
      data: { leadId: row.id, source: row.source },
    });
    await recordAudit(tx, who.audit('lead.created', { kind: 'lead', id: row.id }, { source: row.source }));
    return row;
  };

  return {
    createInTx,

    create: (ctx: TenantCtx, input: TCreateLead) =>
      inTx(ctx, async (tx) => toLead(await createInTx(tx, writerOf(ctx), input))),

    get: (ctx: TenantCtx, id: string) => inTx(ctx, async (tx) => toLead(await getLeadOrThrow(tx, id))),

    list: (ctx: TenantCtx, q: ListLeadsInput) =>
      inTx(ctx, async (tx) => {
        const { where, defs } = await leadFilters(tx, q);
        const sort = resolveSort(
          q.sort,
          {
            name: nameExpr,
            company: sql`coalesce(${leads.company}, '')`,
            status: leads.status,
            number: leads.number,
            createdAt: leads.createdAt,
            updatedAt: leads.updatedAt,
          },
          '-createdAt',
          {
            column: leads.customFields,
            knownKeys: new Set(defs.map((d) => d.key)),
            numericKeys: new Set(
              defs.filter((d) => d.type === 'number' || d.type === 'currency').map((d) => d.key),
            ),
          },
        );
        const ks = keyset(sort, leads.id, q.cursor);
        const rows = await tx
          .select({ row: leads, sortValue: sql<unknown>`${sort.expr}` })
          .from(leads)
          .where(and(where, ks.where))
          .orderBy(...ks.order)
          .limit(q.limit + 1);
        return pageOf(
          rows,
          q.limit,
          (r) => cursorValue(r.sortValue),
          (r) => r.row.id,
          (r) => toLead(r.row),
        );
      }),

    update: (ctx: TenantCtx, id: string, input: TUpdateLead, ifMatch: string | undefined) =>
      inTx(ctx, async (tx) => {
        const expected = expectedVersion(ifMatch, input.version);
        const current = await getLeadOrThrow(tx, id);
        if (current.version !== expected) throw versionConflict(toLead(current));
        if (current.status === 'converted' && input.status !== undefined) {
          throw new AppError('LEAD_ALREADY_CONVERTED', {
            userMessage: 'This lead was converted; its status can no longer change.',
          });
        }
        const { version: _v, customFields: cfPatch, ...fields } = input;
        const { out, errors } = normalise(fields);
        const cfChecked = await withFieldErrors(errors, () =>
          cfPatch !== undefined
            ? checkCustomFields(tx, 'lead', cfPatch, { partial: true })
            : Promise.resolve(undefined),
        );
        const customFields = cfChecked
          ? mergeCustomFields(current.customFields, cfChecked)
          : current.customFields;
        const now = deps.clock.now();
        const [row] = await tx
          .update(leads)
          .set({ ...out, customFields, version: current.version + 1, updatedAt: now })
          .where(and(eq(leads.id, id), eq(leads.version, current.version)))
          .returning();
        if (!row) throw versionConflict(toLead(await getLeadOrThrow(tx, id)));
        if (row.status !== 'converted') await indexLead(tx, row);
        const changed = NOTABLE.filter((k) => out[k] !== undefined && current[k] !== row[k]);
        if (changed.length) {
          await appendTimeline(tx, {
            tenantId: ctx.tenantId,
            occurredAt: now,
            type: 'field.changed',
            channel: 'system',
            title: leadName(row) || row.company || '',
            ref: { kind: 'lead', id },
            actor: timelineActor(ctx),
            data: { leadId: id, changes: changed.map((k) => ({ field: k, from: current[k], to: row[k] })) },
          });
        }
        await recordAudit(
          tx,
          auditFromCtx(ctx, 'lead.updated', { kind: 'lead', id }, { fields: Object.keys(out) }),
        );
        return toLead(row);
      }),

    /** Moves to the trash; restorable for 30 days. */
    remove: (ctx: TenantCtx, id: string) =>
      inTx(ctx, async (tx) => {
        const current = await getLeadOrThrow(tx, id);
        await tx
          .update(leads)
          .set({ deletedAt: deps.clock.now(), version: current.version + 1 })
          .where(eq(leads.id, id));
        await removeSearchDocument(tx, 'lead', id);
        await recordAudit(tx, auditFromCtx(ctx, 'lead.deleted', { kind: 'lead', id }));
      }),

    restore: (ctx: TenantCtx, id: string) =>
      inTx(ctx, async (tx) => {
        const current = await getLeadOrThrow(tx, id, { includeDeleted: true });
        if (!current.deletedAt) return toLead(current);
        const [row] = await tx
          .update(leads)
          .set({ deletedAt: null, version: current.version + 1, updatedAt: deps.clock.now() })
          .where(eq(leads.id, id))
          .returning();
        if (!row) throw notFound('Lead');
        if (row.status !== 'converted') await indexLead(tx, row);
        await recordAudit(tx, auditFromCtx(ctx, 'lead.restored', { kind: 'lead', id }));
        return toLead(row);
      }),

    bulk: (
      ctx: TenantCtx,
      input:
        | { action: 'assign'; ids: string[]; ownerId: string | null }
        | { action: 'tag' | 'untag'; ids: string[]; tag: string }
        | { action: 'delete'; ids: string[] },
    ) =>
      inTx(ctx, async (tx) => {
        const target = and(inArray(leads.id, input.ids), isNull(leads.deletedAt));
        const now = deps.clock.now();
        const bump = { version: sql`${leads.version} + 1`, updatedAt: now };
        let rows: { id: string }[];
        switch (input.action) {
          case 'assign':
            rows = await tx
              .update(leads)
              .set({ ownerId: input.ownerId, ...bump })
              .where(target)
              .returning({ id: leads.id });
            break;
          case 'tag':
            rows = await tx
              .update(leads)
              .set({
                tags: sql`(select array(select distinct unnest(${leads.tags} || array[${input.tag}]::text[])))`,
                ...bump,
              })
              .where(target)
              .returning({ id: leads.id });
            break;
          case 'untag':
            rows = await tx
              .update(leads)
              .set({ tags: sql`array_remove(${leads.tags}, ${input.tag})`, ...bump })
              .where(target)
              .returning({ id: leads.id });
            break;
          case 'delete':
            rows = await tx
              .update(leads)
              .set({ deletedAt: now, ...bump })
              .where(target)
              .returning({ id: leads.id });
            for (const r of rows) await removeSearchDocument(tx, 'lead', r.id);
            break;
        }
        await recordAudit(
          tx,
          auditFromCtx(ctx, `lead.bulk_${input.action}`, undefined, {
            count: rows.length,
            ids: input.ids.slice(0, 100),
          }),
        );
        return { affected: rows.length };
      }),
  };
};

export type Leads = ReturnType<typeof createLeads>;
