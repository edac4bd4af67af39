// Architecture rules (STYLE.md "Dependency direction"), checked on every import under src/.
// typescript 7 (the native compiler) exposes no JS parser API such as ts.preProcessFile, so a small
// scanner reads the import specifiers; it ignores comments and import-looking text inside strings.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MODULES = 'src/server/modules/';

/**
 * Module layers. A module may import modules of its own layer or lower, only through their
 * index.ts. Every folder under src/server/modules must be listed: a new module fails this test
 * until someone places it. tenants and audit are the floor: they import no module at all.
 */
const LAYERS: Record<string, number> = {
  tenants: 1,
  audit: 1,
  auth: 1.5,
  crm: 2,
  'custom-fields': 2,
  kb: 2,
  timeline: 2,
  search: 2,
  'channels/core': 3,
  // Channel adapters build on channels/core, never the other way round.
  'channels/email': 3.5,
  'channels/sms': 3.5,
  'channels/chat': 3.5,
  'channels/phone': 3.5,
  tickets: 4,
  'desk-presence': 4,
  sla: 4,
  notifications: 4,
  csat: 4,
  datasets: 4,
  portal: 5,
  'erp-sync': 5,
  automations: 5,
  reports: 5,
  imports: 5,
};
const IMPORTS_NO_MODULE = new Set(['tenants', 'audit']);
// Folders under modules/ that group modules rather than being one.
const MODULE_GROUPS = new Set(['channels']);

type ImportRef = { spec: string; typeOnly: boolean; line: number };

/** Blanks out comments and the contents of string, template and regex literals, keeping offsets. */
const stripCommentsAndStrings = (src: string): string => {
  const out = src.split('');
  let i = 0;
  let prev = ''; // last significant character, to tell a regex literal from a division
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  while (i < src.length) {
    const c = src[i] ?? '';
    const n = src[i + 1] ?? '';
    if (c === '/' && n === '/') {
      const end = src.indexOf('\n', i);
      const stop = end < 0 ? src.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && n === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? src.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\') j++;
        j++;
      }
      // Keep the quotes, blank the text: `"import x from 'y'"` in a string is not an import.
      // scanImports reads a specifier's text back from the original source at the same offsets.
      blank(i + 1, Math.min(j, src.length));
      i = j + 1;
      prev = c;
    } else if (c === '/' && (prev === '' || '(,=:[!&|?{};+-*%<>~^'.includes(prev))) {
      let j = i + 1;
      let inClass = false;
      while (j < src.length && src[j] !== '\n') {
        if (src[j] === '\\') j++;
        else if (src[j] === '[') inClass = true;
        else if (src[j] === ']') inClass = false;
        else if (src[j] === '/' && !inClass) break;
        j++;
      }
      blank(i, j + 1);
      i = j + 1;
      prev = ')';
    } else {
      if (!/\s/.test(c)) prev = c;
      i++;
    }
  }
  return out.join('');
};

