import { sql } from 'drizzle-orm';
import type { TSignupBody } from '../../../shared/auth.schemas.js';
import { AppError } from '../../platform/errors/app-error.js';
import { hashPassword, passwordWeakness } from '../../platform/security/passwords.js';
import { recordAudit } from '../audit/index.js';
import { anyTenantExists, insertTenant } from '../tenants/index.js';
import type { AuthDeps } from './auth.deps.js';
import { users } from './auth.table.js';
import type { RequestInfo } from './login.service.js';
import type { Sessions } from './sessions.service.js';
import { SEND_RULE, type Throttle } from './throttle.js';
import { toUser } from './users.mapper.js';

/** Creating an organization with its owner: the first-run screen, or self-service when KESHER_SIGNUP=open. */
export const createSignup = (deps: AuthDeps, sessions: Sessions, throttle: Throttle) => ({
  async status() {
    const exists = await deps.database.systemTx((tx) => anyTenantExists(tx));
    return { needsSetup: !exists && deps.signup !== 'closed', signup: deps.signup };
  },

  async signup(input: TSignupBody, req: RequestInfo) {
    if (deps.signup === 'closed')
      throw new AppError('SIGNUP_CLOSED', { userMessage: 'Creating organizations is turned off.' });
    const weak = passwordWeakness(input.owner.password, [input.owner.email, input.owner.name]);
    if (weak) {
      throw new AppError('WEAK_PASSWORD', {
        userMessage: weak,
        fields: [{ path: 'owner.password', message: weak }],
      });
    }
    if (deps.signup === 'open') {
      const locked = await throttle.consume([
        [`signup-ip:${req.ip ?? 'unknown'}`, { ...SEND_RULE, max: 10 }],
      ]);
      if (locked > 0)
        throw new AppError('RATE_LIMITED', {
          userMessage: 'Too many sign-ups from here.',
          retryAfterSeconds: locked,
        });
    }
    const passwordHash = await hashPassword(input.owner.password);
    // Tenant creation is the system path: no tenant exists yet to scope by. One transaction, so
    // a failure leaves no organization without an owner.
    return deps.database.systemTx(async (tx) => {
      // Serialise concurrent first-run signups: only one may win.
      await tx.execute(sql`select pg_advisory_xact_lock(7362002)`);
      if (deps.signup === 'first-run' && (await anyTenantExists(tx))) {
        throw new AppError('SIGNUP_CLOSED', {
          userMessage: 'This Kesher is already set up. Sign in instead.',
        });
      }
      const tenant = await insertTenant(tx, {
        name: input.organization.name,
        slug: input.organization.slug,
        locale: input.locale,
      });
      if (!tenant) {
        throw new AppError('SLUG_TAKEN', {
          userMessage: 'This workspace address is taken.',
          fields: [{ path: 'organization.slug', message: 'This workspace address is taken.' }],
        });
      }
      const now = deps.clock.now();
      const [owner] = await tx
        .insert(users)
        .values({
          tenantId: tenant.id,
          email: input.owner.email,
          name: input.owner.name,
          role: 'owner',
          passwordHash,
          locale: input.locale,
          passwordChangedAt: now,
          lastLoginAt: now,
        })
        .returning();
      if (!owner) throw new Error('owner insert returned nothing');
      const sessionToken = await sessions.start(tx, { tenantId: tenant.id, userId: owner.id, ...req });
      await recordAudit(tx, {
        tenantId: tenant.id,
        actorKind: 'user',
        actorId: owner.id,
        action: 'tenant.created',
        targetKind: 'tenant',
        targetId: tenant.id,
        ip: req.ip,
        userAgent: req.userAgent,
      });
      return {
        tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name, locale: tenant.locale },
        user: toUser(owner, tenant.locale),
        sessionToken,
      };
    });
  },
});
