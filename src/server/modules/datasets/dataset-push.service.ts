import { inArray, sql } from 'drizzle-orm';
import {
  MAX_PUSH_RECORDS,
  type TPushRecords,
  type TPushResult,
  type ZStaffRecordsQuery,
} from '../../../shared/datasets.schemas.js';
import { rowsOf } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { auditFromCtx, recordAudit } from '../audit/index.js';
import { accounts } from '../crm/index.js';
import { queryRecordsPage } from './dataset-records.query.js';
import { type ValidDatasetRecord, validateDatasetRecord } from './dataset-records.validate.js';
import {
  deleteDatasetRecordsExcept,
  getDatasetOrThrow,
  markDatasetGood,
  rematchDatasetOwners,
  upsertDatasetRecords,
} from './dataset-records.write.js';
import type { DatasetsDeps } from './datasets.service.js';

type StaffRecordsQuery = import('zod').infer<typeof ZStaffRecordsQuery>;

const iso = (v: string | Date) => (v instanceof Date ? v : new Date(v)).toISOString();

/** The push API and the admin's views of records. */
export const createDatasetPush = ({ database, clock }: DatasetsDeps) => ({
  /**
   * Upserts the valid records of one call; a malformed record rejects itself only. `replace`
   * deletes the records absent from the batch — but only when every record validated: with any
   * reject, nothing is deleted (a typo must not wipe a customer's table), the valid records are
   * still upserted, and the rejects are reported.
   */
  push: async (ctx: TenantCtx, key: string, body: TPushRecords): Promise<TPushResult> => {
    if (body.records.length > MAX_PUSH_RECORDS) {
      throw new AppError('PAYLOAD_TOO_LARGE', {
        userMessage: `Send at most ${MAX_PUSH_RECORDS} records per call (this one had ${body.records.length}).`,
      });
    }
    return database.tenantTx(scopeOf(ctx), async (tx) => {
      const dataset = await getDatasetOrThrow(tx, key);
      const valid: ValidDatasetRecord[] = [];
      const rejected: TPushResult['rejected'] = [];
      body.records.forEach((raw, index) => {
        const c = validateDatasetRecord(dataset, raw);
        if (c.ok) valid.push(c.record);
        else rejected.push({ index, errors: c.errors });
      });
      const w = await upsertDatasetRecords(tx, dataset, valid);
      const deleted =
        body.mode === 'replace' && rejected.length === 0
          ? await deleteDatasetRecordsExcept(
              tx,
              dataset,
              valid.map((r) => r.key),
            )
          : 0;
      if (rejected.length === 0) await markDatasetGood(tx, dataset.id, clock.now());
      const result = { ...w, deleted, rejected };
      await recordAudit(
        tx,
        auditFromCtx(
          ctx,
          'dataset.records.pushed',
          { kind: 'dataset', id: dataset.id },
          {
            mode: body.mode,
            inserted: w.inserted,
            updated: w.updated,
            unchanged: w.unchanged,
            deleted,
            rejected: rejected.length,
          },
        ),
      );
      return result;
    });
  },

  /** The admin's records view: all fields, search, sort, and `owner=unmatched` or an owner ref. */
  records: (ctx: TenantCtx, key: string, q: StaffRecordsQuery) =>
    database.tenantTx(scopeOf(ctx), async (tx) => {
      const dataset = await getDatasetOrThrow(tx, key);
      const where =
        q.owner === 'unmatched' ? [sql`account_id is null`] : q.owner ? [sql`owner_ref = ${q.owner}`] : [];
      const page = await queryRecordsPage(tx, dataset, { ...q, visible: () => true, where });
      // The matched accounts' names, so the admin sees whose each row is, in one lookup per page.
      const ids = [...new Set(page.items.flatMap((r) => (r.account_id ? [r.account_id] : [])))];
      const names = new Map(
        ids.length
          ? (
              await tx
                .select({ id: accounts.id, name: accounts.name })
                .from(accounts)
                .where(inArray(accounts.id, ids))
            ).map((a) => [a.id, a.name])
          : [],
      );
      return {
        items: page.items.map((r) => ({
          key: r.record_key,
          ownerRef: r.owner_ref,
          accountId: r.account_id,
          accountName: (r.account_id && names.get(r.account_id)) || null,
          data: r.data,
          updatedAt: iso(r.updated_at),
        })),
        nextCursor: page.nextCursor,
      };
    }),

  /** Owner refs that match no account, with record counts: what the admin should fix. */
  unmatchedOwners: (ctx: TenantCtx, key: string) =>
    database.tenantTx(scopeOf(ctx), async (tx) => {
      const dataset = await getDatasetOrThrow(tx, key);
      const rows = rowsOf<{ owner_ref: string; n: number }>(
        await tx.execute(sql`
          select owner_ref, count(*)::int as n from dataset_records
          where tenant_id = ${dataset.tenantId} and dataset_id = ${dataset.id} and account_id is null
          group by owner_ref order by count(*) desc, owner_ref limit 1000`),
      );
      return { items: rows.map((r) => ({ ownerRef: r.owner_ref, records: r.n })) };
    }),

  /** Re-matches owners to accounts after the admin fixed accounts' external references. */
  rematch: (ctx: TenantCtx, key: string) =>
    database.tenantTx(scopeOf(ctx), async (tx) => {
      const dataset = await getDatasetOrThrow(tx, key);
      return { changed: await rematchDatasetOwners(tx, dataset) };
    }),
});

export type DatasetPush = ReturnType<typeof createDatasetPush>;
