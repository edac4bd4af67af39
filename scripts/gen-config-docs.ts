// Generates the README's configuration table from the config schema (`npm run docs:config`).
// test/config-docs.test.ts fails when the README is out of date with the schema.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { configDocsRows } from '../src/server/platform/config/load-config.js';

export const README = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../README.md');
export const START = '<!-- config:start -->';
export const END = '<!-- config:end -->';

const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The Markdown table of every environment variable Kesher reads, aligned as Biome formats it. */
export const renderConfigTable = (): string => {
  const rows = configDocsRows().map((row) => [
    `\`${row.key}\``,
    row.default === '—' ? '—' : `\`${cell(row.default)}\``,
    cell(row.description),
  ]);
  const header = ['Variable', 'Default', 'Description'];
  const len = (s: string) => [...s].length;
  const widths = header.map((h, i) => Math.max(3, len(h), ...rows.map((r) => len(r[i] ?? ''))));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c + ' '.repeat((widths[i] ?? 0) - len(c))).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
};

/** The README with the text between the config markers replaced by `table`. */
export const replaceConfigBlock = (readme: string, table: string): string => {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} block`);
  return `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`;
};

const main = () => {
  const table = renderConfigTable();
  console.log(table);
  const before = readFileSync(README, 'utf8');
  const after = replaceConfigBlock(before, table);
  if (after !== before) {
    writeFileSync(README, after);
    console.error('README.md: configuration table updated');
  } else {
    console.error('README.md: configuration table already up to date');
  }
};

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
