// npm run bench -- [name] [--engine pg|pglite] [--duration 10] [--connections 32] [--warmup 2]
//                   [--pool 10] [--diag] [--targets kesher] [--list]
// Benchmarks are files: bench/benchmarks/<name>.bench.ts, default-exporting defineBenchmark(…).
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Engine } from '../src/server/platform/db/database.js';
import type { Benchmark, Prepared } from './lib/benchmark.js';
import { type BenchDatabase, DEFAULT_ADMIN_URL, openBenchDatabase } from './lib/database.js';
import { LIMITS, runLoad } from './lib/load.js';
import { machineFacts, printMachine, printTable, type Row, writeResults } from './lib/report.js';
import { type KesherServer, startKesher } from './lib/server.js';
import { countStatements } from './lib/sql-probe.js';

const BENCHMARKS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'benchmarks');
const SUFFIX = '.bench.ts';

class UsageError extends Error {}

const benchmarkNames = () =>
  readdirSync(BENCHMARKS_DIR)
    .filter((f) => f.endsWith(SUFFIX))
    .map((f) => f.slice(0, -SUFFIX.length))
    .sort();

const loadBenchmark = async (name: string): Promise<Benchmark> => {
  const file = path.join(BENCHMARKS_DIR, `${name}${SUFFIX}`);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name) || !existsSync(file)) {
    throw new UsageError(`Unknown benchmark "${name}". Available: ${benchmarkNames().join(', ')}`);
  }
  const mod = (await import(file)) as { default?: Benchmark };
  if (!mod.default || mod.default.name !== name) {
    throw new Error(`${file} must default-export defineBenchmark({ name: '${name}', … })`);
  }
  return mod.default;
};

const USAGE = `usage: npm run bench -- [name] [--engine pg|pglite] [--duration s] [--connections n]
                     [--warmup s] [--pool n] [--diag] [--targets a,b] [--list]
  --diag              also run diagnostic targets (e.g. the same app without a database)
  --targets a,b       run only these targets (names as printed), e.g. to profile one side
  BENCH_DATABASE_URL  admin URL for --engine pg (default ${DEFAULT_ADMIN_URL})
  a benchmark may take options of its own, e.g. search: --contacts n --regen`;

const COMMON_OPTIONS = {
  engine: { type: 'string', default: 'pg' },
  duration: { type: 'string', default: '10' },
  connections: { type: 'string', default: '32' },
  warmup: { type: 'string', default: '2' },
  pool: { type: 'string', default: '10' },
  diag: { type: 'boolean', default: false },
  targets: { type: 'string' },
  list: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

// A benchmark may declare options of its own (search: --contacts, --regen): find its name with a
// lenient pass, then parse strictly with its options added.
const benchmarkOptions = async (): Promise<NonNullable<Benchmark['options']>> => {
  const { positionals } = parseArgs({ allowPositionals: true, strict: false, options: COMMON_OPTIONS });
  const name = positionals[0] ?? 'me';
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name) || !existsSync(path.join(BENCHMARKS_DIR, `${name}${SUFFIX}`)))
    return {};
  return (await loadBenchmark(name)).options ?? {};
};

const parseCli = (extra: NonNullable<Benchmark['options']>) => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { ...extra, ...COMMON_OPTIONS },
  });
  const num = (flag: string, raw: string, min: number, max: number) => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) {
      throw new UsageError(`--${flag} must be a number from ${min} to ${max}, got "${raw}"`);
    }
    return n;
  };
  if (values.engine !== 'pg' && values.engine !== 'pglite') {
    throw new UsageError(`--engine must be pg or pglite, got "${values.engine}"`);
  }
  if (positionals.length > 1) throw new UsageError(`one benchmark at a time, got ${positionals.join(' ')}`);
  return {
    name: positionals[0] ?? 'me',
    engine: values.engine as Engine,
    durationSec: num('duration', values.duration, LIMITS.durationSec.min, LIMITS.durationSec.max),
    connections: Math.round(
      num('connections', values.connections, LIMITS.connections.min, LIMITS.connections.max),
    ),
    warmupSec: num('warmup', values.warmup, LIMITS.warmupSec.min, LIMITS.warmupSec.max),
    poolSize: Math.round(num('pool', values.pool, 1, 200)),
    diag: values.diag,
    only: values.targets?.split(',').map((t) => t.trim()),
    list: values.list,
    help: values.help,
    options: Object.fromEntries(
      Object.keys(extra).map((k) => [k, (values as Record<string, unknown>)[k]]),
    ) as Record<string, string | boolean | undefined>,
  };
};

