import { Secret, TOTP } from 'otpauth';

export const newTotpSecret = (): string => new Secret({ size: 20 }).base32;

const totpFor = (secretBase32: string, label = 'Kesher', issuer = 'Kesher') =>
  new TOTP({
    issuer,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: Secret.fromBase32(secretBase32),
  });

export const totpUri = (secretBase32: string, label: string, issuer: string): string =>
  totpFor(secretBase32, label, issuer).toString();

/**
 * Accepts the current code and one step either side (clock drift on phones). Returns the time
 * step the code belongs to, or null. Callers refuse a step at or before the last one used, so a
 * code seen over a shoulder (or in a log) cannot be replayed.
 */
export const totpStep = (secretBase32: string, code: string, now: Date): number | null => {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(secretBase32).validate({ token: code, timestamp: now.getTime(), window: 1 });
  return delta === null ? null : Math.floor(now.getTime() / 30_000) + delta;
};

export const verifyTotp = (secretBase32: string, code: string, now: Date): boolean =>
  totpStep(secretBase32, code, now) !== null;

export const totpCodeAt = (secretBase32: string, at: Date): string =>
  totpFor(secretBase32).generate({ timestamp: at.getTime() });
