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
export const signupStaff = async (
  app: App,
  prefix = 'bench',
  /** A known password lets a later run sign in to a cached tenant again. */
  opts: { name?: string; password?: string } = {},
): Promise<SignedInStaff> => {
  const slug = `${prefix}-${randomBytes(4).toString('hex')}`;
  const email = `owner@${slug}.test`;
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/signup',
    payload: {
      organization: { name: opts.name ?? `Bench ${slug}`, slug },
      owner: {
        name: 'Bench Owner',
        email,
        password: opts.password ?? `Bench-${randomBytes(8).toString('hex')}-42`,
      },
      locale: 'he',
    },
  });
  if (res.statusCode !== 201) throw new Error(`signup failed: ${res.statusCode} ${res.body}`);
  const session = res.cookies.find((c) => c.name === 'kesher_session')?.value;
  if (!session) throw new Error('signup set no kesher_session cookie');
  const body = res.json() as { tenant: SignedInStaff['tenant']; user: SignedInStaff['user'] };
  return { tenant: body.tenant, user: body.user, session, headers: { cookie: `kesher_session=${session}` } };
};

/** `count` accounts through the API, account i with the Priority ref `C<i>`; their ids in order. */
export const createOwnerAccounts = async (
  app: App,
  staff: SignedInStaff,
  count: number,
  name: (i: number) => string,
): Promise<string[]> => {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 10) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(10, count - i) }, (_, j) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/accounts',
          headers: staff.headers,
          payload: { name: name(i + j), externalRefs: { priority: `C${i + j}` } },
        }),
      ),
    );
    for (const res of batch) {
      if (res.statusCode !== 201) throw new Error(`account: ${res.statusCode} ${res.body}`);
      ids.push((res.json() as { id: string }).id);
    }
  }
  return ids;
};

/** The "stock" dataset of these fields (all shown), keyed by PARTNAME, owned through CUSTNAME. */
export const createStockDataset = async (
  app: App,
  staff: SignedInStaff,
  fields: ReadonlyArray<readonly [string, string]>,
) => {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/datasets',
    headers: staff.headers,
    payload: {
      key: 'stock',
      labelHe: 'מלאי',
      labelEn: 'Stock',
      fields: fields.map(([key, type]) => ({
        key,
        type,
        labelHe: key,
        labelEn: key,
        shown: true,
        filterable: false,
      })),
      recordKey: ['PARTNAME'],
      ownerField: 'CUSTNAME',
    },
  });
  if (res.statusCode !== 201) throw new Error(`dataset: ${res.statusCode} ${res.body}`);
};
