import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '../../platform/db/database.js';

/**
 * Live accounts whose `external_refs[system]` is one of `refs`, as ref → account id. Datasets use
 * it to give ERP records an owner; a ref held by two accounts goes to the older one (lowest id).
 */
export const accountIdsByExternalRef = async (
  tx: Tx,
  system: string,
  refs: readonly string[],
): Promise<Map<string, string>> => {
  const out = new Map<string, string>();
  const wanted = [...new Set(refs)];
  if (!wanted.length) return out;
  const rows = rowsOf<{ ref: string; id: string }>(
    await tx.execute(sql`
      select distinct on (ref) ref, id
      from (select external_refs ->> ${system} as ref, id from accounts where deleted_at is null) a
      where ref in (select jsonb_array_elements_text(${JSON.stringify(wanted)}::jsonb))
      order by ref, id`),
  );
  for (const r of rows) out.set(r.ref, r.id);
  return out;
};
