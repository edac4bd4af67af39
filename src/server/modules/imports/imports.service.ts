import { and, desc, eq, inArray, lt } from 'drizzle-orm';
import type {
  TDuplicatePolicy,
  TImport,
  TImportEntity,
  TImportMapping,
  TImportPreview,
  TImportRowResult,
  TImportUploaded,
} from '../../../shared/imports.schemas.js';
import type { Role } from '../../../shared/permissions.js';
import type { Clock } from '../../platform/clock.js';
import type { Database, Tx } from '../../platform/db/database.js';
import { AppError, validationError } from '../../platform/errors/app-error.js';
import type { EventBus } from '../../platform/events/event-bus.js';
import { csvLine, UTF8_BOM } from '../../platform/files/csv-write.js';
import { actorId, scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import type { Jobs } from '../../platform/jobs/jobs.js';
import { auditFromCtx, recordAudit } from '../audit/index.js';
import { listDefs } from '../custom-fields/index.js';
import { checkMapping, suggestMapping, targetsFor } from './import-mapping.js';
import { parseSpreadsheet } from './import-parse.js';
import { processRows } from './import-runner.js';
import { adapterFor, type ImportWriters } from './import-targets.js';
import { type ImportRow, imports } from './imports.table.js';

export type ImportsDeps = {
  database: Database;
  clock: Clock;
  events: EventBus;
  crm: ImportWriters;
  /** pg-boss when main.ts started it; without it (tests, JOBS=off) imports run in this process. */
  jobs?: Jobs | undefined;
  onError?: (err: unknown, msg: string) => void;
};

/** What the `imports.run` job carries: enough to act for whoever committed the import. */
export type ImportJob = {
  tenantId: string;
  importId: string;
  actor: { kind: 'user'; id: string; role: Role } | { kind: 'api_key'; id: string };
  requestId: string;
};

export const IMPORT_JOB = 'imports.run';

type Progress = { processed: number; total: number };

// Everything but the file and the rejected rows, which can be megabytes.
const summary = {
  id: imports.id,
  tenantId: imports.tenantId,
  entity: imports.entity,
  fileName: imports.fileName,
  format: imports.format,
  status: imports.status,
  headers: imports.headers,
  mapping: imports.mapping,
  duplicatePolicy: imports.duplicatePolicy,
  totalRows: imports.totalRows,
  processedRows: imports.processedRows,
  counts: imports.counts,
  error: imports.error,
  createdBy: imports.createdBy,
  createdAt: imports.createdAt,
  startedAt: imports.startedAt,
  finishedAt: imports.finishedAt,
};
type ImportSummary = Pick<ImportRow, keyof typeof summary>;

const toImport = (r: ImportSummary, live: Progress | undefined): TImport => {
  const processed =
    live?.processed ??
    (r.status === 'completed' ? r.totalRows : r.status === 'running' ? r.processedRows : 0);
  const total = live?.total ?? r.totalRows;
  return {
    id: r.id,
    entity: r.entity,
    fileName: r.fileName,
    format: r.format,
    status: r.status,
    headers: r.headers,
    mapping: r.mapping,
    duplicatePolicy: r.duplicatePolicy,
    totalRows: r.totalRows,
    counts: r.counts ?? null,
    progress: { processed, total, percent: total ? Math.floor((processed * 100) / total) : 0 },
    error: r.error,
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    finishedAt: r.finishedAt?.toISOString() ?? null,
  };
};

const notFound = () => new AppError('NOT_FOUND', { userMessage: 'Import not found.' });
const stateConflict = (status: string, action: string) =>
  new AppError('IMPORT_STATE_CONFLICT', { userMessage: `This import is ${status}; it cannot be ${action}.` });

// PGlite returns bytea as a Uint8Array, pg as a Buffer.
const asBuffer = (b: Uint8Array) =>
  Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);

const stored = (rows: TImportRowResult[]) =>
  rows.map((r) => ({ row: r.row, errors: r.errors, values: r.values }));

/** A dry run's result travels out of the transaction it rolls back inside this error. */
class DryRunRollback extends Error {
  constructor(readonly result: Awaited<ReturnType<typeof processRows>>) {
    super('dry run');
  }
}

/** The job acts for whoever committed; their permission was checked when they did. */
const jobCtx = (job: ImportJob): TenantCtx => ({
  tenantId: job.tenantId,
  actor:
    job.actor.kind === 'user'
      ? {
          kind: 'user',
          tenantId: job.tenantId,
          userId: job.actor.id,
          role: job.actor.role,
          permissions: new Set(),
          sessionId: '',
        }
      : { kind: 'api_key', tenantId: job.tenantId, keyId: job.actor.id, scopes: new Set() },
  requestId: job.requestId,
  ip: undefined,
  userAgent: 'kesher import job',
});

