// `npm run demo`: Kesher with a ready demo tenant — a Galilee logistics company whose customers see
// their own stock and containers, synced from a (mock) Priority ERP every 15 minutes.
//
// Starts the mock Priority server, then Kesher (the same `src/server/main.ts` as `npm start`) on
// DATA_DIR=./data-demo, seeds the tenant through the HTTP API on the first run, and prints where to
// sign in. A second run keeps the data; `npm run demo -- --reset` starts over.
//   npm run demo [-- --port 3000] [--priority-port 8089] [--reset]
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startMockPriority } from '../test/mock-priority/mock-priority-server.js';
import { waitForReady } from './demo-client.js';
import { DEMO, demoSeeded, MOCK_PRIORITY_TOKEN, seedDemo } from './demo-seed.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '3000' },
    'priority-port': { type: 'string', default: '8089' },
    'data-dir': { type: 'string', default: path.join(REPO, 'data-demo') },
    reset: { type: 'boolean', default: false },
  },
});
const port = Number(values.port);
const priorityPort = Number(values['priority-port']);
const dataDir = path.resolve(values['data-dir']);
const baseUrl = `http://localhost:${port}`;

const main = async () => {
  if (values.reset && existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });

  // Customers 20000–20002 are the demo's three companies; 20003 owns stock no account claims yet
  // (the admin sees it under unmatched owners).
  const priority = await startMockPriority({
    port: priorityPort,
    tokens: [MOCK_PRIORITY_TOKEN],
    generate: { customers: 4, parts: 120, balancesPerPart: 2, shipments: 60 },
  });
  console.log(`Mock Priority ERP: ${priority.url}`);

  // The server is a child process so its logs, signals and exit look exactly like `npm start`.
  const build = spawn(process.execPath, ['scripts/ensure-web-build.mjs'], { cwd: REPO, stdio: 'inherit' });
  await new Promise<void>((resolve, reject) =>
    build.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`web build failed (${code})`)))),
  );
  const kesher: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: REPO,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      PUBLIC_URL: baseUrl,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    },
  });
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    kesher.kill('SIGTERM');
    await new Promise((r) => kesher.once('exit', r));
    await priority.close();
    process.exit(code);
  };
  kesher.once('exit', (code) => {
    if (!stopping) {
      console.error(`Kesher exited (${code}).`);
      void priority.close().finally(() => process.exit(code ?? 1));
    }
  });
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  await waitForReady(baseUrl);
  if (await demoSeeded(baseUrl)) {
    console.log('Demo tenant found in', dataDir, '(use --reset to start over).');
  } else {
    console.log('Seeding the demo tenant…');
    await seedDemo(baseUrl, priority.url);
  }

  const w = DEMO.workspace;
  const lines = [
    '',
    `Kesher demo is running — ${DEMO.orgName}`,
    '',
    `Staff app     ${baseUrl}/`,
    `  workspace   ${w}`,
    `  owner       ${DEMO.owner.email} / ${DEMO.owner.password}`,
    ...DEMO.agents.map((a) => `  ${a.role.padEnd(11)} ${a.email} / ${DEMO.agentPassword}`),
    '',
    `Customer portal ${baseUrl}/portal/${w}`,
    ...DEMO.customers.map((c) => `  ${c.contact.email} / ${DEMO.portalPassword}   (${c.name})`),
    '',
    `Public knowledge base ${baseUrl}/kb/${w}`,
    `Mock Priority ERP     ${priority.url} (stock and containers sync every 15 minutes)`,
    `API docs              ${baseUrl}/api/docs`,
    '',
    'Ctrl+C stops both.',
  ];
  console.log(lines.join('\n'));
};

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
