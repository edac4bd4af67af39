// Every inbox view must stay an index range scan as tenants grow (DESIGN.md: an inbox over several
// statuses without a matching partial index is 61 TPS instead of 2,910). The plans of the real
// statements (buildInboxSql), run as the tenant under RLS on ~20k tickets, use the view's partial
// index, read rows in index order (no sort of the tenant's tickets) and never scan the table.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../../../test/test-db.js';
import type { TInboxView } from '../../../../shared/tickets.schemas.js';
import { type Database, rowsOf } from '../../../platform/db/database.js';
import { uuidv7 } from '../../../platform/ids.js';
import { buildInboxSql, type InboxQuery, type InboxRow } from '../ticket-inbox.sql.js';

const NOW = new Date('2026-03-10T09:00:00Z');
const TENANTS = [
  { id: uuidv7(), tickets: 14_000 },
  { id: uuidv7(), tickets: 5_000 },
  { id: uuidv7(), tickets: 1_000 },
];
const AGENTS = Array.from({ length: 12 }, () => uuidv7());
const TEAMS = Array.from({ length: 4 }, () => uuidv7());

type PlanNode = {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  'Sort Key'?: string[];
  'Plan Rows'?: number;
  Plans?: PlanNode[];
};
const nodesOf = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodesOf)];

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
  for (const t of TENANTS) {
    await db.systemTx(async (tx) => {
      await tx.execute(sql`
        insert into contacts (tenant_id, id, number, first_name, last_name)
        select ${t.id}, gen_random_uuid(), 1000 + g, 'Dana', 'Levi ' || g from generate_series(1, 500) g`);
      // A realistic mix: most tickets solved or closed, the rest spread over the open statuses,
      // 30% unassigned, a quarter without a team, due times over a month around now.
      await tx.execute(sql`
        with c as (select array_agg(id) ids from contacts where tenant_id = ${t.id})
        insert into tickets (tenant_id, id, number, subject, requester_contact_id, status, priority,
                             assignee_id, team_id, due_at, warn_at, solved_at, created_at, updated_at)
        select ${t.id}, gen_random_uuid(), 1000 + g, 'Ticket ' || g, c.ids[1 + g % 500],
               s.status, (array['low','normal','high','urgent'])[1 + g % 4],
               case when g % 10 < 3 then null else (string_to_array(${AGENTS.join(',')}, ',')::uuid[])[1 + g % 12] end,
               case when g % 4 = 0 then null else (string_to_array(${TEAMS.join(',')}, ',')::uuid[])[1 + g % 4] end,
               case when s.status in ('solved', 'closed') then '9999-12-31'::timestamptz
                    else ${NOW.toISOString()}::timestamptz + ((g % 720) - 120) * interval '1 hour' end,
               case when s.status in ('solved', 'closed') then '9999-12-31'::timestamptz
                    else ${NOW.toISOString()}::timestamptz + ((g % 720) - 160) * interval '1 hour' end,
               case when s.status in ('solved', 'closed') then ${NOW.toISOString()}::timestamptz - (g % 90) * interval '1 day' end,
               ${NOW.toISOString()}::timestamptz - (g % 100) * interval '1 day', ${NOW.toISOString()}::timestamptz
          from generate_series(1, ${t.tickets}) g, c,
               lateral (select case when g % 20 < 7 then 'closed' when g % 20 < 12 then 'solved'
                                    when g % 20 < 15 then 'new' when g % 20 < 17 then 'open'
                                    when g % 20 < 19 then 'pending_customer' else 'on_hold' end as status) s`);
      // The signed-in agent is in two of the teams (the team view finds them itself).
      await tx.execute(sql`
        insert into teams (tenant_id, id, name)
        select ${t.id}, id, 'Team ' || id from unnest(string_to_array(${TEAMS.join(',')}, ',')::uuid[]) id`);
      await tx.execute(sql`
        insert into team_members (tenant_id, team_id, user_id)
        values (${t.id}, ${TEAMS[1]}, ${AGENTS[3]}), (${t.id}, ${TEAMS[2]}, ${AGENTS[3]})`);
    });
  }
  await db.executeSql('vacuum analyze tickets');
  await db.executeSql('vacuum analyze contacts');
}, 180_000);
afterAll(() => db.close());

const run = async (tenantId: string, over: Partial<InboxQuery>, explain: boolean) => {
  const query = buildInboxSql({
    tenantId,
    userId: AGENTS[3],
    limit: 50,
    now: NOW,
    ...over,
  });
  if (!query) throw new Error('no query');
  return db.tenantTx({ role: 'staff', tenantId }, async (tx) =>
    rowsOf<Record<string, unknown>>(await tx.execute(explain ? sql`explain (format json) ${query}` : query)),
  );
};

