import { and, eq, sql } from 'drizzle-orm';
import { searchVariants } from '../../../shared/hebrew-normalise.js';
import { rowsOf, type Tx } from '../../platform/db/database.js';
import { notFound } from '../../platform/http/versioning.js';
import { accountIdsByExternalRef } from '../crm/index.js';
import type { ValidDatasetRecord } from './dataset-records.validate.js';
import { type DatasetRow, datasetStagedRecords, datasets } from './datasets.table.js';

export type WriteCounts = { inserted: number; updated: number; unchanged: number };
export type SwapCounts = { inserted: number; updated: number; deleted: number };

// One statement per chunk: a single jsonb parameter, far below the 65,535-parameter limit.
const CHUNK = 5000;
// node-postgres says rowCount, PGlite affectedRows.
const affected = (res: unknown) => {
  const r = res as { rowCount?: number | null; affectedRows?: number };
  return r.rowCount ?? r.affectedRows ?? 0;
};
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** By id or by key, in the caller's transaction (RLS: another tenant's dataset is not found). */
export const getDatasetOrThrow = async (tx: Tx, idOrKey: string): Promise<DatasetRow> => {
  const cond = UUID_RE.test(idOrKey) ? eq(datasets.id, idOrKey) : eq(datasets.key, idOrKey);
  const [row] = await tx.select().from(datasets).where(cond).limit(1);
  if (!row) throw notFound('Dataset');
  return row;
};

/** Normalised text of the shown text-like fields, for the portal's Hebrew-aware search. */
export const searchTextOf = (dataset: Pick<DatasetRow, 'fields'>, data: Record<string, unknown>) =>
  searchVariants(
    dataset.fields
      .filter((f) => f.shown && (f.type === 'text' || f.type === 'status'))
      .map((f) => data[f.key])
      .filter((v): v is string => typeof v === 'string' && v !== '')
      .join(' '),
  );

// The last of several records with one key wins, as if they had been sent one after another
// (and ON CONFLICT cannot touch one row twice in a statement).
const lastPerKey = (records: readonly ValidDatasetRecord[]) => {
  const m = new Map<string, ValidDatasetRecord>();
  for (const r of records) m.set(r.key, r);
  return [...m.values()];
};

/**
 * Inserts new records and rewrites changed ones; a record whose data hash, owner and account are
 * the same is not written at all (idempotent pushes cost reads, not writes). Owners are matched
 * to accounts through `accounts.external_refs[dataset.owner_ref_system]`; no match → account null.
 */
export const upsertDatasetRecords = async (
  tx: Tx,
  dataset: DatasetRow,
  records: readonly ValidDatasetRecord[],
): Promise<WriteCounts> => {
  const all = lastPerKey(records);
  const owners = await accountIdsByExternalRef(
    tx,
    dataset.ownerRefSystem,
    all.map((r) => r.ownerRef),
  );
  const out: WriteCounts = { inserted: 0, updated: 0, unchanged: records.length - all.length };
  for (let i = 0; i < all.length; i += CHUNK) {
    const chunk = all.slice(i, i + CHUNK).map((r) => ({
      k: r.key,
      o: r.ownerRef,
      a: owners.get(r.ownerRef) ?? null,
      d: r.data,
      s: searchTextOf(dataset, r.data),
    }));
    const [c] = rowsOf<{ inserted: number; updated: number }>(
      await tx.execute(sql`
        with up as (
          insert into dataset_records as t
            (tenant_id, dataset_id, record_key, owner_ref, account_id, data, search_text, data_hash)
          select ${dataset.tenantId}::uuid, ${dataset.id}::uuid, r.k, r.o, r.a, r.d, r.s, md5(r.d::text)
          from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as r(k text, o text, a uuid, d jsonb, s text)
          on conflict (tenant_id, dataset_id, record_key) do update
            set owner_ref = excluded.owner_ref, account_id = excluded.account_id, data = excluded.data,
                search_text = excluded.search_text, data_hash = excluded.data_hash, updated_at = now()
            where t.data_hash <> excluded.data_hash or t.owner_ref <> excluded.owner_ref
               or t.account_id is distinct from excluded.account_id or t.search_text <> excluded.search_text
          returning (xmax = 0) as ins
        )
        select count(*) filter (where ins)::int as inserted, count(*) filter (where not ins)::int as updated
        from up`),
    );
    const ins = c?.inserted ?? 0;
    const upd = c?.updated ?? 0;
    out.inserted += ins;
    out.updated += upd;
    out.unchanged += chunk.length - ins - upd;
  }
  return out;
};

