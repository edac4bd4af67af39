// Signed survey links: the token carries the tenant, the ticket and an expiry, and an HMAC over
// them (keyed from SESSION_SECRET), so the public page needs no login and no lookup table, and a
// changed character makes the link worthless.
import type { Secrets } from '../../platform/security/secrets.js';

export type CsatClaims = { tenantId: string; ticketId: string; expiresAt: Date };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// Domain separation: the same key also hashes session tokens; a survey signature never equals one.
const signatureOf = (secrets: Secrets, body: string) => secrets.hashToken(`csat.v1:${body}`);

const uuidBytes = (u: string) => Buffer.from(u.replaceAll('-', ''), 'hex');
const uuidOf = (b: Buffer) => {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

// Binary body (tenant 16 bytes, ticket 16 bytes, expiry 4 bytes of Unix seconds): the whole token
// is 92 characters, short enough for a URL path segment (Fastify's default limit is 100).
export const signCsatToken = (secrets: Secrets, c: CsatClaims): string => {
  const exp = Buffer.alloc(4);
  exp.writeUInt32BE(Math.floor(c.expiresAt.getTime() / 1000));
  const body = Buffer.concat([uuidBytes(c.tenantId), uuidBytes(c.ticketId), exp]).toString('base64url');
  return `${body}.${signatureOf(secrets, body)}`;
};

/**
 * The claims of a genuine token, whatever its expiry (the caller decides between "expired" and
 * "valid"); undefined for anything forged, truncated or malformed.
 */
export const readCsatToken = (secrets: Secrets, token: string): CsatClaims | undefined => {
  const [body, sig, extra] = token.split('.');
  if (!body || !sig || extra !== undefined) return undefined;
  if (!secrets.safeEqual(sig, signatureOf(secrets, body))) return undefined;
  const raw = Buffer.from(body, 'base64url');
  if (raw.length !== 36) return undefined;
  const tenantId = uuidOf(raw.subarray(0, 16));
  const ticketId = uuidOf(raw.subarray(16, 32));
  if (!UUID.test(tenantId) || !UUID.test(ticketId)) return undefined;
  return { tenantId, ticketId, expiresAt: new Date(raw.readUInt32BE(32) * 1000) };
};
