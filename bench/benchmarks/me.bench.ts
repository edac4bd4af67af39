// GET /api/v1/me: the request every screen makes first, and the floor under every other staff
// request (each one resolves its session the same way).
import { createHmac, hkdfSync } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isDeepStrictEqual } from 'node:util';
import { permissionsOf, type Role } from '../../src/shared/permissions.js';
import { type BareResponse, openBareDb, startBareServer } from '../lib/bare.js';
import { defineBenchmark } from '../lib/benchmark.js';
import { signupStaff } from '../lib/seed.js';

// The session, its user and its tenant in one statement, by the same unique index Kesher uses
// (sessions_token_hash_key on (tenant_id, token_hash)); RLS applies as in Kesher.
const ME_SQL = `select s.last_seen_at, s.expires_at,
       u.id as user_id, u.email, u.name as user_name, u.role, u.locale as user_locale, u.active,
       u.totp_enabled_at, t.id as tenant_id, t.slug, t.name as tenant_name, t.locale as tenant_locale
  from sessions s
  join users u on u.tenant_id = s.tenant_id and u.id = s.user_id
  join tenants t on t.id = s.tenant_id
 where s.tenant_id = $1 and s.token_hash = $2 and s.revoked_at is null
 limit 1`;

type MeRow = {
  last_seen_at: Date | string;
  expires_at: Date | string;
  user_id: string;
  email: string;
  user_name: string;
  role: Role;
  user_locale: 'he' | 'en' | null;
  active: boolean;
  totp_enabled_at: Date | string | null;
  tenant_id: string;
  slug: string;
  tenant_name: string;
  tenant_locale: 'he' | 'en';
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TOUCH_EVERY_MS = 60_000;
const UNAUTHENTICATED: BareResponse = { status: 401, body: { code: 'UNAUTHENTICATED' } };

const sessionCookie = (req: IncomingMessage): string | undefined => {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (part.slice(0, eq).trim() === 'kesher_session') return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
};

export default defineBenchmark({
  name: 'me',
  description: 'GET /api/v1/me with a session cookie: session by token hash, its user and tenant',
  async prepare(env) {
    const staff = await signupStaff(env.kesher.app);
    const bareDb = openBareDb(env.db, env.poolSize);
    // The same keyed hash Kesher stores (HMAC-SHA256 under a key derived from SESSION_SECRET).
    const hmacKey = Buffer.from(
      hkdfSync('sha256', env.kesher.config.sessionSecret, 'kesher', 'token-hash', 32),
    );
    const { sessionIdleMs } = env.kesher.config;

    const me = async (req: IncomingMessage): Promise<BareResponse> => {
      const token = sessionCookie(req);
      const dot = token?.indexOf('.') ?? -1;
      const tenantId = token?.slice(0, dot);
      if (!token || token.length > 200 || dot !== 36 || !tenantId || !UUID.test(tenantId)) {
        return UNAUTHENTICATED;
      }
      const hash = createHmac('sha256', hmacKey).update(token).digest('base64url');
      const [row] = await bareDb.staffQuery<MeRow>(tenantId, ME_SQL, [tenantId, hash]);
      if (!row?.active) return UNAUTHENTICATED;
      const now = Date.now();
      const lastSeen = new Date(row.last_seen_at).getTime();
      if (new Date(row.expires_at).getTime() <= now || now - lastSeen > sessionIdleMs) return UNAUTHENTICATED;
      if (now - lastSeen > TOUCH_EVERY_MS) {
        // Rare (once a minute per session), so a second transaction costs nothing measurable.
        await bareDb.staffQuery(
          tenantId,
          'update sessions set last_seen_at = $3 where tenant_id = $1 and token_hash = $2',
          [tenantId, hash, new Date(now)],
        );
      }
      return {
        status: 200,
        body: {
          user: {
            id: row.user_id,
            email: row.email,
            name: row.user_name,
            role: row.role,
            locale: row.user_locale ?? row.tenant_locale,
            totpEnabled: row.totp_enabled_at !== null,
          },
          tenant: { id: row.tenant_id, slug: row.slug, name: row.tenant_name, locale: row.tenant_locale },
          permissions: [...permissionsOf(row.role)],
        },
      };
    };
    const bare = await startBareServer({ 'GET /api/v1/me': me });

    const targets = [
      { name: 'bare', url: `${bare.url}/api/v1/me`, headers: staff.headers },
      { name: 'kesher', url: `${env.kesher.url}/api/v1/me`, headers: staff.headers },
      // Same Fastify app, no database: how much of Kesher's time is the HTTP stack itself.
      { name: 'kesher /healthz', url: `${env.kesher.url}/healthz`, diagnostic: true },
    ];

    // Both sides must give the same answer, or the ratio compares different work.
    const [bareBody, kesherBody] = await Promise.all(
      targets.slice(0, 2).map(async (t) => {
        const res = await fetch(t.url, { headers: t.headers });
        if (res.status !== 200) throw new Error(`${t.name} /me answered ${res.status}: ${await res.text()}`);
        return res.json();
      }),
    );
    if (!isDeepStrictEqual(bareBody, kesherBody)) {
      throw new Error(
        `bare and kesher /me differ:\n${JSON.stringify(bareBody)}\n${JSON.stringify(kesherBody)}`,
      );
    }

    return {
      targets,
      notes: [
        `seeded: 1 tenant + owner via POST /api/v1/signup; every request sends its kesher_session cookie`,
        `bare: node:http + ${bareDb.via}; one join (sessions ⋈ users ⋈ tenants) under RLS as kesher_staff, same JSON as Kesher (checked)`,
        'kesher: full app (helmet, cookie, request context, metrics, zod serializer); the session is resolved by one autocommitted statement on the system path and /me is answered from it',
      ],
      close: async () => {
        await bare.close();
        await bareDb.close();
      },
    };
  },
});
