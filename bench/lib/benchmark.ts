import type { ParseArgsConfig } from 'node:util';
import type { Engine } from '../../src/server/platform/db/database.js';
import type { BenchDatabase } from './database.js';
import type { LoadOptions } from './load.js';
import type { KesherServer } from './server.js';

/** What run.ts hands a benchmark: a migrated database and Kesher already listening on it. */
export type BenchEnv = {
  engine: Engine;
  db: BenchDatabase;
  kesher: KesherServer;
  /** Kesher's pool size; a bare baseline on pg opens its own pool of the same size. */
  poolSize: number;
  /** The benchmark's own command-line options (Benchmark.options), as parsed. */
  options: Record<string, string | boolean | undefined>;
};

/** One thing to load. The baseline is named `bare`; every other target gets a ratio against it. */
export type Target = {
  name: string;
  url: string;
  method?: LoadOptions['method'];
  headers?: Record<string, string>;
  body?: string;
  /**
   * A request mix: each request takes the next of these (path + query, extra headers) in turn,
   * on the host of `url`. `url` is still what the first check fetches.
   */
  requests?: LoadOptions['requests'];
  /** Extra figures that explain the main ones; run only with --diag. */
  diagnostic?: boolean;
};

export type Prepared = {
  /** Loaded one after another, in this order, with the same connections and duration. */
  targets: Target[];
  /** Printed under the table and saved in the JSON (how the baseline works, what was seeded). */
  notes: string[];
  close(): Promise<void>;
};

export type Benchmark = {
  name: string;
  description: string;
  /** Extra command-line options of this benchmark, e.g. `{ regen: { type: 'boolean' } }`. */
  options?: NonNullable<ParseArgsConfig['options']>;
  /** Seeds data, starts any baseline server, and checks both sides answer alike. */
  prepare(env: BenchEnv): Promise<Prepared>;
};

/** The default export of `bench/benchmarks/<name>.bench.ts`. */
export const defineBenchmark = (b: Benchmark): Benchmark => b;
