import { index, inet, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { id, tenantId, tenantPk, tstz } from '../../platform/db/columns.js';

/**
 * Append-only access and change log (Data Security Regulations 2017). The staff role has
 * INSERT and SELECT only: nothing in the app can rewrite history.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    tenantId: tenantId(),
    id: id(),
    at: tstz('at').notNull().defaultNow(),
    actorKind: text('actor_kind', { enum: ['user', 'api_key', 'portal', 'system', 'anonymous'] }).notNull(),
    actorId: uuid('actor_id'),
    action: text('action').notNull(),
    targetKind: text('target_kind'),
    targetId: uuid('target_id'),
    ip: inet('ip'),
    userAgent: text('user_agent'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [tenantPk(t), index('audit_log_tenant_at_idx').on(t.tenantId, t.at.desc())],
);

export type AuditRow = typeof auditLog.$inferSelect;