/** Deletes the dataset's records whose keys are not in `keepKeys` (replace pushes). */
export const deleteDatasetRecordsExcept = async (
  tx: Tx,
  dataset: DatasetRow,
  keepKeys: readonly string[],
) => {
  const res = await tx.execute(sql`
    delete from dataset_records r
    where r.tenant_id = ${dataset.tenantId} and r.dataset_id = ${dataset.id}
      and not exists (
        select 1 from jsonb_array_elements_text(${JSON.stringify(keepKeys)}::jsonb) k(v) where k.v = r.record_key)`);
  return affected(res);
};

/** Adds a page of a full sync to the run's staging rows (a later page's record wins). */
export const stageDatasetRecords = async (
  tx: Tx,
  input: { runId: string; dataset: DatasetRow; records: readonly ValidDatasetRecord[] },
) => {
  const all = lastPerKey(input.records);
  for (let i = 0; i < all.length; i += CHUNK) {
    const chunk = all.slice(i, i + CHUNK).map((r) => ({ k: r.key, o: r.ownerRef, d: r.data }));
    await tx.execute(sql`
      insert into dataset_staged_records (tenant_id, run_id, dataset_id, record_key, owner_ref, data)
      select ${input.dataset.tenantId}::uuid, ${input.runId}::uuid, ${input.dataset.id}::uuid, r.k, r.o, r.d
      from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as r(k text, o text, d jsonb)
      on conflict (tenant_id, run_id, record_key) do update
        set owner_ref = excluded.owner_ref, data = excluded.data`);
  }
  return { staged: all.length };
};

/**
 * Makes the run's staged rows the dataset's records, in the caller's one transaction: upserts
 * them, deletes records the run did not see, and drops the staging rows. Until this commits the
 * portal keeps seeing the last good data.
 */
export const swapInStagedRecords = async (
  tx: Tx,
  input: { runId: string; dataset: DatasetRow },
): Promise<SwapCounts> => {
  const { runId, dataset } = input;
  const out: SwapCounts = { inserted: 0, updated: 0, deleted: 0 };
  let after = '';
  for (;;) {
    const page = await tx
      .select({
        key: datasetStagedRecords.recordKey,
        ownerRef: datasetStagedRecords.ownerRef,
        data: datasetStagedRecords.data,
      })
      .from(datasetStagedRecords)
      .where(and(eq(datasetStagedRecords.runId, runId), sql`${datasetStagedRecords.recordKey} > ${after}`))
      .orderBy(datasetStagedRecords.recordKey)
      .limit(CHUNK);
    if (!page.length) break;
    const w = await upsertDatasetRecords(tx, dataset, page);
    out.inserted += w.inserted;
    out.updated += w.updated;
    after = page[page.length - 1]?.key ?? after;
    if (page.length < CHUNK) break;
  }
  const del = await tx.execute(sql`
    delete from dataset_records r
    where r.tenant_id = ${dataset.tenantId} and r.dataset_id = ${dataset.id}
      and not exists (select 1 from dataset_staged_records s
                      where s.tenant_id = r.tenant_id and s.run_id = ${runId} and s.record_key = r.record_key)`);
  out.deleted = affected(del);
  await discardStagedRecords(tx, runId);
  return out;
};

/** Drops a failed or abandoned run's staging rows; the records stay as they were. */
export const discardStagedRecords = async (tx: Tx, runId: string) => {
  await tx.delete(datasetStagedRecords).where(eq(datasetStagedRecords.runId, runId));
};

/** Records that the dataset's data was complete and current at `at` ("updated 7 minutes ago"). */
export const markDatasetGood = async (tx: Tx, datasetId: string, at: Date) => {
  await tx.update(datasets).set({ lastGoodAt: at }).where(eq(datasets.id, datasetId));
};

/**
 * Re-matches owners after accounts' external references changed: orphans whose ref now names an
 * account get it, and records whose account no longer holds their ref lose it (so a customer never
 * keeps seeing rows that are no longer theirs). Returns how many records changed hands.
 */
export const rematchDatasetOwners = async (tx: Tx, dataset: DatasetRow) => {
  const refs = rowsOf<{ ref: string }>(
    await tx.execute(sql`
      select distinct owner_ref as ref from dataset_records
      where tenant_id = ${dataset.tenantId} and dataset_id = ${dataset.id}`),
  ).map((r) => r.ref);
  const owners = await accountIdsByExternalRef(tx, dataset.ownerRefSystem, refs);
  const map = Object.fromEntries(owners);
  const res = await tx.execute(sql`
    update dataset_records r set account_id = m.account_id, updated_at = now()
    from (select o.ref, (${JSON.stringify(map)}::jsonb ->> o.ref)::uuid as account_id
          from jsonb_array_elements_text(${JSON.stringify(refs)}::jsonb) o(ref)) m
    where r.tenant_id = ${dataset.tenantId} and r.dataset_id = ${dataset.id} and r.owner_ref = m.ref
      and r.account_id is distinct from m.account_id`);
  return affected(res);
};
