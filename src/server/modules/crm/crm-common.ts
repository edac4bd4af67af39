import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { TFieldError } from '../../../shared/errors.js';
import { AppError, validationError } from '../../platform/errors/app-error.js';
import { normalisePhone, phoneSearchKeys } from '../../platform/phones.js';
import type { PhoneValue } from './crm.columns.js';

type PhoneInput = string | { number: string; label?: string | undefined };

/** Normalises phones to E.164 (original text kept); collects field errors for invalid ones. */
export const parsePhones = (inputs: PhoneInput[], path = 'phones', errors: TFieldError[] = []) => {
  const phones: PhoneValue[] = [];
  const keys = new Set<string>();
  inputs.forEach((input, i) => {
    const raw = typeof input === 'string' ? input : input.number;
    const label = typeof input === 'string' ? undefined : input.label;
    const p = normalisePhone(raw);
    if (!p.e164) {
      errors.push({ path: `${path}.${i}`, message: `Not a valid phone number: ${raw}` });
      return;
    }
    phones.push({ raw: p.raw, e164: p.e164, ...(label ? { label } : {}) });
    for (const k of phoneSearchKeys(p.e164)) keys.add(k);
  });
  return { phones, phoneKeys: [...keys], errors };
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

export const parseEmails = (inputs: string[], path = 'emails', errors: TFieldError[] = []) => {
  const out: string[] = [];
  inputs.forEach((e, i) => {
    const v = e.trim().toLowerCase();
    if (!EMAIL.test(v)) errors.push({ path: `${path}.${i}`, message: `Not a valid email: ${e}` });
    else if (!out.includes(v)) out.push(v);
  });
  return out;
};

export const throwIfErrors = (errors: TFieldError[]) => {
  if (errors.length) throw validationError(errors);
};

/**
 * Runs a validation step that may throw VALIDATION_FAILED (custom fields) and reports its field
 * errors together with those already collected, so one 400 names every bad field.
 */
export const withFieldErrors = async <T>(errors: TFieldError[], step: () => Promise<T>): Promise<T> => {
  let result: T;
  try {
    result = await step();
  } catch (e) {
    if (e instanceof AppError && e.code === 'VALIDATION_FAILED' && e.fields) {
      throw validationError([...errors, ...e.fields]);
    }
    throw e;
  }
  throwIfErrors(errors);
  return result;
};

export {
  cursorValue,
  decodeCursor,
  encodeCursor,
  keyset,
  pageOf,
  resolveSort,
  type SortSpec,
} from '../../platform/db/keyset.js';
export { expectedVersion, notFound, versionConflict } from '../../platform/http/versioning.js';

/** Parses `?cf={"key":value}` custom-field equality filters. */
export const parseCustomFieldFilter = (
  cf: string | undefined,
  column: AnyPgColumn,
  knownKeys: Set<string>,
): SQL[] => {
  if (!cf) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(cf);
  } catch {
    throw validationError([{ path: 'cf', message: 'Custom-field filter must be JSON' }]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw validationError([{ path: 'cf', message: 'Custom-field filter must be an object' }]);
  }
  return Object.entries(parsed).map(([k, v]) => {
    if (!knownKeys.has(k)) throw validationError([{ path: `cf.${k}`, message: 'Unknown custom field' }]);
    // JSON containment matches scalars exactly and multi-select arrays by inclusion.
    return sql`${column} @> ${JSON.stringify({ [k]: Array.isArray(v) ? v : v })}::jsonb`;
  });
};
