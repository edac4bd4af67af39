import { and, desc, eq, isNull } from 'drizzle-orm';
import type { ApiKeyScope } from '../../../shared/permissions.js';
import { AppError } from '../../platform/errors/app-error.js';
import { type Actor, scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { auditFromCtx, recordAudit } from '../audit/index.js';
import type { AuthDeps } from './auth.deps.js';
import { type ApiKeyRow, apiKeys } from './auth.table.js';
import { makeApiKey, parseApiKey } from './scoped-token.js';

const toApiKey = (k: ApiKeyRow) => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  scopes: k.scopes as ApiKeyScope[],
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
});

const TOUCH_EVERY_MS = 60_000;

/** API keys for integrations: hashed at rest, shown once, named, scoped, revocable. */
export const createApiKeys = (deps: AuthDeps) => ({
  list: (ctx: TenantCtx) =>
    deps.database.tenantTx(scopeOf(ctx), async (tx) => {
      const rows = await tx.select().from(apiKeys).orderBy(desc(apiKeys.createdAt)).limit(500);
      return { items: rows.map(toApiKey) };
    }),

  create: (ctx: TenantCtx, input: { name: string; scopes: ApiKeyScope[] }) =>
    deps.database.tenantTx(scopeOf(ctx), async (tx) => {
      const key = makeApiKey(ctx.tenantId);
      const [row] = await tx
        .insert(apiKeys)
        .values({
          tenantId: ctx.tenantId,
          name: input.name,
          // The key's last characters (its secret may itself contain '_', so not split on it).
          prefix: `ksk_…${key.slice(-6)}`,
          keyHash: deps.secrets.hashToken(key),
          scopes: [...new Set(input.scopes)],
          createdBy: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
        })
        .returning();
      if (!row) throw new Error('api key insert returned nothing');
      await recordAudit(
        tx,
        auditFromCtx(
          ctx,
          'api_key.created',
          { kind: 'api_key', id: row.id },
          { name: row.name, scopes: row.scopes },
        ),
      );
      const { id, name, prefix, scopes } = toApiKey(row);
      return { id, key, name, prefix, scopes };
    }),

  revoke: (ctx: TenantCtx, id: string) =>
    deps.database.tenantTx(scopeOf(ctx), async (tx) => {
      const [row] = await tx
        .update(apiKeys)
        .set({ revokedAt: deps.clock.now() })
        .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
        .returning();
      if (!row) throw new AppError('API_KEY_NOT_FOUND', { userMessage: 'API key not found.' });
      await recordAudit(tx, auditFromCtx(ctx, 'api_key.revoked', { kind: 'api_key', id }));
    }),

  /** The actor behind `Authorization: Bearer <key>`, or anonymous. */
  async resolve(bearer: string): Promise<Actor> {
    const parsed = parseApiKey(bearer);
    if (!parsed) return { kind: 'anonymous' };
    const now = deps.clock.now();
    // Like the session lookup: one autocommitted statement per request, filtered by the tenant
    // the key names.
    return deps.database.systemQuery(async (db) => {
      const [row] = await db
        .select()
        .from(apiKeys)
        .where(
          and(
            eq(apiKeys.tenantId, parsed.tenantId),
            eq(apiKeys.keyHash, deps.secrets.hashToken(parsed.key)),
            isNull(apiKeys.revokedAt),
          ),
        )
        .limit(1);
      if (!row) return { kind: 'anonymous' } as const;
      if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
        await db
          .update(apiKeys)
          .set({ lastUsedAt: now })
          .where(and(eq(apiKeys.tenantId, row.tenantId), eq(apiKeys.id, row.id)));
      }
      return {
        kind: 'api_key',
        tenantId: row.tenantId,
        keyId: row.id,
        scopes: new Set(row.scopes as ApiKeyScope[]),
      } as const;
    });
  },
});
