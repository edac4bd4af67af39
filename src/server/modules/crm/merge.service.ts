import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { TMergeBody, TMergeResult } from '../../../shared/crm/card.schemas.js';
import type { Tx } from '../../platform/db/database.js';
import { rowsOf } from '../../platform/db/database.js';
import { validationError } from '../../platform/errors/app-error.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { auditFromCtx, recordAudit } from '../audit/index.js';
import { removeSearchDocument } from '../search/index.js';
import { appendTimeline, reassignTimeline, timelineActor } from '../timeline/index.js';
import { getAccountOrThrow, indexAccount, toAccount } from './accounts.service.js';
import { type AccountRow, accounts } from './accounts.table.js';
import { contactLinks, indexContact } from './contacts.service.js';
import { accountContacts, type ContactRow, contacts } from './contacts.table.js';
import type { PhoneValue } from './crm.columns.js';
import type { CrmDeps } from './crm.deps.js';
import { expectedVersion, notFound, versionConflict } from './crm-common.js';
import { indexDeal } from './deals.service.js';
import { deals } from './deals.table.js';
import { leads } from './leads.table.js';
import { activities, tasks } from './tasks.table.js';

// ── Field rules: the survivor wins; its empty fields take the source's; lists are united ──

const isEmpty = (v: unknown) =>
  v === null ||
  v === undefined ||
  v === '' ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);

const fill = <T>(survivor: T, source: T): T => (isEmpty(survivor) ? source : survivor);

const unite = (a: string[], b: string[]) => [...new Set([...a, ...b])];

const unitePhones = (a: PhoneValue[], b: PhoneValue[]) => {
  const keyOf = (p: PhoneValue) => p.e164 ?? p.raw;
  const seen = new Set(a.map(keyOf));
  return [...a, ...b.filter((p) => !seen.has(keyOf(p)))];
};

/** Objects keyed by name (custom fields, external refs, address): the survivor's non-empty values win. */
const uniteObject = <T extends Record<string, unknown>>(survivor: T, source: T): T => {
  const out: Record<string, unknown> = { ...source };
  for (const [k, v] of Object.entries(survivor)) if (!isEmpty(v) || !(k in out)) out[k] = v;
  return out as T;
};

export const mergeAccountFields = (s: AccountRow, src: AccountRow) => ({
  companyNumber: fill(s.companyNumber, src.companyNumber),
  phones: unitePhones(s.phones, src.phones),
  phoneKeys: unite(s.phoneKeys, src.phoneKeys),
  emails: unite(s.emails, src.emails),
  fax: fill(s.fax, src.fax),
  address: uniteObject(s.address, src.address),
  website: fill(s.website, src.website),
  ownerId: fill(s.ownerId, src.ownerId),
  tags: unite(s.tags, src.tags),
  externalRefs: uniteObject(s.externalRefs, src.externalRefs),
  customFields: uniteObject(s.customFields, src.customFields),
});

export const mergeContactFields = (s: ContactRow, src: ContactRow) => {
  // Consent is per channel; the latest decision (grant or withdrawal) is the one that stands.
  const consents = { ...src.consents };
  for (const [ch, v] of Object.entries(s.consents) as Array<
    [keyof ContactRow['consents'], ContactRow['consents'][keyof ContactRow['consents']]]
  >) {
    const other = consents[ch];
    if (v && (!other || v.at >= other.at)) consents[ch] = v;
  }
  const lastContactedAt =
    s.lastContactedAt && src.lastContactedAt
      ? new Date(Math.max(s.lastContactedAt.getTime(), src.lastContactedAt.getTime()))
      : (s.lastContactedAt ?? src.lastContactedAt);
  return {
    lastName: fill(s.lastName, src.lastName),
    title: fill(s.title, src.title),
    phones: unitePhones(s.phones, src.phones),
    phoneKeys: unite(s.phoneKeys, src.phoneKeys),
    emails: unite(s.emails, src.emails),
    fax: fill(s.fax, src.fax),
    birthday: fill(s.birthday, src.birthday),
    preferredLanguage: fill(s.preferredLanguage, src.preferredLanguage),
    preferredChannel: fill(s.preferredChannel, src.preferredChannel),
    consents,
    ownerId: fill(s.ownerId, src.ownerId),
    tags: unite(s.tags, src.tags),
    customFields: uniteObject(s.customFields, src.customFields),
    lastContactedAt,
  };
};

const countOf = (res: unknown) => rowsOf<{ n: number }>(res)[0]?.n ?? 0;

const notItself = () =>
  validationError(
    [{ path: 'sourceId', message: 'A record cannot be merged into itself' }],
    'Pick another record to merge.',
  );

/**
 * Merges two accounts or two contacts in one transaction: `:id` survives and keeps everything
 * (timeline, tasks, activities, deals, contact links); the source goes to the trash, its audit
 * row saying where it went. Modules above crm (tickets) follow via the `crm.record.merged` event.
 */
