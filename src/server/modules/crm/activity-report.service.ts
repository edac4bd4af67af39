import { type SQL, sql } from 'drizzle-orm';
import type { TActivityReport, TActivityReportQuery } from '../../../shared/crm/activities.schemas.js';
import { rowsOf, type Tx } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors/app-error.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import type { CrmDeps } from './crm.deps.js';
import { tenantTimeZone } from './crm-links.js';

type Row = TActivityReport['rows'][number];
type Counts = Omit<Row, 'userId' | 'userName' | 'period'>;

const REPORT_CURRENCY = 'ILS';

const zero = (): Counts => ({
  calls: 0,
  emails: 0,
  sms: 0,
  meetings: 0,
  visits: 0,
  tasksDone: 0,
  dealsWon: 0,
  dealsWonAmount: '0.00',
  dealsWonOtherCurrencies: {},
  // Tickets arrive with the service-desk module; until then nobody has handled one.
  ticketsHandled: 0,
});

// Money is added as integer agorot (cents), never as floats.
const toCents = (s: string) => {
  const [whole = '0', frac = ''] = s.split('.');
  const sign = whole.startsWith('-') ? -1n : 1n;
  return sign * (BigInt(whole.replace('-', '')) * 100n + BigInt(`${frac}00`.slice(0, 2)));
};
const fromCents = (c: bigint) => {
  const neg = c < 0n;
  const a = neg ? -c : c;
  return `${neg ? '-' : ''}${a / 100n}.${(a % 100n).toString().padStart(2, '0')}`;
};
const addMoney = (a: string, b: string) => fromCents(toCents(a) + toCents(b));

const addCounts = (into: Counts, c: Counts) => {
  into.calls += c.calls;
  into.emails += c.emails;
  into.sms += c.sms;
  into.meetings += c.meetings;
  into.visits += c.visits;
  into.tasksDone += c.tasksDone;
  into.dealsWon += c.dealsWon;
  into.dealsWonAmount = addMoney(into.dealsWonAmount, c.dealsWonAmount);
  for (const [cur, amount] of Object.entries(c.dealsWonOtherCurrencies)) {
    into.dealsWonOtherCurrencies[cur] = addMoney(into.dealsWonOtherCurrencies[cur] ?? '0.00', amount);
  }
  into.ticketsHandled += c.ticketsHandled;
};

/** Who the caller may report on: agents see themselves only; managers and admins everyone. */
const reportScope = (ctx: TenantCtx, userId: string | undefined): string | undefined => {
  const a = ctx.actor;
  if (a.kind === 'user' && a.role === 'agent') {
    if (userId && userId !== a.userId) {
      throw new AppError('FORBIDDEN', { userMessage: 'Agents can see their own activity only.' });
    }
    return a.userId;
  }
  return userId;
};

/**
 * Per agent and day/week: calls logged, emails and SMS sent, meetings, visits, tasks done, deals
 * won (count and ILS amount). Days are local to the tenant (Asia/Jerusalem by default); weeks
 * start on Sunday. Three grouped queries, merged here; no per-row work in the database.
 */
