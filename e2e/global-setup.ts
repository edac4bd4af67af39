import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/server/platform/db/database.js';
import { REPO_ROOT } from './lib/server.js';

declare module 'vitest' {
  interface ProvidedContext {
    /** A migrated, empty DATA_DIR that specs copy so their server skips the first-boot migration. */
    e2eTemplateDir: string;
  }
}

/**
 * CI builds the web app first (`npm run build`); a developer who has not gets one build here. Then
 * one migrated data dir per run, as main.ts would leave it after its first boot.
 */
export default async function setup(project: TestProject) {
  if (!existsSync(path.join(REPO_ROOT, 'dist/web/index.html'))) {
    console.log('e2e: dist/web is missing, running `npx vite build` once');
    execFileSync('npx', ['vite', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
  }

  const templateDir = mkdtempSync(path.join(tmpdir(), 'kesher-e2e-template-'));
  const database = await openDatabase({ engine: 'pglite', dataDir: path.join(templateDir, 'pglite') });
  await database.migrate();
  await database.close();
  project.provide('e2eTemplateDir', templateDir);

  return () => rmSync(templateDir, { recursive: true, force: true });
}
