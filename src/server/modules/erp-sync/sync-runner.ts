import { and, eq, lt, sql } from 'drizzle-orm';
import { rowsOf, type TenantScope, type Tx } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import type { ValidDatasetRecord } from '../datasets/index.js';
import type { ConnectorsService } from './connectors.service.js';
import { storedConfig } from './connectors.service.js';
import type { ErpSyncDeps } from './erp-sync.deps.js';
import { type ConnectorRow, connectorRuns, connectors } from './erp-sync.table.js';
import { applyMapping } from './field-mapping.js';
import { ConnectorFetchError } from './http-fetch.js';
import { readSource, supportsIncremental } from './source-reader.js';

export const CONNECTOR_RUN_JOB = 'erp-sync.run';
export const CONNECTOR_SWEEP_JOB = 'erp-sync.sweep';

/** What the run job carries. The run row exists already (status running). */
export type ConnectorRunJob = { tenantId: string; connectorId: string; runId: string };

type Mode = 'full' | 'incremental';
type LogLine = { at: string; level: 'info' | 'warn' | 'error'; message: string };

const MAX_REJECTS = 20;
const MAX_LOG = 50;
// Priority drops requests past 3 minutes; even 100 pages at the call budget end well within this.
const STALE_RUN_MS = 2 * 3_600_000;