export const createActivityReport = (deps: CrmDeps) => ({
  activity: (ctx: TenantCtx, q: TActivityReportQuery): Promise<TActivityReport> =>
    deps.database.tenantTx(scopeOf(ctx), async (tx: Tx) => {
      const userId = reportScope(ctx, q.userId);
      const tz = await tenantTimeZone(tx, ctx.tenantId);
      const start = sql`(${q.from}::date::timestamp at time zone ${tz})`;
      const end = sql`((${q.to}::date + 1)::timestamp at time zone ${tz})`;
      // GROUP BY 1, 2 below: the period expression carries parameters, which PostgreSQL would not
      // match between the select list and a repeated GROUP BY expression.
      const period = (col: SQL) =>
        q.groupBy === 'day'
          ? sql`to_char(date_trunc('day', ${col} at time zone ${tz}), 'YYYY-MM-DD')`
          : sql`to_char(date_trunc('week', (${col} at time zone ${tz}) + interval '1 day') - interval '1 day', 'YYYY-MM-DD')`;
      const forUser = (col: SQL) => (userId ? sql`and ${col} = ${userId}::uuid` : sql``);

      const acts = rowsOf<{
        user_id: string;
        period: string;
        calls: number;
        emails: number;
        sms: number;
        meetings: number;
        visits: number;
      }>(
        await tx.execute(sql`
          select author_id as user_id, ${period(sql`occurred_at`)} as period,
            count(*) filter (where kind = 'call')::int as calls,
            count(*) filter (where kind = 'email' and direction is distinct from 'inbound')::int as emails,
            count(*) filter (where kind = 'sms' and direction is distinct from 'inbound')::int as sms,
            count(*) filter (where kind = 'meeting')::int as meetings,
            count(*) filter (where kind = 'visit')::int as visits
          from activities
          where tenant_id = ${ctx.tenantId} and deleted_at is null and author_id is not null
            and occurred_at >= ${start} and occurred_at < ${end} ${forUser(sql`author_id`)}
          group by 1, 2`),
      );
      const done = rowsOf<{ user_id: string; period: string; n: number }>(
        await tx.execute(sql`
          select done_by as user_id, ${period(sql`done_at`)} as period, count(*)::int as n
          from tasks
          where tenant_id = ${ctx.tenantId} and status = 'done' and deleted_at is null and done_by is not null
            and done_at >= ${start} and done_at < ${end} ${forUser(sql`done_by`)}
          group by 1, 2`),
      );
      const won = rowsOf<{ user_id: string; period: string; currency: string; n: number; amount: string }>(
        await tx.execute(sql`
          select owner_id as user_id, ${period(sql`closed_at`)} as period, currency,
            count(*)::int as n, coalesce(sum(amount), 0)::numeric(16,2)::text as amount
          from deals
          where tenant_id = ${ctx.tenantId} and status = 'won' and deleted_at is null and owner_id is not null
            and closed_at >= ${start} and closed_at < ${end} ${forUser(sql`owner_id`)}
          group by 1, 2, 3`),
      );

      const cells = new Map<string, Row>();
      const cell = (uid: string, p: string) => {
        const key = `${uid}|${p}`;
        let c = cells.get(key);
        if (!c) {
          c = { userId: uid, userName: '', period: p, ...zero() };
          cells.set(key, c);
        }
        return c;
      };
      for (const a of acts) {
        const c = cell(a.user_id, a.period);
        Object.assign(c, {
          calls: Number(a.calls),
          emails: Number(a.emails),
          sms: Number(a.sms),
          meetings: Number(a.meetings),
          visits: Number(a.visits),
        });
      }
      for (const d of done) cell(d.user_id, d.period).tasksDone = Number(d.n);
      for (const w of won) {
        const c = cell(w.user_id, w.period);
        c.dealsWon += Number(w.n);
        if (w.currency === REPORT_CURRENCY) c.dealsWonAmount = addMoney(c.dealsWonAmount, w.amount);
        else
          c.dealsWonOtherCurrencies[w.currency] = addMoney(
            c.dealsWonOtherCurrencies[w.currency] ?? '0.00',
            w.amount,
          );
      }

      const ids = [...new Set([...cells.values()].map((c) => c.userId))];
      const names = new Map<string, string>();
      if (ids.length) {
        const users = rowsOf<{ id: string; name: string }>(
          await tx.execute(
            sql`select id, name from users where id in (${sql.join(
              ids.map((id) => sql`${id}::uuid`),
              sql`, `,
            )})`,
          ),
        );
        for (const u of users) names.set(u.id, u.name);
      }
      const rows = [...cells.values()]
        .map((c) => ({ ...c, userName: names.get(c.userId) ?? '' }))
        .sort((a, b) => a.period.localeCompare(b.period) || a.userName.localeCompare(b.userName));
      const totals = zero();
      for (const r of rows) addCounts(totals, r);
      return { rows, totals };
    }),
});

export type ActivityReport = ReturnType<typeof createActivityReport>;
