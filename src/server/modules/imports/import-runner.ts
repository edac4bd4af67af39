import type {
  TDuplicatePolicy,
  TImportCounts,
  TImportMapping,
  TImportRowResult,
} from '../../../shared/imports.schemas.js';
import type { Tx } from '../../platform/db/database.js';
import { isAppError } from '../../platform/errors/app-error.js';
import type { TenantCtx } from '../../platform/http/actor.js';
import { type BuiltRow, buildRow, describeError, type TargetSpec } from './import-mapping.js';
import type { SheetRow } from './import-parse.js';
import type { DupKeys, DupKind, EntityAdapter, ExistingRecord } from './import-targets.js';

export const CHUNK_SIZE = 500;
const SAMPLE_ROWS = 50;

export type ProcessInput = {
  importId: string;
  headers: string[];
  rows: SheetRow[];
  mapping: TImportMapping;
  policy: TDuplicatePolicy;
  targets: TargetSpec[];
  /** Where marketing consents read from the file say they came from. */
  consentSource: string;
  /** Called after each chunk with the rows done so far. */
  onProgress?: (processed: number) => Promise<void> | void;
};

export type ProcessResult = {
  counts: TImportCounts;
  /** The first 50 rows. */
  sample: TImportRowResult[];
  /** Every rejected row. */
  rejected: TImportRowResult[];
};

type Match = { by: DupKind; recordId: string | null; row: number | null };

/** Records (made or matched so far) by each key, so later rows find earlier ones. */
class KeyIndex {
  private readonly byKind = { companyNumber: new Map<string, Match>(), email: new Map(), phone: new Map() };

  add(keys: DupKeys, recordId: string, row: number | null) {
    const set = (kind: DupKind, key: string) => {
      if (!this.byKind[kind].has(key)) this.byKind[kind].set(key, { by: kind, recordId, row });
    };
    if (keys.companyNumber) set('companyNumber', keys.companyNumber);
    for (const e of keys.emails) set('email', e);
    for (const p of keys.phones) set('phone', p);
  }

  addExisting(r: ExistingRecord) {
    const set = (kind: DupKind, key: string) => {
      if (!this.byKind[kind].has(key)) this.byKind[kind].set(key, { by: kind, recordId: r.id, row: null });
    };
    if (r.companyNumber) set('companyNumber', r.companyNumber);
    for (const e of r.emails) set('email', e.toLowerCase());
    // phone_keys hold the E.164 digits and the national form; rows are matched on E.164 digits.
    for (const p of r.phoneKeys) set('phone', p);
  }

  /** A company number is the strongest match, then an email, then a phone. */
  find(keys: DupKeys): Match | undefined {
    const num = keys.companyNumber ? this.byKind.companyNumber.get(keys.companyNumber) : undefined;
    return (
      num ??
      keys.emails.map((e) => this.byKind.email.get(e) as Match | undefined).find(Boolean) ??
      keys.phones.map((p) => this.byKind.phone.get(p) as Match | undefined).find(Boolean)
    );
  }
}

type Prepared = {
  sheetRow: SheetRow;
  built: BuiltRow;
  /** Problems with the cells themselves (a bad date, an unknown account). */
  errors: string[];
  /** Why the row cannot be created (a missing name, a bad phone…). */
  createErrors: string[];
  /** The row as create input, when it is valid as a new record. */
  parsed?: Record<string, unknown>;
  /** The row as a partial update, when the policy is `update` (no required fields). */
  patch?: Record<string, unknown>;
  keys?: DupKeys;
};

const zodMessage = (issue: { code: string; message: string; path: PropertyKey[] }, input: unknown) => {
  let v: unknown = input;
  for (const p of issue.path) v = (v as Record<PropertyKey, unknown> | undefined)?.[p];
  return issue.code === 'invalid_type' && v === undefined ? 'Required' : issue.message;
};

const valuesOf = (headers: string[], cells: string[]) => {
  const out: Record<string, string> = {};
  headers.forEach((h, i) => {
    out[h] = cells[i] ?? '';
  });
  return out;
};

/**
 * Validates and writes every row inside the caller's transaction — the dry run calls it in a
 * transaction it then rolls back, the commit in the one it commits, so a preview shows exactly
 * what a commit does. A row the CRM refuses (a 4xx AppError: bad phone, unknown custom field…)
 * is rejected and the import goes on; any other error aborts the whole import.
 */
