import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, openDatabase } from '../src/server/platform/db/database.js';
import { uuidv7 } from '../src/server/platform/ids.js';
import { withDatabase } from './global-setup.js';

/** A fresh, migrated database for one test file: a PGlite clone or a PostgreSQL template copy. */
export const openTestDatabase = async (): Promise<Database & { url?: string }> => {
  const tpl = inject('kesherTemplate');
  if (tpl.engine === 'pglite') {
    const blob = new Blob([readFileSync(tpl.file)]);
    return openDatabase({ engine: 'pglite', loadDataDir: blob });
  }
  const name = `${tpl.template.replace('_tpl_', '_f_')}_${uuidv7().slice(-12)}`;
  const admin = new pg.Client({ connectionString: tpl.adminUrl });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`create database ${name} template ${tpl.template}`);
        break;
      } catch (err) {
        // Two copies of one template at the same instant can collide; try again shortly.
        if (attempt >= 5) throw err;
        await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
      }
    }
  } finally {
    await admin.end();
  }
  const url = withDatabase(tpl.adminUrl, name);
  const db = await openDatabase({ engine: 'pg', url, poolSize: 5 });
  return Object.assign(db, { url });
};
