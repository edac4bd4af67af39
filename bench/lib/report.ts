import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Engine } from '../../src/server/platform/db/database.js';
import type { LoadResult } from './load.js';
import type { SqlCount } from './sql-probe.js';

export const RESULTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../results');

export type MachineFacts = {
  node: string;
  platform: string;
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  loadAverage: number[];
  engine: Engine;
  postgres: string;
};

export const machineFacts = (engine: Engine, postgres: string): MachineFacts => {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
    engine,
    postgres,
  };
};

export type RunSettings = { connections: number; durationSec: number; warmupSec: number; poolSize: number };

export const printMachine = (m: MachineFacts, s: RunSettings) => {
  const lines = [
    ['node', `${m.node} (${m.platform})`],
    ['cpus', `${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, load ${m.loadAverage.join(' ')}`],
    ['engine', m.engine],
    ['database', m.postgres],
    [
      'load',
      `${s.connections} connections, ${s.warmupSec}s warm-up + ${s.durationSec}s per target, ${m.engine === 'pg' ? `pool ${s.poolSize}` : 'one PGlite session'}`,
    ],
    [
      'note',
      `client (worker thread), servers and ${m.engine === 'pg' ? 'PostgreSQL' : 'PGlite'} share these CPUs`,
    ],
  ];
  for (const [k, v] of lines) console.log(`${k?.padEnd(9)} ${v}`);
  console.log('');
};

export type Row = {
  benchmark: string;
  engine: Engine;
  target: string;
  result: LoadResult;
  sql: SqlCount | undefined;
  /** req/s of this target ÷ req/s of `bare`; undefined for bare itself. */
  ratio: number | undefined;
};

const ms = (x: number) => x.toFixed(2);
const int = (x: number) => Math.round(x).toLocaleString('en-US');

export const printTable = (rows: Row[]) => {
  const header = [
    'benchmark',
    'engine',
    'target',
    'req/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'errors',
    'non-2xx',
    'sql/req',
    'kesher/bare',
  ];
  const body = rows.map((r) => [
    r.benchmark,
    r.engine,
    r.target,
    int(r.result.requestsPerSec),
    ms(r.result.latency.p50Ms),
    ms(r.result.latency.p95Ms),
    ms(r.result.latency.p99Ms),
    int(r.result.errors),
    int(r.result.non2xx),
    r.sql ? `${r.sql.statements} (${r.sql.transactions} tx)` : 'n/a',
    r.ratio === undefined ? '—' : `${r.ratio.toFixed(2)}×`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]?.length ?? 0)));
  // Text columns left, figures right.
  const cell = (v: string, i: number) => (i < 3 ? v.padEnd(widths[i] ?? 0) : v.padStart(widths[i] ?? 0));
  const line = (cells: string[]) => cells.map(cell).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const row of body) console.log(line(row));
  for (const r of rows) {
    if (r.result.firstFailure) console.log(`  ${r.target}: first failure: ${r.result.firstFailure}`);
    if (r.result.stoppedBy !== 'duration')
      console.log(`  ${r.target}: stopped early (${r.result.stoppedBy})`);
  }
};

/** Writes bench/results/<name>-<engine>-<timestamp>.json (gitignored) and returns its path. */
export const writeResults = (name: string, engine: Engine, payload: unknown): string => {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = new Date()
    .toISOString()
    .replaceAll(':', '-')
    .replace(/\.\d+Z$/, 'Z');
  const file = path.join(RESULTS_DIR, `${name}-${engine}-${stamp}.json`);
  writeFileSync(file, `${JSON.stringify(payload, null, 2)}\n`);
  return file;
};
