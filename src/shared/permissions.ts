/** What each staff role may do. Routes declare the permission they need; roles map to sets. */
export const PERMISSIONS = [
  'users:read',
  'users:manage',
  'api-keys:manage',
  'settings:manage',
  'audit:read',
  // Team-wide service figures: SLA breaches, the service dashboard (managers and up).
  'reports:read',
  'crm:read',
  'crm:write',
  'tickets:read',
  'tickets:write',
  'datasets:read',
  'datasets:write',
  // Knowledge base: everyone reads (internal articles too); managers and up write.
  'kb:read',
  'kb:write',
  // Customer portal: who gets access, branding, connectors' credentials.
  'portal:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['owner', 'admin', 'manager', 'agent'] as const;
export type Role = (typeof ROLES)[number];

const everyday: Permission[] = [
  'users:read',
  'crm:read',
  'crm:write',
  'tickets:read',
  'tickets:write',
  'datasets:read',
  'kb:read',
];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  owner: PERMISSIONS,
  admin: PERMISSIONS,
  manager: [...everyday, 'audit:read', 'reports:read', 'kb:write'],
  agent: everyday,
};

/** Scopes an API key may carry: the data permissions, never user or key management. */
export const API_KEY_SCOPES = [
  'crm:read',
  'crm:write',
  'tickets:read',
  'tickets:write',
  'datasets:read',
  'datasets:write',
] as const satisfies readonly Permission[];
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export const permissionsOf = (role: Role): readonly Permission[] => ROLE_PERMISSIONS[role];
