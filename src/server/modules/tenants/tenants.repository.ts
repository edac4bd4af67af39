import { eq, sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../platform/db/database.js';
import { type TenantRow, tenants } from './tenants.table.js';

export type CreateTenantInput = { name: string; slug: string; locale: 'he' | 'en' };

/** System path (signup): inserts a tenant. The caller runs it in systemTx. */
export const insertTenant = async (tx: Tx, input: CreateTenantInput): Promise<TenantRow | undefined> => {
  const [row] = await tx
    .insert(tenants)
    .values({ name: input.name, slug: input.slug, locale: input.locale })
    .onConflictDoNothing({ target: tenants.slug })
    .returning();
  return row;
};

/** System path: find a workspace by its slug before any tenant is known (sign-in, reset). */
export const findTenantBySlug = async (tx: Tx, slug: string): Promise<TenantRow | undefined> => {
  const [row] = await tx.select().from(tenants).where(eq(tenants.slug, slug)).limit(1);
  return row;
};

/** Within a tenant transaction, RLS shows exactly one row: the tenant's own. */
export const getCurrentTenant = async (tx: Tx, tenantId: string): Promise<TenantRow | undefined> => {
  const [row] = await tx.select().from(tenants).where(eq(tenants.id, tenantId)).limit(1);
  return row;
};

/** System path: is this a fresh install (first-run signup)? */
export const anyTenantExists = async (tx: Tx): Promise<boolean> => {
  const res = await tx.execute(sql`select exists(select 1 from tenants) as e`);
  return Boolean(rowsOf<{ e: boolean }>(res)[0]?.e);
};
