// The client side of a load run. It runs in a worker thread (started by load.ts) so the load
// generator has its own event loop and never queues behind the in-process server it measures.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { bucketOf, HISTOGRAM_BUCKETS } from './histogram.js';

export type WorkerInput = {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  requests: Array<{ path: string; headers?: Record<string, string> }> | undefined;
  connections: number;
  warmupMs: number;
  durationMs: number;
  maxRequests: number;
  maxErrors: number;
  timeoutMs: number;
};

export type WorkerOutput = {
  counts: Uint32Array;
  count: number;
  minUs: number;
  maxUs: number;
  sumUs: number;
  measuredMs: number;
  warmupRequests: number;
  errors: number;
  errorKinds: Record<string, number>;
  statuses: Record<string, number>;
  non2xx: number;
  bytes: number;
  stoppedBy: 'duration' | 'max-requests' | 'max-errors' | 'aborted';
  firstFailure: string | undefined;
};

const input = workerData as WorkerInput;
const port = parentPort;
if (!port) throw new Error('load-worker must run in a worker thread');

const counts = new Uint32Array(HISTOGRAM_BUCKETS);
const out: Omit<WorkerOutput, 'counts' | 'measuredMs'> = {
  count: 0,
  minUs: Number.POSITIVE_INFINITY,
  maxUs: 0,
  sumUs: 0,
  warmupRequests: 0,
  errors: 0,
  errorKinds: {},
  statuses: {},
  non2xx: 0,
  bytes: 0,
  stoppedBy: 'duration',
  firstFailure: undefined,
};

const agent = new http.Agent({
  keepAlive: true,
  maxSockets: input.connections,
  maxFreeSockets: input.connections,
  scheduling: 'fifo',
});
const target = new URL(input.url);
const headers: Record<string, string> = { ...input.headers };
if (input.body !== undefined) headers['content-length'] = String(Buffer.byteLength(input.body));

const startedAt = performance.now();
const measureFrom = startedAt + input.warmupMs;
let measureUntil = measureFrom + input.durationMs;
let stopping = false;
let started = 0;
let nextRequest = 0;

const stop = (why: WorkerOutput['stoppedBy']) => {
  if (stopping) return;
  stopping = true;
  out.stoppedBy = why;
  const now = performance.now();
  if (now < measureUntil) measureUntil = Math.max(now, measureFrom);
};

port.on('message', (msg: unknown) => {
  if (msg === 'stop') stop('aborted');
});

type Outcome = { status: number; bytes: number; body: string } | { error: string };

const once = (): Promise<Outcome> =>
  new Promise((resolve) => {
    // A request mix takes its entries in turn, so every run sends the same sequence.
    const mix = input.requests?.[nextRequest++ % input.requests.length];
    const req = http.request(
      {
        agent,
        hostname: target.hostname,
        port: target.port,
        path: mix ? mix.path : target.pathname + target.search,
        method: input.method,
        headers: mix?.headers ? { ...headers, ...mix.headers } : headers,
      },
      (res) => {
        let bytes = 0;
        let body = '';
        const keepBody = (res.statusCode ?? 0) >= 300;
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (keepBody && body.length < 300) body += chunk.toString('utf8');
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, body }));
        res.on('error', (err) => resolve({ error: (err as NodeJS.ErrnoException).code ?? err.message }));
      },
    );
    req.setTimeout(input.timeoutMs, () =>
      req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })),
    );
    req.on('error', (err) => resolve({ error: (err as NodeJS.ErrnoException).code ?? err.message }));
    req.end(input.body);
  });

const record = (t0: number, t1: number, outcome: Outcome) => {
  // Only requests that both start and finish inside the measured window count.
  if (t0 < measureFrom) {
    out.warmupRequests++;
    return;
  }
  if (t1 > measureUntil) return;
  if ('error' in outcome) {
    out.errors++;
    out.errorKinds[outcome.error] = (out.errorKinds[outcome.error] ?? 0) + 1;
    out.firstFailure ??= `error ${outcome.error}`;
    if (out.errors >= input.maxErrors) stop('max-errors');
    return;
  }
  const us = (t1 - t0) * 1000;
  const bucket = bucketOf(us);
  counts[bucket] = (counts[bucket] ?? 0) + 1;
  out.count++;
  out.sumUs += us;
  if (us < out.minUs) out.minUs = us;
  if (us > out.maxUs) out.maxUs = us;
  out.bytes += outcome.bytes;
  out.statuses[outcome.status] = (out.statuses[outcome.status] ?? 0) + 1;
  if (outcome.status < 200 || outcome.status >= 300) {
    out.non2xx++;
    out.firstFailure ??= `HTTP ${outcome.status}: ${outcome.body.slice(0, 200)}`;
  }
};

// Closed loop: each connection sends its next request only when the previous one has finished,
// so the offered load adapts to the server and latency is never inflated by client-side queueing.
const loop = async () => {
  while (!stopping) {
    if (performance.now() >= measureUntil) return stop('duration');
    if (started >= input.maxRequests) return stop('max-requests');
    started++;
    const t0 = performance.now();
    const outcome = await once();
    record(t0, performance.now(), outcome);
    // A refused or reset connection fails at once: do not spin on it.
    if ('error' in outcome) await new Promise((r) => setTimeout(r, 5));
  }
};

await Promise.all(Array.from({ length: input.connections }, loop));
agent.destroy();
const result: WorkerOutput = {
  ...out,
  minUs: out.count ? out.minUs : 0,
  counts,
  measuredMs: Math.max(0, measureUntil - measureFrom),
};
port.postMessage(result, [counts.buffer]);
