import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { App } from '../../src/server/app.js';

export const PASSWORD = 'Correct-Horse-42';

export type Staff = {
  tenant: { id: string; slug: string; name: string };
  user: { id: string; email: string; name: string; role: string };
  email: string;
  password: string;
  cookie: string;
  headers: { cookie: string };
};

export const uniqueSlug = (prefix = 'org') => `${prefix}-${randomBytes(4).toString('hex')}`;

export const sessionCookieOf = (res: { cookies: Array<{ name: string; value: string }> }): string => {
  const c = res.cookies.find((x) => x.name === 'kesher_session');
  if (!c) throw new Error('no kesher_session cookie in response');
  return c.value;
};

/** A random private client address, so fixtures do not trip the per-IP sign-up limit. */
export const randomIp = () => `10.${[...randomBytes(3)].join('.')}`;

/** Creates an organization and its owner through the public signup API. */
export const signupTenant = async (
  app: App,
  over: { slug?: string; name?: string; email?: string; locale?: 'he' | 'en'; remoteAddress?: string } = {},
): Promise<Staff> => {
  const slug = over.slug ?? uniqueSlug();
  const email = over.email ?? `owner@${slug}.test`;
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/signup',
    remoteAddress: over.remoteAddress ?? randomIp(),
    payload: {
      organization: { name: over.name ?? `Org ${slug}`, slug },
      owner: { name: 'Dana Owner', email, password: PASSWORD },
      locale: over.locale ?? 'he',
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  const body = res.json();
  const cookie = sessionCookieOf(res);
  return { ...body, email, password: PASSWORD, cookie, headers: { cookie: `kesher_session=${cookie}` } };
};

/** The newest mail in a tenant's outbox (read on the system path, as the outbox screen would). */
export const lastMailTo = async (app: App, to: string) => {
  const { mailOutbox } = await import('../../src/server/platform/mail/mail.table.js');
  const { desc, eq } = await import('drizzle-orm');
  const [row] = await app.kesher.database.systemTx((tx) =>
    tx
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.toAddress, to))
      .orderBy(desc(mailOutbox.createdAt))
      .limit(1),
  );
  return row;
};

export const tokenFromMail = (text: string): string => {
  const m = /token=([^\s&"]+)/.exec(text);
  if (!m?.[1]) throw new Error('no token in mail');
  return decodeURIComponent(m[1]);
};

/** Invites a user as `inviter` and accepts the invitation; returns the new user's session. */
export const inviteAndAccept = async (
  app: App,
  inviter: Staff,
  input: { email?: string; name?: string; role: 'owner' | 'admin' | 'manager' | 'agent' },
): Promise<Staff> => {
  const email = input.email ?? `${input.role}-${randomBytes(3).toString('hex')}@${inviter.tenant.slug}.test`;
  const inv = await app.inject({
    method: 'POST',
    url: '/api/v1/users/invitations',
    headers: inviter.headers,
    payload: { email, name: input.name ?? `New ${input.role}`, role: input.role },
  });
  expect(inv.statusCode, inv.body).toBe(201);
  const token = tokenFromMail(inv.json().inviteUrl);
  const acc = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/invitations/accept',
    payload: { token, password: PASSWORD },
  });
  expect(acc.statusCode, acc.body).toBe(200);
  const cookie = sessionCookieOf(acc);
  return {
    tenant: inviter.tenant,
    user: acc.json().user,
    email,
    password: PASSWORD,
    cookie,
    headers: { cookie: `kesher_session=${cookie}` },
  };
};

/** POST /api/v1/auth/login for a staff member; returns the raw response. */
export const loginRequest = (
  app: App,
  who: { tenant: { slug: string }; email: string; password?: string },
  extra: { password?: string; totpCode?: string; remoteAddress?: string } = {},
) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    remoteAddress: extra.remoteAddress ?? randomIp(),
    payload: {
      workspace: who.tenant.slug,
      email: who.email,
      password: extra.password ?? who.password ?? PASSWORD,
      ...(extra.totpCode !== undefined ? { totpCode: extra.totpCode } : {}),
    },
  });

/** Signs in and returns the `cookie` header value of the new session. */
export const loginCookie = async (
  app: App,
  who: { tenant: { slug: string }; email: string; password?: string },
): Promise<{ cookie: string }> => {
  const res = await loginRequest(app, who);
  expect(res.statusCode, res.body).toBe(200);
  return { cookie: `kesher_session=${sessionCookieOf(res)}` };
};
