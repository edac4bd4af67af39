import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/** Keyed hashing and encryption derived from SESSION_SECRET. */
export type Secrets = {
  /** HMAC-SHA256 of a token: what we store for session tokens, API keys and one-time links. */
  hashToken(token: string): string;
  /** AES-256-GCM, for secrets we must read back (TOTP seeds, connector credentials). */
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  safeEqual(a: string, b: string): boolean;
};

export const createSecrets = (sessionSecret: string): Secrets => {
  const hmacKey = Buffer.from(hkdfSync('sha256', sessionSecret, 'kesher', 'token-hash', 32));
  const encKey = Buffer.from(hkdfSync('sha256', sessionSecret, 'kesher', 'encryption', 32));
  return {
    hashToken: (token) => createHmac('sha256', hmacKey).update(token).digest('base64url'),
    encrypt: (plain) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `v1.${iv.toString('base64url')}.${body.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}`;
    },
    decrypt: (sealed) => {
      const [v, iv, body, tag] = sealed.split('.');
      if (v !== 'v1' || !iv || !body || !tag) throw new Error('Unknown sealed value format');
      const decipher = createDecipheriv('aes-256-gcm', encKey, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
    safeEqual: (a, b) => {
      const x = Buffer.from(a);
      const y = Buffer.from(b);
      return x.length === y.length && timingSafeEqual(x, y);
    },
  };
};
