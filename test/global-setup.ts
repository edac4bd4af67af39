import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/server/platform/db/database.js';

const DIR = path.resolve('.data-test');

/**
 * Builds one migrated database per run: a PGlite data-dir dump (engine pglite, the default) or a
 * PostgreSQL template database (engine pg, `npm run test:pg`). Each test file then gets its own copy.
 */
export default async function setup(project: TestProject) {
  const engine = process.env.KESHER_TEST_ENGINE === 'pg' ? 'pg' : 'pglite';
  mkdirSync(DIR, { recursive: true });
  if (engine === 'pglite') {
    const db = await openDatabase({ engine: 'pglite' });
    await db.migrate();
    const dump = await db.pglite?.dumpDataDir('gzip');
    if (!dump) throw new Error('PGlite dump failed');
    const file = path.join(DIR, `template-${process.pid}.tar.gz`);
    writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
    await db.close();
    project.provide('kesherTemplate', { engine, file });
    return;
  }
  const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const template = `kesher_test_tpl_${Date.now().toString(36)}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${template}`);
  const url = withDatabase(adminUrl, template);
  const db = await openDatabase({ engine: 'pg', url, poolSize: 2 });
  await db.migrate();
  await db.close();
  project.provide('kesherTemplate', { engine, adminUrl, template });
  return async () => {
    // Drop the template and every per-file copy made from it.
    const res = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname like $1`,
      [`${template.replace('_tpl_', '_f_')}%`],
    );
    for (const { datname } of res.rows) await admin.query(`drop database if exists ${datname} with (force)`);
    await admin.query(`drop database if exists ${template} with (force)`);
    await admin.end();
  };
}

export const withDatabase = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

declare module 'vitest' {
  export interface ProvidedContext {
    kesherTemplate: { engine: 'pglite'; file: string } | { engine: 'pg'; adminUrl: string; template: string };
  }
}
