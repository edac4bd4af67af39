import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline (19 MiB, t=2, p=1): ~25 ms here, slow enough for offline attacks.
const OPTIONS = {
  algorithm: 2 /* Algorithm.Argon2id: a const enum, unusable under verbatimModuleSyntax */,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS);

export const verifyPassword = async (passwordHash: string, password: string): Promise<boolean> => {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
};

// A fixed hash to verify against when the user does not exist, so the timing of a failed
// sign-in does not reveal whether the email is registered.
let dummyHash: Promise<string> | undefined;
export const burnPasswordCheck = async (password: string): Promise<void> => {
  dummyHash ??= hashPassword('kesher-timing-equaliser');
  await verifyPassword(await dummyHash, password);
};

const COMMON = new Set([
  '1234567890',
  '12345678910',
  '0123456789',
  'password12',
  'password123',
  'qwertyuiop',
  'qwerty1234',
  '1q2w3e4r5t',
  'aaaaaaaaaa',
  'iloveyou12',
  'abcdefghij',
  'abc1234567',
  'passw0rd12',
  'sisma12345',
  'kesher1234',
]);

/** Beyond length (checked by zod): refuse well-known and one-character passwords. */
export const passwordWeakness = (password: string, context: string[] = []): string | null => {
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return 'This password is too common';
  if (new Set(lower).size < 4) return 'Use more different characters';
  for (const c of context) {
    const part = c.toLowerCase().split('@')[0] ?? '';
    if (part.length >= 4 && lower.includes(part)) return 'Do not use your name or email in the password';
  }
  return null;
};