const main = async () => {
  const cli = parseCli(await benchmarkOptions());
  if (cli.help) return console.log(USAGE);
  if (cli.list) {
    for (const name of benchmarkNames())
      console.log(`${name.padEnd(12)} ${(await loadBenchmark(name)).description}`);
    return;
  }
  const bench = await loadBenchmark(cli.name);

  // Ctrl-C ends the current load run early and still cleans up (drops the database).
  const abort = new AbortController();
  process.on('SIGINT', () => {
    if (abort.signal.aborted) process.exit(130);
    console.error('\nstopping… (Ctrl-C again to quit without cleaning up)');
    abort.abort();
  });

  const adminUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL;
  let db: BenchDatabase | undefined;
  let kesher: KesherServer | undefined;
  let prepared: Prepared | undefined;
  try {
    db = await openBenchDatabase({ engine: cli.engine, adminUrl, poolSize: cli.poolSize });
    kesher = await startKesher(db.database);
    const facts = machineFacts(cli.engine, db.serverVersion);
    const settings = {
      connections: cli.connections,
      durationSec: cli.durationSec,
      warmupSec: cli.warmupSec,
      poolSize: cli.poolSize,
    };
    printMachine(facts, settings);

    prepared = await bench.prepare({
      engine: cli.engine,
      db,
      kesher,
      poolSize: cli.poolSize,
      options: cli.options,
    });
    const targets = prepared.targets.filter((t) =>
      cli.only ? cli.only.includes(t.name) : cli.diag || !t.diagnostic,
    );
    if (targets.length === 0) throw new UsageError(`no targets match: ${cli.only?.join(', ')}`);
    const rows: Row[] = [];
    for (const target of targets) {
      if (abort.signal.aborted) break;
      // One request on its own first: checks the target answers, and counts its SQL.
      const sql = await countStatements(cli.engine, async () => {
        const res = await fetch(target.url, {
          method: target.method ?? 'GET',
          ...(target.headers ? { headers: target.headers } : {}),
          ...(target.body !== undefined ? { body: target.body } : {}),
        });
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`${target.name}: ${target.url} answered ${res.status}`);
      });
      process.stdout.write(`  ${bench.name} · ${target.name} … `);
      const result = await runLoad({
        url: target.url,
        ...(target.method ? { method: target.method } : {}),
        ...(target.headers ? { headers: target.headers } : {}),
        ...(target.body !== undefined ? { body: target.body } : {}),
        ...(target.requests ? { requests: target.requests } : {}),
        connections: cli.connections,
        durationSec: cli.durationSec,
        warmupSec: cli.warmupSec,
        signal: abort.signal,
      });
      console.log(`${Math.round(result.requestsPerSec).toLocaleString('en-US')} req/s`);
      rows.push({
        benchmark: bench.name,
        engine: cli.engine,
        target: target.name,
        result,
        sql,
        ratio: undefined,
      });
    }
    const bare = rows.find((r) => r.target === 'bare');
    for (const r of rows) {
      if (bare && r !== bare && bare.result.requestsPerSec > 0) {
        r.ratio = r.result.requestsPerSec / bare.result.requestsPerSec;
      }
    }

    console.log('');
    printTable(rows);
    console.log('');
    for (const note of prepared.notes) console.log(`  · ${note}`);
    const file = writeResults(bench.name, cli.engine, {
      benchmark: bench.name,
      description: bench.description,
      at: new Date().toISOString(),
      machine: facts,
      settings,
      notes: prepared.notes,
      results: rows,
    });
    console.log(`\n  saved ${path.relative(process.cwd(), file)}`);
  } finally {
    await prepared?.close().catch((err) => console.error('benchmark cleanup failed:', err));
    await kesher?.close().catch((err) => console.error('server close failed:', err));
    await db?.close().catch((err) => console.error('database cleanup failed:', err));
  }
};

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof UsageError ? `${err.message}\n\n${USAGE}` : err);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);
