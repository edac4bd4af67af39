import { desc, lt } from 'drizzle-orm';
import type { Database, Tx } from '../../platform/db/database.js';
import { actorId, scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { auditLog } from './audit.table.js';

export type AuditEntry = {
  tenantId: string;
  actorKind: 'user' | 'api_key' | 'portal' | 'system' | 'anonymous';
  actorId?: string | null;
  action: string;
  targetKind?: string;
  targetId?: string;
  ip?: string | undefined;
  userAgent?: string | undefined;
  details?: Record<string, unknown>;
};

/** Appends an audit row inside the caller's transaction: the log and the change commit together. */
export const recordAudit = async (tx: Tx, e: AuditEntry): Promise<void> => {
  await tx.insert(auditLog).values({
    tenantId: e.tenantId,
    actorKind: e.actorKind,
    actorId: e.actorId ?? null,
    action: e.action,
    targetKind: e.targetKind ?? null,
    targetId: e.targetId ?? null,
    ip: e.ip ?? null,
    userAgent: e.userAgent?.slice(0, 300) ?? null,
    details: e.details ?? {},
  });
};

/** Audit entry for an action taken by the request's actor. */
export const auditFromCtx = (
  ctx: TenantCtx,
  action: string,
  target?: { kind: string; id: string },
  details?: Record<string, unknown>,
): AuditEntry => ({
  tenantId: ctx.tenantId,
  actorKind: ctx.actor.kind,
  actorId: actorId(ctx.actor),
  action,
  ...(target ? { targetKind: target.kind, targetId: target.id } : {}),
  ip: ctx.ip,
  userAgent: ctx.userAgent,
  ...(details ? { details } : {}),
});

/**
 * Audits a customer's data view (Data Security Regulations: access logging) inside the portal
 * session's own transaction: kesher_portal may append rows of its tenant whose actor is the
 * session's contact (0024_portal_audit_insert.sql) and read none, so the view and its log row
 * commit together and cost no second transaction.
 */
export const recordPortalView = (
  tx: Tx,
  ctx: TenantCtx,
  action: string,
  target: { kind: string; id: string },
  details?: Record<string, unknown>,
): Promise<void> => recordAudit(tx, auditFromCtx(ctx, action, target, details));

export const listAuditLog = (
  database: Database,
  ctx: TenantCtx,
  input: { limit: number; cursor?: string | undefined },
) =>
  database.tenantTx(scopeOf(ctx), async (tx) => {
    // UUIDv7 ids sort by time, so the id is the cursor.
    const rows = await tx
      .select()
      .from(auditLog)
      .where(input.cursor ? lt(auditLog.id, input.cursor) : undefined)
      .orderBy(desc(auditLog.id))
      .limit(input.limit + 1);
    const page = rows.slice(0, input.limit);
    return {
      items: page.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        actorKind: r.actorKind,
        actorId: r.actorId,
        action: r.action,
        targetKind: r.targetKind,
        targetId: r.targetId,
        ip: r.ip,
        details: r.details,
      })),
      nextCursor: rows.length > input.limit ? (page.at(-1)?.id ?? null) : null,
    };
  });
