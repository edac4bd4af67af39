import { Worker } from 'node:worker_threads';
import { type LatencySummary, summarize } from './histogram.js';
import type { WorkerInput, WorkerOutput } from './load-worker.js';

export type LoadOptions = {
  /** Must be http://127.0.0.1:<port>/…: this tool only ever loads the local machine. */
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  /** A request mix on the same host: request i uses requests[i % length] (path, extra headers). */
  requests?: Array<{ path: string; headers?: Record<string, string> }>;
  connections: number;
  durationSec: number;
  warmupSec?: number;
  /** Stops early after this many requests (warm-up included). */
  maxRequests?: number;
  /** Stops early after this many failed requests (network errors, timeouts). */
  maxErrors?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
};

export type LoadResult = {
  requests: number;
  requestsPerSec: number;
  latency: LatencySummary;
  errors: number;
  errorKinds: Record<string, number>;
  non2xx: number;
  statuses: Record<string, number>;
  bytesPerSec: number;
  measuredSec: number;
  warmupRequests: number;
  stoppedBy: WorkerOutput['stoppedBy'];
  firstFailure: string | undefined;
};

export const LIMITS = {
  connections: { min: 1, max: 1024 },
  durationSec: { min: 1, max: 600 },
  warmupSec: { min: 0, max: 60 },
  maxRequests: 50_000_000,
} as const;

const inRange = (name: string, v: number, r: { min: number; max: number }) => {
  if (!Number.isFinite(v) || v < r.min || v > r.max) {
    throw new Error(`${name} must be between ${r.min} and ${r.max}, got ${v}`);
  }
};

/** A `new Worker()` boot script that loads a .ts file through tsx's ESM loader. */
const tsWorkerBoot = (file: URL) => {
  const api = import.meta.resolve('tsx/esm/api');
  return `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(file.href)}); });`;
};

/**
 * Closed-loop HTTP load: `connections` keep-alive connections each send one request, wait for the
 * whole response, and send the next, for a warm-up and then `durationSec` measured seconds.
 */
export const runLoad = (opts: LoadOptions): Promise<LoadResult> => {
  const url = new URL(opts.url);
  if (url.protocol !== 'http:' || url.hostname !== '127.0.0.1') {
    throw new Error(`Refusing to load ${opts.url}: only http://127.0.0.1 targets are allowed`);
  }
  const warmupSec = opts.warmupSec ?? 2;
  inRange('connections', opts.connections, LIMITS.connections);
  inRange('duration', opts.durationSec, LIMITS.durationSec);
  inRange('warm-up', warmupSec, LIMITS.warmupSec);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  for (const r of opts.requests ?? []) {
    if (!r.path.startsWith('/')) throw new Error(`request path must start with /: ${r.path}`);
  }
  const input: WorkerInput = {
    url: url.href,
    method: opts.method ?? 'GET',
    headers: opts.headers ?? {},
    body: opts.body,
    requests: opts.requests?.length ? opts.requests : undefined,
    connections: opts.connections,
    warmupMs: warmupSec * 1000,
    durationMs: opts.durationSec * 1000,
    maxRequests: Math.min(opts.maxRequests ?? LIMITS.maxRequests, LIMITS.maxRequests),
    maxErrors: opts.maxErrors ?? 1000,
    timeoutMs,
  };

  return new Promise((resolve, reject) => {
    const worker = new Worker(tsWorkerBoot(new URL('./load-worker.ts', import.meta.url)), {
      eval: true,
      workerData: input,
    });
    // Hard stop: in-flight requests get one timeout after the window, then the worker is killed.
    const deadline = setTimeout(
      () => {
        void worker.terminate();
        reject(new Error('load run did not finish in time'));
      },
      input.warmupMs + input.durationMs + timeoutMs + 15_000,
    );
    const onAbort = () => worker.postMessage('stop');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => {
      clearTimeout(deadline);
      opts.signal?.removeEventListener('abort', onAbort);
    };
    worker.once('error', (err) => {
      done();
      reject(err);
    });
    worker.once('message', (r: WorkerOutput) => {
      done();
      void worker.terminate();
      const measuredSec = r.measuredMs / 1000;
      resolve({
        requests: r.count,
        requestsPerSec: measuredSec > 0 ? r.count / measuredSec : 0,
        latency: summarize(r.counts, r),
        errors: r.errors,
        errorKinds: r.errorKinds,
        non2xx: r.non2xx,
        statuses: r.statuses,
        bytesPerSec: measuredSec > 0 ? r.bytes / measuredSec : 0,
        measuredSec,
        warmupRequests: r.warmupRequests,
        stoppedBy: r.stoppedBy,
        firstFailure: r.firstFailure,
      });
    });
  });
};