export const createMerge = (deps: CrmDeps) => {
  const inTx = <T>(ctx: TenantCtx, fn: (tx: Tx) => Promise<T>) => deps.database.tenantTx(scopeOf(ctx), fn);

  const finish = (ctx: TenantCtx, entity: 'account' | 'contact', result: TMergeResult) => {
    deps.events.publish({
      type: 'crm.record.merged',
      tenantId: ctx.tenantId,
      at: deps.clock.now(),
      payload: { entity, survivorId: result.survivorId, sourceId: result.sourceId },
    });
    return result;
  };

  const accountsMerge = (ctx: TenantCtx, id: string, input: TMergeBody, ifMatch: string | undefined) =>
    inTx(ctx, async (tx) => {
      if (input.sourceId === id) throw notItself();
      const expected = expectedVersion(ifMatch, input.version);
      const survivor = await getAccountOrThrow(tx, id);
      const source = await getAccountOrThrow(tx, input.sourceId);
      if (survivor.version !== expected) throw versionConflict(toAccount(survivor));
      const now = deps.clock.now();
      const bump = { updatedAt: now };

      const movedTasks = await tx
        .update(tasks)
        .set({ accountId: id, version: sql`${tasks.version} + 1`, ...bump })
        .where(eq(tasks.accountId, source.id))
        .returning({ id: tasks.id });
      const movedActivities = await tx
        .update(activities)
        .set({ accountId: id, version: sql`${activities.version} + 1`, ...bump })
        .where(eq(activities.accountId, source.id))
        .returning({ id: activities.id });
      const movedDeals = await tx
        .update(deals)
        .set({ accountId: id, version: sql`${deals.version} + 1`, ...bump })
        .where(eq(deals.accountId, source.id))
        .returning();
      await tx.update(leads).set({ convertedAccountId: id }).where(eq(leads.convertedAccountId, source.id));

      // People of both stay linked once; a link that was a person's primary account stays primary.
      const links = countOf(
        await tx.execute(sql`with moved as (
            insert into ${accountContacts} (tenant_id, account_id, contact_id, role, is_primary, created_at)
            select tenant_id, ${id}, contact_id, role, is_primary, created_at
              from ${accountContacts} where account_id = ${source.id}
            on conflict (tenant_id, account_id, contact_id) do update
              set is_primary = ${accountContacts}.is_primary or excluded.is_primary,
                  role = coalesce(${accountContacts}.role, excluded.role)
            returning contact_id)
          select count(*)::int as n from moved`),
      );
      const linkedContactIds = (
        await tx
          .delete(accountContacts)
          .where(eq(accountContacts.accountId, source.id))
          .returning({ contactId: accountContacts.contactId })
      ).map((r) => r.contactId);
      const timelineEntries = await reassignTimeline(tx, { subject: 'account', from: source.id, to: id });

      const [row] = await tx
        .update(accounts)
        .set({ ...mergeAccountFields(survivor, source), version: survivor.version + 1, updatedAt: now })
        .where(and(eq(accounts.id, id), eq(accounts.version, survivor.version)))
        .returning();
      if (!row) throw versionConflict(toAccount(await getAccountOrThrow(tx, id)));
      await tx
        .update(accounts)
        .set({ deletedAt: now, version: source.version + 1, updatedAt: now })
        .where(eq(accounts.id, source.id));

      // Search: the survivor with its united phones/emails/ids; the source gone; the moved deals
      // and people show the survivor's name.
      await indexAccount(tx, row);
      await removeSearchDocument(tx, 'account', source.id);
      for (const d of movedDeals) await indexDeal(tx, d, row.name);
      if (linkedContactIds.length) {
        const people = await tx
          .select()
          .from(contacts)
          .where(and(inArray(contacts.id, linkedContactIds), isNull(contacts.deletedAt)));
        const linksOf = await contactLinks(tx, linkedContactIds);
        for (const c of people) await indexContact(tx, c, linksOf.get(c.id) ?? []);
      }

      const moved = {
        tasks: movedTasks.length,
        activities: movedActivities.length,
        deals: movedDeals.length,
        links,
        timelineEntries,
      };
      await appendTimeline(tx, {
        tenantId: ctx.tenantId,
        occurredAt: now,
        accountId: id,
        type: 'record.merged',
        channel: 'system',
        title: source.name,
        summary: `${source.name} → ${row.name}`,
        ref: { kind: 'account', id },
        actor: timelineActor(ctx),
        data: {
          entity: 'account',
          mergedFrom: source.id,
          mergedFromName: source.name,
          mergedInto: id,
          moved,
        },
      });
      await recordAudit(
        tx,
        auditFromCtx(ctx, 'account.merged', { kind: 'account', id }, { sourceId: source.id, moved }),
      );
      await recordAudit(
        tx,
        auditFromCtx(ctx, 'account.merged_away', { kind: 'account', id: source.id }, { mergedInto: id }),
      );
      return { survivorId: id, sourceId: source.id, version: row.version, moved };
    }).then((r) => finish(ctx, 'account', r));

  const getContact = async (tx: Tx, id: string) => {
    const [row] = await tx
      .select()
      .from(contacts)
      .where(and(eq(contacts.id, id), isNull(contacts.deletedAt)))
      .limit(1);
    if (!row) throw notFound('Contact');
    return row;
  };

  const contactsMerge = (ctx: TenantCtx, id: string, input: TMergeBody, ifMatch: string | undefined) =>
    inTx(ctx, async (tx) => {
      if (input.sourceId === id) throw notItself();
      const expected = expectedVersion(ifMatch, input.version);
      const survivor = await getContact(tx, id);
      const source = await getContact(tx, input.sourceId);
      if (survivor.version !== expected) {
        throw versionConflict({ id: survivor.id, version: survivor.version });
      }
      const now = deps.clock.now();

      const movedTasks = await tx
        .update(tasks)
        .set({ contactId: id, version: sql`${tasks.version} + 1`, updatedAt: now })
        .where(eq(tasks.contactId, source.id))
        .returning({ id: tasks.id });
      const movedActivities = await tx
        .update(activities)
        .set({ contactId: id, version: sql`${activities.version} + 1`, updatedAt: now })
        .where(eq(activities.contactId, source.id))
        .returning({ id: activities.id });
      const movedDeals = await tx
        .update(deals)
        .set({ contactId: id, version: sql`${deals.version} + 1`, updatedAt: now })
        .where(eq(deals.contactId, source.id))
        .returning({ id: deals.id });
      await tx.update(leads).set({ convertedContactId: id }).where(eq(leads.convertedContactId, source.id));

      // The survivor keeps its primary account if it has one; otherwise the source's stays primary.
      const links = countOf(
        await tx.execute(sql`with has_primary as (
            select exists (select 1 from ${accountContacts} where contact_id = ${id} and is_primary) as yes),
          moved as (
            insert into ${accountContacts} (tenant_id, account_id, contact_id, role, is_primary, created_at)
            select s.tenant_id, s.account_id, ${id}, s.role, s.is_primary and not (select yes from has_primary), s.created_at
              from ${accountContacts} s where s.contact_id = ${source.id}
            on conflict (tenant_id, account_id, contact_id) do update
              set role = coalesce(${accountContacts}.role, excluded.role)
            returning account_id)
          select count(*)::int as n from moved`),
      );
      await tx.delete(accountContacts).where(eq(accountContacts.contactId, source.id));
      const timelineEntries = await reassignTimeline(tx, { subject: 'contact', from: source.id, to: id });

      const [row] = await tx
        .update(contacts)
        .set({ ...mergeContactFields(survivor, source), version: survivor.version + 1, updatedAt: now })
        .where(and(eq(contacts.id, id), eq(contacts.version, survivor.version)))
        .returning();
      if (!row) throw versionConflict({ id, version: survivor.version + 1 });
      await tx
        .update(contacts)
        .set({ deletedAt: now, version: source.version + 1, updatedAt: now })
        .where(eq(contacts.id, source.id));

      const survivorLinks = (await contactLinks(tx, [id])).get(id) ?? [];
      await indexContact(tx, row, survivorLinks);
      await removeSearchDocument(tx, 'contact', source.id);

      const moved = {
        tasks: movedTasks.length,
        activities: movedActivities.length,
        deals: movedDeals.length,
        links,
        timelineEntries,
      };
      const name = (c: ContactRow) => [c.firstName, c.lastName].filter(Boolean).join(' ');
      await appendTimeline(tx, {
        tenantId: ctx.tenantId,
        occurredAt: now,
        contactId: id,
        accountIds: survivorLinks.map((l) => l.accountId),
        type: 'record.merged',
        channel: 'system',
        title: name(source),
        summary: `${name(source)} → ${name(row)}`,
        ref: { kind: 'contact', id },
        actor: timelineActor(ctx),
        data: {
          entity: 'contact',
          mergedFrom: source.id,
          mergedFromName: name(source),
          mergedInto: id,
          moved,
        },
      });
      await recordAudit(
        tx,
        auditFromCtx(ctx, 'contact.merged', { kind: 'contact', id }, { sourceId: source.id, moved }),
      );
      await recordAudit(
        tx,
        auditFromCtx(ctx, 'contact.merged_away', { kind: 'contact', id: source.id }, { mergedInto: id }),
      );
      return { survivorId: id, sourceId: source.id, version: row.version, moved };
    }).then((r) => finish(ctx, 'contact', r));

  return { accounts: accountsMerge, contacts: contactsMerge };
};

export type Merge = ReturnType<typeof createMerge>;
