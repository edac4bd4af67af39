import { and, eq } from 'drizzle-orm';
import type { TFieldError } from '../../../shared/errors.js';
import {
  NOTIFICATION_EVENTS,
  type TLocale,
  type TNotificationEvent,
  type TNotificationTemplate,
  type TPreviewTemplate,
  type TPutTemplates,
  type TTemplateContent,
} from '../../../shared/notifications.schemas.js';
import type { Clock } from '../../platform/clock.js';
import type { Database, Tx } from '../../platform/db/database.js';
import { validationError } from '../../platform/errors/app-error.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { auditFromCtx, recordAudit } from '../audit/index.js';
import { getCurrentTenant } from '../tenants/index.js';
import { composeMail, formatDue } from './compose.js';
import { type NotificationTemplateRow, notificationTemplates } from './notifications.table.js';
import { isoOrNull } from './notifications-common.js';
import { checkPlaceholders, TemplateError, type TemplateValues } from './template-language.js';
import { DEFAULT_TEMPLATES, PLACEHOLDERS, WORDS } from './templates.defaults.js';

/** The template an event uses in a language: the tenant's override, else the shipped default. */
export const loadTemplate = async (
  tx: Tx,
  event: TNotificationEvent,
  locale: TLocale,
): Promise<TTemplateContent> => {
  const [row] = await tx
    .select()
    .from(notificationTemplates)
    .where(and(eq(notificationTemplates.event, event), eq(notificationTemplates.locale, locale)))
    .limit(1);
  return row ? contentOf(row) : DEFAULT_TEMPLATES[locale][event];
};

const contentOf = (r: NotificationTemplateRow): TTemplateContent => ({
  subject: r.subject,
  body: r.body,
  ...(r.actionLabel ? { actionLabel: r.actionLabel } : {}),
});

/** Field errors for a template that does not parse or names a placeholder its event lacks. */
const templateErrors = (event: TNotificationEvent, t: TTemplateContent, path: string): TFieldError[] => {
  const errors: TFieldError[] = [];
  for (const field of ['subject', 'body', 'actionLabel'] as const) {
    const source = t[field];
    if (source === undefined) continue;
    try {
      checkPlaceholders(source, PLACEHOLDERS[event]);
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      errors.push({ path: `${path}.${field}`, message: e.message });
    }
  }
  return errors;
};

/** Made-up values so an administrator sees what a template will look like. */
const sampleValues = (locale: TLocale, publicUrl: string, now: Date, timeZone: string): TemplateValues => {
  const he = locale === 'he';
  const due = new Date(now.getTime() + 4 * 3_600_000);
  return {
    'ticket.number': 1042,
    'ticket.subject': he ? 'המדפסת במשרד לא מדפיסה' : 'The office printer does not print',
    'ticket.status': WORDS[locale].open,
    'ticket.priority': WORDS[locale].high,
    'ticket.url': `${publicUrl}/tickets/preview`,
    'tenant.name': he ? 'הארגון שלך' : 'Your organization',
    'recipient.name': he ? 'דנה כהן' : 'Dana Cohen',
    'requester.firstName': he ? 'דנה' : 'Dana',
    'requester.name': he ? 'דנה כהן' : 'Dana Cohen',
    'agent.name': he ? 'יוסי לוי' : 'Yossi Levi',
    'sla.firstResponseDue': formatDue(due, locale, timeZone, now),
    'sla.resolutionDue': formatDue(new Date(due.getTime() + 24 * 3_600_000), locale, timeZone, now),
    'sla.target': WORDS[locale].firstResponse,
    'sla.dueAt': formatDue(due, locale, timeZone, now),
    'reply.text': he
      ? 'בדקנו את המדפסת והחלפנו את המחסנית.'
      : 'We checked the printer and replaced the cartridge.',
    'mention.author': he ? 'יוסי לוי' : 'Yossi Levi',
    'csat.url': `${publicUrl}/csat/preview`,
  };
};

export type TemplatesDeps = { database: Database; clock: Clock; publicUrl: string };

export const createTemplates = (deps: TemplatesDeps) => {
  const inTx = <T>(ctx: TenantCtx, fn: (tx: Tx) => Promise<T>) => deps.database.tenantTx(scopeOf(ctx), fn);

  const listIn = async (tx: Tx): Promise<TNotificationTemplate[]> => {
    const rows = await tx.select().from(notificationTemplates);
    const byKey = new Map(rows.map((r) => [`${r.event}:${r.locale}`, r]));
    return NOTIFICATION_EVENTS.flatMap((event) =>
      (['he', 'en'] as const).map((locale) => {
        const row = byKey.get(`${event}:${locale}`);
        const content = row ? contentOf(row) : DEFAULT_TEMPLATES[locale][event];
        return {
          event,
          locale,
          ...content,
          custom: Boolean(row),
          placeholders: [...PLACEHOLDERS[event]],
          updatedAt: isoOrNull(row?.updatedAt),
        };
      }),
    );
  };

  return {
    /** Every event in both languages, the tenant's wording where it has one. */
    list: (ctx: TenantCtx) => inTx(ctx, async (tx) => ({ items: await listIn(tx) })),

    /** Saves overrides (null restores the default); every template is checked before any is saved. */
    put: (ctx: TenantCtx, input: TPutTemplates) => {
      const errors = input.templates.flatMap((t, i) =>
        t.template ? templateErrors(t.event, t.template, `templates.${i}.template`) : [],
      );
      if (errors.length) throw validationError(errors, 'A template uses something it cannot.');
      return inTx(ctx, async (tx) => {
        const now = deps.clock.now();
        for (const t of input.templates) {
          const where = and(
            eq(notificationTemplates.event, t.event),
            eq(notificationTemplates.locale, t.locale),
          );
          if (!t.template) {
            await tx.delete(notificationTemplates).where(where);
            continue;
          }
          const values = {
            subject: t.template.subject,
            body: t.template.body,
            actionLabel: t.template.actionLabel ?? null,
            updatedAt: now,
          };
          await tx
            .insert(notificationTemplates)
            .values({ tenantId: ctx.tenantId, event: t.event, locale: t.locale, ...values, createdAt: now })
            .onConflictDoUpdate({
              target: [
                notificationTemplates.tenantId,
                notificationTemplates.event,
                notificationTemplates.locale,
              ],
              set: values,
            });
        }
        await recordAudit(
          tx,
          auditFromCtx(ctx, 'notification_templates.updated', undefined, {
            templates: input.templates.map((t) => `${t.event}:${t.locale}${t.template ? '' : ' (default)'}`),
          }),
        );
        return { items: await listIn(tx) };
      });
    },

    /** Renders a template (the given one, else the stored one) with sample values. */
    preview: (ctx: TenantCtx, input: TPreviewTemplate) =>
      inTx(ctx, async (tx) => {
        const template = input.template ?? (await loadTemplate(tx, input.event, input.locale));
        const errors = templateErrors(input.event, template, 'template');
        if (errors.length) throw validationError(errors, 'The template cannot be rendered.');
        const tenant = await getCurrentTenant(tx, ctx.tenantId);
        const now = deps.clock.now();
        const values = sampleValues(input.locale, deps.publicUrl, now, tenant?.timezone ?? 'Asia/Jerusalem');
        if (tenant) values['tenant.name'] = tenant.name;
        try {
          return composeMail(input.event, input.locale, template, values);
        } catch (e) {
          if (!(e instanceof TemplateError)) throw e;
          throw validationError(
            [{ path: 'template', message: e.message }],
            'The template cannot be rendered.',
          );
        }
      }),
  };
};

export type Templates = ReturnType<typeof createTemplates>;
