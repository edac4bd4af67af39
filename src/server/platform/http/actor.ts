import type { Permission, Role } from '../../../shared/permissions.js';
import type { TenantScope } from '../db/database.js';

export type StaffProfile = {
  email: string;
  name: string;
  locale: 'he' | 'en';
  totpEnabled: boolean;
  tenant: { slug: string; name: string; locale: 'he' | 'en' };
};

/** Who is making a request, resolved once per request by the request-context plugin. */
export type Actor =
  | { kind: 'anonymous' }
  | {
      kind: 'user';
      tenantId: string;
      userId: string;
      role: Role;
      permissions: ReadonlySet<Permission>;
      sessionId: string;
      /** The user and tenant as read with the session (cheap /me, names in logs). */
      profile?: StaffProfile;
    }
  | { kind: 'api_key'; tenantId: string; keyId: string; scopes: ReadonlySet<Permission> }
  | {
      kind: 'portal';
      tenantId: string;
      /** The portal_users row. */
      portalUserId: string;
      contactId: string;
      accountId: string;
      scope: 'own' | 'account';
      sessionId: string;
    };

export type AuthenticatedActor = Exclude<Actor, { kind: 'anonymous' }>;

/** What every use case receives: the actor plus request facts for the audit log. */
export type TenantCtx = {
  tenantId: string;
  actor: AuthenticatedActor;
  requestId: string;
  ip: string | undefined;
  userAgent: string | undefined;
};

/** The database role and settings a context's transactions run with. */
export const scopeOf = (ctx: TenantCtx): TenantScope => {
  const a = ctx.actor;
  switch (a.kind) {
    case 'user':
      return { role: 'staff', tenantId: ctx.tenantId, userId: a.userId };
    case 'api_key':
      return { role: 'staff', tenantId: ctx.tenantId };
    case 'portal':
      return {
        role: 'portal',
        tenantId: ctx.tenantId,
        accountId: a.accountId,
        contactId: a.contactId,
        portalScope: a.scope,
      };
    default:
      return assertUnreachable(a);
  }
};

export const actorId = (a: AuthenticatedActor): string => {
  switch (a.kind) {
    case 'user':
      return a.userId;
    case 'api_key':
      return a.keyId;
    case 'portal':
      return a.contactId;
    default:
      return assertUnreachable(a);
  }
};

export const assertUnreachable = (x: never): never => {
  throw new Error(`Unexpected value: ${JSON.stringify(x)}`);
};
