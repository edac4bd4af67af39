import type { TenantCtx } from '../../platform/http/actor.js';
import { createConnectorsService } from './connectors.service.js';
import type { ErpSyncDeps } from './erp-sync.deps.js';
import {
  CONNECTOR_RUN_JOB,
  CONNECTOR_SWEEP_JOB,
  type ConnectorRunJob,
  createSyncRunner,
} from './sync-runner.js';

/** The erp-sync module: connectors, their runs, and the schedule. */
export const createErpSync = (deps: ErpSyncDeps) => {
  const connectors = createConnectorsService(deps);
  const runner = createSyncRunner(deps, connectors);
  return {
    connectors,
    runner,
    startRun: async (ctx: TenantCtx, id: string, mode: 'full' | 'incremental') => {
      // The 404 for another tenant's id comes from the tenant transaction inside start().
      return runner.start(ctx.tenantId, id, mode);
    },
    /** Registers the run job and the minutely sweep with pg-boss (main.ts only). */
    registerJobs: async () => {
      if (!deps.jobs) return;
      await deps.jobs.work<ConnectorRunJob>(CONNECTOR_RUN_JOB, (job) => runner.execute(job));
      await deps.jobs.work(CONNECTOR_SWEEP_JOB, async () => {
        await runner.sweep();
      });
      await deps.jobs.schedule(CONNECTOR_SWEEP_JOB, '* * * * *');
    },
  };
};

export type ErpSync = ReturnType<typeof createErpSync>;
