import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import QRCode from 'qrcode';
import { rowsOf, type Tx } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { verifyPassword } from '../../platform/security/passwords.js';
import type { Secrets } from '../../platform/security/secrets.js';
import { newTotpSecret, totpStep, totpUri } from './totp.js';

// The TOTP second factor, independent of where its secret and recovery codes are stored: staff
// users and portal users keep them in their own tables and pass a small store.

const RECOVERY_CODE_COUNT = 10;

/** Where one account keeps its second factor's spent state. */
export type SecondFactorStore = {
  /** Records `step` as used unless it (or a later one) already was; false when replayed. */
  claimTotpStep(step: number): Promise<boolean>;
  /** Marks the unused recovery code with this hash as used; false when there is none. */
  spendRecoveryCode(codeHash: string): Promise<boolean>;
};

/** The tables one kind of account keeps its second factor in (staff: users, portal: portal_users). */
export type SecondFactorTables = {
  accounts: { table: PgTable; tenantId: PgColumn; id: PgColumn; totpLastStep: PgColumn };
  codes: { table: PgTable; tenantId: PgColumn; owner: PgColumn; codeHash: PgColumn; usedAt: PgColumn };
};

/** A store over those tables for one account, inside the sign-in transaction. */
export const tableSecondFactorStore = (
  tx: Tx,
  now: Date,
  t: SecondFactorTables,
  account: { tenantId: string; id: string },
): SecondFactorStore => ({
  async claimTotpStep(step) {
    const a = t.accounts;
    // Spend the step atomically: a second sign-in with the same code finds it used.
    const res = await tx.execute(sql`
      update ${a.table} set ${sql.identifier(a.totpLastStep.name)} = ${step}
      where ${a.tenantId} = ${account.tenantId} and ${a.id} = ${account.id}
        and (${a.totpLastStep} is null or ${a.totpLastStep} < ${step})
      returning 1 as claimed`);
    return rowsOf(res).length > 0;
  },
  async spendRecoveryCode(codeHash) {
    const c = t.codes;
    const res = await tx.execute(sql`
      update ${c.table} set ${sql.identifier(c.usedAt.name)} = ${now}
      where ${c.tenantId} = ${account.tenantId} and ${c.owner} = ${account.id}
        and ${c.codeHash} = ${codeHash} and ${c.usedAt} is null
      returning 1 as spent`);
    return rowsOf(res).length > 0;
  },
});

export const mfaRequired = () =>
  new AppError('MFA_REQUIRED', { userMessage: 'Enter the code from your authenticator app.' });

/** Recovery codes are typed with or without the dash, in any case. */
export const recoveryCodeHash = (secrets: Secrets, code: string) =>
  secrets.hashToken(code.replaceAll('-', '').toLowerCase());

/** A TOTP code (each time step works once) or an unused recovery code (which is then spent). */
export const checkSecondFactor = async (
  secrets: Secrets,
  now: Date,
  totpSecretEnc: string | null,
  code: string,
  store: SecondFactorStore,
): Promise<boolean> => {
  if (!totpSecretEnc) return false;
  const step = totpStep(secrets.decrypt(totpSecretEnc), code, now);
  if (step !== null) return store.claimTotpStep(step);
  return store.spendRecoveryCode(recoveryCodeHash(secrets, code));
};

/** Refuses to start over while TOTP is on: the secret must not be swapped silently. */
export const assertTotpOff = (totpEnabledAt: Date | null) => {
  if (totpEnabledAt)
    throw new AppError('VALIDATION_FAILED', {
      userMessage: 'Two-factor sign-in is already on. Turn it off first.',
    });
};

/** A new secret (to be stored encrypted and inactive) and the QR code that carries it to the app. */
export const startTotpEnrolment = async (secrets: Secrets, label: string, issuer: string) => {
  const secret = newTotpSecret();
  const otpauthUrl = totpUri(secret, label, issuer);
  return {
    secretEnc: secrets.encrypt(secret),
    view: { otpauthUrl, secret, qrDataUrl: await QRCode.toDataURL(otpauthUrl, { margin: 1, width: 220 }) },
  };
};

/**
 * Checks the first code from the app against the pending secret; returns its time step (which the
 * caller stores as spent) and fresh recovery codes (shown once, stored hashed).
 */
export const confirmTotpEnrolment = (
  secrets: Secrets,
  now: Date,
  pending: { totpSecretEnc: string | null; totpEnabledAt: Date | null },
  code: string,
) => {
  if (!pending.totpSecretEnc || pending.totpEnabledAt)
    throw new AppError('VALIDATION_FAILED', { userMessage: 'Start two-factor setup first.' });
  const step = totpStep(secrets.decrypt(pending.totpSecretEnc), code, now);
  if (step === null)
    throw new AppError('VALIDATION_FAILED', {
      userMessage: 'The code is wrong. Check the time on your phone and try again.',
      fields: [{ path: 'code', message: 'The code is wrong.' }],
    });
  const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const raw = randomBytes(5).toString('hex');
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  });
  return { step, recoveryCodes, codeHashes: recoveryCodes.map((c) => recoveryCodeHash(secrets, c)) };
};

/** Turning the second factor off needs the password again (a stolen session alone cannot). */
export const assertPasswordConfirms = async (passwordHash: string | null, password: string) => {
  if (!passwordHash || !(await verifyPassword(passwordHash, password)))
    throw new AppError('VALIDATION_FAILED', {
      userMessage: 'The password is wrong.',
      fields: [{ path: 'password', message: 'The password is wrong.' }],
    });
};
