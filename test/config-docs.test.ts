import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README, renderConfigTable, replaceConfigBlock } from '../scripts/gen-config-docs.js';
import { ZConfigEnv } from '../src/server/platform/config/config.schema.js';

describe('README configuration table', () => {
  it('matches the config schema (run `npm run docs:config` to update it)', () => {
    const readme = readFileSync(README, 'utf8');
    expect(replaceConfigBlock(readme, renderConfigTable()), 'README.md config table is stale').toBe(readme);
  });

  it('describes every key', () => {
    for (const [key, schema] of Object.entries(ZConfigEnv.shape)) {
      expect(schema.description, `${key} has no .describe()`).toBeTruthy();
    }
  });
});
