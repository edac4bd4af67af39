import { and, asc, eq, gt, ilike, isNotNull, isNull, lt, lte, type SQL, sql } from 'drizzle-orm';
import type { TCreateTask, TTask, TTaskListQuery, TUpdateTask } from '../../../shared/crm/tasks.schemas.js';
import type { Tx } from '../../platform/db/database.js';
import { validationError } from '../../platform/errors/app-error.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { auditFromCtx, recordAudit } from '../audit/index.js';
import { appendTimeline, timelineActor } from '../timeline/index.js';
import type { CrmDeps } from './crm.deps.js';
import {
  cursorValue,
  expectedVersion,
  keyset,
  notFound,
  pageOf,
  resolveSort,
  throwIfErrors,
  versionConflict,
} from './crm-common.js';
import { checkLinks, tenantTimeZone, timelineTargets } from './crm-links.js';
import { type TaskRow, tasks } from './tasks.table.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const toTask = (r: TaskRow): TTask => ({
  id: r.id,
  title: r.title,
  description: r.description,
  assigneeId: r.assigneeId,
  dueAt: iso(r.dueAt),
  reminderAt: iso(r.reminderAt),
  priority: r.priority,
  status: r.status,
  doneAt: iso(r.doneAt),
  doneBy: r.doneBy,
  createdBy: r.createdBy,
  accountId: r.accountId,
  contactId: r.contactId,
  dealId: r.dealId,
  leadId: r.leadId,
  ticketId: r.ticketId,
  version: r.version,
  createdAt: r.createdAt.toISOString(),
  updatedAt: r.updatedAt.toISOString(),
  deletedAt: iso(r.deletedAt),
});

export const getTaskOrThrow = async (tx: Tx, id: string, opts: { includeDeleted?: boolean } = {}) => {
  const [row] = await tx
    .select()
    .from(tasks)
    .where(and(eq(tasks.id, id), opts.includeDeleted ? undefined : isNull(tasks.deletedAt)))
    .limit(1);
  if (!row) throw notFound('Task');
  return row;
};

const userIdOf = (ctx: TenantCtx) => (ctx.actor.kind === 'user' ? ctx.actor.userId : null);
const toDate = (s: string | null | undefined) => (s == null ? s : new Date(s));

/**
 * Open tasks whose reminder is due: reminder_at in (since, now]. For the notifications job, which
 * runs it on the system path across tenants (tasks_reminder_idx) and passes its last run as
 * `since`, so each reminder is found once without a "sent" flag on the task.
 */
export const dueReminders = (tx: Tx, now: Date, opts: { since?: Date; limit?: number } = {}) =>
  tx
    .select({
      tenantId: tasks.tenantId,
      id: tasks.id,
      title: tasks.title,
      assigneeId: tasks.assigneeId,
      dueAt: tasks.dueAt,
      reminderAt: tasks.reminderAt,
    })
    .from(tasks)
    .where(
      and(
        eq(tasks.status, 'open'),
        isNotNull(tasks.reminderAt),
        isNull(tasks.deletedAt),
        lte(tasks.reminderAt, now),
        opts.since ? gt(tasks.reminderAt, opts.since) : undefined,
      ),
    )
    .orderBy(asc(tasks.reminderAt), asc(tasks.id))
    .limit(opts.limit ?? 1000);

// The tenant's local midnight of `now`'s day, as timestamptz, plus whole days.
const localDayStart = (now: Date, tz: string, plusDays: number) =>
  sql`((date_trunc('day', ${now.toISOString()}::timestamptz at time zone ${tz}) + make_interval(days => ${plusDays}::int)) at time zone ${tz})`;

const dueFilter = (due: TTaskListQuery['due'], now: Date, tz: string): SQL | undefined => {
  switch (due) {
    case undefined:
      return undefined;
    case 'overdue':
      return and(eq(tasks.status, 'open'), lt(tasks.dueAt, now));
    case 'today':
      return and(
        sql`${tasks.dueAt} >= ${localDayStart(now, tz, 0)}`,
        sql`${tasks.dueAt} < ${localDayStart(now, tz, 1)}`,
      );
    case 'week':
      return and(
        sql`${tasks.dueAt} >= ${localDayStart(now, tz, 0)}`,
        sql`${tasks.dueAt} < ${localDayStart(now, tz, 7)}`,
      );
  }
};

