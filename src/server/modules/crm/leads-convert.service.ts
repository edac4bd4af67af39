import { and, asc, eq, isNull, or, sql } from 'drizzle-orm';
import { ZCreateAccount } from '../../../shared/crm/accounts.schemas.js';
import { ZCreateContact } from '../../../shared/crm/contacts.schemas.js';
import { ZCreateDeal } from '../../../shared/crm/deals.schemas.js';
import type { TConvertLead, TConvertLeadResult } from '../../../shared/crm/leads.schemas.js';
import type { Tx } from '../../platform/db/database.js';
import { AppError, validationError } from '../../platform/errors/app-error.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { auditFromCtx, recordAudit } from '../audit/index.js';
import { removeSearchDocument } from '../search/index.js';
import { appendTimeline, type TimelineChannel, timelineActor, timelineEntries } from '../timeline/index.js';
import type { Accounts } from './accounts.service.js';
import { accounts } from './accounts.table.js';
import type { Contacts } from './contacts.service.js';
import type { CrmDeps } from './crm.deps.js';
import type { Deals } from './deals.service.js';
import { getLeadOrThrow, leadName, toLead } from './leads.service.js';
import { leads } from './leads.table.js';

/** Runs a nested create and names its bad fields under the part of the body they came from. */
const under = async <T>(prefix: string, step: () => Promise<T>): Promise<T> => {
  try {
    return await step();
  } catch (e) {
    if (e instanceof AppError && e.code === 'VALIDATION_FAILED' && e.fields) {
      throw validationError(e.fields.map((f) => ({ ...f, path: `${prefix}.${f.path}` })));
    }
    throw e;
  }
};

export const createLeadConversion = (
  deps: CrmDeps,
  parts: { accounts: Accounts; contacts: Contacts; deals: Deals },
) => {
  /**
   * The lead's history (entries about it that belong to no customer yet) is copied onto the new
   * account and contact, at its original times, so their timelines start where the lead began.
   */
  const copyHistory = async (tx: Tx, leadId: string, accountId: string, contactId: string) => {
    const entries = await tx
      .select()
      .from(timelineEntries)
      .where(
        and(
          or(
            and(eq(timelineEntries.refKind, 'lead'), eq(timelineEntries.refId, leadId)),
            sql`${timelineEntries.data}->>'leadId' = ${leadId}`,
          ),
          isNull(timelineEntries.accountId),
          isNull(timelineEntries.contactId),
        ),
      )
      .orderBy(asc(timelineEntries.occurredAt), asc(timelineEntries.id));
    for (const e of entries) {
      await appendTimeline(tx, {
        tenantId: e.tenantId,
        occurredAt: e.occurredAt,
        accountId,
        contactId,
        type: e.type,
        channel: e.channel as TimelineChannel,
        title: e.title,
        summary: e.summary,
        ...(e.refKind && e.refId ? { ref: { kind: e.refKind, id: e.refId } } : {}),
        ...(e.actorKind ? { actor: { kind: e.actorKind, id: e.actorId } } : {}),
        data: { ...e.data, leadId, copiedFrom: e.id },
      });
    }
    return entries.length;
  };

  return {
    /**
     * Turns a lead into an account (new or existing) + contact (+ deal) in one transaction and
     * marks it converted; converting twice is 409.
     */
    convert: (ctx: TenantCtx, id: string, input: TConvertLead): Promise<TConvertLeadResult> =>
      deps.database.tenantTx(scopeOf(ctx), async (tx) => {
        const lead = await getLeadOrThrow(tx, id, { forUpdate: true });
        if (lead.status === 'converted' || lead.convertedAt) {
          throw new AppError('LEAD_ALREADY_CONVERTED', {
            userMessage: 'This lead was converted already.',
            extra: { current: toLead(lead) },
          });
        }
        const person = leadName(lead);
        const phones = lead.phones.map((p) => ({ number: p.raw, ...(p.label ? { label: p.label } : {}) }));

        let account: { id: string; name: string };
        if (input.account && 'existingId' in input.account) {
          const [found] = await tx
            .select({ id: accounts.id, name: accounts.name })
            .from(accounts)
            .where(and(eq(accounts.id, input.account.existingId), isNull(accounts.deletedAt)));
          if (!found) throw validationError([{ path: 'account.existingId', message: 'Account not found' }]);
          account = found;
        } else {
          // Without a company the customer is a private person: the account carries their details.
          const isPrivate = !lead.company;
          const accountInput =
            input.account ??
            ZCreateAccount.parse({
              name: (lead.company || person).slice(0, 200),
              kind: isPrivate ? 'private' : 'business',
              phones: isPrivate ? phones : [],
              emails: isPrivate ? lead.emails : [],
              ownerId: lead.ownerId,
            });
          account = await under('account', () => parts.accounts.createInTx(tx, ctx, accountInput));
        }

        const contact = await under('contact', () =>
          parts.contacts.createInTx(
            tx,
            ctx,
            ZCreateContact.parse({
              firstName: lead.firstName,
              lastName: lead.lastName,
              ...(lead.title ? { title: lead.title } : {}),
              ...(input.contact?.title ? { title: input.contact.title } : {}),
              ...(input.contact?.customFields ? { customFields: input.contact.customFields } : {}),
              accountId: account.id,
              phones,
              emails: lead.emails,
              ownerId: lead.ownerId,
              tags: lead.tags,
            }),
          ),
        );

        const dealInput = input.createDeal;
        const deal = dealInput
          ? (
              await under('createDeal', () =>
                parts.deals.createInTx(
                  tx,
                  ctx,
                  ZCreateDeal.parse({
                    name: dealInput.name,
                    accountId: account.id,
                    contactId: contact.id,
                    ...(dealInput.pipelineId ? { pipelineId: dealInput.pipelineId } : {}),
                    ...(dealInput.amount !== undefined ? { amount: dealInput.amount } : {}),
                    currency: dealInput.currency,
                    ...(lead.ownerId ? { ownerId: lead.ownerId } : {}),
                    tags: lead.tags,
                  }),
                ),
              )
            ).row
          : undefined;

        const now = deps.clock.now();
        const [row] = await tx
          .update(leads)
          .set({
            status: 'converted',
            convertedAt: now,
            convertedAccountId: account.id,
            convertedContactId: contact.id,
            convertedDealId: deal?.id ?? null,
            version: lead.version + 1,
            updatedAt: now,
          })
          .where(eq(leads.id, id))
          .returning();
        if (!row) throw new Error('lead update returned nothing');
        await removeSearchDocument(tx, 'lead', id);

        const copied = await copyHistory(tx, id, account.id, contact.id);
        await appendTimeline(tx, {
          tenantId: ctx.tenantId,
          occurredAt: now,
          accountId: account.id,
          contactId: contact.id,
          type: 'lead.converted',
          channel: 'system',
          title: person || lead.company || '',
          ref: { kind: 'lead', id },
          actor: timelineActor(ctx),
          data: { leadId: id, accountId: account.id, contactId: contact.id, dealId: deal?.id ?? null },
        });
        await recordAudit(
          tx,
          auditFromCtx(
            ctx,
            'lead.converted',
            { kind: 'lead', id },
            { accountId: account.id, contactId: contact.id, dealId: deal?.id ?? null, historyCopied: copied },
          ),
        );
        return { lead: toLead(row), accountId: account.id, contactId: contact.id, dealId: deal?.id ?? null };
      }),
  };
};

export type LeadConversion = ReturnType<typeof createLeadConversion>;
