import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type App, buildApp } from '../../src/server/app.js';
import type { AppConfig } from '../../src/server/platform/config/load-config.js';
import type { Database } from '../../src/server/platform/db/database.js';

export type KesherServer = {
  app: App;
  config: AppConfig;
  /** http://127.0.0.1:<port> */
  url: string;
  close(): Promise<void>;
};

// Production-shaped settings (helmet, cookies, metrics, request ids all on), minus the parts that
// would measure something else: no request logging, no background jobs, no SMTP.
export const benchConfig = (over: Partial<AppConfig> = {}): AppConfig => ({
  port: 0,
  host: '127.0.0.1',
  databaseUrl: undefined,
  dataDir: '/nonexistent',
  publicUrl: 'http://127.0.0.1',
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

/** Kesher in this process, listening on 127.0.0.1 with an ephemeral port. */
export const startKesher = async (
  database: Database,
  over: Partial<AppConfig> = {},
): Promise<KesherServer> => {
  const config = benchConfig(over);
  const app = await buildApp({ config, database, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { app, config, url: `http://127.0.0.1:${port}`, close: () => app.close() };
};
