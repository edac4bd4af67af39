import { type AnyPgColumn, integer, primaryKey, timestamp, uuid } from 'drizzle-orm/pg-core';
import { uuidv7 } from '../ids.js';

/**
 * Row id: a UUIDv7 made by the app (time-ordered; see ids.ts). Tenant-owned tables make
 * (tenant_id, id) their primary key with `tenantPk(t)`, so every table can be sharded by tenant.
 */
export const id = () =>
  uuid('id')
    .notNull()
    .$defaultFn(() => uuidv7());

/** Composite primary key (tenant_id, id) for tenant-owned tables. */
export const tenantPk = (t: { tenantId: AnyPgColumn; id: AnyPgColumn }) =>
  primaryKey({ columns: [t.tenantId, t.id] });

/** Every tenant-owned table has this column, NOT NULL, leading its unique indexes; RLS reads it. */
export const tenantId = () => uuid('tenant_id').notNull();

export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const timestamps = () => ({ createdAt: createdAt(), updatedAt: updatedAt() });

/** Optimistic concurrency: PATCH carries the version it read (If-Match). */
export const version = () => integer('version').notNull().default(1);

export const tstz = (name: string) => timestamp(name, { withTimezone: true });
