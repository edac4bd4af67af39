import type { TUser } from '../../../shared/auth.schemas.js';
import type { UserRow } from './auth.table.js';

export const toUser = (u: UserRow, tenantLocale: 'he' | 'en'): TUser => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  locale: u.locale ?? tenantLocale,
  totpEnabled: u.totpEnabledAt !== null,
});

export const userStatus = (u: UserRow): 'active' | 'invited' | 'deactivated' =>
  !u.active ? 'deactivated' : u.passwordHash === null ? 'invited' : 'active';

export const toUserListItem = (u: UserRow) => ({
  id: u.id,
  email: u.email,
  name: u.name,
  role: u.role,
  active: u.active,
  status: userStatus(u),
  lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
  createdAt: u.createdAt.toISOString(),
});
