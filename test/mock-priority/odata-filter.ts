// The subset of OData $filter Priority accepts: comparisons (eq ne gt ge lt le) joined by and/or,
// with parentheses. Anything else is a syntax error (400), as on a real server.

type Node =
  | { kind: 'cmp'; field: string; op: string; value: string | number | null }
  | { kind: 'bool'; op: 'and' | 'or'; left: Node; right: Node };

const OPS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);

const tokenize = (s: string): string[] => {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i] as string;
    if (c === ' ') {
      i++;
    } else if (c === '(' || c === ')') {
      out.push(c);
      i++;
    } else if (c === "'") {
      let j = i + 1;
      let v = '';
      for (;;) {
        if (j >= s.length) throw new Error('unterminated string');
        if (s[j] === "'" && s[j + 1] === "'") {
          v += "'";
          j += 2;
        } else if (s[j] === "'") {
          break;
        } else {
          v += s[j];
          j++;
        }
      }
      out.push(`'${v}`);
      i = j + 1;
    } else {
      let j = i;
      while (j < s.length && !' ()'.includes(s[j] as string)) j++;
      out.push(s.slice(i, j));
      i = j;
    }
  }
  return out;
};

export const parseFilter = (s: string): Node => {
  const t = tokenize(s);
  let p = 0;
  const primary = (): Node => {
    if (t[p] === '(') {
      p++;
      const n = orExpr();
      if (t[p++] !== ')') throw new Error('expected )');
      return n;
    }
    const field = t[p++];
    const op = t[p++];
    const raw = t[p++];
    if (!field || !/^[A-Z_][A-Z0-9_]*$/i.test(field) || !op || !OPS.has(op) || raw === undefined) {
      throw new Error('bad comparison');
    }
    let value: string | number | null;
    if (raw.startsWith("'")) value = raw.slice(1);
    else if (raw === 'null') value = null;
    else if (/^-?\d+(\.\d+)?$/.test(raw)) value = Number(raw);
    else if (/^\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)$/.test(raw)) value = raw;
    else throw new Error('bad value');
    return { kind: 'cmp', field, op, value };
  };
  const andExpr = (): Node => {
    let n = primary();
    while (t[p] === 'and') {
      p++;
      n = { kind: 'bool', op: 'and', left: n, right: primary() };
    }
    return n;
  };
  const orExpr = (): Node => {
    let n = andExpr();
    while (t[p] === 'or') {
      p++;
      n = { kind: 'bool', op: 'or', left: n, right: andExpr() };
    }
    return n;
  };
  const n = orExpr();
  if (p !== t.length) throw new Error('trailing tokens');
  return n;
};

export const filterFields = (n: Node): string[] =>
  n.kind === 'cmp' ? [n.field] : [...filterFields(n.left), ...filterFields(n.right)];

const DATE = /^\d{4}-\d\d-\d\dT/;
const comparable = (v: unknown) => (typeof v === 'string' && DATE.test(v) ? Date.parse(v) : v);

export const evalFilter = (n: Node, row: Record<string, unknown>): boolean => {
  if (n.kind === 'bool') {
    return n.op === 'and'
      ? evalFilter(n.left, row) && evalFilter(n.right, row)
      : evalFilter(n.left, row) || evalFilter(n.right, row);
  }
  const a = comparable(row[n.field]) as string | number | null;
  const b = comparable(n.value) as string | number | null;
  switch (n.op) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'gt':
      return a !== null && b !== null && a > b;
    case 'ge':
      return a !== null && b !== null && a >= b;
    case 'lt':
      return a !== null && b !== null && a < b;
    default:
      return a !== null && b !== null && a <= b;
  }
};
