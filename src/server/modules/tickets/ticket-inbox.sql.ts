// The inbox views as SQL, shared verbatim by the service and the benchmark's bare baseline.
//
// Each view's predicate repeats the partial index it is served by (tickets.table.ts), literally,
// so the planner can prove the index applies; rows come in index order (due_at, id), so a page
// is an index range scan that stops after `limit` rows, with keyset paging by row comparison.
// "My teams" is one ordered, limited scan per team merged by a UNION ALL (PostgreSQL cannot
// merge index ranges for `team_id = any(…)` in order).
import { type SQL, sql } from 'drizzle-orm';
import type {
  TInboxItem,
  TInboxView,
  TTicketPriority,
  TTicketStatus,
} from '../../../shared/tickets.schemas.js';
import { validationError } from '../../platform/errors/app-error.js';
import { ACTIVE_SQL, NO_DUE, RUNNING_SQL, SOLVED_SQL, WAITING_SQL } from './tickets.table.js';

const NO_DUE_MS = NO_DUE.getTime();

/** Solved in the last this many days: the "solved recently" view. */
export const SOLVED_RECENTLY_DAYS = 7;

export type InboxCursor = { v: string; id: string };

export type InboxQuery = {
  tenantId: string;
  view?: TInboxView | undefined;
  /** mine: the assignee; absent (an API key) → the view needs `assigneeId`. */
  userId?: string | null | undefined;
  /** team: these teams; absent → the teams `userId` belongs to (or `teamId`, when given). */
  teamIds?: string[] | undefined;
  statuses?: TTicketStatus[] | undefined;
  priorities?: TTicketPriority[] | undefined;
  assigneeId?: string | undefined;
  teamId?: string | undefined;
  q?: string | undefined;
  limit: number;
  cursor?: InboxCursor | undefined;
  now: Date;
};

/** The columns a view returns (raw, as both drivers return them). */
export type InboxRow = {
  id: string;
  number: number;
  subject: string;
  status: TTicketStatus;
  priority: TTicketPriority;
  channel: TInboxItem['channel'];
  category: string | null;
  requester_contact_id: string;
  requester_name: string | null;
  account_id: string | null;
  assignee_id: string | null;
  team_id: string | null;
  tags: string[];
  due_at: Date;
  warn_at: Date;
  solved_at: Date | null;
  created_at: Date;
  updated_at: Date;
};

const COLUMNS = sql.raw(
  't.id, t.number, t.subject, t.status, t.priority, t.channel, t.category, t.requester_contact_id, t.account_id, t.assignee_id, t.team_id, t.tags, t.due_at, t.warn_at, t.solved_at, t.created_at, t.updated_at',
);

const inList = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/** The view's predicate (literal, index-matching) and how it sorts. */
const viewOf = (view: TInboxView | undefined) => {
  switch (view) {
    case 'mine':
    case 'unassigned':
    case 'team':
      return { pred: ACTIVE_SQL, solved: false };
    case 'breaching':
    case 'open':
      return { pred: RUNNING_SQL, solved: false };
    case 'pending':
      return { pred: WAITING_SQL, solved: false };
    case 'solved_recently':
      return { pred: SOLVED_SQL, solved: true };
    case undefined:
      return { pred: 'deleted_at is null', solved: false };
  }
};

// The view predicates name bare columns; inside the query they must name the alias.
const aliased = (pred: string) => sql.raw(pred.replace(/\b(status|deleted_at)\b/g, 't.$1'));

/**
 * The statement for one page of an inbox view (limit + 1 rows, to know if there is a next page),
 * or null when the view cannot have rows (no teams; "mine" without a user).
 */
