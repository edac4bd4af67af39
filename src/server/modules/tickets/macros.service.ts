// Canned replies: HTML with placeholders, rendered for one ticket with every value HTML-escaped.
import { and, asc, eq, isNull } from 'drizzle-orm';
import {
  MACRO_PLACEHOLDERS,
  type TCreateMacro,
  type TMacro,
  type TUpdateMacro,
} from '../../../shared/tickets.schemas.js';
import type { Tx } from '../../platform/db/database.js';
import { AppError, validationError } from '../../platform/errors/app-error.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { escapeHtml } from '../../platform/security/html.js';
import { auditFromCtx, recordAudit } from '../audit/index.js';
import { users } from '../auth/index.js';
import { contacts } from '../crm/index.js';
import { type MacroRow, macros } from './teams.table.js';
import { actorOf, applyTicketChange } from './ticket-changes.js';
import { richText } from './ticket-html.js';
import type { Messages } from './ticket-messages.service.js';
import type { TicketsDeps } from './tickets.deps.js';
import { eventQueue } from './tickets.events.js';
import { getTicketRowOrThrow } from './tickets.repository.js';
import { expectedVersion } from './tickets.service.js';

const PLACEHOLDER = /\{\{\s*([a-zA-Z.]+)\s*\}\}/g;
const KNOWN: ReadonlySet<string> = new Set(MACRO_PLACEHOLDERS);

const toMacro = (r: MacroRow): TMacro => ({
  id: r.id,
  name: r.name,
  bodyHtml: r.bodyHtml,
  visibility: r.visibility,
  statusAfter: r.statusAfter,
  addTags: r.addTags,
  version: r.version,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
});

/** Sanitises a macro body and refuses placeholders nobody can fill. */
const checkedBody = (body: string) => {
  const unknown = [...body.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '').filter((p) => !KNOWN.has(p));
  if (unknown.length) {
    throw validationError([
      {
        path: 'body',
        message: `Unknown placeholder(s): ${[...new Set(unknown)].join(', ')}. Use: ${MACRO_PLACEHOLDERS.join(', ')}`,
      },
    ]);
  }
  return richText(body).html;
};

/** Fills the placeholders; every value is HTML-escaped (names are typed by people). */
export const renderMacro = (bodyHtml: string, values: Record<string, string>) =>
  bodyHtml.replace(PLACEHOLDER, (m, key: string) => (key in values ? escapeHtml(values[key] ?? '') : m));

const macroNotFound = () => new AppError('NOT_FOUND', { userMessage: 'Macro not found.' });

const getMacroOrThrow = async (tx: Tx, id: string) => {
  const [row] = await tx
    .select()
    .from(macros)
    .where(and(eq(macros.id, id), isNull(macros.deletedAt)))
    .limit(1);
  if (!row) throw macroNotFound();
  return row;
};

