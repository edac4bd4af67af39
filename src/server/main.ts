import path from 'node:path';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './platform/config/load-config.js';
import { openDatabase } from './platform/db/database.js';
import { startJobs } from './platform/jobs/jobs.js';

const main = async () => {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const database = await openDatabase(
    config.databaseUrl
      ? { engine: 'pg', url: config.databaseUrl }
      : { engine: 'pglite', dataDir: path.join(config.dataDir, 'pglite') },
  );
  await database.migrate();
  const jobs = config.jobs
    ? await startJobs(database, {
        databaseUrl: config.databaseUrl,
        onError: (err) => console.error('jobs:', err),
      })
    : undefined;
  const app = await buildApp({ config, database, ...(jobs ? { jobs } : {}) });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    // Stop taking requests, let in-flight ones finish, then stop jobs and the database.
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    try {
      await app.close();
      await jobs?.stop();
      await database.close();
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  app.log.info(
    { url: config.publicUrl, engine: database.engine, mail: app.kesher.mailer.mode },
    `Kesher is listening on ${config.publicUrl}`,
  );
};

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
