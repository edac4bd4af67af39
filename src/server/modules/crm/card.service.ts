import { getTableColumns, type InferSelectModel, sql, type Table } from 'drizzle-orm';
import type { TCardContact, TCustomerCard } from '../../../shared/crm/card.schemas.js';
import { rowsOf } from '../../platform/db/database.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { users } from '../auth/index.js';
import { customFieldDefs } from '../custom-fields/index.js';
import { tenants } from '../tenants/index.js';
import { timelineEntries, timelinePage } from '../timeline/index.js';
import { toAccount } from './accounts.service.js';
import { accounts } from './accounts.table.js';
import { toActivity } from './activities.service.js';
import { evaluateHealth } from './card-health.js';
import { cardSettingsFrom } from './card-settings.service.js';
import { accountContacts, contacts } from './contacts.table.js';
import type { CrmDeps } from './crm.deps.js';
import { notFound } from './crm-common.js';
import { crmSettings } from './crm-settings.table.js';
import { toDeal } from './deals.service.js';
import { deals } from './deals.table.js';
import { toTask } from './tasks.service.js';
import { activities, tasks } from './tasks.table.js';

const CARD_CONTACTS = 50;
const CARD_TASKS = 10;
const CARD_CALLS = 5;
const CARD_DEALS = 20;
const CARD_TIMELINE = 20;

const fullName = (c: { firstName: string; lastName: string }) =>
  [c.firstName, c.lastName].filter(Boolean).join(' ');

// Intl formatters are costly to build; one per time zone serves every card.
const dayFormats = new Map<string, Intl.DateTimeFormat>();
/** "Today" in the tenant's time zone, as the YYYY-MM-DD a deal's expected close date is. */
const todayIn = (timeZone: string, now: Date) => {
  let f = dayFormats.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-CA', { timeZone });
    } catch {
      f = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jerusalem' });
    }
    dayFormats.set(timeZone, f);
  }
  return f.format(now);
};

// Row decoding for the card's JSON columns: the table's own column mappers (timestamps to Date,
// arrays, jsonb), keyed by database name as row_to_json writes them. Built once per table.
const jsonRowDecoder = <T extends Table>(table: T) => {
  const cols = Object.entries(getTableColumns(table));
  return (json: Record<string, unknown>): InferSelectModel<T> => {
    const out: Record<string, unknown> = {};
    for (const [key, col] of cols) {
      const v = json[col.name];
      out[key] = v === null || v === undefined ? null : col.mapFromDriverValue(v);
    }
    return out as InferSelectModel<T>;
  };
};
const decodeAccount = jsonRowDecoder(accounts);
const decodeTask = jsonRowDecoder(tasks);
const decodeActivity = jsonRowDecoder(activities);
const decodeDeal = jsonRowDecoder(deals);
const decodeDef = jsonRowDecoder(customFieldDefs);
const decodeTimeline = jsonRowDecoder(timelineEntries);

type CardContactJson = {
  id: string;
  number: number;
  firstName: string;
  lastName: string;
  title: string | null;
  phones: Array<{ raw: string; e164: string | null; label?: string | null }>;
  emails: string[];
  lastContactedAt: string | null;
  role: string | null;
  isPrimary: boolean;
};

type CardRow = {
  account: Record<string, unknown> | null;
  last: Date | string | null;
  tz: string | null;
  settings: Record<string, unknown> | null;
  people: CardContactJson[] | null;
  tasks: Array<{ t: Record<string, unknown>; overdue: number }> | null;
  calls: Record<string, unknown>[] | null;
  deals: Record<string, unknown>[] | null;
  defs: Record<string, unknown>[] | null;
  timeline: Array<{ e: Record<string, unknown>; actorName: string | null }> | null;
};

/**
 * Everything the card shows in ONE statement: each panel is a scalar subquery (indexed, bounded by
 * its LIMIT) that returns its rows as JSON. One round trip and one plan instead of seven statements
 * — measured on the 1M-contact bench, parse/plan and the driver, not the index scans, were the
 * card's cost. Panels are ordered inside (row_number), so json_agg's order is explicit.
 */
