// The manager's service dashboard: what is open, what breaches, who is loaded, how fast we answer
// and solve, SLA compliance and satisfaction over a period. A handful of grouped statements in one
// transaction; open counts per status come from the maintained badge counters.
import { type SQL, sql } from 'drizzle-orm';
import type { TServiceDashboard, TServiceDashboardQuery } from '../../../shared/reports.schemas.js';
import {
  ACTIVE_STATUSES,
  TICKET_PRIORITIES,
  type TTicketPriority,
  type TTicketStatus,
} from '../../../shared/tickets.schemas.js';
import type { Clock } from '../../platform/clock.js';
import { type Database, rowsOf, type Tx } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { csatSummary } from '../csat/index.js';
import { dashboardCsv } from './service-dashboard.csv.js';

export type ServiceDashboardDeps = { database: Database; clock: Clock };

const DAY_MS = 86_400_000;
const MAX_DAYS = 366;
const LIST_LIMIT = 20;
// The tenant-wide scope id of ticket_view_counts (the tickets module's badge counters).
const TENANT_SCOPE = '00000000-0000-0000-0000-000000000000';
const ACTIVE_SQL = sql.raw(
  `t.status in (${ACTIVE_STATUSES.map((s) => `'${s}'`).join(',')}) and t.deleted_at is null`,
);

const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);
const int = (v: unknown) => Number(v ?? 0);

const parseBound = (v: string | undefined, fallback: Date, field: string): Date => {
  if (!v) return fallback;
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
  if (Number.isNaN(d.getTime()))
    throw new AppError('VALIDATION_FAILED', { fields: [{ path: field, message: 'Not a valid time.' }] });
  return d;
};

/** The period [from, to): default the last 30 days; `to` after `from`; at most 366 days. */
export const resolvePeriod = (q: TServiceDashboardQuery, now: Date) => {
  const to = parseBound(q.to, now, 'to');
  const from = parseBound(q.from, new Date(to.getTime() - 30 * DAY_MS), 'from');
  if (to.getTime() <= from.getTime())
    throw new AppError('VALIDATION_FAILED', {
      userMessage: 'The end of the period must be after its start.',
      fields: [{ path: 'to', message: 'Must be after from.' }],
    });
  if (to.getTime() - from.getTime() > MAX_DAYS * DAY_MS)
    throw new AppError('VALIDATION_FAILED', {
      userMessage: `A period of at most ${MAX_DAYS} days.`,
      fields: [{ path: 'from', message: `At most ${MAX_DAYS} days before to.` }],
    });
  try {
    new Intl.DateTimeFormat('en', { timeZone: q.timezone });
  } catch {
    throw new AppError('VALIDATION_FAILED', {
      fields: [{ path: 'timezone', message: 'Unknown time zone.' }],
    });
  }
  return { from, to };
};

type TicketListRow = {
  id: string;
  number: number;
  subject: string;
  priority: TTicketPriority;
  status: TTicketStatus;
  assignee_id: string | null;
  assignee_name: string | null;
  due_at: Date | string;
  total: number;
};

const iso = (d: Date | string) => (d instanceof Date ? d : new Date(d)).toISOString();

const listOf = (rows: TicketListRow[]) => ({
  count: int(rows[0]?.total),
  items: rows.map((r) => ({
    id: r.id,
    number: r.number,
    subject: r.subject,
    priority: r.priority,
    status: r.status,
    assigneeId: r.assignee_id,
    assigneeName: r.assignee_name,
    dueAt: iso(r.due_at),
  })),
});

// No availability row means available (the tickets module's rule).
type AgentRow = { user_id: string; name: string; n: number; availability: string };

type Stats = { count: number; median: number | null; p90: number | null };
const statsOf = (r: Record<string, unknown> | undefined, prefix: string): Stats => {
  const n = int(r?.[`${prefix}_n`]);
  const med = r?.[`${prefix}_med`];
  const p90 = r?.[`${prefix}_p90`];
  return {
    count: n,
    median: n && med !== null && med !== undefined ? round1(Number(med)) : null,
    p90: n && p90 !== null && p90 !== undefined ? round1(Number(p90)) : null,
  };
};

const complianceOf = (met: unknown, breached: unknown) => {
  const m = int(met);
  const b = int(breached);
  return { met: m, breached: b, percent: m + b ? round1((m * 100) / (m + b)) : null };
};

