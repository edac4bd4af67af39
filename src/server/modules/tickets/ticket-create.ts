// Opening a ticket, inside a transaction: from the API, and for a follow-up when a customer
// writes to a closed ticket.
import type { TCreateTicket } from '../../../shared/tickets.schemas.js';
import { nextNumber } from '../../platform/db/counters.js';
import type { Tx } from '../../platform/db/database.js';
import { checkCustomFields } from '../custom-fields/index.js';
import { appendTimeline } from '../timeline/index.js';
import { pickAssignee } from './ticket-assignment.js';
import {
  type ChangeCtx,
  indexTicket,
  insertTicketEvents,
  type NewTicketEvent,
  ticketTitle,
  timelineChannelOf,
} from './ticket-changes.js';
import { applyCounterChanges } from './ticket-counters.js';
import { richText } from './ticket-html.js';
import {
  primaryAccountOf,
  requireAccount,
  requireContact,
  requireParent,
  requireTeam,
  requireUser,
  requireUsers,
} from './ticket-refs.js';
import { planTicketSla } from './ticket-sla.js';
import { TICKET_EVENT } from './tickets.events.js';
import { fullName } from './tickets.repository.js';
import { type TicketRow, tickets } from './tickets.table.js';

/**
 * Creates a ticket: every id it names must exist in the tenant (else 400 naming the field, and
 * nothing is written). The account defaults to the requester's primary account; a team in
 * round-robin or least-open mode assigns it; the SLA is planned from the matching policy.
 */
export const createTicketInTx = async (
  tx: Tx,
  c: ChangeCtx,
  input: TCreateTicket,
  opts: { customFieldKeys?: ReadonlySet<string> } = {},
): Promise<TicketRow> => {
  const contact = await requireContact(tx, input.requesterId);
  const accountId = input.accountId
    ? (await requireAccount(tx, input.accountId)).id
    : await primaryAccountOf(tx, contact.id);
  if (input.assigneeId) await requireUser(tx, input.assigneeId, 'assigneeId');
  if (input.teamId) await requireTeam(tx, input.teamId);
  const followers = await requireUsers(tx, input.followers, 'followers');
  if (input.parentId) await requireParent(tx, null, input.parentId);
  const customFields = await checkCustomFields(tx, 'ticket', input.customFields, {
    partial: false,
    onlyKeys: opts.customFieldKeys,
  });
  const description = richText(input.description);

  let assigneeId = input.assigneeId ?? null;
  const autoAssigned = !assigneeId && input.teamId ? await pickAssignee(tx, c.tenantId, input.teamId) : null;
  assigneeId ??= autoAssigned;
  const planned = await planTicketSla(
    tx,
    {
      tenantId: c.tenantId,
      priority: input.priority,
      category: input.category ?? null,
      channel: input.channel,
      accountId,
      sla: null,
    },
    [{ type: 'created', at: c.now, status: 'new' }],
    c.now,
    { reselect: true },
  );
  // The number last: its counter row stays locked until commit, and every ticket of the tenant
  // waits for it, so nothing slow (SLA planning) may come after it.
  const number = await nextNumber(tx, c.tenantId, 'ticket', 1001);
  const [row] = await tx
    .insert(tickets)
    .values({
      tenantId: c.tenantId,
      number,
      subject: input.subject,
      descriptionHtml: description.html,
      descriptionText: description.text,
      requesterContactId: contact.id,
      accountId,
      channel: input.channel,
      category: input.category ?? null,
      priority: input.priority,
      status: 'new',
      assigneeId,
      teamId: input.teamId ?? null,
      tags: [...new Set(input.tags)],
      customFields,
      followers,
      cc: [...new Set(input.cc.map((e) => e.toLowerCase()))],
      parentId: input.parentId ?? null,
      sla: planned.sla,
      dueAt: planned.dueAt,
      warnAt: planned.warnAt,
      slaNextCheckAt: planned.nextCheckAt,
      createdAt: c.now,
      updatedAt: c.now,
    })
    .returning();
  if (!row) throw new Error('ticket insert returned nothing');

  const events: NewTicketEvent[] = [
    { type: 'created', to: 'new', data: { channel: row.channel, priority: row.priority } },
  ];
  if (row.teamId) events.push({ type: 'team_changed', to: row.teamId });
  if (row.assigneeId) {
    events.push({ type: 'assigned', to: row.assigneeId, ...(autoAssigned ? { data: { auto: true } } : {}) });
  }
  await insertTicketEvents(tx, c, row.id, events);
  await applyCounterChanges(tx, c.tenantId, [{ before: null, after: row }]);
  const requesterName = fullName(contact.firstName, contact.lastName);
  await indexTicket(tx, row, requesterName);
  await appendTimeline(tx, {
    tenantId: c.tenantId,
    occurredAt: c.now,
    accountId: row.accountId,
    contactId: row.requesterContactId,
    type: 'ticket.created',
    channel: timelineChannelOf(row.channel),
    title: ticketTitle(row),
    summary: row.descriptionText.slice(0, 500) || null,
    ref: { kind: 'ticket', id: row.id },
    actor: c.actor,
    data: { number: row.number, priority: row.priority },
  });

  const base = { ticketId: row.id, number: row.number };
  c.publish(TICKET_EVENT.created, {
    ...base,
    subject: row.subject,
    status: row.status,
    priority: row.priority,
    channel: row.channel,
    requesterContactId: row.requesterContactId,
    accountId: row.accountId,
    assigneeId: row.assigneeId,
    teamId: row.teamId,
    parentId: row.parentId,
    sla: row.sla,
    actor: c.actor,
  });
  if (row.assigneeId || row.teamId) {
    c.publish(TICKET_EVENT.assigned, {
      ...base,
      assigneeId: row.assigneeId,
      previousAssigneeId: null,
      teamId: row.teamId,
      previousTeamId: null,
      auto: Boolean(autoAssigned),
      actor: c.actor,
    });
  }
  return row;
};
