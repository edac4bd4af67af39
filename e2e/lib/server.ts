import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ZConfigEnv } from '../../src/server/platform/config/config.schema.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export type ServerOptions = {
  /**
   * A migrated data dir (made once per run by global-setup) to copy, so the server skips the slow
   * first-boot migration. Without it the server starts on an empty DATA_DIR, as on a fresh install.
   */
  templateDir?: string;
  /** Extra environment, e.g. SMTP_URL and JOBS=on for the mail specs. */
  env?: Record<string, string>;
};

export type RunningServer = {
  url: string;
  port: number;
  dataDir: string;
  /** The server's recent stdout/stderr, for failure messages. */
  logs(): string;
  stop(): Promise<void>;
};

const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 20_000;
const LOG_LINES = 300;

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

/** Signals the whole process group: `npx` → `tsx` → node each are their own process. */
const signalGroup = (child: ChildProcess, signal: NodeJS.Signals) => {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
};

/**
 * Starts the real Kesher server (`npx tsx src/server/main.ts`) on a free port with its own temporary
 * DATA_DIR (PGlite), and resolves once /readyz answers 200.
 */
export const startServer = async (opts: ServerOptions = {}): Promise<RunningServer> => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kesher-e2e-'));
  if (opts.templateDir) cpSync(opts.templateDir, dataDir, { recursive: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;

  // Nothing Kesher reads may leak in from the developer's shell (a DATABASE_URL above all).
  const env: Record<string, string | undefined> = { ...process.env };
  for (const key of Object.keys(ZConfigEnv.shape)) delete env[key];
  Object.assign(env, {
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: url,
    KESHER_SIGNUP: 'first-run',
    JOBS: 'off',
    LOG_LEVEL: 'warn',
    ...opts.env,
  });

  const child = spawn('npx', ['tsx', 'src/server/main.ts'], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so stop() reaches tsx's node child too
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > LOG_LINES) lines.splice(0, lines.length - LOG_LINES);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const logs = () => lines.join('\n');

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    signalGroup(child, 'SIGTERM');
    const done = await Promise.race([
      exited(child).then(() => true),
      sleep(STOP_TIMEOUT_MS).then(() => false),
    ]);
    if (!done) {
      signalGroup(child, 'SIGKILL');
      await exited(child);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`Kesher exited before it was ready (code ${child.exitCode}):\n${logs()}`);
    }
    try {
      const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Kesher was not ready within ${READY_TIMEOUT_MS / 1000}s:\n${logs()}`);
    }
    await sleep(250);
  }
  return { url, port, dataDir, logs, stop };
};