export const createMacros = (deps: TicketsDeps, messages: Messages) => {
  const inTx = <T>(ctx: TenantCtx, fn: (tx: Tx) => Promise<T>) => deps.database.tenantTx(scopeOf(ctx), fn);

  return {
    list: (ctx: TenantCtx) =>
      inTx(ctx, async (tx) => ({
        items: (await tx.select().from(macros).where(isNull(macros.deletedAt)).orderBy(asc(macros.name))).map(
          toMacro,
        ),
      })),

    get: (ctx: TenantCtx, id: string) => inTx(ctx, async (tx) => toMacro(await getMacroOrThrow(tx, id))),

    create: (ctx: TenantCtx, input: TCreateMacro) =>
      inTx(ctx, async (tx) => {
        const now = deps.clock.now();
        const [row] = await tx
          .insert(macros)
          .values({
            tenantId: ctx.tenantId,
            name: input.name,
            bodyHtml: checkedBody(input.body),
            visibility: input.visibility,
            statusAfter: input.statusAfter,
            addTags: [...new Set(input.addTags)],
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        if (!row) throw new Error('macro insert returned nothing');
        await recordAudit(tx, auditFromCtx(ctx, 'macro.created', { kind: 'macro', id: row.id }));
        return toMacro(row);
      }),

    update: (ctx: TenantCtx, id: string, input: TUpdateMacro, ifMatch: string | undefined) =>
      inTx(ctx, async (tx) => {
        const expected = expectedVersion(ifMatch, input.version);
        const current = await getMacroOrThrow(tx, id);
        if (current.version !== expected) {
          throw new AppError('VERSION_CONFLICT', {
            userMessage: 'Someone else changed this macro since you opened it.',
            extra: { current: toMacro(current) },
          });
        }
        const [row] = await tx
          .update(macros)
          .set({
            ...(input.name !== undefined ? { name: input.name } : {}),
            ...(input.body !== undefined ? { bodyHtml: checkedBody(input.body) } : {}),
            ...(input.visibility !== undefined ? { visibility: input.visibility } : {}),
            ...(input.statusAfter !== undefined ? { statusAfter: input.statusAfter } : {}),
            ...(input.addTags !== undefined ? { addTags: [...new Set(input.addTags)] } : {}),
            version: current.version + 1,
            updatedAt: deps.clock.now(),
          })
          .where(and(eq(macros.id, id), eq(macros.version, current.version)))
          .returning();
        if (!row) throw macroNotFound();
        await recordAudit(tx, auditFromCtx(ctx, 'macro.updated', { kind: 'macro', id }));
        return toMacro(row);
      }),

    remove: (ctx: TenantCtx, id: string) =>
      inTx(ctx, async (tx) => {
        const current = await getMacroOrThrow(tx, id);
        await tx
          .update(macros)
          .set({ deletedAt: deps.clock.now(), version: current.version + 1 })
          .where(eq(macros.id, id));
        await recordAudit(tx, auditFromCtx(ctx, 'macro.deleted', { kind: 'macro', id }));
      }),

    /**
     * Renders a macro for a ticket (requester, ticket, the agent applying it). With `send`, posts
     * it as a message (its visibility and status) and adds its tags, in one transaction.
     */
    apply: (ctx: TenantCtx, ticketId: string, input: { macroId: string; send: boolean }) =>
      inTx(ctx, async (tx) => {
        const ticket = await getTicketRowOrThrow(tx, ticketId);
        const macro = await getMacroOrThrow(tx, input.macroId);
        const [requester] = await tx
          .select({ first: contacts.firstName, last: contacts.lastName })
          .from(contacts)
          .where(eq(contacts.id, ticket.requesterContactId))
          .limit(1);
        const [agent] =
          ctx.actor.kind === 'user'
            ? await tx.select({ name: users.name }).from(users).where(eq(users.id, ctx.actor.userId)).limit(1)
            : [];
        const agentName = agent?.name ?? '';
        const values: Record<string, string> = {
          'requester.firstName': requester?.first ?? '',
          'requester.lastName': requester?.last ?? '',
          'requester.name': [requester?.first, requester?.last].filter(Boolean).join(' '),
          'ticket.number': String(ticket.number),
          'ticket.subject': ticket.subject,
          'agent.name': agentName,
          'agent.firstName': agentName.split(/\s+/)[0] ?? '',
        };
        const bodyHtml = renderMacro(macro.bodyHtml, values);
        let posted = null;
        if (input.send) {
          posted = await messages.postInTx(
            tx,
            ctx,
            ticketId,
            {
              body: bodyHtml,
              visibility: macro.visibility,
              author: 'agent',
              attachmentIds: [],
              force: true,
              ...(macro.statusAfter ? { statusAfter: macro.statusAfter } : {}),
            },
            undefined,
          );
          if (macro.addTags.length) {
            const locked = await getTicketRowOrThrow(tx, ticketId, { forUpdate: true });
            const now = deps.clock.now();
            const row = await applyTicketChange(
              tx,
              {
                tenantId: ctx.tenantId,
                actor: actorOf(ctx),
                now,
                publish: eventQueue(tx, deps.events, ctx.tenantId, now),
              },
              locked,
              { tags: [...new Set([...locked.tags, ...macro.addTags])] },
            );
            posted = { ...posted, ticket: { ...posted.ticket, version: row.version } };
          }
        }
        return {
          bodyHtml,
          visibility: macro.visibility,
          statusAfter: macro.statusAfter,
          addTags: macro.addTags,
          posted,
        };
      }),
  };
};

export type Macros = ReturnType<typeof createMacros>;
