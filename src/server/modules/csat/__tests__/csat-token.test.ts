import { describe, expect, it } from 'vitest';
import { createSecrets } from '../../../platform/security/secrets.js';
import { readCsatToken, signCsatToken } from '../csat-token.js';

const secrets = createSecrets('a'.repeat(64));
const claims = {
  tenantId: '0190c6a4-0000-7000-8000-000000000001',
  ticketId: '0190c6a4-0000-7000-8000-000000000002',
  expiresAt: new Date('2026-04-04T13:00:00Z'),
};

describe('CSAT tokens', () => {
  it('round-trips tenant, ticket and expiry', () => {
    expect(readCsatToken(secrets, signCsatToken(secrets, claims))).toEqual(claims);
  });

  it('rejects a changed character anywhere, another key, and junk', () => {
    const token = signCsatToken(secrets, claims);
    for (const i of [0, 10, token.indexOf('.') + 1, token.length - 1]) {
      const c = token[i] === 'A' ? 'B' : 'A';
      expect(readCsatToken(secrets, token.slice(0, i) + c + token.slice(i + 1))).toBeUndefined();
    }
    expect(readCsatToken(createSecrets('b'.repeat(64)), token)).toBeUndefined();
    expect(readCsatToken(secrets, `${token}.x`)).toBeUndefined();
    expect(readCsatToken(secrets, 'not-a-token')).toBeUndefined();
  });

  it('fits a URL path segment', () => {
    expect(signCsatToken(secrets, claims).length).toBeLessThanOrEqual(100);
  });

  it('a body re-signed with another tenant is worthless without the key', () => {
    const token = signCsatToken(secrets, claims);
    const [, sig] = token.split('.');
    const [body] = signCsatToken(secrets, {
      ...claims,
      tenantId: '0190c6a4-0000-7000-8000-000000000009',
    }).split('.');
    expect(readCsatToken(secrets, `${body}.${sig}`)).toBeUndefined();
  });
});
