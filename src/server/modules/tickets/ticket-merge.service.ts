// Merging two tickets about the same request: the merged one is closed and points at the one
// kept, which gains its followers, CC and a note with what it said.
import type { Tx } from '../../platform/db/database.js';
import { validationError } from '../../platform/errors/app-error.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { auditFromCtx, recordAudit } from '../audit/index.js';
import { appendTimeline } from '../timeline/index.js';
import { applyTicketChange, ticketTitle, timelineChannelOf } from './ticket-changes.js';
import { addSystemNote, ticketClosed } from './ticket-messages.service.js';
import { requireTicket } from './ticket-refs.js';
import type { TicketsDeps } from './tickets.deps.js';
import { TICKET_EVENT } from './tickets.events.js';
import { getTicketRowOrThrow, loadTicket } from './tickets.repository.js';
import type { TicketsService } from './tickets.service.js';

export const createMerge = (deps: TicketsDeps, tickets: TicketsService) => ({
  /** Merges ticket `id` into `targetId`; returns the ticket kept. */
  merge: (ctx: TenantCtx, id: string, input: { targetId: string }) =>
    deps.database.tenantTx(scopeOf(ctx), async (tx: Tx) => {
      await getTicketRowOrThrow(tx, id);
      if (input.targetId === id)
        throw validationError([{ path: 'targetId', message: 'A ticket cannot merge into itself' }]);
      await requireTicket(tx, input.targetId, 'targetId');
      // Lock both in id order, as bulk updates do, so crossing merges cannot deadlock.
      const [first, second] = [id, input.targetId].sort();
      const locked = new Map([
        [first, await getTicketRowOrThrow(tx, first ?? '', { forUpdate: true })],
        [second, await getTicketRowOrThrow(tx, second ?? '', { forUpdate: true })],
      ]);
      const source = locked.get(id);
      const target = locked.get(input.targetId);
      if (!source || !target) throw new Error('merge rows vanished under lock');
      if (source.status === 'closed' || source.mergedIntoId) throw ticketClosed(' or merged already');
      if (target.status === 'closed' || target.mergedIntoId) {
        throw validationError([{ path: 'targetId', message: 'The target ticket is closed or merged' }]);
      }
      const c = tickets.changeCtx(tx, ctx);
      const note = [`Merged ticket #${source.number}: ${source.subject}`, source.descriptionText]
        .filter(Boolean)
        .join('\n\n');
      const kept = await addSystemNote(tx, c, target, note, {
        followers: [...new Set([...target.followers, ...source.followers])],
        cc: [...new Set([...target.cc, ...source.cc])],
      });
      const afterNote = await addSystemNote(
        tx,
        c,
        source,
        `Merged into ticket #${target.number}: ${target.subject}`,
      );
      await applyTicketChange(
        tx,
        c,
        afterNote,
        { status: 'closed', mergedIntoId: target.id },
        {
          events: [{ type: 'merged', to: target.id, data: { targetNumber: target.number } }],
        },
      );
      await appendTimeline(tx, {
        tenantId: ctx.tenantId,
        occurredAt: c.now,
        accountId: source.accountId,
        contactId: source.requesterContactId,
        type: 'ticket.merged',
        channel: timelineChannelOf(source.channel),
        title: ticketTitle(source),
        ref: { kind: 'ticket', id: source.id },
        actor: c.actor,
        data: { targetId: target.id, targetNumber: target.number },
      });
      c.publish(TICKET_EVENT.merged, {
        ticketId: source.id,
        number: source.number,
        targetId: target.id,
        targetNumber: target.number,
        actor: c.actor,
      });
      await recordAudit(
        tx,
        auditFromCtx(ctx, 'ticket.merged', { kind: 'ticket', id: source.id }, { targetId: target.id }),
      );
      return loadTicket(tx, kept);
    }),
});

export type Merge = ReturnType<typeof createMerge>;
