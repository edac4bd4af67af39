import type { Clock } from '../../platform/clock.js';
import { AppError } from '../../platform/errors/app-error.js';
import { passwordWeakness } from '../../platform/security/passwords.js';
import type { Secrets } from '../../platform/security/secrets.js';
import { makeScopedToken } from './scoped-token.js';
import { SEND_RULE, type Throttle } from './throttle.js';

// Rules shared by staff and portal credentials (sign-in, reset links, password policy), so the two
// kinds of account cannot drift apart.

/** How long a password-reset link works. */
export const RESET_TTL_MS = 60 * 60_000;

export const invalidCredentials = () =>
  new AppError('INVALID_CREDENTIALS', { userMessage: 'The workspace, email or password is wrong.' });

export const tooManyAttempts = (seconds: number) =>
  new AppError('TOO_MANY_ATTEMPTS', {
    userMessage: `Too many attempts. Try again in ${Math.ceil(seconds / 60)} minutes.`,
    retryAfterSeconds: seconds,
  });

export const tokenInvalid = () =>
  new AppError('TOKEN_INVALID', { userMessage: 'This link is invalid, was already used, or has expired.' });

/** Refuses a common or trivial password (length is checked by zod), naming the `password` field. */
export const assertStrongPassword = (password: string, context: string[]): void => {
  const weak = passwordWeakness(password, context);
  if (weak)
    throw new AppError('WEAK_PASSWORD', { userMessage: weak, fields: [{ path: 'password', message: weak }] });
};

/**
 * Counts a reset-link request against its (workspace, email) and its client IP; throws 429 past the
 * quota. `keyPrefix` keeps staff and portal budgets apart while the limits stay the same.
 */
export const consumeResetQuota = async (
  deps: { throttle: Throttle; secrets: Secrets },
  keyPrefix: string,
  input: { workspace: string; email: string },
  ip: string | undefined,
): Promise<void> => {
  const locked = await deps.throttle.consume([
    [`${keyPrefix}:${deps.secrets.hashToken(`${input.workspace}\u0000${input.email}`)}`, SEND_RULE],
    [`${keyPrefix}-ip:${ip ?? 'unknown'}`, { ...SEND_RULE, max: 20 }],
  ]);
  if (locked > 0) throw tooManyAttempts(locked);
};

/** A one-time link token: the raw value goes in the email, only its keyed hash is stored. */
export const issueLinkToken = (
  deps: { secrets: Secrets; clock: Clock },
  tenantId: string,
  ttlMs: number,
): { token: string; tokenHash: string; expiresAt: Date } => {
  const token = makeScopedToken(tenantId);
  return {
    token,
    tokenHash: deps.secrets.hashToken(token),
    expiresAt: new Date(deps.clock.now().getTime() + ttlMs),
  };
};