export const createServiceDashboard = (deps: ServiceDashboardDeps) => {
  const build = async (tx: Tx, ctx: TenantCtx, q: TServiceDashboardQuery): Promise<TServiceDashboard> => {
    const now = deps.clock.now();
    const { from, to } = resolvePeriod(q, now);
    const tenant = ctx.tenantId;
    const teamId = q.teamId ?? null;
    const team: SQL = teamId ? sql`and t.team_id = ${teamId}` : sql``;
    const nowIso = now.toISOString();
    const fromIso = from.toISOString();
    const toIso = to.toISOString();

    // Open by status: the maintained counters (tenant-wide); a team needs its own grouping.
    const byStatus = new Map<TTicketStatus, number>(ACTIVE_STATUSES.map((s) => [s, 0]));
    const statusRows = teamId
      ? rowsOf<{ status: TTicketStatus; n: number }>(
          await tx.execute(sql`select t.status, count(*)::int as n from tickets t
             where t.tenant_id = ${tenant} and ${ACTIVE_SQL} ${team} group by t.status`),
        )
      : rowsOf<{ status: TTicketStatus; n: number }>(
          await tx.execute(sql`select substr(key, 8) as status, count as n from ticket_view_counts
             where tenant_id = ${tenant} and scope = 'tenant' and scope_id = ${TENANT_SCOPE}
               and key like 'status:%'`),
        );
    for (const r of statusRows) if (byStatus.has(r.status)) byStatus.set(r.status, int(r.n));

    const priorityRows = rowsOf<{ priority: TTicketPriority; n: number }>(
      await tx.execute(sql`select t.priority, count(*)::int as n from tickets t
         where t.tenant_id = ${tenant} and ${ACTIVE_SQL} ${team} group by t.priority`),
    );
    const byPriority = new Map<TTicketPriority, number>(TICKET_PRIORITIES.map((p) => [p, 0]));
    for (const r of priorityRows) byPriority.set(r.priority, int(r.n));

    // Breached: a target not yet met is past due. At risk: past its warning, not yet due.
    const list = async (cond: SQL) =>
      rowsOf<TicketListRow>(
        await tx.execute(sql`select t.id, t.number, t.subject, t.priority, t.status, t.assignee_id,
               u.name as assignee_name, t.due_at, count(*) over ()::int as total
          from tickets t
          left join users u on u.tenant_id = t.tenant_id and u.id = t.assignee_id
         where t.tenant_id = ${tenant} and ${ACTIVE_SQL} ${team} and ${cond}
         order by t.due_at, t.id limit ${LIST_LIMIT}`),
      );
    const breached = await list(sql`t.due_at <= ${nowIso}::timestamptz`);
    const atRisk = await list(sql`t.warn_at <= ${nowIso}::timestamptz and t.due_at > ${nowIso}::timestamptz`);

    // Per-agent open load: the 'mine' counters (a team: grouped over its tickets).
    const agentRows = teamId
      ? rowsOf<AgentRow>(
          await tx.execute(sql`select t.assignee_id as user_id, u.name, count(*)::int as n,
                 coalesce(max(av.status), 'available') as availability from tickets t
             join users u on u.tenant_id = t.tenant_id and u.id = t.assignee_id
             left join agent_availability av on av.tenant_id = t.tenant_id and av.user_id = t.assignee_id
            where t.tenant_id = ${tenant} and ${ACTIVE_SQL} ${team}
            group by t.assignee_id, u.name order by n desc, u.name`),
        )
      : rowsOf<AgentRow>(
          await tx.execute(sql`select c.scope_id as user_id, u.name, c.count as n,
                 coalesce(av.status, 'available') as availability from ticket_view_counts c
             join users u on u.tenant_id = c.tenant_id and u.id = c.scope_id
             left join agent_availability av on av.tenant_id = c.tenant_id and av.user_id = c.scope_id
            where c.tenant_id = ${tenant} and c.scope = 'user' and c.key = 'mine' and c.count > 0
            order by c.count desc, u.name`),
        );

    // Response and resolution times: business minutes from the SLA clock, wall minutes from timestamps.
    const fr = `(t.sla->'targets'->'firstResponse')`;
    const rs = `(t.sla->'targets'->'resolution')`;
    const [times] = rowsOf<Record<string, unknown>>(
      await tx.execute(sql`
        with created as (
          select t.* from tickets t
           where t.tenant_id = ${tenant} and t.deleted_at is null ${team}
             and t.created_at >= ${fromIso}::timestamptz and t.created_at < ${toIso}::timestamptz
        ), solved as (
          select t.* from tickets t
           where t.tenant_id = ${tenant} and t.deleted_at is null ${team}
             and t.solved_at >= ${fromIso}::timestamptz and t.solved_at < ${toIso}::timestamptz
        )
        select
          (select count(*) from created t where ${sql.raw(fr)}->>'completedAt' is not null) as frb_n,
          (select percentile_cont(0.5) within group (order by (${sql.raw(fr)}->>'elapsedMinutes')::float8)
             from created t where ${sql.raw(fr)}->>'completedAt' is not null) as frb_med,
          (select percentile_cont(0.9) within group (order by (${sql.raw(fr)}->>'elapsedMinutes')::float8)
             from created t where ${sql.raw(fr)}->>'completedAt' is not null) as frb_p90,
          (select count(*) from created t where t.first_response_at is not null) as frw_n,
          (select percentile_cont(0.5) within group (order by extract(epoch from t.first_response_at - t.created_at) / 60)
             from created t where t.first_response_at is not null) as frw_med,
          (select percentile_cont(0.9) within group (order by extract(epoch from t.first_response_at - t.created_at) / 60)
             from created t where t.first_response_at is not null) as frw_p90,
          (select count(*) from solved t where ${sql.raw(rs)}->>'completedAt' is not null) as rsb_n,
          (select percentile_cont(0.5) within group (order by (${sql.raw(rs)}->>'elapsedMinutes')::float8)
             from solved t where ${sql.raw(rs)}->>'completedAt' is not null) as rsb_med,
          (select percentile_cont(0.9) within group (order by (${sql.raw(rs)}->>'elapsedMinutes')::float8)
             from solved t where ${sql.raw(rs)}->>'completedAt' is not null) as rsb_p90,
          (select count(*) from solved t) as rsw_n,
          (select percentile_cont(0.5) within group (order by extract(epoch from t.solved_at - t.created_at) / 60)
             from solved t) as rsw_med,
          (select percentile_cont(0.9) within group (order by extract(epoch from t.solved_at - t.created_at) / 60)
             from solved t) as rsw_p90,
          (select count(*) filter (where t.sla->'targets'->'firstResponse'->>'status' = 'met') from created t) as fr_met,
          (select count(*) filter (where t.sla->'targets'->'firstResponse'->>'status' = 'breached') from created t) as fr_breached,
          (select count(*) filter (where t.sla->'targets'->'nextResponse'->>'status' = 'met') from created t) as nr_met,
          (select count(*) filter (where t.sla->'targets'->'nextResponse'->>'status' = 'breached') from created t) as nr_breached,
          (select count(*) filter (where t.sla->'targets'->'resolution'->>'status' = 'met') from created t) as rs_met,
          (select count(*) filter (where t.sla->'targets'->'resolution'->>'status' = 'breached') from created t) as rs_breached
      `),
    );

    // Trend: tickets created and solved per day, in the asked time zone.
    const tz = q.timezone;
    const trendRows = rowsOf<{ d: string; created: number; solved: number }>(
      await tx.execute(sql`
        select d::text as d, coalesce(c.n, 0)::int as created, coalesce(s.n, 0)::int as solved
          from generate_series((${fromIso}::timestamptz at time zone ${tz})::date,
                               ((${toIso}::timestamptz - interval '1 microsecond') at time zone ${tz})::date,
                               interval '1 day') as g(d)
          left join (select (t.created_at at time zone ${tz})::date as day, count(*) as n from tickets t
                      where t.tenant_id = ${tenant} and t.deleted_at is null ${team}
                        and t.created_at >= ${fromIso}::timestamptz and t.created_at < ${toIso}::timestamptz
                      group by 1) c on c.day = g.d::date
          left join (select (t.solved_at at time zone ${tz})::date as day, count(*) as n from tickets t
                      where t.tenant_id = ${tenant} and t.deleted_at is null ${team}
                        and t.solved_at >= ${fromIso}::timestamptz and t.solved_at < ${toIso}::timestamptz
                      group by 1) s on s.day = g.d::date
         order by g.d`),
    );

    const csat = await csatSummary(tx, from, to);
    const open = [...byStatus.values()].reduce((a, b) => a + b, 0);
    return {
      from: fromIso,
      to: toIso,
      teamId,
      generatedAt: nowIso,
      open: {
        total: open,
        byStatus: [...byStatus].map(([status, count]) => ({ status, count })),
        byPriority: [...byPriority].map(([priority, count]) => ({ priority, count })),
      },
      breached: listOf(breached),
      atRisk: listOf(atRisk),
      agents: agentRows.map((r) => ({
        userId: r.user_id,
        name: r.name,
        open: int(r.n),
        available: r.availability !== 'away',
      })),
      firstResponse: { businessMinutes: statsOf(times, 'frb'), wallMinutes: statsOf(times, 'frw') },
      resolution: { businessMinutes: statsOf(times, 'rsb'), wallMinutes: statsOf(times, 'rsw') },
      slaCompliance: {
        firstResponse: complianceOf(times?.fr_met, times?.fr_breached),
        nextResponse: complianceOf(times?.nr_met, times?.nr_breached),
        resolution: complianceOf(times?.rs_met, times?.rs_breached),
      },
      csat,
      trend: trendRows.map((r) => ({
        date: r.d.slice(0, 10),
        created: int(r.created),
        solved: int(r.solved),
      })),
    };
  };

  const serviceDashboard = (ctx: TenantCtx, q: TServiceDashboardQuery) =>
    deps.database.tenantTx(scopeOf(ctx), (tx) => build(tx, ctx, q));

  /** The same figures as a spreadsheet (UTF-8 with BOM so Excel shows Hebrew). */
  const serviceDashboardCsv = async (ctx: TenantCtx, q: TServiceDashboardQuery) =>
    dashboardCsv(await serviceDashboard(ctx, q));

  return { serviceDashboard, serviceDashboardCsv };
};

export type ServiceDashboard = ReturnType<typeof createServiceDashboard>;
