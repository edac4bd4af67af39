#!/usr/bin/env node
// Adds lockfile entries for optional platform packages that the registry we install from does not
// carry (e.g. @biomejs/cli-darwin-x64). npm 11 leaves them out of package-lock.json and then
// `npm ci` refuses that same lockfile ("Missing: @biomejs/cli-darwin-x64@ from lock file",
// npm/cli#9846). An entry with the exact version and its os/cpu lets `npm ci` accept the lock and
// skip the package on other platforms, as it does for any foreign binary.
//
// Run after `npm install` changes the lock: `node scripts/fix-lockfile.mjs` (idempotent).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const LOCK = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'package-lock.json');
const OSES = ['aix', 'android', 'darwin', 'freebsd', 'linux', 'netbsd', 'openbsd', 'sunos', 'win32'];
const CPUS = ['arm64', 'arm', 'ia32', 'loong64', 'mips64el', 'ppc64', 'riscv64', 's390x', 'x64'];
const EXACT = /^\d+\.\d+\.\d+(-[\w.]+)?$/;

// What npm resolves `name` to when required from the package at `from` (a lock key).
const resolves = (packages, from, name) => {
  let dir = from;
  for (;;) {
    if (packages[`${dir ? `${dir}/` : ''}node_modules/${name}`]) return true;
    if (!dir) return false;
    const cut = dir.lastIndexOf('node_modules/');
    dir = cut <= 0 ? '' : dir.slice(0, cut - 1);
  }
};

const platformOf = (name) => {
  const parts = name.split('/').at(-1).split('-');
  const os = OSES.find((o) => parts.includes(o));
  const cpu = CPUS.find((c) => parts.includes(c));
  const libc = parts.includes('musl') ? 'musl' : parts.includes('gnu') ? 'glibc' : undefined;
  return {
    ...(cpu ? { cpu: [cpu] } : {}),
    ...(os === 'linux' && libc ? { libc: [libc] } : {}),
    ...(os ? { os: [os] } : {}),
  };
};

const lock = JSON.parse(readFileSync(LOCK, 'utf8'));
const packages = lock.packages ?? {};
const added = [];
for (const [key, pkg] of Object.entries(packages)) {
  if (!key || !pkg.optionalDependencies) continue;
  for (const [name, spec] of Object.entries(pkg.optionalDependencies)) {
    if (resolves(packages, key, name)) continue;
    if (!EXACT.test(spec)) {
      console.warn(
        `fix-lockfile: ${name}@${spec} (optional, of ${key}) is missing and not an exact version; left alone`,
      );
      continue;
    }
    const at = packages[`node_modules/${name}`] ? `${key}/node_modules/${name}` : `node_modules/${name}`;
    const { cpu, libc, os } = platformOf(name);
    // Key order as npm writes it, so the next `npm install` leaves the entry alone.
    packages[at] = {
      version: spec,
      ...(cpu ? { cpu } : {}),
      ...(pkg.dev ? { dev: true } : {}),
      ...(libc ? { libc } : {}),
      optional: true,
      ...(os ? { os } : {}),
    };
    added.push(`${name}@${spec}`);
  }
}
if (added.length === 0) {
  console.log('fix-lockfile: nothing to add');
} else {
  // npm keeps entries sorted by path; do the same so the next `npm install` does not reshuffle them.
  const [root, ...rest] = Object.keys(packages).sort((a, b) =>
    a === '' ? -1 : b === '' ? 1 : a.localeCompare(b, 'en'),
  );
  lock.packages = Object.fromEntries([root, ...rest].map((k) => [k, packages[k]]));
  writeFileSync(LOCK, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(`fix-lockfile: added ${added.length} placeholder(s): ${added.join(', ')}`);
}