export const createTasks = (deps: CrmDeps) => {
  const inTx = <T>(ctx: TenantCtx, fn: (tx: Tx) => Promise<T>) => deps.database.tenantTx(scopeOf(ctx), fn);

  const checkReminder = (dueAt: Date | null | undefined, reminderAt: Date | null | undefined) =>
    dueAt && reminderAt && reminderAt > dueAt
      ? [{ path: 'reminderAt', message: 'The reminder must not be after the due time' }]
      : [];

  /** Completion or reopening, with its timeline line when it completes. */
  const setStatus = (
    ctx: TenantCtx,
    id: string,
    status: 'open' | 'done',
    version: number | undefined,
    ifMatch: string | undefined,
  ) =>
    inTx(ctx, async (tx) => {
      const current = await getTaskOrThrow(tx, id);
      // The action is idempotent, so a version is optional; when sent it must match.
      if ((ifMatch || version !== undefined) && current.version !== expectedVersion(ifMatch, version)) {
        throw versionConflict(toTask(current));
      }
      if (current.status === status) return toTask(current);
      const now = deps.clock.now();
      const [row] = await tx
        .update(tasks)
        .set({
          status,
          doneAt: status === 'done' ? now : null,
          doneBy: status === 'done' ? userIdOf(ctx) : null,
          version: current.version + 1,
          updatedAt: now,
        })
        .where(and(eq(tasks.id, id), eq(tasks.version, current.version)))
        .returning();
      if (!row) throw versionConflict(toTask(await getTaskOrThrow(tx, id)));
      if (status === 'done') {
        const targets = await timelineTargets(tx, row);
        await appendTimeline(tx, {
          tenantId: ctx.tenantId,
          occurredAt: now,
          accountIds: targets.accountIds,
          contactId: targets.contactId,
          type: 'task.done',
          channel: 'internal',
          title: row.title,
          ref: { kind: 'task', id: row.id },
          actor: timelineActor(ctx),
          data: { priority: row.priority, dueAt: iso(row.dueAt) },
        });
      }
      await recordAudit(
        tx,
        auditFromCtx(ctx, status === 'done' ? 'task.completed' : 'task.reopened', { kind: 'task', id }),
      );
      return toTask(row);
    });

  return {
    create: (ctx: TenantCtx, input: TCreateTask) =>
      inTx(ctx, async (tx) => {
        const dueAt = toDate(input.dueAt) ?? null;
        const reminderAt = toDate(input.reminderAt) ?? null;
        const errors = await checkLinks(tx, input, checkReminder(dueAt, reminderAt));
        throwIfErrors(errors);
        const now = deps.clock.now();
        const [row] = await tx
          .insert(tasks)
          .values({
            tenantId: ctx.tenantId,
            title: input.title,
            description: input.description ?? null,
            assigneeId: input.assigneeId !== undefined ? input.assigneeId : userIdOf(ctx),
            dueAt,
            reminderAt,
            priority: input.priority,
            createdBy: userIdOf(ctx),
            accountId: input.accountId ?? null,
            contactId: input.contactId ?? null,
            dealId: input.dealId ?? null,
            leadId: input.leadId ?? null,
            ticketId: input.ticketId ?? null,
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        if (!row) throw new Error('task insert returned nothing');
        await recordAudit(tx, auditFromCtx(ctx, 'task.created', { kind: 'task', id: row.id }));
        return toTask(row);
      }),

    get: (ctx: TenantCtx, id: string) => inTx(ctx, async (tx) => toTask(await getTaskOrThrow(tx, id))),

    list: (ctx: TenantCtx, q: TTaskListQuery) =>
      inTx(ctx, async (tx) => {
        if (q.mine === 'true' && ctx.actor.kind !== 'user') {
          throw validationError([{ path: 'mine', message: 'Only a signed-in user has tasks of their own' }]);
        }
        const now = deps.clock.now();
        const tz = q.due && q.due !== 'overdue' ? await tenantTimeZone(tx, ctx.tenantId) : 'Asia/Jerusalem';
        const where = and(
          q.includeDeleted === 'true' ? isNotNull(tasks.deletedAt) : isNull(tasks.deletedAt),
          q.mine === 'true' ? eq(tasks.assigneeId, userIdOf(ctx) ?? '') : undefined,
          q.assigneeId ? eq(tasks.assigneeId, q.assigneeId) : undefined,
          q.status ? eq(tasks.status, q.status) : undefined,
          dueFilter(q.due, now, tz),
          q.accountId ? eq(tasks.accountId, q.accountId) : undefined,
          q.contactId ? eq(tasks.contactId, q.contactId) : undefined,
          q.dealId ? eq(tasks.dealId, q.dealId) : undefined,
          q.leadId ? eq(tasks.leadId, q.leadId) : undefined,
          q.ticketId ? eq(tasks.ticketId, q.ticketId) : undefined,
          q.q ? ilike(tasks.title, `%${q.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`) : undefined,
        );
        const sort = resolveSort(
          q.sort,
          {
            // Tasks without a due time sort after every dated one.
            dueAt: sql`coalesce(${tasks.dueAt}, '9999-12-31T00:00:00Z'::timestamptz)`,
            priority: sql`(case ${tasks.priority} when 'low' then 0 when 'normal' then 1 when 'high' then 2 else 3 end)`,
            createdAt: tasks.createdAt,
            updatedAt: tasks.updatedAt,
          },
          'dueAt',
        );
        const ks = keyset(sort, tasks.id, q.cursor);
        const rows = await tx
          .select({ row: tasks, sortValue: sql<unknown>`${sort.expr}` })
          .from(tasks)
          .where(and(where, ks.where))
          .orderBy(...ks.order)
          .limit(q.limit + 1);
        return pageOf(
          rows,
          q.limit,
          (r) => cursorValue(r.sortValue),
          (r) => r.row.id,
          (r) => toTask(r.row),
        );
      }),

    update: (ctx: TenantCtx, id: string, input: TUpdateTask, ifMatch: string | undefined) =>
      inTx(ctx, async (tx) => {
        const expected = expectedVersion(ifMatch, input.version);
        const current = await getTaskOrThrow(tx, id);
        if (current.version !== expected) throw versionConflict(toTask(current));
        const { version: _v, dueAt: dueIn, reminderAt: remIn, ...fields } = input;
        const dueAt = toDate(dueIn);
        const reminderAt = toDate(remIn);
        const errors = await checkLinks(
          tx,
          fields,
          checkReminder(
            dueAt === undefined ? current.dueAt : dueAt,
            reminderAt === undefined ? current.reminderAt : reminderAt,
          ),
        );
        throwIfErrors(errors);
        const set: Partial<typeof tasks.$inferInsert> = {};
        for (const k of [
          'title',
          'description',
          'assigneeId',
          'priority',
          'accountId',
          'contactId',
          'dealId',
          'leadId',
          'ticketId',
        ] as const) {
          if (fields[k] !== undefined) Object.assign(set, { [k]: fields[k] });
        }
        if (dueAt !== undefined) set.dueAt = dueAt;
        if (reminderAt !== undefined) set.reminderAt = reminderAt;
        const [row] = await tx
          .update(tasks)
          .set({ ...set, version: current.version + 1, updatedAt: deps.clock.now() })
          .where(and(eq(tasks.id, id), eq(tasks.version, current.version)))
          .returning();
        if (!row) throw versionConflict(toTask(await getTaskOrThrow(tx, id)));
        await recordAudit(
          tx,
          auditFromCtx(ctx, 'task.updated', { kind: 'task', id }, { fields: Object.keys(set) }),
        );
        return toTask(row);
      }),

    complete: (ctx: TenantCtx, id: string, version: number | undefined, ifMatch: string | undefined) =>
      setStatus(ctx, id, 'done', version, ifMatch),

    reopen: (ctx: TenantCtx, id: string, version: number | undefined, ifMatch: string | undefined) =>
      setStatus(ctx, id, 'open', version, ifMatch),

    /** Moves to the trash; restorable for 30 days. */
    remove: (ctx: TenantCtx, id: string) =>
      inTx(ctx, async (tx) => {
        const current = await getTaskOrThrow(tx, id);
        await tx
          .update(tasks)
          .set({ deletedAt: deps.clock.now(), version: current.version + 1 })
          .where(eq(tasks.id, id));
        await recordAudit(tx, auditFromCtx(ctx, 'task.deleted', { kind: 'task', id }));
      }),

    restore: (ctx: TenantCtx, id: string) =>
      inTx(ctx, async (tx) => {
        const current = await getTaskOrThrow(tx, id, { includeDeleted: true });
        if (!current.deletedAt) return toTask(current);
        const [row] = await tx
          .update(tasks)
          .set({ deletedAt: null, version: current.version + 1, updatedAt: deps.clock.now() })
          .where(eq(tasks.id, id))
          .returning();
        if (!row) throw notFound('Task');
        await recordAudit(tx, auditFromCtx(ctx, 'task.restored', { kind: 'task', id }));
        return toTask(row);
      }),
  };
};

export type Tasks = ReturnType<typeof createTasks>;
