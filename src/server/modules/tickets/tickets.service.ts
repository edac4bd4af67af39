import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import {
  type TCreateTicket,
  TICKET_STATUSES,
  type TTicketBulk,
  type TTicketCounts,
  type TTicketDetail,
  type TTicketListQuery,
  type TTicketStatus,
  type TUpdateTicket,
} from '../../../shared/tickets.schemas.js';
import { rowsOf, type Tx } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { auditFromCtx, recordAudit } from '../audit/index.js';
import { checkCustomFields, mergeCustomFields } from '../custom-fields/index.js';
import { removeSearchDocument } from '../search/index.js';
import { teamMembers } from './teams.table.js';
import { pickAssignee } from './ticket-assignment.js';
import {
  actorOf,
  applyTicketChange,
  type ChangeCtx,
  indexTicket,
  insertTicketEvents,
  requesterNameOf,
  type TicketPatch,
} from './ticket-changes.js';
import { applyCounterChanges, readCounters, TENANT_SCOPE } from './ticket-counters.js';
import { createTicketInTx } from './ticket-create.js';
import { buildInboxSql, decodeInboxCursor, type InboxRow, inboxPage } from './ticket-inbox.sql.js';
import { requireParent, requireTeam, requireUser, requireUsers } from './ticket-refs.js';
import { ticketSettingsOf } from './ticket-settings.service.js';
import { assertTransition, canTransition } from './ticket-status.js';
import type { TicketsDeps } from './tickets.deps.js';
import { eventQueue } from './tickets.events.js';
import {
  getTicketRowOrThrow,
  listEvents,
  listMessages,
  loadTicket,
  ticketNotFound,
  ticketRef,
} from './tickets.repository.js';
import { type TicketRow, ticketAttachments, tickets } from './tickets.table.js';

