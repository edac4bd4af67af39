import { randomBytes } from 'node:crypto';
import { type App, buildApp } from '../src/server/app.js';
import type { Clock } from '../src/server/platform/clock.js';
import type { AppConfig } from '../src/server/platform/config/load-config.js';
import type { Database } from '../src/server/platform/db/database.js';
import { openTestDatabase } from './test-db.js';

export type TestApp = { app: App; database: Database; config: AppConfig; close: () => Promise<void> };

export const testConfig = (over: Partial<AppConfig> = {}): AppConfig => ({
  port: 3000,
  host: '127.0.0.1',
  databaseUrl: undefined,
  dataDir: '/nonexistent',
  publicUrl: 'http://localhost:3000',
  secureCookies: false,
  sessionSecret: randomBytes(32).toString('hex'),
  signup: 'open',
  smtpUrl: undefined,
  mailFrom: 'Kesher <no-reply@localhost>',
  logLevel: 'silent',
  sessionIdleMs: 12 * 3_600_000,
  sessionAbsoluteMs: 14 * 24 * 3_600_000,
  trustProxy: false,
  jobs: false,
  ...over,
});

/** The real app on its own database, driven through app.inject. */
export const buildTestApp = async (
  opts: { config?: Partial<AppConfig>; clock?: Clock; database?: Database; webDir?: string } = {},
) => {
  const database = opts.database ?? (await openTestDatabase());
  const config = testConfig(opts.config);
  const app = await buildApp({
    config,
    database,
    logger: false,
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.webDir ? { webDir: opts.webDir } : {}),
  });
  await app.ready();
  return {
    app,
    database,
    config,
    close: async () => {
      await app.close();
      await database.close();
    },
  } satisfies TestApp;
};