export const createSyncRunner = (deps: ErpSyncDeps, service: ConnectorsService) => {
  // Runs are connector work, not a person's: the staff role with the tenant, no user.
  const scope = (tenantId: string): TenantScope => ({ role: 'staff', tenantId });
  const inTx = <T>(tenantId: string, fn: (tx: Tx) => Promise<T>) =>
    deps.database.tenantTx(scope(tenantId), fn);
  const running = new Set<Promise<void>>();

  /**
   * Creates the run row, refusing while another run of the connector is in progress. The
   * connector row is locked for the check, so two starters cannot both pass it.
   */
  const openRun = async (
    tx: Tx,
    tenantId: string,
    connectorId: string,
    mode: Mode,
    trigger: 'schedule' | 'manual',
  ) => {
    const [row] = await tx
      .select()
      .from(connectors)
      .where(eq(connectors.id, connectorId))
      .for('update')
      .limit(1);
    if (!row) throw new AppError('NOT_FOUND', { userMessage: 'Connector not found.' });
    const now = deps.clock.now();
    // A run whose process died (deploy, crash) stays "running" in the table; past the longest
    // plausible run it is marked failed, so one lost process cannot block its connector forever.
    await tx
      .update(connectorRuns)
      .set({
        status: 'failed',
        error: 'The run stopped without finishing (the process ended)',
        finishedAt: now,
      })
      .where(
        and(
          eq(connectorRuns.connectorId, connectorId),
          eq(connectorRuns.status, 'running'),
          lt(connectorRuns.startedAt, new Date(now.getTime() - STALE_RUN_MS)),
        ),
      );
    const [busy] = await tx
      .select({ id: connectorRuns.id })
      .from(connectorRuns)
      .where(and(eq(connectorRuns.connectorId, connectorId), eq(connectorRuns.status, 'running')))
      .limit(1);
    if (busy) {
      throw new AppError('CONNECTOR_RUN_IN_PROGRESS', {
        userMessage: 'A sync of this connector is already running.',
      });
    }
    // Without a watermark there is nothing to be incremental from: the first run is full.
    const effective: Mode =
      mode === 'incremental' && (!row.sinceWatermark || !supportsIncremental(row.kind)) ? 'full' : mode;
    const [run] = await tx
      .insert(connectorRuns)
      .values({ tenantId, connectorId, mode: effective, trigger, startedAt: now })
      .returning({ id: connectorRuns.id });
    await tx
      .update(connectors)
      .set({ lastRunAt: now, nextRunAt: new Date(now.getTime() + row.intervalMinutes * 60_000) })
      .where(eq(connectors.id, connectorId));
    return (run as { id: string }).id;
  };

  /** Executes an opened run to the end: succeeded with the new data, or failed with the old data intact. */
  const execute = async (job: ConnectorRunJob): Promise<void> => {
    const { tenantId, connectorId, runId } = job;
    const t0 = deps.clock.now();
    const log: LogLine[] = [];
    const note = (level: LogLine['level'], message: string) => {
      if (log.length < MAX_LOG) log.push({ at: deps.clock.now().toISOString(), level, message });
    };
    const loaded = await inTx(tenantId, async (tx) => {
      const [run] = await tx.select().from(connectorRuns).where(eq(connectorRuns.id, runId)).limit(1);
      const [row] = await tx.select().from(connectors).where(eq(connectors.id, connectorId)).limit(1);
      if (run?.status !== 'running' || !row) return null;
      return {
        run,
        row: row as ConnectorRow,
        dataset: await deps.datasets.getDatasetOrThrow(tx, row.datasetId),
      };
    });
    if (!loaded) return;
    const { run, row, dataset } = loaded;
    const cfg = storedConfig(row);
    const mode = run.mode;
    const counts = { pages: 0, fetched: 0, inserted: 0, updated: 0, deleted: 0, rejected: 0 };
    const rejects: Array<{ index: number; key?: string; errors: string[] }> = [];
    note('info', `${mode} sync started`);
    try {
      const pages = readSource(row.kind, cfg.source, service.credentialsOf(row), {
        budget: service.budgetFor(connectorId),
        since: mode === 'incremental' ? (row.sinceWatermark ?? undefined) : undefined,
      });
      for await (const page of pages) {
        const good: ValidDatasetRecord[] = [];
        page.forEach((source, i) => {
          const check = deps.datasets.validateDatasetRecord(dataset, applyMapping(cfg.mapping, source));
          if (check.ok) good.push(check.record);
          else {
            counts.rejected++;
            if (rejects.length < MAX_REJECTS)
              rejects.push({ index: counts.fetched + i, errors: check.errors });
          }
        });
        counts.fetched += page.length;
        counts.pages++;
        // One short transaction per page, so other requests (and on PGlite, everyone) get in between.
        await inTx(tenantId, async (tx) => {
          if (mode === 'full') {
            if (good.length) await deps.datasets.stageDatasetRecords(tx, { runId, dataset, records: good });
          } else if (good.length) {
            const w = await deps.datasets.upsertDatasetRecords(tx, dataset, good);
            counts.inserted += w.inserted ?? 0;
            counts.updated += w.updated ?? 0;
          }
          await tx
            .update(connectorRuns)
            .set({
              pages: counts.pages,
              fetched: counts.fetched,
              rejected: counts.rejected,
              inserted: counts.inserted,
              updated: counts.updated,
              rejects,
            })
            .where(eq(connectorRuns.id, runId));
        });
      }
      const end = deps.clock.now();
      await inTx(tenantId, async (tx) => {
        if (mode === 'full') {
          // Every page arrived and parsed: now, and only now, the new data replaces the old at once.
          const w = await deps.datasets.swapInStagedRecords(tx, { runId, dataset });
          counts.inserted = w.inserted ?? 0;
          counts.updated = w.updated ?? 0;
          counts.deleted = w.deleted ?? 0;
        }
        await deps.datasets.markDatasetGood(tx, dataset.id, end);
        note('info', `done: ${counts.fetched} fetched in ${counts.pages} pages, ${counts.rejected} rejected`);
        await tx
          .update(connectorRuns)
          .set({
            ...counts,
            rejects,
            log,
            status: 'succeeded',
            finishedAt: end,
            durationMs: end.getTime() - t0.getTime(),
          })
          .where(eq(connectorRuns.id, runId));
        // The watermark is the run's start: changes made while it ran are picked up next time.
        await tx
          .update(connectors)
          .set({ lastSuccessAt: end, lastError: null, sinceWatermark: run.startedAt })
          .where(eq(connectors.id, connectorId));
      });
    } catch (e) {
      const message =
        e instanceof ConnectorFetchError
          ? e.message
          : e instanceof AppError
            ? (e.userMessage ?? e.code)
            : 'Internal error during the sync';
      if (!(e instanceof ConnectorFetchError)) deps.onError?.(e, 'connector run failed');
      note('error', message);
      const end = deps.clock.now();
      await inTx(tenantId, async (tx) => {
        // The staged pages go; dataset_records still hold the last good data.
        await deps.datasets.discardStagedRecords(tx, runId);
        await tx
          .update(connectorRuns)
          .set({
            ...counts,
            rejects,
            log,
            status: 'failed',
            error: message,
            finishedAt: end,
            durationMs: end.getTime() - t0.getTime(),
          })
          .where(eq(connectorRuns.id, runId));
        await tx.update(connectors).set({ lastError: message }).where(eq(connectors.id, connectorId));
      });
    }
  };

  /** Hands an opened run to pg-boss, or runs it in this process (tests, JOBS=off). */
  const dispatch = async (job: ConnectorRunJob) => {
    if (deps.jobs) {
      await deps.jobs.send(CONNECTOR_RUN_JOB, job, { singletonKey: `connector:${job.connectorId}` });
      return;
    }
    const p = execute(job)
      .catch((err) => deps.onError?.(err, 'connector run crashed'))
      .finally(() => running.delete(p));
    running.add(p);
  };

  return {
    execute,
    /** A manual run: 202 with the run id; the work happens in the background. */
    async start(
      tenantId: string,
      connectorId: string,
      mode: Mode,
    ): Promise<{ runId: string; status: 'running' }> {
      const runId = await inTx(tenantId, (tx) => openRun(tx, tenantId, connectorId, mode, 'manual'));
      await dispatch({ tenantId, connectorId, runId });
      return { runId, status: 'running' };
    },

    /**
     * The minutely sweep: claims due connectors of every tenant and opens a scheduled run for each.
     * The claim moves next_run_at forward under FOR UPDATE SKIP LOCKED, so racing sweeps (other
     * processes) never claim the same connector twice.
     */
    async sweep(): Promise<number> {
      const now = deps.clock.now();
      // systemTx: the sweep spans tenants (it finds due connectors before any tenant is known);
      // it only moves next_run_at, and each run then happens in its tenant's transaction.
      const due = await deps.database.systemTx(async (tx) => {
        const res = await tx.execute(sql`
          with due as (
            select tenant_id, id from connectors
             where enabled and (next_run_at is null or next_run_at <= ${now.toISOString()}::timestamptz)
             order by next_run_at nulls first
             limit 50
             for update skip locked
          )
          update connectors c
             set next_run_at = ${now.toISOString()}::timestamptz + make_interval(mins => c.interval_minutes)
            from due
           where c.tenant_id = due.tenant_id and c.id = due.id
          returning c.tenant_id, c.id, c.config`);
        return rowsOf<{ tenant_id: string; id: string; config: { source?: unknown } }>(res);
      });
      let opened = 0;
      for (const d of due) {
        try {
          const mode = (d.config.source as { scheduleMode?: Mode } | undefined)?.scheduleMode ?? 'full';
          const runId = await inTx(d.tenant_id, (tx) => openRun(tx, d.tenant_id, d.id, mode, 'schedule'));
          await dispatch({ tenantId: d.tenant_id, connectorId: d.id, runId });
          opened++;
        } catch (e) {
          // Still running from last time: skip this slot, the next sweep tries again.
          if (!(e instanceof AppError && e.code === 'CONNECTOR_RUN_IN_PROGRESS'))
            deps.onError?.(e, 'sweep could not start a run');
        }
      }
      return opened;
    },

    /** Waits for in-process runs (before the database closes, and in tests). */
    drain: async () => {
      while (running.size) await Promise.allSettled([...running]);
    },
  };
};

export type SyncRunner = ReturnType<typeof createSyncRunner>;
