import type { TFunction } from 'i18next';

import type { PASSWORD_MIN } from '../../shared/auth.schemas';

// A value import would bundle zod with the schemas; the type keeps the two numbers equal.
export const PASSWORD_MIN_LENGTH: typeof PASSWORD_MIN = 10;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// as ZSlug in src/shared: 2–40 characters, no leading or trailing dash
const SLUG_RE = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
export const SLUG_MAX_LENGTH = 40;
const TOTP_RE = /^\d{6}$/;

export const isValidSlug = (value: string): boolean =>
  value.length >= 2 && value.length <= SLUG_MAX_LENGTH && SLUG_RE.test(value);

/** Mantine form validators that speak the current language. Each returns an error or null. */
export const formRules = (t: TFunction) => ({
  required: (value: string) => (value.trim() ? null : t('validation.required')),
  minLength: (min: number) => (value: string) =>
    value.trim().length >= min ? null : t('validation.minLength', { min }),
  email: (value: string) => {
    if (!value.trim()) return t('validation.required');
    return EMAIL_RE.test(value.trim()) ? null : t('validation.email');
  },
  newPassword: (value: string) =>
    value.length >= PASSWORD_MIN_LENGTH ? null : t('validation.passwordMin', { min: PASSWORD_MIN_LENGTH }),
  matches: (other: string) => (value: string) => (value === other ? null : t('validation.passwordMismatch')),
  slug: (value: string) => {
    if (!value.trim()) return t('validation.required');
    return isValidSlug(value) ? null : t('validation.slug');
  },
  totpCode: (value: string) => (TOTP_RE.test(value.replace(/\s/g, '')) ? null : t('validation.totpCode')),
});
