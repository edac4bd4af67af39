import { randomBytes } from 'node:crypto';
import type { App } from '../../src/server/app.js';

export type SignedInStaff = {
  tenant: { id: string; slug: string; name: string };
  user: { id: string; email: string };
  /** The raw `kesher_session` cookie value. */
  session: string;
  /** Ready to send: `{ cookie: 'kesher_session=…' }`. */
  headers: { cookie: string };
};

/** A new organization and its owner through the app's own signup route, signed in. */
export const signupStaff = async (app: App, prefix = 'bench'): Promise<SignedInStaff> => {
  const slug = `${prefix}-${randomBytes(4).toString('hex')}`;
  const email = `owner@${slug}.test`;
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/signup',
    payload: {
      organization: { name: `Bench ${slug}`, slug },
      owner: { name: 'Bench Owner', email, password: `Bench-${randomBytes(8).toString('hex')}-42` },
      locale: 'he',
    },
  });
  if (res.statusCode !== 201) throw new Error(`signup failed: ${res.statusCode} ${res.body}`);
  const session = res.cookies.find((c) => c.name === 'kesher_session')?.value;
  if (!session) throw new Error('signup set no kesher_session cookie');
  const body = res.json() as { tenant: SignedInStaff['tenant']; user: SignedInStaff['user'] };
  return { tenant: body.tenant, user: body.user, session, headers: { cookie: `kesher_session=${session}` } };
};