/** Every module specifier a TS/TSX source imports or re-exports, statically or with import(). */
const scanImports = (source: string): ImportRef[] => {
  const code = stripCommentsAndStrings(source);
  const refs: ImportRef[] = [];
  const lineOf = (idx: number) => code.slice(0, idx).split('\n').length;
  // The specifier's quotes survive stripping; its text is read back from the source.
  const specAt = (m: RegExpMatchArray, group: string) =>
    source.slice((m.index ?? 0) + m[0].length - 1 - group.length, (m.index ?? 0) + m[0].length - 1);
  const statement =
    /(?<![\w$.])(import|export)(\s+type)?\s+(?:([\w$*{}\s,]+?)\s+from\s*)?(['"])([^'"\n]*)\4/g;
  for (const m of code.matchAll(statement)) {
    const clause = m[3] ?? '';
    // `export { a } from` / `import x from` have a clause; only `import 'x'` (side effect) has none.
    if (m[1] === 'export' && !clause) continue;
    const names = clause
      .replace(/[{}]/g, ' ')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const inlineTypesOnly =
      /^\{/.test(clause.trim()) && names.length > 0 && names.every((s) => s.startsWith('type '));
    refs.push({
      spec: specAt(m, m[5] ?? ''),
      typeOnly: Boolean(m[2]) || inlineTypesOnly,
      line: lineOf(m.index ?? 0),
    });
  }
  for (const m of code.matchAll(/(?<![\w$.])import\s*\(\s*(['"])([^'"\n]*)\1\s*\)/g)) {
    const inner = m[0].slice(m[0].indexOf(m[1] ?? "'") + 1, m[0].lastIndexOf(m[1] ?? "'"));
    const start = (m.index ?? 0) + m[0].indexOf(m[1] ?? "'") + 1;
    refs.push({
      spec: source.slice(start, start + inner.length),
      typeOnly: false,
      line: lineOf(m.index ?? 0),
    });
  }
  return refs;
};

const posix = (p: string) => p.split(path.sep).join('/');

const listSources = (dir: string): string[] => {
  const abs = path.join(ROOT, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs).flatMap((name) => {
    const rel = `${dir}/${name}`;
    if (name === 'node_modules') return [];
    if (statSync(path.join(ROOT, rel)).isDirectory()) return listSources(rel);
    return /\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts') ? [rel] : [];
  });
};

/** Resolves a relative specifier the way NodeNext/bundler resolution would, to a repo-relative path. */
const resolveSpec = (from: string, spec: string): { target: string; exists: boolean } | undefined => {
  if (!spec.startsWith('.')) return undefined; // a package
  const base = posix(path.normalize(path.join(path.dirname(from), spec)));
  const candidates = /\.(m?j)sx?$/.test(base)
    ? [
        base.replace(/\.js$/, '.ts'),
        base.replace(/\.js$/, '.tsx'),
        base.replace(/\.jsx$/, '.tsx'),
        base.replace(/\.mjs$/, '.mts'),
        base,
      ]
    : [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`];
  for (const c of candidates) {
    const abs = path.join(ROOT, c);
    if (existsSync(abs) && statSync(abs).isFile()) return { target: c, exists: true };
  }
  return { target: candidates[0] ?? base, exists: false };
};

/** `crm` for src/server/modules/crm/x.ts, `channels/email` for src/server/modules/channels/email/x.ts. */
const moduleOf = (file: string): string | undefined => {
  if (!file.startsWith(MODULES)) return undefined;
  const parts = file.slice(MODULES.length).split('/');
  const [first, second] = parts;
  if (!first || parts.length < 2) return undefined;
  if (MODULE_GROUPS.has(first)) return second && parts.length >= 3 ? `${first}/${second}` : first;
  return first;
};

type Edge = { from: string; to: string; spec: string; line: number; typeOnly: boolean; exists: boolean };

const buildGraph = () => {
  const files = [...listSources('src')].sort();
  const edges: Edge[] = [];
  const envUses: string[] = [];
  for (const file of files) {
    const source = readFileSync(path.join(ROOT, file), 'utf8');
    for (const ref of scanImports(source)) {
      const r = resolveSpec(file, ref.spec);
      if (r)
        edges.push({
          from: file,
          to: r.target,
          spec: ref.spec,
          line: ref.line,
          typeOnly: ref.typeOnly,
          exists: r.exists,
        });
    }
    const code = stripCommentsAndStrings(source);
    for (const m of code.matchAll(/\bprocess\s*\.\s*env\b/g)) {
      envUses.push(`${file}:${code.slice(0, m.index ?? 0).split('\n').length}`);
    }
  }
  return { files, edges, envUses };
};

const graph = buildGraph();
// Tests may reach into what they test (an RLS test needs module tables); they ship nowhere, so the
// platform/module boundary rules (d, e) apply to production code only.
const isTest = (file: string) => file.includes('/__tests__/') || /\.test\.tsx?$/.test(file);
const prodEdges = graph.edges.filter((e) => !isTest(e.from));

const where = (e: Edge) => `${e.from}:${e.line} imports '${e.spec}'`;
const fail = (title: string, violations: string[]) => {
  expect(violations, `${title}:\n  ${violations.join('\n  ')}\n`).toEqual([]);
};

/** Strongly connected components with more than one file (or a file importing itself). */
const cyclesOf = (nodes: string[], next: (n: string) => string[]): string[][] => {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let counter = 0;
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of next(v)) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
      }
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w === undefined) break;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || next(v).includes(v)) out.push(scc.sort());
    }
  };
  for (const n of nodes) if (!index.has(n)) visit(n);
  return out;
};

/** One concrete loop through an SCC, for a readable message: a → b → c → a. */
const loopThrough = (scc: string[], next: (n: string) => string[]): string => {
  const inScc = new Set(scc);
  const start = scc[0] ?? '';
  const prevOf = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift() ?? '';
    for (const w of next(v)) {
      if (!inScc.has(w)) continue;
      if (w === start) {
        const pathBack = [v];
        let p = prevOf.get(v);
        while (p !== undefined) {
          pathBack.push(p);
          p = prevOf.get(p);
        }
        return [...pathBack.reverse(), start].join(' → ');
      }
      if (!prevOf.has(w) && w !== start) {
        prevOf.set(w, v);
        queue.push(w);
      }
    }
  }
  return scc.join(', ');
};

describe('import scanner', () => {
  it('reads static, re-export, side-effect, type-only and dynamic imports but not comments or strings', () => {
    const src = [
      "import { a } from './a.js';",
      "import type { B } from './b.js';",
      "import { type C, type D } from './c.js';",
      "import e, { type E } from './e.js';",
      "export { f } from './f.js';",
      "export * from './g.js';",
      "import './side.css';",
      'const h = await import("./h.js");',
      "// import { x } from './commented.js';",
      "/* import y from './block.js'; */",
      'const s = "import z from \'./in-string.js\'";',
      "const u = 'http://example.com/x'; import { i } from './i.js';",
      'const re = /[\'"]/g; export const j = 1;',
      'import {',
      '  k,',
      '  type K,',
      "} from './k.js';",
    ].join('\n');
    const refs = scanImports(src);
    expect(refs.map((r) => `${r.spec}${r.typeOnly ? ' (type)' : ''}`)).toEqual([
      './a.js',
      './b.js (type)',
      './c.js (type)',
      './e.js',
      './f.js',
      './g.js',
      './side.css',
      './i.js',
      './k.js',
      './h.js',
    ]);
  });

  it('sees the real import graph', () => {
    expect(graph.files.length).toBeGreaterThan(20);
    const fromApp = graph.edges.filter((e) => e.from === 'src/server/app.ts').map((e) => e.to);
    expect(fromApp).toContain('src/server/modules/auth/index.ts');
    expect(fromApp).toContain('src/server/platform/db/database.ts');
  });
});

describe('architecture', () => {
  it('(a) has no import cycles between files', () => {
    const next = (n: string) => graph.edges.filter((e) => e.from === n && e.exists).map((e) => e.to);
    const nodes = graph.files;
    const cycles = cyclesOf(nodes, next).map((scc) => loopThrough(scc, next));
    fail('Import cycles (break them: move the shared part into a third file)', cycles);
  });

  it('(b) keeps the web app and the server apart', () => {
    const bad = graph.edges.filter(
      (e) =>
        (e.from.startsWith('src/web/') && e.to.startsWith('src/server/')) ||
        (e.from.startsWith('src/server/') && e.to.startsWith('src/web/')),
    );
    fail('src/web may import only src/shared (and the server never src/web)', bad.map(where));
  });

  it('(c) src/shared imports neither server nor web code', () => {
    const bad = graph.edges.filter(
      (e) =>
        e.from.startsWith('src/shared/') && (e.to.startsWith('src/server/') || e.to.startsWith('src/web/')),
    );
    fail(
      'src/shared must stand alone (it is bundled into the browser and run by the server)',
      bad.map(where),
    );
  });

  it('(d) the platform knows no module', () => {
    const bad = prodEdges.filter(
      (e) => e.from.startsWith('src/server/platform/') && e.to.startsWith(MODULES),
    );
    fail(
      'src/server/platform must not import src/server/modules (pass what it needs in instead)',
      bad.map(where),
    );
  });

  it('(e) modules import other modules only through index.ts, and only their layer or lower', () => {
    const violations: string[] = [];
    const moduleDirs = new Set(graph.files.map(moduleOf).filter((m): m is string => m !== undefined));
    for (const m of moduleDirs) {
      if (LAYERS[m] === undefined)
        violations.push(
          `${MODULES}${m}: not in the layer map of test/architecture.test.ts (add it to LAYERS)`,
        );
    }
    for (const e of prodEdges) {
      const target = moduleOf(e.to);
      if (!target) continue;
      const source = moduleOf(e.from);
      if (source === target) continue;
      const index = `${MODULES}${target}/index.ts`;
      if (e.to !== index && e.to !== `${index}x`) {
        violations.push(`${where(e)}: reach ${target} through '${MODULES}${target}/index.js' only`);
      }
      if (!source) continue;
      if (IMPORTS_NO_MODULE.has(source)) {
        violations.push(`${where(e)}: ${source} is the bottom layer and imports no module`);
        continue;
      }
      const from = LAYERS[source];
      const to = LAYERS[target];
      if (from !== undefined && to !== undefined && to > from) {
        violations.push(
          `${where(e)}: ${source} (layer ${from}) must not import ${target} (layer ${to}); publish an event instead`,
        );
      }
    }
    // Module-level cycles slip past the file-level check when they go through different files.
    const moduleEdges = new Map<string, Set<string>>();
    for (const e of prodEdges) {
      const s = moduleOf(e.from);
      const t = moduleOf(e.to);
      if (s && t && s !== t) moduleEdges.set(s, (moduleEdges.get(s) ?? new Set()).add(t));
    }
    const next = (m: string) => [...(moduleEdges.get(m) ?? [])];
    for (const scc of cyclesOf([...moduleDirs].sort(), next)) {
      violations.push(`module cycle: ${loopThrough(scc, next)}`);
    }
    fail('Module boundary violations (STYLE.md, "Dependency direction")', violations);
  });

  it('(f) reads process.env only in platform/config', () => {
    // Outside src/ (scripts/, bench/, test/, e2e/, vite and vitest configs) reading it is fine.
    const bad = graph.envUses.filter((w) => !w.startsWith('src/server/platform/config/'));
    fail('process.env outside src/server/platform/config (add a key to config.schema.ts instead)', bad);
  });
});