export const buildInboxSql = (q: InboxQuery): SQL | null => {
  const { pred, solved } = viewOf(q.view);
  const conds: SQL[] = [sql`t.tenant_id = ${q.tenantId}`, aliased(pred)];
  if (q.view === 'mine') {
    const me = q.assigneeId ?? q.userId;
    if (!me) return null;
    conds.push(sql`t.assignee_id = ${me}`);
  } else if (q.view === 'unassigned') {
    conds.push(sql`t.assignee_id is null`);
  } else if (q.assigneeId) {
    conds.push(sql`t.assignee_id = ${q.assigneeId}`);
  }
  if (q.view === 'breaching') conds.push(sql`t.warn_at <= ${q.now.toISOString()}::timestamptz`);
  if (q.view === 'solved_recently') {
    const since = new Date(q.now.getTime() - SOLVED_RECENTLY_DAYS * 86_400_000);
    conds.push(sql`t.solved_at >= ${since.toISOString()}::timestamptz`);
  }
  if (q.statuses?.length) conds.push(sql`t.status in (${inList(q.statuses)})`);
  if (q.priorities?.length) conds.push(sql`t.priority in (${inList(q.priorities)})`);
  if (q.teamId && q.view !== 'team') conds.push(sql`t.team_id = ${q.teamId}`);
  if (q.q) {
    const n = /^#?(\d{1,9})$/.exec(q.q.trim());
    if (n) conds.push(sql`t.number = ${Number(n[1])}`);
    else conds.push(sql`t.subject ilike ${`%${q.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`}`);
  }
  if (q.cursor) {
    conds.push(
      solved
        ? sql`(t.solved_at, t.id) < (${q.cursor.v}::timestamptz, ${q.cursor.id}::uuid)`
        : sql`(t.due_at, t.id) > (${q.cursor.v}::timestamptz, ${q.cursor.id}::uuid)`,
    );
  }
  const order = solved
    ? sql.raw('t.solved_at desc nulls last, t.id desc nulls last')
    : sql.raw('t.due_at, t.id');
  const n = q.limit + 1;
  const branch = (extra: SQL | undefined) =>
    sql`(select ${COLUMNS} from tickets t where ${sql.join(extra ? [...conds, extra] : conds, sql` and `)} order by ${order} limit ${n})`;
  let source: SQL;
  if (q.view === 'team') {
    const teamIds = q.teamId ? [q.teamId] : q.teamIds;
    if (teamIds) {
      if (teamIds.length === 0) return null;
      source = sql.join(
        teamIds.map((id) => branch(sql`t.team_id = ${id}`)),
        sql` union all `,
      );
    } else {
      // The caller's teams, each an ordered, limited index scan (one statement, no team lookup).
      if (!q.userId) return null;
      source = sql`select t.* from (select tm.team_id from team_members tm
          where tm.tenant_id = ${q.tenantId} and tm.user_id = ${q.userId}) my_teams
        cross join lateral ${branch(sql`t.team_id = my_teams.team_id`)} t`;
    }
  } else {
    source = branch(undefined);
  }
  // The requester's name per row of the page (a primary-key lookup each), so the page keeps its
  // index order whatever the planner thinks of joining contacts.
  return sql`select t.*, (select nullif(trim(concat_ws(' ', c.first_name, c.last_name)), '')
        from contacts c where c.tenant_id = ${q.tenantId} and c.id = t.requester_contact_id) as requester_name
    from (${source}) t
    order by ${order} limit ${n}`;
};

const iso = (d: Date | string | null): string | null => {
  if (d === null) return null;
  return (d instanceof Date ? d : new Date(d)).toISOString();
};

/** One row as the API lists it. */
export const toInboxItem = (r: InboxRow): TInboxItem => {
  const due = r.due_at instanceof Date ? r.due_at : new Date(r.due_at);
  const noDue = due.getTime() >= NO_DUE_MS;
  return {
    id: r.id,
    number: Number(r.number),
    subject: r.subject,
    status: r.status,
    priority: r.priority,
    channel: r.channel,
    category: r.category,
    requesterId: r.requester_contact_id,
    requesterName: r.requester_name,
    accountId: r.account_id,
    assigneeId: r.assignee_id,
    teamId: r.team_id,
    tags: r.tags,
    dueAt: noDue ? null : due.toISOString(),
    warnAt: noDue ? null : iso(r.warn_at),
    solvedAt: iso(r.solved_at),
    createdAt: iso(r.created_at) ?? '',
    updatedAt: iso(r.updated_at) ?? '',
  };
};

export const encodeInboxCursor = (c: InboxCursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

export const decodeInboxCursor = (s: string): InboxCursor => {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as InboxCursor;
    if (typeof c.id !== 'string' || !/^[0-9a-f-]{36}$/.test(c.id) || Number.isNaN(Date.parse(c.v))) {
      throw new Error('bad cursor');
    }
    return c;
  } catch {
    throw validationError([{ path: 'cursor', message: 'Invalid cursor' }]);
  }
};

/** `{items, nextCursor}` from the limit + 1 rows of buildInboxSql. */
export const inboxPage = (rows: InboxRow[], limit: number, view: TInboxView | undefined) => {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const sortValue = (r: InboxRow) =>
    view === 'solved_recently' ? (iso(r.solved_at) ?? '') : (iso(r.due_at) ?? '');
  return {
    items: page.map(toInboxItem),
    nextCursor: rows.length > limit && last ? encodeInboxCursor({ v: sortValue(last), id: last.id }) : null,
  };
};
