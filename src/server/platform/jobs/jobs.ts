import PgBoss from 'pg-boss';
import type { Database } from '../db/database.js';

export type JobHandler<T> = (data: T) => Promise<void>;

/** Background jobs on pg-boss: each job runs once across every Kesher process on the database. */
export type Jobs = {
  send(name: string, data: object, opts?: { singletonKey?: string; startAfter?: number }): Promise<void>;
  work<T extends object>(name: string, handler: JobHandler<T>): Promise<void>;
  schedule(name: string, cron: string, data?: object): Promise<void>;
  stop(): Promise<void>;
};

export const startJobs = async (
  database: Database,
  opts: { databaseUrl: string | undefined; onError: (err: unknown) => void },
): Promise<Jobs> => {
  const boss =
    database.engine === 'pg' && opts.databaseUrl
      ? new PgBoss({ connectionString: opts.databaseUrl, max: 4 })
      : // PGlite: pg-boss talks through our adapter (parameterised → query, scripts → exec).
        new PgBoss({
          db: { executeSql: (text: string, values?: unknown[]) => database.executeSql(text, values) },
        });
  boss.on('error', opts.onError);
  await boss.start();
  const created = new Set<string>();
  const ensureQueue = async (name: string) => {
    if (created.has(name)) return;
    await boss.createQueue(name);
    created.add(name);
  };
  return {
    async send(name, data, o) {
      await ensureQueue(name);
      await boss.send(name, data, {
        retryLimit: 5,
        retryBackoff: true,
        ...(o?.singletonKey ? { singletonKey: o.singletonKey } : {}),
        ...(o?.startAfter ? { startAfter: o.startAfter } : {}),
      });
    },
    async work(name, handler) {
      await ensureQueue(name);
      await boss.work(name, { pollingIntervalSeconds: 2 }, async (jobs) => {
        for (const job of jobs) await handler(job.data as never);
      });
    },
    async schedule(name, cron, data = {}) {
      await ensureQueue(name);
      await boss.schedule(name, cron, data, { tz: 'UTC' });
    },
    stop: () => boss.stop({ graceful: true, wait: true, timeout: 10_000 }),
  };
};