const planOf = async (tenantId: string, over: Partial<InboxQuery>) => {
  const raw = (await run(tenantId, over, true))[0]?.['QUERY PLAN'];
  const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Array<{ Plan: PlanNode }>;
  const root = plan[0]?.Plan;
  if (!root) throw new Error('no plan');
  return nodesOf(root);
};

const VIEWS: Array<[TInboxView | undefined, string]> = [
  ['mine', 'tickets_inbox_assignee_idx'],
  ['unassigned', 'tickets_inbox_unassigned_idx'],
  ['team', 'tickets_inbox_team_idx'],
  ['open', 'tickets_inbox_running_idx'],
  ['breaching', 'tickets_inbox_running_idx'],
  ['pending', 'tickets_inbox_waiting_idx'],
  ['solved_recently', 'tickets_inbox_solved_idx'],
  [undefined, 'tickets_inbox_all_idx'],
];

describe('inbox query plans', () => {
  it.each(VIEWS)(
    'view %s uses %s in every tenant, no sequential scan, no sort of tickets',
    async (view, index) => {
      for (const t of TENANTS) {
        const nodes = await planOf(t.id, { view });
        const label = `${view} in a tenant of ${t.tickets}`;
        const seq = nodes.filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'tickets');
        expect(seq, label).toEqual([]);
        // Index scans name their index; a bitmap scan (a tiny view) names it on its Bitmap Index Scan.
        const used = nodes.map((n) => n['Index Name']).filter((i) => i?.startsWith('tickets'));
        expect(used.length, label).toBeGreaterThan(0);
        for (const i of used) expect(i, label).toBe(index);
        // Rows come in index order; a sort may only order a page (≤ 2 × 51 rows: the per-team
        // pages, or a view smaller than a page), never the tenant's tickets. "Breaching" filters
        // the running index by warn_at: when few tickets are at risk the planner may fetch just
        // those and sort them — still a small fraction of the tenant.
        const bound = view === 'breaching' ? Math.max(102, t.tickets * 0.05) : 102;
        for (const s of nodes.filter((n) => n['Node Type'] === 'Sort')) {
          expect(s['Plan Rows'] ?? 0, label).toBeLessThanOrEqual(bound);
        }
      }
    },
  );

  it('the team view with named teams is one index scan per team too', async () => {
    for (const t of TENANTS) {
      const nodes = await planOf(t.id, { view: 'team', teamIds: TEAMS.slice(1, 3) });
      expect(nodes.filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'tickets')).toEqual(
        [],
      );
      const used = nodes.map((n) => n['Index Name']).filter((i) => i?.startsWith('tickets'));
      expect(used).toEqual(['tickets_inbox_team_idx', 'tickets_inbox_team_idx']);
    }
  });

  it('the next page is a range condition on the index, not a filter over the rows before it', async () => {
    const [first] = await run(TENANTS[0]?.id ?? '', { view: 'open' }, false);
    const row = first as unknown as InboxRow;
    const nodes = await planOf(TENANTS[0]?.id ?? '', {
      view: 'open',
      cursor: { v: new Date(row.due_at).toISOString(), id: row.id },
    });
    const scan = nodes.find((n) => n['Index Name'] === 'tickets_inbox_running_idx');
    expect(scan?.['Index Cond']).toMatch(/ROW\(due_at, id\) >|\(due_at, id\) >/);
  });

  it('the statements return what the views promise, in SLA order', async () => {
    const tenantId = TENANTS[1]?.id ?? '';
    const open = (await run(tenantId, { view: 'open' }, false)) as unknown as InboxRow[];
    expect(open).toHaveLength(51);
    expect(new Set(open.map((r) => r.status))).toEqual(new Set(['new', 'open']));
    const due = open.map((r) => new Date(r.due_at).getTime());
    expect(due).toEqual([...due].sort((a, b) => a - b));
    expect(open[0]?.requester_name).toMatch(/^Dana Levi \d+$/);
    const mine = (await run(tenantId, { view: 'mine' }, false)) as unknown as InboxRow[];
    expect(mine.length).toBeGreaterThan(0);
    for (const r of mine) expect(r.assignee_id).toBe(AGENTS[3]);
    const team = (await run(tenantId, { view: 'team' }, false)) as unknown as InboxRow[];
    expect(new Set(team.map((r) => r.team_id))).toEqual(new Set(TEAMS.slice(1, 3)));
    const teamDue = team.map((r) => new Date(r.due_at).getTime());
    expect(teamDue).toEqual([...teamDue].sort((a, b) => a - b));
    const breaching = (await run(tenantId, { view: 'breaching' }, false)) as unknown as InboxRow[];
    for (const r of breaching) expect(new Date(r.warn_at).getTime()).toBeLessThanOrEqual(NOW.getTime());
  });
});
