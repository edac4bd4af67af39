#!/usr/bin/env node
// `npm start` runs this first, so `npm ci && npm start` serves the web app on a fresh clone:
// it builds dist/web when it is missing or older than the web sources, and does nothing otherwise.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const builtIndex = path.join(root, 'dist/web/index.html');
const sources = ['src/web', 'src/shared', 'vite.config.ts'].map((p) => path.join(root, p));

const newestMtime = (p) => {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
};

if (!existsSync(path.join(root, 'src/web/index.html'))) process.exit(0);

const builtAt = existsSync(builtIndex) ? statSync(builtIndex).mtimeMs : 0;
const sourcesAt = Math.max(...sources.map(newestMtime));
if (builtAt >= sourcesAt) process.exit(0);

console.log(
  builtAt === 0
    ? 'kesher: building the web app (dist/web is missing)…'
    : 'kesher: rebuilding the web app (sources changed since the last build)…',
);
const vite = path.join(root, 'node_modules/vite/bin/vite.js');
if (!existsSync(vite)) {
  console.error('kesher: vite is not installed; run `npm ci` (with dev dependencies) to build the web app.');
  process.exit(1);
}
const res = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
});
if (res.status !== 0) {
  console.error(`kesher: web build failed (exit ${res.status ?? res.signal})`);
  process.exit(res.status || 1);
}
