import type { TPortalUser } from '../../../shared/portal.schemas.js';
import type { PortalUserRow } from './portal.table.js';

export const toPortalUser = (r: PortalUserRow): TPortalUser => ({
  id: r.id,
  contactId: r.contactId,
  accountId: r.accountId,
  email: r.email,
  scope: r.scope,
  enabled: r.enabled,
  activated: r.passwordHash !== null,
  totpEnabled: r.totpEnabledAt !== null,
  lastLoginAt: r.lastLoginAt?.toISOString() ?? null,
  createdAt: r.createdAt.toISOString(),
});
