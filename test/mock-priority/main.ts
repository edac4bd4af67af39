// Standalone mock Priority for the demo: `tsx test/mock-priority/main.ts --port 8089 [--samples]`
// (--samples serves the sample payloads instead of generated data).
import { parseArgs } from 'node:util';
import { SAMPLES_DIR } from './mock-priority-data.js';
import { startMockPriority } from './mock-priority-server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8089' },
    samples: { type: 'boolean', default: false },
    parts: { type: 'string', default: '200' },
    customers: { type: 'string', default: '20' },
  },
});

const mock = await startMockPriority({
  port: Number(values.port),
  ...(values.samples
    ? { samplesDir: SAMPLES_DIR }
    : { generate: { parts: Number(values.parts), customers: Number(values.customers) } }),
});
console.log(`mock Priority at ${mock.serviceRoot}  (user apiuser / secret, or token PAT-TOKEN-1234 / PAT)`);
process.on('SIGINT', () => void mock.close().then(() => process.exit(0)));