const jobActor = (ctx: TenantCtx): ImportJob['actor'] => {
  const a = ctx.actor;
  if (a.kind === 'user') return { kind: 'user', id: a.userId, role: a.role };
  if (a.kind === 'api_key') return { kind: 'api_key', id: a.keyId };
  throw new AppError('FORBIDDEN', { userMessage: 'Only staff can import.' });
};

export const createImports = (deps: ImportsDeps) => {
  const inTx = <T>(ctx: TenantCtx, fn: (tx: Tx) => Promise<T>) => deps.database.tenantTx(scopeOf(ctx), fn);
  /**
   * The imports this process is running, with their progress: other readers cannot see what the
   * open import transaction writes, and on PGlite (one session) they could not even read the
   * table until it ends — so GET answers for a running import from here, without the database.
   */
  const live = new Map<string, Progress & { tenantId: string; row: ImportSummary }>();
  const running = new Set<Promise<void>>();

  const getRow = async (tx: Tx, id: string) => {
    const [row] = await tx.select().from(imports).where(eq(imports.id, id)).limit(1);
    if (!row) throw notFound();
    return row;
  };

  const targetsOf = async (tx: Tx, entity: TImportEntity) =>
    targetsFor(
      entity,
      (await listDefs(tx, entity)).map((d) => ({ ...d })),
    );

  const validMapping = (
    mapping: TImportMapping,
    headers: string[],
    targets: ReturnType<typeof targetsFor>,
    policy: TDuplicatePolicy,
  ) => {
    const errors = checkMapping(mapping, headers, targets, { requireAll: policy !== 'update' });
    if (errors.length) throw validationError(errors, 'The column mapping is incomplete or invalid.');
  };

  // Until contacts offer an in-transaction update, a contact import cannot merge into existing ones.
  const checkPolicy = (entity: TImportEntity, policy: TDuplicatePolicy) => {
    if (entity === 'contact' && policy === 'update' && !deps.crm.contacts?.updateInTx) {
      throw validationError([
        { path: 'duplicatePolicy', message: 'Updating existing contacts from a file is not available yet' },
      ]);
    }
  };

  const publish = (tenantId: string, type: string, payload: Record<string, unknown>) =>
    deps.events.publish({ type, tenantId, at: deps.clock.now(), payload });

  /** Runs a committed import once: queued → running → completed | failed, all rows in one transaction. */
  const runImport = async (job: ImportJob): Promise<void> => {
    const ctx = jobCtx(job);
    const now = deps.clock.now();
    // The status change is the lock: whichever worker flips queued → running runs it.
    const [claimed] = await inTx(ctx, (tx) =>
      tx
        .update(imports)
        .set({
          status: 'running',
          startedAt: now,
          finishedAt: null,
          processedRows: 0,
          error: null,
          updatedAt: now,
        })
        .where(and(eq(imports.id, job.importId), eq(imports.status, 'queued')))
        .returning(),
    );
    if (!claimed) return;
    const id = claimed.id;
    const { file: _file, rejected: _rejected, ...claimedSummary } = claimed;
    live.set(id, { tenantId: job.tenantId, row: claimedSummary, processed: 0, total: claimed.totalRows });
    publish(job.tenantId, 'import.started', { importId: id, total: claimed.totalRows });
    try {
      const sheet = await parseSpreadsheet(asBuffer(claimed.file), claimed.fileName);
      const counts = await inTx(ctx, async (tx) => {
        const targets = await targetsOf(tx, claimed.entity);
        const result = await processRows(tx, ctx, adapterFor(claimed.entity, deps.crm), {
          importId: id,
          headers: sheet.headers,
          rows: sheet.rows,
          mapping: claimed.mapping,
          policy: claimed.duplicatePolicy,
          targets,
          consentSource: `import:${claimed.fileName}`.slice(0, 100),
          onProgress: async (processed) => {
            live.set(id, {
              tenantId: job.tenantId,
              row: claimedSummary,
              processed,
              total: sheet.rows.length,
            });
            // Other requests cannot see progress written inside this transaction. On PostgreSQL a
            // second pooled connection commits it at once (other nodes read it from the table).
            // PGlite is one session: a second transaction would deadlock, and every other request
            // waits for this one anyway, so there the live map and the event are the only sources.
            if (deps.database.engine === 'pg') {
              await inTx(ctx, (ptx) =>
                ptx.update(imports).set({ processedRows: processed }).where(eq(imports.id, id)),
              );
            }
            publish(job.tenantId, 'import.progress', { importId: id, processed, total: sheet.rows.length });
          },
        });
        await recordAudit(
          tx,
          auditFromCtx(
            ctx,
            'import.completed',
            { kind: 'import', id },
            { entity: claimed.entity, fileName: claimed.fileName, counts: result.counts },
          ),
        );
        const done = deps.clock.now();
        await tx
          .update(imports)
          .set({
            status: 'completed',
            counts: result.counts,
            rejected: stored(result.rejected),
            processedRows: sheet.rows.length,
            finishedAt: done,
            updatedAt: done,
          })
          .where(eq(imports.id, id));
        return result.counts;
      });
      publish(job.tenantId, 'import.completed', { importId: id, entity: claimed.entity, counts });
    } catch (err) {
      deps.onError?.(err, 'import failed');
      const done = deps.clock.now();
      const message =
        err instanceof AppError && err.status < 500
          ? (err.userMessage ?? err.message)
          : 'The import stopped on an unexpected error. Nothing was imported; you can try again.';
      await inTx(ctx, async (tx) => {
        await tx
          .update(imports)
          .set({ status: 'failed', error: message, processedRows: 0, finishedAt: done, updatedAt: done })
          .where(eq(imports.id, id));
        await recordAudit(
          tx,
          auditFromCtx(
            ctx,
            'import.failed',
            { kind: 'import', id },
            { entity: claimed.entity, error: message },
          ),
        );
      });
      publish(job.tenantId, 'import.failed', { importId: id, error: message });
    } finally {
      live.delete(id);
    }
  };

  const startInProcess = (job: ImportJob) => {
    const p = new Promise<void>((resolve) => {
      // After the response: the commit request returns 202 at once.
      setImmediate(() => {
        runImport(job)
          .catch((err) => deps.onError?.(err, 'import run crashed'))
          .finally(resolve);
      });
    });
    running.add(p);
    void p.finally(() => running.delete(p));
  };

  return {
    runImport,

    /** Resolves when every import started in this process has finished (shutdown, tests). */
    drain: async () => {
      while (running.size > 0) await Promise.allSettled([...running]);
    },

    /** Reads the file, stores it, and suggests a column mapping. Nothing else is written. */
    upload: async (
      ctx: TenantCtx,
      input: { entity: TImportEntity; fileName: string; file: Buffer },
    ): Promise<TImportUploaded> => {
      const sheet = await parseSpreadsheet(input.file, input.fileName);
      return inTx(ctx, async (tx) => {
        const targets = await targetsOf(tx, input.entity);
        const mapping = suggestMapping(sheet.headers, targets);
        const now = deps.clock.now();
        const [row] = await tx
          .insert(imports)
          .values({
            tenantId: ctx.tenantId,
            entity: input.entity,
            fileName: input.fileName.slice(0, 200),
            format: sheet.format,
            file: input.file,
            status: 'uploaded',
            headers: sheet.headers,
            mapping,
            totalRows: sheet.rows.length,
            createdBy: ctx.actor.kind === 'portal' ? null : actorId(ctx.actor),
            createdAt: now,
            updatedAt: now,
          })
          .returning({ id: imports.id });
        if (!row) throw new Error('import insert returned nothing');
        return {
          id: row.id,
          entity: input.entity,
          fileName: input.fileName,
          format: sheet.format,
          headers: sheet.headers,
          sampleRows: sheet.rows.slice(0, 5).map((r) => r.cells),
          suggestedMapping: mapping,
          totalRows: sheet.rows.length,
          targets: targets.map(({ key, labelHe, labelEn, multiple, required }) => ({
            key,
            labelHe,
            labelEn,
            multiple,
            required,
          })),
        };
      });
    },

    /**
     * Dry run: every row goes through the same writes as a commit, in a transaction that is then
     * rolled back. Stores the mapping and policy for the commit.
     */
    preview: async (
      ctx: TenantCtx,
      id: string,
      input: { mapping: TImportMapping; duplicatePolicy: TDuplicatePolicy },
    ): Promise<TImportPreview> => {
      let result: Awaited<ReturnType<typeof processRows>>;
      let fileName = '';
      try {
        await inTx(ctx, async (tx) => {
          const row = await getRow(tx, id);
          if (!['uploaded', 'previewed', 'failed'].includes(row.status))
            throw stateConflict(row.status, 'previewed');
          fileName = row.fileName;
          const targets = await targetsOf(tx, row.entity);
          validMapping(input.mapping, row.headers, targets, input.duplicatePolicy);
          checkPolicy(row.entity, input.duplicatePolicy);
          const sheet = await parseSpreadsheet(asBuffer(row.file), row.fileName);
          const r = await processRows(tx, ctx, adapterFor(row.entity, deps.crm), {
            importId: id,
            headers: sheet.headers,
            rows: sheet.rows,
            mapping: input.mapping,
            policy: input.duplicatePolicy,
            targets,
            consentSource: `import:${row.fileName}`.slice(0, 100),
          });
          throw new DryRunRollback(r);
        });
        throw new Error('dry run did not roll back');
      } catch (e) {
        if (!(e instanceof DryRunRollback)) throw e;
        result = e.result;
      }
      await inTx(ctx, async (tx) => {
        const now = deps.clock.now();
        const [saved] = await tx
          .update(imports)
          .set({
            status: 'previewed',
            mapping: input.mapping,
            duplicatePolicy: input.duplicatePolicy,
            counts: result.counts,
            rejected: stored(result.rejected),
            updatedAt: now,
          })
          .where(and(eq(imports.id, id), inArray(imports.status, ['uploaded', 'previewed', 'failed'])))
          .returning({ id: imports.id });
        if (!saved) throw stateConflict('already committed', `previewed (${fileName})`);
      });
      return { counts: result.counts, rows: result.sample, rejected: result.rejected.slice(0, 200) };
    },

    /** Queues the import (202): a job with pg-boss, else a run in this process after the response. */
    commit: async (
      ctx: TenantCtx,
      id: string,
      input: { mapping?: TImportMapping | undefined; duplicatePolicy?: TDuplicatePolicy | undefined },
    ): Promise<TImport> => {
      const queued = await inTx(ctx, async (tx) => {
        const row = await getRow(tx, id);
        if (!['uploaded', 'previewed', 'failed'].includes(row.status))
          throw stateConflict(row.status, 'committed');
        const mapping = input.mapping ?? row.mapping;
        const policy = input.duplicatePolicy ?? row.duplicatePolicy;
        validMapping(mapping, row.headers, await targetsOf(tx, row.entity), policy);
        checkPolicy(row.entity, policy);
        const [q] = await tx
          .update(imports)
          .set({
            status: 'queued',
            mapping,
            duplicatePolicy: policy,
            error: null,
            updatedAt: deps.clock.now(),
          })
          .where(and(eq(imports.id, id), inArray(imports.status, ['uploaded', 'previewed', 'failed'])))
          .returning(summary);
        if (!q) throw stateConflict('already committed', 'committed again');
        return q;
      });
      const job: ImportJob = {
        tenantId: ctx.tenantId,
        importId: id,
        actor: jobActor(ctx),
        requestId: ctx.requestId,
      };
      if (!deps.jobs) startInProcess(job);
      else {
        try {
          await deps.jobs.send(IMPORT_JOB, job, { singletonKey: id });
        } catch (err) {
          // Not queued after all: leave it committable again rather than stuck in `queued`.
          await inTx(ctx, (tx) =>
            tx
              .update(imports)
              .set({ status: 'failed', error: 'The import could not be queued; try again.' })
              .where(and(eq(imports.id, id), eq(imports.status, 'queued'))),
          );
          throw err;
        }
      }
      return toImport(queued, undefined);
    },

    get: (ctx: TenantCtx, id: string) => {
      const current = live.get(id);
      if (current && current.tenantId === ctx.tenantId)
        return Promise.resolve(toImport(current.row, current));
      return inTx(ctx, async (tx) => {
        const [row] = await tx.select(summary).from(imports).where(eq(imports.id, id)).limit(1);
        if (!row) throw notFound();
        return toImport(row, live.get(id));
      });
    },

    list: (ctx: TenantCtx, q: { limit: number; cursor?: string | undefined }) =>
      inTx(ctx, async (tx) => {
        // UUIDv7 ids sort by creation time: the id is the cursor.
        const rows = await tx
          .select(summary)
          .from(imports)
          .where(q.cursor ? lt(imports.id, q.cursor) : undefined)
          .orderBy(desc(imports.id))
          .limit(q.limit + 1);
        const page = rows.slice(0, q.limit);
        return {
          items: page.map((r) => toImport(r, live.get(r.id))),
          nextCursor: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null,
        };
      }),

    /** The rejected rows (from the dry run, or from the commit once it ran) as CSV with a reasons column. */
    rejectedCsv: (ctx: TenantCtx, id: string, lang: 'he' | 'en') =>
      inTx(ctx, async (tx) => {
        const [row] = await tx
          .select({ fileName: imports.fileName, headers: imports.headers, rejected: imports.rejected })
          .from(imports)
          .where(eq(imports.id, id))
          .limit(1);
        if (!row) throw notFound();
        const he = lang === 'he';
        const lines = [csvLine([he ? 'שורה' : 'row', ...row.headers, he ? 'סיבות' : 'reasons'])];
        for (const r of row.rejected ?? []) {
          lines.push(csvLine([r.row, ...row.headers.map((h) => r.values[h] ?? ''), r.errors.join('; ')]));
        }
        const base = row.fileName.replace(/\.[^.]+$/, '') || 'import';
        return {
          fileName: `${base}-rejected.csv`,
          asciiName: `import-${id.slice(-12)}-rejected.csv`,
          body: UTF8_BOM + lines.join(''),
        };
      }),
  };
};

export type Imports = ReturnType<typeof createImports>;
