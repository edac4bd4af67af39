import { and, asc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.js';
import { type PipelineRow, pipelineStages, pipelines, type StageRow } from './deals.table.js';

export type PipelineLocale = 'he' | 'en';

const DEFAULT_NAME: Record<PipelineLocale, string> = { he: 'מכירות', en: 'Sales' };

const DEFAULT_STAGES: {
  name: Record<PipelineLocale, string>;
  probability: number;
  kind: StageRow['kind'];
}[] = [
  { name: { he: 'חדש', en: 'New' }, probability: 10, kind: 'open' },
  { name: { he: 'הצעת מחיר', en: 'Proposal' }, probability: 40, kind: 'open' },
  { name: { he: 'משא ומתן', en: 'Negotiation' }, probability: 70, kind: 'open' },
  { name: { he: 'נסגר בהצלחה', en: 'Won' }, probability: 100, kind: 'won' },
  { name: { he: 'אבוד', en: 'Lost' }, probability: 0, kind: 'lost' },
];

/** The standard stages in a language (also offered when a tenant adds a pipeline). */
export const defaultStageSpecs = (locale: PipelineLocale) =>
  DEFAULT_STAGES.map((s) => ({ name: s.name[locale], probability: s.probability, kind: s.kind }));

/**
 * The tenant's default pipeline with its stages (ordered), created on first use in the tenant's
 * language. Runs inside the caller's tenant transaction; a transaction-scoped advisory lock keeps
 * two first requests from creating two defaults.
 */
export const ensureDefaultPipeline = async (
  tx: Tx,
  tenantId: string,
  locale: PipelineLocale,
): Promise<{ pipeline: PipelineRow; stages: StageRow[] }> => {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`kesher:pipelines:${tenantId}`}))`);
  const found = await findDefault(tx, tenantId);
  if (found) return found;
  const [pipeline] = await tx
    .insert(pipelines)
    .values({ tenantId, name: DEFAULT_NAME[locale], isDefault: true, position: 0 })
    .returning();
  if (!pipeline) throw new Error('default pipeline insert returned nothing');
  const stages = await tx
    .insert(pipelineStages)
    .values(
      defaultStageSpecs(locale).map((s, i) => ({
        ...s,
        tenantId,
        pipelineId: pipeline.id,
        position: (i + 1) * 10,
      })),
    )
    .returning();
  stages.sort((a, b) => a.position - b.position);
  return { pipeline, stages };
};

// The pipeline marked default, else the first one (a tenant may have unmarked it by editing).
const findDefault = async (tx: Tx, tenantId: string) => {
  const [pipeline] = await tx
    .select()
    .from(pipelines)
    .where(eq(pipelines.tenantId, tenantId))
    .orderBy(sql`${pipelines.isDefault} desc`, asc(pipelines.position), asc(pipelines.createdAt))
    .limit(1);
  if (!pipeline) return undefined;
  const stages = await tx
    .select()
    .from(pipelineStages)
    .where(and(eq(pipelineStages.tenantId, tenantId), eq(pipelineStages.pipelineId, pipeline.id)))
    .orderBy(asc(pipelineStages.position));
  return { pipeline, stages };
};
