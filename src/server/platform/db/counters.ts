import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from './database.js';

/**
 * Next number of a per-tenant sequence, inside the caller's transaction. The row lock serialises
 * writers of the same tenant and name only; a rolled-back transaction leaves no gap.
 */
export const nextNumber = async (tx: Tx, tenantId: string, name: string, start = 1001): Promise<number> => {
  const res = await tx.execute(sql`
    insert into tenant_counters (tenant_id, name, value) values (${tenantId}, ${name}, ${start})
    on conflict (tenant_id, name) do update set value = tenant_counters.value + 1
    returning value`);
  const value = rowsOf<{ value: string | number }>(res)[0]?.value;
  if (value === undefined) throw new Error('counter returned nothing');
  return Number(value);
};
