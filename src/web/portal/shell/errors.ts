import type { TFunction } from 'i18next';
import { isApiError } from '../../ui/api-client';

// Server codes with a portal message of their own; others show the problem's detail for a 4xx
// (the server writes it for users), a generic sentence for a 5xx (never internal text).
const AUTH_CODES = ['INVALID_CREDENTIALS', 'TOKEN_INVALID', 'WEAK_PASSWORD', 'TOO_MANY_ATTEMPTS'] as const;
const TICKET_CODES = ['TICKET_CLOSED', 'TICKET_NOT_SOLVED'] as const;

const isOneOf = <T extends string>(list: readonly T[], code: string): code is T =>
  (list as readonly string[]).includes(code);

/** A sentence for the customer describing why a call failed, in the current language. */
export const errorText = (t: TFunction<'portal'>, error: unknown): string => {
  if (!isApiError(error)) return t('common.error');
  if (error.code === 'NETWORK_ERROR') return t('auth.errors.network');
  if (isOneOf(AUTH_CODES, error.code)) return t(`auth.errors.${error.code}`);
  if (isOneOf(TICKET_CODES, error.code)) return t(`tickets.errors.${error.code}`);
  if (error.problem.errors?.length) return t('tickets.errors.validation');
  if (error.status >= 500) return t('common.error');
  return error.problem.detail ?? t('common.error');
};

/** Field errors of a 400 problem, keyed by the last segment of the field path. */
export const fieldErrorsOf = (error: unknown): Record<string, string> => {
  if (!isApiError(error)) return {};
  const out: Record<string, string> = {};
  for (const e of error.problem.errors ?? []) {
    const key = String(e.path ?? '')
      .replace(/^\/?(body[./])?/, '')
      .split(/[./]/)
      .filter(Boolean)
      .join('.');
    if (key && !out[key]) out[key] = e.message;
  }
  return out;
};
