import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { TCardContact, TCustomerCard } from '../../../shared/crm/card.schemas.js';
import type { Tx } from '../../platform/db/database.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { listDefs } from '../custom-fields/index.js';
import { tenants } from '../tenants/index.js';
import { listTimeline } from '../timeline/index.js';
import { toAccount } from './accounts.service.js';
import { accounts } from './accounts.table.js';
import { toActivity } from './activities.service.js';
import { evaluateHealth } from './card-health.js';
import { cardSettingsFrom } from './card-settings.service.js';
import { accountContacts, contacts } from './contacts.table.js';
import type { CrmDeps } from './crm.deps.js';
import { notFound } from './crm-common.js';
import { crmSettings } from './crm-settings.table.js';
import { dealsWithAccount, toDeal } from './deals.service.js';
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

/**
 * Everything the customer card shows, in one tenant transaction of a fixed number of indexed
 * queries (no per-row lookups), the timeline's first page included.
 */
export const createCard = (deps: CrmDeps) => {
  const gather = async (tx: Tx, id: string, now: Date) => {
    const people = await tx
      .select({ c: contacts, role: accountContacts.role, isPrimary: accountContacts.isPrimary })
      .from(accountContacts)
      .innerJoin(
        contacts,
        and(eq(contacts.tenantId, accountContacts.tenantId), eq(contacts.id, accountContacts.contactId)),
      )
      .where(and(eq(accountContacts.accountId, id), isNull(contacts.deletedAt)))
      .orderBy(desc(accountContacts.isPrimary), asc(contacts.firstName), asc(contacts.lastName))
      .limit(CARD_CONTACTS);
    // The window count sees every open task, not just the 10 returned.
    const openTasks = await tx
      .select({
        t: tasks,
        overdue: sql<number>`(count(*) filter (where ${tasks.dueAt} < ${now.toISOString()}::timestamptz) over ())::int`,
      })
      .from(tasks)
      .where(and(eq(tasks.accountId, id), eq(tasks.status, 'open'), isNull(tasks.deletedAt)))
      .orderBy(sql`${tasks.dueAt} asc nulls last`, asc(tasks.id))
      .limit(CARD_TASKS);
    const calls = await tx
      .select()
      .from(activities)
      .where(and(eq(activities.accountId, id), eq(activities.kind, 'call'), isNull(activities.deletedAt)))
      .orderBy(desc(activities.occurredAt))
      .limit(CARD_CALLS);
    const openDeals = await dealsWithAccount(tx)
      .where(and(eq(deals.accountId, id), eq(deals.status, 'open'), isNull(deals.deletedAt)))
      .orderBy(sql`${deals.expectedCloseDate} asc nulls last`, asc(deals.id))
      .limit(CARD_DEALS);
    const defs = await listDefs(tx, 'account');
    const firstPage = await listTimeline(tx, { accountId: id, limit: CARD_TIMELINE });
    return { people, openTasks, calls, openDeals, defs, firstPage };
  };

  return {
    get: (ctx: TenantCtx, id: string): Promise<TCustomerCard> =>
      deps.database.tenantTx(scopeOf(ctx), async (tx) => {
        const now = deps.clock.now();
        // The account and small facts in one round trip: the last customer-facing contact (the
        // account's own activities or any of its people's), the time zone, the card settings.
        const [found] = await tx
          .select({
            account: accounts,
            last: sql<Date | string | null>`greatest(
              (select max(a.occurred_at) from ${activities} a
                where a.account_id = ${id} and a.kind <> 'note' and a.deleted_at is null),
              (select max(c.last_contacted_at) from ${accountContacts} ac
                 join ${contacts} c on c.tenant_id = ac.tenant_id and c.id = ac.contact_id
                where ac.account_id = ${id} and c.deleted_at is null))`,
            tz: sql<string | null>`(select t.timezone from ${tenants} t where t.id = ${ctx.tenantId})`,
            settings: sql<Record<string, unknown> | null>`(select jsonb_object_agg(s.key, s.value)
              from ${crmSettings} s where s.key in ('health_rules', 'card_layout'))`,
          })
          .from(accounts)
          .where(and(eq(accounts.id, id), isNull(accounts.deletedAt)))
          .limit(1);
        if (!found) throw notFound('Account');
        const { account, ...facts } = found;
        const { people, openTasks, calls, openDeals, defs, firstPage } = await gather(tx, id, now);
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
            ({ c, role, isPrimary }): TCardContact => ({
              id: c.id,
              number: c.number,
              fullName: fullName(c),
              title: c.title,
              role,
              isPrimary,
              phones: c.phones.map((p) => ({
                raw: p.raw,
                e164: p.e164,
                ...(p.label ? { label: p.label } : {}),
              })),
              emails: c.emails,
              lastContactedAt: c.lastContactedAt?.toISOString() ?? null,
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