const cardStatement = (tenantId: string, id: string, now: Date) => sql<CardRow>`select
  (select row_to_json(a) from ${accounts} a where a.id = ${id} and a.deleted_at is null) as account,
  greatest(
    (select max(a.occurred_at) from ${activities} a
      where a.account_id = ${id} and a.kind <> 'note' and a.deleted_at is null),
    (select max(c.last_contacted_at) from ${accountContacts} ac
       join ${contacts} c on c.tenant_id = ac.tenant_id and c.id = ac.contact_id
      where ac.account_id = ${id} and c.deleted_at is null)) as last,
  (select t.timezone from ${tenants} t where t.id = ${tenantId}) as tz,
  (select jsonb_object_agg(s.key, s.value) from ${crmSettings} s
    where s.key in ('health_rules', 'card_layout')) as settings,
  (select json_agg(p.j order by p.n) from (
     select json_build_object('id', c.id, 'number', c.number, 'firstName', c.first_name,
              'lastName', c.last_name, 'title', c.title, 'phones', c.phones, 'emails', c.emails,
              'lastContactedAt', c.last_contacted_at, 'role', ac.role, 'isPrimary', ac.is_primary) as j,
            row_number() over (order by ac.is_primary desc, c.first_name, c.last_name) as n
       from ${accountContacts} ac
       join ${contacts} c on c.tenant_id = ac.tenant_id and c.id = ac.contact_id
      where ac.account_id = ${id} and c.deleted_at is null
      order by n limit ${CARD_CONTACTS}) p) as people,
  (select json_agg(json_build_object('t', row_to_json(p.t), 'overdue', p.overdue) order by p.n) from (
     select t, (count(*) filter (where t.due_at < ${now.toISOString()}::timestamptz) over ())::int as overdue,
            row_number() over (order by t.due_at asc nulls last, t.id) as n
       from ${tasks} t
      where t.account_id = ${id} and t.status = 'open' and t.deleted_at is null
      order by n limit ${CARD_TASKS}) p) as tasks,
  (select json_agg(row_to_json(p.a) order by p.occurred_at desc, p.n) from (
     select a, a.occurred_at, row_number() over (order by a.occurred_at desc) as n
       from ${activities} a
      where a.account_id = ${id} and a.kind = 'call' and a.deleted_at is null
      order by n limit ${CARD_CALLS}) p) as calls,
  (select json_agg(to_jsonb(p.d) || jsonb_build_object('amount', (p.d).amount::text) order by p.n) from (
     select d, row_number() over (order by d.expected_close_date asc nulls last, d.id) as n
       from ${deals} d
      where d.account_id = ${id} and d.status = 'open' and d.deleted_at is null
      order by n limit ${CARD_DEALS}) p) as deals,
  (select json_agg(row_to_json(f) order by f.position, f.key) from ${customFieldDefs} f
    where f.entity = 'account' and not f.archived) as defs,
  (select json_agg(json_build_object('e', row_to_json(p.e), 'actorName',
          case when (p.e).actor_kind = 'user' then (select u.name from ${users} u
            where u.tenant_id = (p.e).tenant_id and u.id = (p.e).actor_id) end) order by p.n) from (
     -- Actors' names by primary key for the page's entries only: joined before the limit, the
     -- planner (expecting one entry) scanned the tenant's users once per entry.
     select e, row_number() over (order by e.occurred_at desc, e.id desc) as n
       from ${timelineEntries} e
      where e.account_id = ${id}
      order by n limit ${CARD_TIMELINE + 1}) p) as timeline`;

export const createCard = (deps: CrmDeps) => {
  return {
    get: (ctx: TenantCtx, id: string): Promise<TCustomerCard> =>
      deps.database.tenantTx(scopeOf(ctx), async (tx) => {
        const now = deps.clock.now();
        const [found] = rowsOf<CardRow>(await tx.execute(cardStatement(ctx.tenantId, id, now)));
        if (!found?.account) throw notFound('Account');
        const account = decodeAccount(found.account);
        const facts = found;
        const people = found.people ?? [];
        const openTasks = (found.tasks ?? []).map((r) => ({ t: decodeTask(r.t), overdue: r.overdue }));
        const calls = (found.calls ?? []).map(decodeActivity);
        const openDeals = (found.deals ?? []).map((d) => ({ row: decodeDeal(d), accountName: account.name }));
        const defs = (found.defs ?? []).map(decodeDef);
        const firstPage = timelinePage(
          (found.timeline ?? []).map((r) => ({ e: decodeTimeline(r.e), actorName: r.actorName })),
          CARD_TIMELINE,
        );
        const stored = facts.settings ?? {};
        const settings = cardSettingsFrom(stored.health_rules, stored.card_layout);
        const today = todayIn(facts.tz ?? 'Asia/Jerusalem', now);
        const health = evaluateHealth(
          settings.healthRules,
          {
            overdueTasks: openTasks[0]?.overdue ?? 0,
            lastContactAt: facts.last ? new Date(facts.last) : null,
            createdAt: account.createdAt,
            // Tickets come with the service desk; the rule is in place and counts none until then.
            openUrgentTickets: 0,
            overdueDeals: openDeals.filter(
              (d) => d.row.expectedCloseDate !== null && d.row.expectedCloseDate < today,
            ).length,
            status: account.status,
          },
          now,
        );
        return {
          account: toAccount(account),
          health,
          contacts: people.map(
            (c): TCardContact => ({
              id: c.id,
              number: c.number,
              fullName: fullName(c),
              title: c.title,
              role: c.role,
              isPrimary: c.isPrimary,
              phones: c.phones.map((p) => ({
                raw: p.raw,
                e164: p.e164,
                ...(p.label ? { label: p.label } : {}),
              })),
              emails: c.emails,
              lastContactedAt: c.lastContactedAt ? new Date(c.lastContactedAt).toISOString() : null,
            }),
          ),
          openTasks: openTasks.map((r) => toTask(r.t)),
          lastCalls: calls.map(toActivity),
          openDeals: openDeals.map((r) => toDeal(r.row, r.accountName)),
          openTickets: [],
          timeline: firstPage,
          layout: settings.layout,
          customFieldDefs: defs
            .filter((d) => !d.archived)
            .map((d) => ({
              id: d.id,
              entity: d.entity,
              key: d.key,
              type: d.type,
              labelHe: d.labelHe,
              labelEn: d.labelEn,
              required: d.required,
              options: d.options,
              validation: d.validation,
              position: d.position,
              archived: d.archived,
            })),
        };
      }),
  };
};

export type Card = ReturnType<typeof createCard>;
