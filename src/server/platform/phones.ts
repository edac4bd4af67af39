import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type NormalisedPhone = { raw: string; e164: string | null; valid: boolean };

/** Parses a phone as people type it (050-234 5678, +972 50…, 03-1234567); default region IL. */
export const normalisePhone = (raw: string, region: 'IL' = 'IL'): NormalisedPhone => {
  const trimmed = raw.trim();
  const parsed = parsePhoneNumberFromString(trimmed, region);
  if (!parsed?.isValid()) return { raw: trimmed, e164: null, valid: false };
  return { raw: trimmed, e164: parsed.number, valid: true };
};

/**
 * Search keys for a phone: digits of the E.164 form and of the national form (0501234567),
 * so a query typed either way matches exactly.
 */
export const phoneSearchKeys = (e164: string): string[] => {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return [e164.replace(/\D/g, '')];
  const national = parsed.formatNational().replace(/\D/g, '');
  return [...new Set([parsed.number.replace(/\D/g, ''), national])];
};

/** Turns a search query into phone keys when it looks like a phone number, else []. */
export const phoneQueryKeys = (q: string): string[] => {
  const digits = q.replace(/[^\d+]/g, '');
  if (digits.replace('+', '').length < 7) return [];
  const p = normalisePhone(q);
  if (p.e164) return phoneSearchKeys(p.e164);
  return [digits.replace('+', '')];
};
