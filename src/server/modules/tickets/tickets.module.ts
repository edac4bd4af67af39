import { eq } from 'drizzle-orm';
import { createAttachments } from './attachments.service.js';
import { createCustomerWrites } from './customer-writes.js';
import { createMacros } from './macros.service.js';
import { createTeams } from './teams.service.js';
import { createMerge } from './ticket-merge.service.js';
import { createMessages } from './ticket-messages.service.js';
import { createTicketSettings } from './ticket-settings.service.js';
import type { TicketsDeps } from './tickets.deps.js';
import { createTickets } from './tickets.service.js';
import { tickets as ticketsTable } from './tickets.table.js';

/** Wires the service-desk use cases once per app, and follows CRM merges. */
export const createTicketsModule = (deps: TicketsDeps) => {
  const tickets = createTickets(deps);
  const messages = createMessages(deps);
  const m = {
    tickets,
    messages,
    merge: createMerge(deps, tickets),
    teams: createTeams(deps),
    macros: createMacros(deps, messages),
    attachments: createAttachments(deps),
    /** The portal's writes: a customer's own ticket, replies and status. */
    customer: createCustomerWrites(deps),
    settings: createTicketSettings(deps),
  };
  // A merged contact's or account's tickets follow the record that was kept.
  deps.events.subscribe('crm.record.merged', async (e) => {
    const { entity, survivorId, sourceId } = e.payload as {
      entity: string;
      survivorId: string;
      sourceId: string;
    };
    const col =
      entity === 'contact'
        ? ticketsTable.requesterContactId
        : entity === 'account'
          ? ticketsTable.accountId
          : null;
    if (!col) return;
    await deps.database.tenantTx({ role: 'staff', tenantId: e.tenantId }, (tx) =>
      tx
        .update(ticketsTable)
        .set({ [entity === 'contact' ? 'requesterContactId' : 'accountId']: survivorId, updatedAt: e.at })
        .where(eq(col, sourceId)),
    );
  });
  return m;
};

export type TicketsModule = ReturnType<typeof createTicketsModule>;
