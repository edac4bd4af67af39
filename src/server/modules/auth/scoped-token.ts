import { randomToken } from '../../platform/ids.js';

// Tokens carry their tenant id in the clear (`<tenantId>.<secret>`), so lookups are by
// (tenant_id, token_hash) like every other tenant-owned index, and go through RLS.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const makeScopedToken = (tenantId: string): string => `${tenantId}.${randomToken(32)}`;

export const parseScopedToken = (
  token: string | undefined,
): { tenantId: string; token: string } | undefined => {
  if (!token || token.length > 200) return undefined;
  const dot = token.indexOf('.');
  const tenantId = token.slice(0, dot);
  if (dot !== 36 || !UUID.test(tenantId) || token.length - dot < 20) return undefined;
  return { tenantId, token };
};

// API keys: `ksk_<tenant id without dashes>_<secret>`; recognisable in logs and secret scanners.
export const makeApiKey = (tenantId: string): string =>
  `ksk_${tenantId.replaceAll('-', '')}_${randomToken(32)}`;

export const parseApiKey = (key: string): { tenantId: string; key: string } | undefined => {
  const m = /^ksk_([0-9a-f]{32})_([A-Za-z0-9_-]{40,60})$/.exec(key);
  const hex = m?.[1];
  if (!hex) return undefined;
  const tenantId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { tenantId, key };
};
