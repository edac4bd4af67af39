import { and, eq, ilike, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import type { TDeal } from '../../../shared/crm/deals.schemas.js';
import type { Tx } from '../../platform/db/database.js';
import { listDefs } from '../custom-fields/index.js';
import { indexSearchDocument } from '../search/index.js';
import { accounts } from './accounts.table.js';
import { notFound, parseCustomFieldFilter } from './crm-common.js';
import { type DealRow, deals, pipelineStages } from './deals.table.js';

export const toDeal = (r: DealRow, accountName: string | null): TDeal => ({
  id: r.id,
  number: r.number,
  name: r.name,
  accountId: r.accountId,
  accountName: r.accountId ? accountName : null,
  contactId: r.contactId,
  pipelineId: r.pipelineId,
  stageId: r.stageId,
  rank: r.rank,
  amount: r.amount,
  currency: r.currency,
  expectedCloseDate: r.expectedCloseDate,
  probability: r.probability,
  status: r.status,
  closedAt: r.closedAt?.toISOString() ?? null,
  lostReason: r.lostReason,
  ownerId: r.ownerId,
  tags: r.tags,
  customFields: r.customFields,
  version: r.version,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  deletedAt: r.deletedAt?.toISOString() ?? null,
});

/** A deal with its account's name (cards and lists show it). */
export const dealsWithAccount = (tx: Tx) =>
  tx
    .select({ row: deals, accountName: accounts.name })
    .from(deals)
    .leftJoin(accounts, and(eq(accounts.tenantId, deals.tenantId), eq(accounts.id, deals.accountId)));

export const getDealOrThrow = async (tx: Tx, id: string, opts: { includeDeleted?: boolean } = {}) => {
  const [r] = await dealsWithAccount(tx)
    .where(and(eq(deals.id, id), opts.includeDeleted ? undefined : isNull(deals.deletedAt)))
    .limit(1);
  if (!r) throw notFound('Deal');
  return r;
};

export const accountNameOf = async (tx: Tx, accountId: string | null) => {
  if (!accountId) return null;
  const [a] = await tx
    .select({ name: accounts.name })
    .from(accounts)
    .where(eq(accounts.id, accountId))
    .limit(1);
  return a?.name ?? null;
};

/** "₪12,500.00": one language-neutral form for search subtitles and timeline summaries. */
export const formatMoney = (amount: string | null, currency: string) => {
  if (amount === null) return null;
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(Number(amount));
  } catch {
    return `${amount} ${currency}`;
  }
};

/** Keeps the deal's search row in step with it. */
export const indexDeal = (tx: Tx, d: DealRow, accountName: string | null) =>
  indexSearchDocument(tx, {
    tenantId: d.tenantId,
    entityType: 'deal',
    entityId: d.id,
    title: d.name,
    subtitle: [accountName, formatMoney(d.amount, d.currency)].filter(Boolean).join(' · ') || null,
    identifiers: [d.number],
  });

export const getStageRow = async (tx: Tx, id: string) => {
  const [s] = await tx.select().from(pipelineStages).where(eq(pipelineStages.id, id)).limit(1);
  if (!s) throw notFound('Stage');
  return s;
};

export type ListDealsInput = {
  limit: number;
  cursor?: string | undefined;
  sort?: string | undefined;
  q?: string | undefined;
  ownerId?: string | undefined;
  tag?: string | undefined;
  cf?: string | undefined;
  includeDeleted?: 'true' | 'false' | undefined;
  pipelineId?: string | undefined;
  stageId?: string | undefined;
  status?: 'open' | 'won' | 'lost' | undefined;
  accountId?: string | undefined;
  contactId?: string | undefined;
};

export const dealFilters = async (tx: Tx, q: Omit<ListDealsInput, 'limit' | 'cursor' | 'sort'>) => {
  const defs = await listDefs(tx, 'deal');
  const known = new Set(defs.map((d) => d.key));
  const conds: (SQL | undefined)[] = [
    q.includeDeleted === 'true' ? isNotNull(deals.deletedAt) : isNull(deals.deletedAt),
    q.ownerId ? eq(deals.ownerId, q.ownerId) : undefined,
    q.pipelineId ? eq(deals.pipelineId, q.pipelineId) : undefined,
    q.stageId ? eq(deals.stageId, q.stageId) : undefined,
    q.status ? eq(deals.status, q.status) : undefined,
    q.accountId ? eq(deals.accountId, q.accountId) : undefined,
    q.contactId ? eq(deals.contactId, q.contactId) : undefined,
    q.tag ? sql`${deals.tags} @> array[${q.tag}]::text[]` : undefined,
    q.q ? ilike(deals.name, `%${q.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`) : undefined,
    ...parseCustomFieldFilter(q.cf, deals.customFields, known),
  ];
  return { where: and(...conds), defs };
};