export const processRows = async (
  tx: Tx,
  ctx: TenantCtx,
  adapter: EntityAdapter,
  input: ProcessInput,
): Promise<ProcessResult> => {
  const targetsByKey = new Map(input.targets.map((t) => [t.key, t]));
  const counts: TImportCounts = {
    created: 0,
    updated: 0,
    skipped: 0,
    duplicate: 0,
    rejected: 0,
    total: input.rows.length,
  };
  const sample: TImportRowResult[] = [];
  const rejected: TImportRowResult[] = [];
  const known = new KeyIndex(); // rows of this file already written
  const opts = { importId: input.importId };

  const finish = (p: Prepared, status: TImportRowResult['status'], match: Match | undefined) => {
    const result: TImportRowResult = {
      row: p.sheetRow.row,
      status,
      errors: status === 'rejected' ? p.errors : [],
      duplicateOf: match ? { by: match.by, recordId: match.recordId, row: match.row } : null,
      values: valuesOf(input.headers, p.sheetRow.cells),
    };
    counts[status]++;
    if (match) counts.duplicate++;
    if (status === 'rejected') rejected.push(result);
    if (sample.length < SAMPLE_ROWS) sample.push(result);
  };

  for (let start = 0; start < input.rows.length; start += CHUNK_SIZE) {
    const chunk = input.rows.slice(start, start + CHUNK_SIZE);
    const prepared: Prepared[] = chunk.map((sheetRow) => {
      const built = buildRow(sheetRow.cells, input.headers, input.mapping, targetsByKey, input.consentSource);
      return { sheetRow, built, errors: [...built.errors], createErrors: [] };
    });

    if (adapter.resolveAccounts) {
      const refs = prepared.map((p) => p.built.accountRef?.text).filter((r): r is string => Boolean(r));
      const found = await adapter.resolveAccounts(tx, refs);
      for (const p of prepared) {
        const ref = p.built.accountRef;
        if (!ref) continue;
        const hit = found.get(ref.text);
        if (hit && 'id' in hit) {
          p.built.input.accountId = hit.id;
          p.built.sources.set('accountId', ref.header);
        } else p.errors.push(`${ref.header}: ${hit?.error ?? 'Unknown account'}`);
      }
    }

    for (const p of prepared) {
      if (p.errors.length) continue;
      const res = adapter.schema.safeParse(p.built.input);
      if (res.success) p.parsed = res.data as Record<string, unknown>;
      else {
        for (const issue of res.error.issues) {
          const path = issue.path.map(String).join('.');
          p.createErrors.push(
            describeError(path, zodMessage(issue, p.built.input), p.built.sources, targetsByKey),
          );
        }
      }
      // A row that updates a record need not carry what only a new record needs (e.g. its name).
      if (input.policy === 'update') {
        const patch = adapter.patchSchema.safeParse(p.built.input);
        if (patch.success) p.patch = patch.data as Record<string, unknown>;
      }
      const keysFrom = p.parsed ?? p.patch;
      if (keysFrom) p.keys = adapter.keysOf(keysFrom);
    }

    const existing = new KeyIndex();
    const keyed = prepared.flatMap((p) => (p.keys ? [p.keys] : []));
    for (const r of await adapter.findExisting(tx, keyed)) existing.addExisting(r);

    for (const p of prepared) {
      const reject = (match: Match | undefined, why: string[]) => {
        p.errors.push(...why);
        finish(p, 'rejected', match);
      };
      if (!p.keys) {
        reject(undefined, p.createErrors);
        continue;
      }
      // Earlier rows of this file first: their records may have changed since the chunk's lookup.
      const match = known.find(p.keys) ?? existing.find(p.keys);
      if (match && input.policy === 'skip') {
        finish(p, 'skipped', match);
        continue;
      }
      const target = match && input.policy === 'update' && p.patch ? match.recordId : null;
      if (!target && !p.parsed) {
        reject(match, p.createErrors);
        continue;
      }
      try {
        // A savepoint per row: whatever a refused row wrote is undone, the rest of the import stays.
        const id = await tx.transaction(async (sp) =>
          target
            ? adapter.update(sp, ctx, target, p.patch ?? {}, new Set(Object.keys(p.built.input)), opts)
            : adapter.create(sp, ctx, p.parsed ?? {}, opts),
        );
        known.add(p.keys, id, p.sheetRow.row);
        finish(p, target ? 'updated' : 'created', match);
      } catch (e) {
        if (!isAppError(e) || e.status >= 500) throw e;
        reject(
          match,
          e.fields?.length
            ? e.fields.map((f) => describeError(f.path, f.message, p.built.sources, targetsByKey))
            : [e.userMessage ?? e.message],
        );
      }
    }
    await input.onProgress?.(Math.min(start + CHUNK_SIZE, input.rows.length));
  }
  return { counts, sample, rejected };
};