// Inside the expectedVersion/versionConflict conventions of the CRM (crm-common is private to crm).
const expectedVersion = (ifMatch: string | undefined, bodyVersion: number | undefined): number => {
  const fromHeader = ifMatch ? Number(ifMatch.replace(/^W\//, '').replaceAll('"', '')) : undefined;
  const v = fromHeader ?? bodyVersion;
  if (v === undefined || !Number.isInteger(v)) {
    throw new AppError('PRECONDITION_REQUIRED', {
      userMessage:
        'Send the version you read (If-Match header or "version") so changes are never overwritten silently.',
    });
  }
  return v;
};

export { expectedVersion };

export const versionConflict = (current: unknown) =>
  new AppError('VERSION_CONFLICT', {
    userMessage: 'Someone else changed this ticket since you opened it. Review it and try again.',
    extra: { current },
  });

/** The teams a user belongs to. */
export const teamsOfUser = async (tx: Tx, userId: string | null) =>
  userId
    ? (
        await tx
          .select({ teamId: teamMembers.teamId })
          .from(teamMembers)
          .where(eq(teamMembers.userId, userId))
          .orderBy(asc(teamMembers.teamId))
      ).map((r) => r.teamId)
    : [];

const userOf = (ctx: TenantCtx) => (ctx.actor.kind === 'user' ? ctx.actor.userId : null);

/**
 * Checks a PATCH (or one ticket of a bulk update) and turns it into a TicketPatch: ids must exist
 * in the tenant, the status must be reachable. A team in an automatic mode assigns the ticket
 * when it moves there and no assignee is named.
 */
const preparePatch = async (
  tx: Tx,
  ctx: TenantCtx,
  current: TicketRow,
  input: Omit<TUpdateTicket, 'version'>,
): Promise<{ patch: TicketPatch; autoAssigned: boolean }> => {
  const patch: TicketPatch = {};
  if (input.status !== undefined) {
    assertTransition(current.status, input.status);
    patch.status = input.status;
  }
  if (input.subject !== undefined) patch.subject = input.subject;
  if (input.priority !== undefined) patch.priority = input.priority;
  if (input.category !== undefined) patch.category = input.category;
  if (input.tags !== undefined) patch.tags = [...new Set(input.tags)];
  if (input.cc !== undefined) patch.cc = [...new Set(input.cc.map((e) => e.toLowerCase()))];
  if (input.followers !== undefined) patch.followers = await requireUsers(tx, input.followers, 'followers');
  if (input.parentId !== undefined) {
    if (input.parentId) await requireParent(tx, current.id, input.parentId);
    patch.parentId = input.parentId;
  }
  if (input.customFields !== undefined) {
    const checked = await checkCustomFields(tx, 'ticket', input.customFields, { partial: true });
    patch.customFields = mergeCustomFields(current.customFields, checked);
  }
  if (input.assigneeId !== undefined) {
    if (input.assigneeId) await requireUser(tx, input.assigneeId, 'assigneeId');
    patch.assigneeId = input.assigneeId;
  }
  let autoAssigned = false;
  if (input.teamId !== undefined) {
    if (input.teamId) await requireTeam(tx, input.teamId);
    patch.teamId = input.teamId;
    if (input.teamId && input.teamId !== current.teamId && input.assigneeId === undefined) {
      const picked = await pickAssignee(tx, ctx.tenantId, input.teamId);
      if (picked) {
        patch.assigneeId = picked;
        autoAssigned = true;
      }
    }
  }
  return { patch, autoAssigned };
};

export type TicketsService = ReturnType<typeof createTickets>;

export const createTickets = (deps: TicketsDeps) => {
  const inTx = <T>(ctx: TenantCtx, fn: (tx: Tx) => Promise<T>) => deps.database.tenantTx(scopeOf(ctx), fn);
  const changeCtx = (tx: Tx, ctx: TenantCtx): ChangeCtx => {
    const now = deps.clock.now();
    return {
      tenantId: ctx.tenantId,
      actor: actorOf(ctx),
      now,
      publish: eventQueue(tx, deps.events, ctx.tenantId, now),
    };
  };

  return {
    changeCtx,

    create: (ctx: TenantCtx, input: TCreateTicket) =>
      inTx(ctx, async (tx) => {
        const row = await createTicketInTx(tx, changeCtx(tx, ctx), input);
        await recordAudit(tx, auditFromCtx(ctx, 'ticket.created', { kind: 'ticket', id: row.id }));
        return loadTicket(tx, row);
      }),

    /** The ticket with its conversation, audit trail, parent and children. */
    get: (ctx: TenantCtx, id: string): Promise<TTicketDetail> =>
      inTx(ctx, async (tx) => {
        const row = await getTicketRowOrThrow(tx, id);
        const ticket = await loadTicket(tx, row);
        const messages = await listMessages(tx, id);
        const [parent] = row.parentId
          ? await tx.select().from(tickets).where(eq(tickets.id, row.parentId)).limit(1)
          : [];
        const children = await tx
          .select()
          .from(tickets)
          .where(and(eq(tickets.parentId, id), isNull(tickets.deletedAt)))
          .orderBy(asc(tickets.number));
        return {
          ...ticket,
          messages,
          events: await listEvents(tx, id),
          parent: parent ? ticketRef(parent) : null,
          children: children.map(ticketRef),
          lastPublicMessageId: messages.filter((m) => m.visibility === 'public').at(-1)?.id ?? null,
          attachments: await tx
            .select({
              id: ticketAttachments.id,
              fileName: ticketAttachments.fileName,
              contentType: ticketAttachments.contentType,
              size: ticketAttachments.size,
            })
            .from(ticketAttachments)
            .where(and(eq(ticketAttachments.ticketId, id), isNull(ticketAttachments.messageId)))
            .orderBy(asc(ticketAttachments.id)),
          statusLabels: (await ticketSettingsOf(tx)).labels,
        };
      }),

    /** An inbox view, sorted by SLA due (breached first), keyset-paged. */
    list: (ctx: TenantCtx, q: TTicketListQuery) =>
      inTx(ctx, async (tx) => {
        const statement = buildInboxSql({
          tenantId: ctx.tenantId,
          view: q.view,
          userId: userOf(ctx),
          statuses: q.status,
          priorities: q.priority,
          assigneeId: q.assigneeId,
          teamId: q.teamId,
          q: q.q,
          limit: q.limit,
          cursor: q.cursor ? decodeInboxCursor(q.cursor) : undefined,
          now: deps.clock.now(),
        });
        if (!statement) return { items: [], nextCursor: null };
        const rows = rowsOf<InboxRow>(await tx.execute(statement));
        return inboxPage(rows, q.limit, q.view);
      }),

    /** Badge counts from the maintained counters: a handful of rows, never a count(*). */
    counts: (ctx: TenantCtx): Promise<TTicketCounts> =>
      inTx(ctx, async (tx) => {
        const userId = userOf(ctx);
        const teamIds = await teamsOfUser(tx, userId);
        const rows = await readCounters(tx, ctx.tenantId, userId, teamIds);
        const get = (scope: string, scopeId: string, key: string) =>
          rows.find((r) => r.scope === scope && r.scopeId === scopeId && r.key === key)?.count ?? 0;
        const byStatus = Object.fromEntries(
          TICKET_STATUSES.map((s) => [s, get('tenant', TENANT_SCOPE, `status:${s}`)]),
        ) as Record<TTicketStatus, number>;
        const mineByStatus = Object.fromEntries(
          TICKET_STATUSES.map((s) => [s, userId ? get('user', userId, `mine:${s}`) : 0]),
        ) as Record<TTicketStatus, number>;
        const teams = teamIds.map((teamId) => ({
          teamId,
          active: get('team', teamId, 'active'),
          unassigned: get('team', teamId, 'unassigned'),
        }));
        return {
          views: {
            mine: userId ? get('user', userId, 'mine') : 0,
            unassigned: get('tenant', TENANT_SCOPE, 'unassigned'),
            team: teams.reduce((a, t) => a + t.active, 0),
            open: byStatus.new + byStatus.open,
            pending: byStatus.pending_customer + byStatus.on_hold,
          },
          byStatus,
          mineByStatus,
          teams,
        };
      }),

    update: (ctx: TenantCtx, id: string, input: TUpdateTicket, ifMatch: string | undefined) =>
      inTx(ctx, async (tx) => {
        const expected = expectedVersion(ifMatch, input.version);
        const current = await getTicketRowOrThrow(tx, id, { forUpdate: true });
        if (current.version !== expected) throw versionConflict(await loadTicket(tx, current));
        const { version: _v, ...fields } = input;
        const { patch, autoAssigned } = await preparePatch(tx, ctx, current, fields);
        const row = await applyTicketChange(tx, changeCtx(tx, ctx), current, patch, { autoAssigned });
        if (row !== current) {
          await recordAudit(
            tx,
            auditFromCtx(ctx, 'ticket.updated', { kind: 'ticket', id }, { fields: Object.keys(fields) }),
          );
        }
        return loadTicket(tx, row);
      }),

    /** Several tickets at once; each is checked on its own and a refused one is listed, not fatal. */
    bulk: (ctx: TenantCtx, input: TTicketBulk) =>
      inTx(ctx, async (tx) => {
        const c = changeCtx(tx, ctx);
        const { addTags, removeTags, ...set } = input.set;
        const failed: Array<{ id: string; code: string; message: string }> = [];
        let affected = 0;
        // Lock in id order, as every writer does, so two bulk updates cannot deadlock.
        const rows = await tx
          .select()
          .from(tickets)
          .where(and(inArray(tickets.id, input.ids), isNull(tickets.deletedAt)))
          .orderBy(asc(tickets.id))
          .for('update');
        const found = new Map(rows.map((r) => [r.id, r]));
        for (const id of input.ids) {
          const current = found.get(id);
          if (!current) {
            failed.push({ id, code: 'NOT_FOUND', message: 'Ticket not found' });
            continue;
          }
          if (set.status && !canTransition(current.status, set.status)) {
            failed.push({
              id,
              code: 'INVALID_STATUS_TRANSITION',
              message: `A ${current.status} ticket cannot become ${set.status}`,
            });
            continue;
          }
          let tags: string[] | undefined;
          if (addTags || removeTags) {
            tags = [...new Set([...current.tags, ...(addTags ?? [])])].filter(
              (t) => !removeTags?.includes(t),
            );
          }
          const { patch, autoAssigned } = await preparePatch(tx, ctx, current, {
            ...set,
            ...(tags ? { tags } : {}),
          });
          const row = await applyTicketChange(tx, c, current, patch, { autoAssigned });
          found.set(id, row);
          if (row !== current) affected++;
        }
        await recordAudit(
          tx,
          auditFromCtx(ctx, 'ticket.bulk_update', undefined, {
            count: affected,
            ids: input.ids.slice(0, 100),
            set: Object.keys(input.set),
          }),
        );
        return { affected, failed };
      }),

    /** Moves to the trash (out of every view and badge); restorable. */
    remove: (ctx: TenantCtx, id: string) =>
      inTx(ctx, async (tx) => {
        const current = await getTicketRowOrThrow(tx, id, { forUpdate: true });
        const c = changeCtx(tx, ctx);
        const [row] = await tx
          .update(tickets)
          .set({ deletedAt: c.now, version: current.version + 1, updatedAt: c.now })
          .where(eq(tickets.id, id))
          .returning();
        if (!row) throw ticketNotFound();
        await applyCounterChanges(tx, ctx.tenantId, [{ before: current, after: row }]);
        await insertTicketEvents(tx, c, id, [{ type: 'deleted' }]);
        await removeSearchDocument(tx, 'ticket', id);
        await recordAudit(tx, auditFromCtx(ctx, 'ticket.deleted', { kind: 'ticket', id }));
      }),

    restore: (ctx: TenantCtx, id: string) =>
      inTx(ctx, async (tx) => {
        const current = await getTicketRowOrThrow(tx, id, { includeDeleted: true, forUpdate: true });
        if (!current.deletedAt) return loadTicket(tx, current);
        const c = changeCtx(tx, ctx);
        const [row] = await tx
          .update(tickets)
          .set({ deletedAt: null, version: current.version + 1, updatedAt: c.now })
          .where(eq(tickets.id, id))
          .returning();
        if (!row) throw ticketNotFound();
        await applyCounterChanges(tx, ctx.tenantId, [{ before: current, after: row }]);
        await insertTicketEvents(tx, c, id, [{ type: 'restored' }]);
        await indexTicket(tx, row, await requesterNameOf(tx, row.requesterContactId));
        await recordAudit(tx, auditFromCtx(ctx, 'ticket.restored', { kind: 'ticket', id }));
        return loadTicket(tx, row);
      }),
  };
};
