// Badge counts are maintained counters (never a count(*) per request). After a long random mix of
// every operation that moves tickets between views, they must equal the real counts.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATUS_TRANSITIONS, type TTicketStatus } from '../../../../shared/tickets.schemas.js';
import { rowsOf } from '../../../platform/db/database.js';
import {
  api,
  buildTicketsApp,
  customer,
  inviteAndAccept,
  type Staff,
  signupTenant,
  type TestApp,
} from './ticket-helpers.js';

let t: TestApp;
let owner: Staff;
let agents: Staff[];
let teams: string[];
let call: ReturnType<typeof api>;
let requester: { id: string };

// A deterministic PRNG: the same sequence every run, so a failure can be replayed.
const mulberry32 = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let x = seed;
  x = Math.imul(x ^ (x >>> 15), x | 1);
  x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
};

beforeAll(async () => {
  t = await buildTicketsApp();
  call = api(t);
  owner = await signupTenant(t.app);
  agents = [];
  for (const name of ['A', 'B', 'C'])
    agents.push(await inviteAndAccept(t.app, owner, { role: 'agent', name }));
  const [a, b, c] = agents.map((x) => x.user.id);
  teams = [];
  for (const [name, mode, members] of [
    ['First line', 'round_robin', [a, c]],
    ['Second line', 'manual', [b, c]],
  ] as const) {
    const res = await call(owner, 'POST', '/teams', { name, assignmentMode: mode, memberIds: members });
    expect(res.statusCode, res.body).toBe(201);
    teams.push(res.json().id);
  }
  requester = (await customer(t, owner)).contact;
});
afterAll(() => t.close());

const realCounts = async (userId: string, teamIds: string[]) => {
  const q = async (where: ReturnType<typeof sql>) =>
    Number(
      rowsOf<{ n: number }>(
        await t.database.tenantTx({ role: 'staff', tenantId: owner.tenant.id }, (tx) =>
          tx.execute(sql`select count(*)::int as n from tickets where deleted_at is null and ${where}`),
        ),
      )[0]?.n ?? 0,
    );
  const active = sql`status in ('new','open','pending_customer','on_hold')`;
  const statuses = ['new', 'open', 'pending_customer', 'on_hold', 'solved', 'closed'] as const;
  const byStatus: Record<string, number> = {};
  const mineByStatus: Record<string, number> = {};
  for (const s of statuses) {
    byStatus[s] = await q(sql`status = ${s}`);
    mineByStatus[s] = ['solved', 'closed'].includes(s)
      ? 0
      : await q(sql`status = ${s} and assignee_id = ${userId}`);
  }
  const teamRows = [];
  for (const teamId of teamIds) {
    teamRows.push({
      teamId,
      active: await q(sql`${active} and team_id = ${teamId}`),
      unassigned: await q(sql`${active} and team_id = ${teamId} and assignee_id is null`),
    });
  }
  return {
    views: {
      mine: await q(sql`${active} and assignee_id = ${userId}`),
      unassigned: await q(sql`${active} and assignee_id is null`),
      team: teamRows.reduce((a, r) => a + r.active, 0),
      open: (byStatus.new ?? 0) + (byStatus.open ?? 0),
      pending: (byStatus.pending_customer ?? 0) + (byStatus.on_hold ?? 0),
    },
    byStatus,
    mineByStatus,
    teams: teamRows,
  };
};

