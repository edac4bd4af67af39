import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { App } from '../../src/server/app.js';
import { PASSWORD, randomIp, type Staff, tokenFromMail } from './staff.js';

export type PortalUserFixture = {
  cookie: string;
  /** `cookie` header value for app.inject. */
  headers: { cookie: string };
  portalUserId: string;
  contactId: string;
  accountId: string;
  tenantId: string;
  email: string;
  password: string;
};

export const portalCookieOf = (res: { cookies: Array<{ name: string; value: string }> }): string => {
  const c = res.cookies.find((x) => x.name === 'kesher_portal_session');
  if (!c) throw new Error('no kesher_portal_session cookie in response');
  return c.value;
};

/** A customer account through the staff API. */
export const createAccount = async (
  app: App,
  owner: Staff,
  name = `Acme ${randomBytes(2).toString('hex')}`,
) => {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/accounts',
    headers: owner.headers,
    payload: { name },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; name: string };
};

/** A contact of an account through the staff API. */
export const createContact = async (app: App, owner: Staff, accountId: string, email?: string) => {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/contacts',
    headers: owner.headers,
    payload: {
      firstName: 'Noa',
      lastName: `Customer ${randomBytes(2).toString('hex')}`,
      accountId,
      emails: [email ?? `noa-${randomBytes(3).toString('hex')}@customer.test`],
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; emails: string[] };
};

/**
 * A signed-in portal user, made through the real endpoints: staff grants access
 * (POST /api/v1/contacts/:id/portal-access), the customer accepts the invite link.
 * Creates the account and contact unless given.
 */
export const createPortalUser = async (
  app: App,
  owner: Staff,
  opts: { accountId?: string; contactId?: string; scope?: 'own' | 'account' } = {},
): Promise<PortalUserFixture> => {
  const accountId = opts.accountId ?? (await createAccount(app, owner)).id;
  const contactId = opts.contactId ?? (await createContact(app, owner, accountId)).id;
  const grant = await app.inject({
    method: 'POST',
    url: `/api/v1/contacts/${contactId}/portal-access`,
    headers: owner.headers,
    payload: { enabled: true, scope: opts.scope ?? 'own', accountId },
  });
  expect(grant.statusCode, grant.body).toBe(200);
  const { inviteUrl, portalUser } = grant.json();
  const accept = await app.inject({
    method: 'POST',
    url: '/api/portal/v1/auth/accept-invite',
    remoteAddress: randomIp(),
    payload: { token: tokenFromMail(inviteUrl), password: PASSWORD },
  });
  expect(accept.statusCode, accept.body).toBe(204);
  const cookie = portalCookieOf(accept);
  return {
    cookie,
    headers: { cookie: `kesher_portal_session=${cookie}` },
    portalUserId: portalUser.id,
    contactId,
    accountId,
    tenantId: owner.tenant.id,
    email: portalUser.email,
    password: PASSWORD,
  };
};
