import { createHash, randomBytes } from 'node:crypto';
import type { TKbLocale, TKbReaderListQuery } from '../../../shared/kb.schemas.js';
import { AppError } from '../../platform/errors/app-error.js';
import type { TenantCtx } from '../../platform/http/actor.js';
import { notFound } from '../../platform/http/versioning.js';
import { createThrottle, type ThrottleRule } from '../auth/index.js';
import { findTenantBySlug } from '../tenants/index.js';
import type { KbDeps } from './kb.deps.js';
import type { KbReader, KbReaderService } from './kb-reader.service.js';

/** Matches no account and no contact: the public reader can see no customer's data. */
export const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** Anonymous "was this helpful?" votes per IP per workspace (spam, not opinion, is limited). */
export const PUBLIC_VOTE_RULE: ThrottleRule = { max: 30, windowMs: 60 * 60_000, lockMs: 60 * 60_000 };

/** The anonymous voter's browser cookie: a random token, kept a year. */
export const KB_VOTER_COOKIE = 'kesher_kb_voter';
const VOTER_TOKEN = /^[\w-]{32,64}$/;

/**
 * The anonymous voter's id, from their cookie token: a UUID-shaped SHA-256 of it. The vote
 * policy of kesher_portal accepts only `contact:` + the transaction's app.contact_id, so the
 * visitor runs with this id as its contact id. Being a hash, nobody can pick a token that lands
 * on a real contact's id (and so change that contact's vote); it matches no contact row either.
 */
export const voterIdOf = (token: string): string => {
  const h = createHash('sha256').update(`kb-voter:${token}`).digest('hex');
  // Version 8 ("custom") and the RFC 9562 variant, so it is a well-formed UUID.
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((Number.parseInt(h[16] ?? '0', 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

export const newVoterToken = () => randomBytes(24).toString('base64url');

const validToken = (t: string | undefined) => (t && VOTER_TOKEN.test(t) ? t : undefined);

/** Portal contacts read through their session's scope. */
export const portalReader = (ctx: TenantCtx): KbReader => {
  const a = ctx.actor;
  if (a.kind !== 'portal') throw new AppError('FORBIDDEN', { userMessage: 'Customer portal only.' });
  return {
    scope: {
      role: 'portal',
      tenantId: ctx.tenantId,
      accountId: a.accountId,
      contactId: a.contactId,
      portalScope: a.scope,
    },
    publicOnly: false,
    voterKey: `contact:${a.contactId}`,
  };
};

export const createKbPublic = (deps: KbDeps, reader: KbReaderService) => {
  const throttle = createThrottle(deps.database, deps.clock);

  /**
   * The help centre is addressed by workspace slug. System path: the tenant is known only by its
   * slug until we find it (one indexed lookup of the tenants table, as at sign-in); everything
   * after runs as kesher_portal in that tenant.
   */
  const readerFor = async (workspace: string, voterToken: string | undefined): Promise<KbReader> => {
    const tenant = await deps.database.systemTx((tx) => findTenantBySlug(tx, workspace));
    if (!tenant) throw notFound('Help centre');
    const voterId = voterToken ? voterIdOf(voterToken) : NIL_UUID;
    return {
      scope: {
        role: 'portal',
        tenantId: tenant.id,
        accountId: NIL_UUID,
        contactId: voterId,
        portalScope: 'own',
      },
      publicOnly: true,
      voterKey: `contact:${voterId}`,
    };
  };

  return {
    categories: async (workspace: string, locale: TKbLocale) =>
      reader.categories(await readerFor(workspace, undefined), locale),

    list: async (workspace: string, q: TKbReaderListQuery) =>
      reader.list(await readerFor(workspace, undefined), q),

    view: async (workspace: string, id: string, locale: TKbLocale, voterToken: string | undefined) =>
      reader.view(await readerFor(workspace, validToken(voterToken)), id, locale),

    /**
     * An anonymous vote, keyed by the visitor's cookie (a new one is made on the first vote and
     * returned for the route to set). Rate-limited per IP so a script cannot stuff the counters.
     */
    feedback: async (input: {
      workspace: string;
      id: string;
      helpful: boolean;
      voterToken: string | undefined;
      ip: string;
    }) => {
      const token = validToken(input.voterToken) ?? newVoterToken();
      const r = await readerFor(input.workspace, token);
      const locked = await throttle.consume([[`kb-vote:${r.scope.tenantId}:${input.ip}`, PUBLIC_VOTE_RULE]]);
      if (locked > 0) {
        throw new AppError('RATE_LIMITED', {
          userMessage: 'Too many votes from here. Try again later.',
          retryAfterSeconds: locked,
        });
      }
      const result = await reader.feedback(r, input.id, input.helpful);
      return { result, voterToken: token, newVoter: token !== input.voterToken };
    },
  };
};

export type KbPublic = ReturnType<typeof createKbPublic>;
