import type { TFunction } from 'i18next';
import { isApiError } from './api-client';
import type { ErrorCode } from './api-types';
import { intlTag, toLocale } from './locale';

// Server codes (src/shared/errors.ts) with a translated message; any other code falls back to the
// problem's `detail`. INVITE_INVALID and RESET_TOKEN_INVALID are older names for TOKEN_INVALID.
const CODE_MESSAGES = {
  INVALID_CREDENTIALS: 'errors.INVALID_CREDENTIALS',
  WEAK_PASSWORD: 'errors.WEAK_PASSWORD',
  TOKEN_INVALID: 'errors.TOKEN_INVALID',
  INVITE_INVALID: 'errors.INVITE_INVALID',
  RESET_TOKEN_INVALID: 'errors.RESET_TOKEN_INVALID',
  SLUG_TAKEN: 'errors.SLUG_TAKEN',
  EMAIL_TAKEN: 'errors.EMAIL_TAKEN',
  SIGNUP_CLOSED: 'errors.SIGNUP_CLOSED',
  FORBIDDEN: 'errors.FORBIDDEN',
  CROSS_SITE_REQUEST: 'errors.CROSS_SITE_REQUEST',
  UNAUTHENTICATED: 'errors.UNAUTHENTICATED',
  NOT_FOUND: 'errors.NOT_FOUND',
  USER_NOT_FOUND: 'errors.NOT_FOUND',
  API_KEY_NOT_FOUND: 'errors.NOT_FOUND',
  LAST_OWNER: 'errors.LAST_OWNER',
  RATE_LIMITED: 'errors.RATE_LIMITED',
  NETWORK_ERROR: 'errors.network',
} as const satisfies Partial<
  Record<ErrorCode | 'INVITE_INVALID' | 'RESET_TOKEN_INVALID' | 'NETWORK_ERROR', string>
>;

type KnownCode = keyof typeof CODE_MESSAGES;
const isKnownCode = (code: string): code is KnownCode => Object.hasOwn(CODE_MESSAGES, code);

/** "5 minutes" / "5 דקות", rounded up to whole minutes. */
export const formatWaitMinutes = (seconds: number, language: string): string =>
  new Intl.NumberFormat(intlTag(toLocale(language)), {
    style: 'unit',
    unit: 'minute',
    unitDisplay: 'long',
  }).format(Math.max(1, Math.ceil(seconds / 60)));

/** A sentence for the user describing why a call failed, in the current language. */
export const problemMessage = (t: TFunction, error: unknown, language: string): string => {
  if (!isApiError(error)) return t('errors.generic');
  if (error.code === 'TOO_MANY_ATTEMPTS') {
    const seconds = error.problem.retryAfterSeconds;
    return seconds
      ? t('errors.TOO_MANY_ATTEMPTS', { duration: formatWaitMinutes(seconds, language) })
      : t('errors.TOO_MANY_ATTEMPTS_LATER');
  }
  // the specifics are on the fields (see fieldErrors)
  if (error.problem.errors?.length) return t('errors.VALIDATION_FAILED');
  if (isKnownCode(error.code)) return t(CODE_MESSAGES[error.code]);
  if (error.status >= 500) return t('errors.generic'); // never show internal text
  return error.problem.detail ?? error.problem.title ?? t('errors.generic');
};

/** Server field paths ("owner.email", "/owner/email", "body.owner.email") as form paths. */
const normalisePath = (path: string): string =>
  path
    .replace(/^\//, '')
    .replaceAll('/', '.')
    .replace(/^body\./, '');

interface FieldErrorOptions {
  /** Server path → form field, where they differ. */
  rename?: Record<string, string>;
  /**
   * Translated messages for fields whose server error can only mean one thing here (e.g. the
   * current-password field: "wrong"); other fields show the server's message.
   */
  messages?: Record<string, string>;
}

/** The field errors of a problem (VALIDATION_FAILED, WEAK_PASSWORD …), keyed by form path. */
export const fieldErrors = (error: unknown, options: FieldErrorOptions = {}): Record<string, string> => {
  if (!isApiError(error) || !error.problem.errors) return {};
  const result: Record<string, string> = {};
  for (const { path, message } of error.problem.errors) {
    const key = normalisePath(String(path));
    const target = options.rename?.[key] ?? key;
    result[target] ??= options.messages?.[target] ?? message;
  }
  return result;
};