describe('badge counters', () => {
  it('equal the real counts after a random sequence of creates, moves, replies, merges, bulk and trash', async () => {
    const rand = mulberry32(20260111);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
    const people = [null, ...agents.map((a) => a.user.id)];
    const teamChoices = [null, ...teams];
    const live: string[] = [];
    const trashed: string[] = [];
    const get = async (id: string) => (await call(owner, 'GET', `/tickets/${id}`)).json();
    const ops: Record<string, () => Promise<unknown>> = {
      create: async () => {
        const assignee = pick(people);
        const team = pick(teamChoices);
        const res = await call(owner, 'POST', '/tickets', {
          subject: 'Random',
          requesterId: requester.id,
          priority: pick(['low', 'normal', 'high', 'urgent']),
          ...(assignee ? { assigneeId: assignee } : {}),
          ...(team ? { teamId: team } : {}),
        });
        expect(res.statusCode, res.body).toBe(201);
        live.push(res.json().id);
      },
      status: async () => {
        const cur = await get(pick(live));
        const next = STATUS_TRANSITIONS[cur.status as TTicketStatus];
        if (!next.length) return;
        await call(
          owner,
          'PATCH',
          `/tickets/${cur.id}`,
          { status: pick(next) },
          { 'if-match': `"${cur.version}"` },
        );
      },
      assign: async () => {
        const cur = await get(pick(live));
        await call(
          owner,
          'PATCH',
          `/tickets/${cur.id}`,
          { assigneeId: pick(people) },
          { 'if-match': `"${cur.version}"` },
        );
      },
      team: async () => {
        const cur = await get(pick(live));
        await call(
          owner,
          'PATCH',
          `/tickets/${cur.id}`,
          { teamId: pick(teamChoices) },
          { 'if-match': `"${cur.version}"` },
        );
      },
      reply: async () => {
        const id = pick(live);
        const r = await call(pick(agents), 'POST', `/tickets/${id}/messages`, {
          body: 'reply',
          visibility: 'public',
          ...(rand() < 0.5 ? { statusAfter: pick(['pending_customer', 'solved', 'on_hold']) } : {}),
        });
        expect([201, 409]).toContain(r.statusCode);
      },
      customer: async () => {
        const r = await call(owner, 'POST', `/tickets/${pick(live)}/messages`, {
          body: 'from the customer',
          visibility: 'public',
          author: 'customer',
        });
        expect(r.statusCode, r.body).toBe(201);
        if (r.json().followUp) live.push(r.json().ticket.id);
      },
      bulk: async () => {
        const ids = [pick(live), pick(live), pick(live)];
        const r = await call(owner, 'POST', '/tickets/bulk', {
          ids: [...new Set(ids)],
          set:
            rand() < 0.5
              ? { status: pick(['open', 'solved']) }
              : { assigneeId: pick(people), teamId: pick(teamChoices) },
        });
        expect(r.statusCode, r.body).toBe(200);
      },
      merge: async () => {
        const [a, b] = [pick(live), pick(live)];
        if (a === b) return;
        const r = await call(owner, 'POST', `/tickets/${a}/merge`, { targetId: b });
        expect([200, 400, 409]).toContain(r.statusCode);
      },
      trash: async () => {
        const id = pick(live);
        expect((await call(owner, 'DELETE', `/tickets/${id}`)).statusCode).toBe(204);
        live.splice(live.indexOf(id), 1);
        trashed.push(id);
      },
      restore: async () => {
        const id = trashed.pop();
        if (!id) return;
        expect((await call(owner, 'POST', `/tickets/${id}/restore`)).statusCode).toBe(200);
        live.push(id);
      },
    };
    const weights: Array<[string, number]> = [
      ['create', 5],
      ['status', 5],
      ['assign', 3],
      ['team', 2],
      ['reply', 3],
      ['customer', 2],
      ['bulk', 1],
      ['merge', 1],
      ['trash', 1],
      ['restore', 1],
    ];
    const total = weights.reduce((a, [, w]) => a + w, 0);
    for (let i = 0; i < 8; i++) await ops.create?.();
    for (let step = 0; step < 140; step++) {
      const x = rand() * total;
      let acc = 0;
      const [name] = weights.find(([, w]) => {
        acc += w;
        return x < acc;
      }) ?? ['create'];
      await ops[name]?.();
      if (step % 35 === 34) {
        for (const who of agents) {
          const got = (await call(who, 'GET', '/tickets/counts')).json();
          const mine = teams.filter((_, k) => (k === 0 ? who !== agents[1] : who !== agents[0]));
          expect(got, `after step ${step}, ${who.user.name}`).toEqual(await realCounts(who.user.id, mine));
        }
      }
    }
    // Nothing was trivially zero.
    const final = await realCounts(agents[2]?.user.id ?? '', teams);
    expect(Object.values(final.byStatus).filter((n) => n > 0).length).toBeGreaterThanOrEqual(4);
    expect(final.views.mine + final.views.unassigned).toBeGreaterThan(0);
  }, 180_000);
});
