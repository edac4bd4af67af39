import { eq, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.js';
import { timelineEntries } from './timeline.table.js';

/**
 * Moves a merged-away account's or contact's timeline onto the survivor, inside the merge's
 * transaction; returns how many entries now belong to the survivor. An entry about a contact of
 * both accounts was written once per account: the source's copy is dropped, not doubled.
 */
export const reassignTimeline = async (
  tx: Tx,
  input: { subject: 'account' | 'contact'; from: string; to: string },
): Promise<number> => {
  if (input.subject === 'contact') {
    const moved = await tx
      .update(timelineEntries)
      .set({ contactId: input.to })
      .where(eq(timelineEntries.contactId, input.from))
      .returning({ id: timelineEntries.id });
    return moved.length;
  }
  await tx.execute(sql`
    delete from ${timelineEntries} s
     where s.account_id = ${input.from}
       and exists (select 1 from ${timelineEntries} t
                    where t.tenant_id = s.tenant_id and t.account_id = ${input.to}
                      and t.occurred_at = s.occurred_at and t.type = s.type
                      and t.ref_kind is not distinct from s.ref_kind and t.ref_id is not distinct from s.ref_id
                      and t.contact_id is not distinct from s.contact_id)`);
  const moved = await tx
    .update(timelineEntries)
    .set({ accountId: input.to })
    .where(eq(timelineEntries.accountId, input.from))
    .returning({ id: timelineEntries.id });
  return moved.length;
};
