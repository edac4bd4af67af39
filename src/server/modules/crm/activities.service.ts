import { and, eq, gte, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import {
  ACTIVITY_KIND_LIST,
  CALL_OUTCOMES,
  type TActivity,
  type TActivityKind,
  type TActivityListQuery,
  type TCreateActivity,
  type TUpdateActivity,
} from '../../../shared/crm/activities.schemas.js';
import type { Tx } from '../../platform/db/database.js';
import { validationError } from '../../platform/errors/app-error.js';
import { assertUnreachable, scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { auditFromCtx, recordAudit } from '../audit/index.js';
import { appendTimeline, type TimelineChannel, timelineActor } from '../timeline/index.js';
import { contacts } from './contacts.table.js';
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
import { checkLinks, timelineTargets } from './crm-links.js';
import { type ActivityRow, activities } from './tasks.table.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const toActivity = (r: ActivityRow): TActivity => ({
  id: r.id,
  kind: r.kind,
  direction: r.direction,
  subject: r.subject,
  body: r.body,
  occurredAt: r.occurredAt.toISOString(),
  durationSeconds: r.durationSeconds,
  outcome: r.outcome,
  authorId: r.authorId,
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

/** The timeline channel an activity of this kind shows under. */
export const channelOf = (kind: TActivityKind): TimelineChannel => {
  switch (kind) {
    case 'call':
      return 'phone';
    case 'meeting':
      return 'meeting';
    case 'note':
      return 'internal';
    case 'email':
      return 'email';
    case 'sms':
      return 'sms';
    case 'visit':
      return 'walk_in';
    case 'fax':
      return 'fax';
    case 'chat':
      return 'chat';
    case 'whatsapp':
      return 'whatsapp';
    default:
      return assertUnreachable(kind);
  }
};

/** Everything but an internal note is contact with the customer. */
export const isCustomerFacing = (kind: TActivityKind) => kind !== 'note';

export const getActivityOrThrow = async (tx: Tx, id: string, opts: { includeDeleted?: boolean } = {}) => {
  const [row] = await tx
    .select()
    .from(activities)
    .where(and(eq(activities.id, id), opts.includeDeleted ? undefined : isNull(activities.deletedAt)))
    .limit(1);
  if (!row) throw notFound('Activity');
  return row;
};

const titleOf = (a: ActivityRow) =>
  a.subject?.trim() ||
  a.body
    ?.split('\n')
    .find((l) => l.trim())
    ?.trim()
    .slice(0, 120) ||
  '';

const parseKinds = (s: string | undefined) => {
  if (!s) return undefined;
  const kinds = s
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  const bad = kinds.filter((k) => !(ACTIVITY_KIND_LIST as readonly string[]).includes(k));
  if (bad.length) throw validationError([{ path: 'kind', message: `Unknown kind: ${bad.join(', ')}` }]);
  return kinds as TActivityKind[];
};

export const createActivities = (deps: CrmDeps) => {
  const inTx = <T>(ctx: TenantCtx, fn: (tx: Tx) => Promise<T>) => deps.database.tenantTx(scopeOf(ctx), fn);

  /** Logs an activity inside an existing transaction (channel adapters and the phone CTI reuse it). */
  const createInTx = async (tx: Tx, ctx: TenantCtx, input: TCreateActivity) => {
    throwIfErrors(await checkLinks(tx, input));
    const now = deps.clock.now();
    const occurredAt = input.occurredAt ? new Date(input.occurredAt) : now;
    const [row] = await tx
      .insert(activities)
      .values({
        tenantId: ctx.tenantId,
        kind: input.kind,
        direction: input.direction ?? null,
        subject: input.subject || null,
        // Stored exactly as typed (plain text); the web app escapes it when it renders.
        body: input.body ?? null,
        occurredAt,
        durationSeconds: input.durationSeconds ?? null,
        outcome: input.outcome ?? null,
        authorId: ctx.actor.kind === 'user' ? ctx.actor.userId : null,
        accountId: input.accountId ?? null,
        contactId: input.contactId ?? null,
        dealId: input.dealId ?? null,
        leadId: input.leadId ?? null,
        ticketId: input.ticketId ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error('activity insert returned nothing');
    const targets = await timelineTargets(tx, row);
    await appendTimeline(tx, {
      tenantId: ctx.tenantId,
      occurredAt,
      accountIds: targets.accountIds,
      contactId: targets.contactId,
      type: `activity.${row.kind}`,
      channel: channelOf(row.kind),
      title: titleOf(row),
      summary: row.body,
      ref: { kind: 'activity', id: row.id },
      actor: timelineActor(ctx),
      data: {
        ...(row.direction ? { direction: row.direction } : {}),
        ...(row.durationSeconds !== null ? { durationSeconds: row.durationSeconds } : {}),
        ...(row.outcome ? { outcome: row.outcome } : {}),
      },
    });
    // A contact logged in the future (a planned meeting) has not been contacted yet. The column is
    // derived, so the contact's version stays: it must not make someone's open edit stale.
    if (isCustomerFacing(row.kind) && targets.contactId && occurredAt <= now) {
      await tx
        .update(contacts)
        .set({
          lastContactedAt: sql`greatest(coalesce(${contacts.lastContactedAt}, ${occurredAt.toISOString()}::timestamptz), ${occurredAt.toISOString()}::timestamptz)`,
        })
        .where(eq(contacts.id, targets.contactId));
    }
    await recordAudit(
      tx,
      auditFromCtx(ctx, 'activity.created', { kind: 'activity', id: row.id }, { kind: row.kind }),
    );
    return row;
  };

  return {
    createInTx,

    create: (ctx: TenantCtx, input: TCreateActivity) =>
      inTx(ctx, async (tx) => toActivity(await createInTx(tx, ctx, input))),

    get: (ctx: TenantCtx, id: string) =>
      inTx(ctx, async (tx) => toActivity(await getActivityOrThrow(tx, id))),

    list: (ctx: TenantCtx, q: TActivityListQuery) =>
      inTx(ctx, async (tx) => {
        const kinds = parseKinds(q.kind);
        const where = and(
          q.includeDeleted === 'true' ? isNotNull(activities.deletedAt) : isNull(activities.deletedAt),
          kinds ? inArray(activities.kind, kinds) : undefined,
          q.authorId ? eq(activities.authorId, q.authorId) : undefined,
          q.accountId ? eq(activities.accountId, q.accountId) : undefined,
          q.contactId ? eq(activities.contactId, q.contactId) : undefined,
          q.dealId ? eq(activities.dealId, q.dealId) : undefined,
          q.leadId ? eq(activities.leadId, q.leadId) : undefined,
          q.ticketId ? eq(activities.ticketId, q.ticketId) : undefined,
          q.from ? gte(activities.occurredAt, new Date(q.from)) : undefined,
          q.to ? lt(activities.occurredAt, new Date(q.to)) : undefined,
        );
        const sort = resolveSort(
          q.sort,
          { occurredAt: activities.occurredAt, createdAt: activities.createdAt },
          '-occurredAt',
        );
        const ks = keyset(sort, activities.id, q.cursor);
        const rows = await tx
          .select({ row: activities, sortValue: sql<unknown>`${sort.expr}` })
          .from(activities)
          .where(and(where, ks.where))
          .orderBy(...ks.order)
          .limit(q.limit + 1);
        return pageOf(
          rows,
          q.limit,
          (r) => cursorValue(r.sortValue),
          (r) => r.row.id,
          (r) => toActivity(r.row),
        );
      }),

    update: (ctx: TenantCtx, id: string, input: TUpdateActivity, ifMatch: string | undefined) =>
      inTx(ctx, async (tx) => {
        const expected = expectedVersion(ifMatch, input.version);
        const current = await getActivityOrThrow(tx, id);
        if (current.version !== expected) throw versionConflict(toActivity(current));
        const { version: _v, occurredAt, ...fields } = input;
        const outcome = fields.outcome === undefined ? current.outcome : fields.outcome;
        const errors = await checkLinks(tx, fields);
        if (current.kind === 'call' && outcome && !(CALL_OUTCOMES as readonly string[]).includes(outcome)) {
          errors.push({ path: 'outcome', message: `A call's outcome is one of ${CALL_OUTCOMES.join(', ')}` });
        }
        throwIfErrors(errors);
        const set: Partial<typeof activities.$inferInsert> = {};
        for (const k of [
          'direction',
          'subject',
          'body',
          'durationSeconds',
          'outcome',
          'accountId',
          'contactId',
          'dealId',
          'leadId',
          'ticketId',
        ] as const) {
          if (fields[k] !== undefined) Object.assign(set, { [k]: fields[k] });
        }
        if (occurredAt !== undefined) set.occurredAt = new Date(occurredAt);
        const [row] = await tx
          .update(activities)
          .set({ ...set, version: current.version + 1, updatedAt: deps.clock.now() })
          .where(and(eq(activities.id, id), eq(activities.version, current.version)))
          .returning();
        if (!row) throw versionConflict(toActivity(await getActivityOrThrow(tx, id)));
        await recordAudit(
          tx,
          auditFromCtx(ctx, 'activity.updated', { kind: 'activity', id }, { fields: Object.keys(set) }),
        );
        return toActivity(row);
      }),

    /** Moves to the trash; restorable for 30 days. */
    remove: (ctx: TenantCtx, id: string) =>
      inTx(ctx, async (tx) => {
        const current = await getActivityOrThrow(tx, id);
        await tx
          .update(activities)
          .set({ deletedAt: deps.clock.now(), version: current.version + 1 })
          .where(eq(activities.id, id));
        await recordAudit(tx, auditFromCtx(ctx, 'activity.deleted', { kind: 'activity', id }));
      }),
  };
};

export type Activities = ReturnType<typeof createActivities>;
