import type { TFieldError } from '../../../shared/errors.js';
import { normalisePhone } from '../../platform/phones.js';
import type { CustomFieldDefRow } from './custom-fields.table.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Checks and normalises custom-field values against the tenant's definitions.
 * - Unknown keys are errors (a typo must not silently vanish).
 * - `null` clears a value. With `partial`, missing required fields are not reported (PATCH).
 * Returns the cleaned values and field errors with paths like `customFields.contract_end`.
 */
export const validateCustomFieldValues = (
  defs: CustomFieldDefRow[],
  values: Record<string, unknown>,
  opts: { partial: boolean; userIds?: Set<string> | undefined },
): { values: Record<string, unknown>; errors: TFieldError[] } => {
  const byKey = new Map(defs.filter((d) => !d.archived).map((d) => [d.key, d]));
  const out: Record<string, unknown> = {};
  const errors: TFieldError[] = [];
  const err = (key: string, message: string) => errors.push({ path: `customFields.${key}`, message });

  for (const [key, raw] of Object.entries(values)) {
    const def = byKey.get(key);
    if (!def) {
      err(key, 'Unknown custom field');
      continue;
    }
    if (raw === null || raw === '' || (Array.isArray(raw) && raw.length === 0)) {
      if (def.required) err(key, 'Required');
      else out[key] = null;
      continue;
    }
    const v = checkValue(def, raw, opts.userIds);
    if (v.ok) out[key] = v.value;
    else err(key, v.error);
  }
  if (!opts.partial) {
    for (const def of byKey.values()) {
      if (def.required && (values[def.key] === undefined || values[def.key] === null))
        err(def.key, 'Required');
    }
  }
  return { values: out, errors };
};

type Checked = { ok: true; value: unknown } | { ok: false; error: string };
const ok = (value: unknown): Checked => ({ ok: true, value });
const bad = (error: string): Checked => ({ ok: false, error });

const checkValue = (def: CustomFieldDefRow, raw: unknown, userIds: Set<string> | undefined): Checked => {
  const v = def.validation ?? {};
  switch (def.type) {
    case 'text':
    case 'long_text': {
      if (typeof raw !== 'string') return bad('Must be text');
      const max = v.maxLength ?? (def.type === 'text' ? 500 : 10_000);
      if (raw.length > max) return bad(`At most ${max} characters`);
      if (v.pattern) {
        try {
          if (!new RegExp(v.pattern, 'u').test(raw)) return bad('Does not match the required format');
        } catch {
          // An invalid admin pattern must not block data entry.
        }
      }
      return ok(raw);
    }
    case 'number':
    case 'currency': {
      const n =
        typeof raw === 'number'
          ? raw
          : typeof raw === 'string' && raw.trim() !== ''
            ? Number(raw)
            : Number.NaN;
      if (!Number.isFinite(n)) return bad('Must be a number');
      if (v.min !== undefined && n < v.min) return bad(`At least ${v.min}`);
      if (v.max !== undefined && n > v.max) return bad(`At most ${v.max}`);
      return ok(def.type === 'currency' ? Math.round(n * 100) / 100 : n);
    }
    case 'date':
      return typeof raw === 'string' && DATE.test(raw) && !Number.isNaN(Date.parse(raw))
        ? ok(raw)
        : bad('Must be a date (YYYY-MM-DD)');
    case 'datetime':
      return typeof raw === 'string' && !Number.isNaN(Date.parse(raw))
        ? ok(new Date(raw).toISOString())
        : bad('Must be a date and time');
    case 'select':
      return typeof raw === 'string' && def.options.some((o) => o.value === raw)
        ? ok(raw)
        : bad('Not one of the options');
    case 'multi_select': {
      if (!Array.isArray(raw) || !raw.every((x) => typeof x === 'string'))
        return bad('Must be a list of options');
      const allowed = new Set(def.options.map((o) => o.value));
      const unknown = raw.filter((x) => !allowed.has(x));
      return unknown.length ? bad(`Not options: ${unknown.join(', ')}`) : ok([...new Set(raw)]);
    }
    case 'checkbox':
      return typeof raw === 'boolean' ? ok(raw) : bad('Must be true or false');
    case 'phone': {
      if (typeof raw !== 'string') return bad('Must be a phone number');
      const e164 = normalisePhone(raw).e164;
      return e164 ? ok(e164) : bad('Not a valid phone number');
    }
    case 'email':
      return typeof raw === 'string' && EMAIL.test(raw.trim())
        ? ok(raw.trim().toLowerCase())
        : bad('Not a valid email');
    case 'url': {
      if (typeof raw !== 'string') return bad('Must be a URL');
      try {
        const u = new URL(raw.trim());
        return u.protocol === 'http:' || u.protocol === 'https:'
          ? ok(u.toString())
          : bad('Must be an http(s) URL');
      } catch {
        return bad('Must be a URL');
      }
    }
    case 'user':
      return typeof raw === 'string' && (!userIds || userIds.has(raw)) ? ok(raw) : bad('Unknown user');
    default: {
      const never: never = def.type;
      return bad(`Unsupported type ${String(never)}`);
    }
  }
};
