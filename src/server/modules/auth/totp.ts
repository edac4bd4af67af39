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

/** Accepts the current code and one step either side (clock drift on phones). */
export const verifyTotp = (secretBase32: string, code: string, now: Date): boolean => {
  if (!/^\d{6}$/.test(code)) return false;
  return totpFor(secretBase32).validate({ token: code, timestamp: now.getTime(), window: 1 }) !== null;
};

export const totpCodeAt = (secretBase32: string, at: Date): string =>
  totpFor(secretBase32).generate({ timestamp: at.getTime() });
