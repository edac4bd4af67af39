import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZIdParams } from '../../../shared/auth.schemas.js';
import {
  ZBreach,
  ZBreachQuery,
  ZEscalationRule,
  ZEscalationRuleList,
  ZEscalationSettings,
  ZInboxItem,
  ZInboxQuery,
  ZNotificationTemplateList,
  ZOutboxDetail,
  ZOutboxItem,
  ZOutboxQuery,
  ZPolicyParams,
  ZPreviewResult,
  ZPreviewTemplate,
  ZPutTemplates,
  ZTicketDeliveryList,
} from '../../../shared/notifications.schemas.js';
import { zPage } from '../../../shared/pagination.js';
import { ctxOf } from '../../platform/http/request-context.js';
import type { NotificationsModule } from './notifications.module.js';

// Templates, escalation rules and the outbox are administrators' settings; the inbox is each
// signed-in user's own; breaches are for managers.
const settings = { auth: 'staff', permission: 'settings:manage' } as const;
const mine = { auth: 'staff', permission: 'tickets:read' } as const;
const ticketRead = { auth: 'staff-or-api-key', permission: 'tickets:read' } as const;
const managers = { auth: 'staff', permission: 'reports:read' } as const;

export const notificationsRoutes =
  (m: NotificationsModule): FastifyPluginAsyncZod =>
  async (app) => {
    const { templates, inbox, outbox, escalations } = m;

    // ── Templates ──
    app.get(
      '/notification-templates',
      { schema: { tags: ['notifications'], response: { 200: ZNotificationTemplateList } }, config: settings },
      (req) => templates.list(ctxOf(req)),
    );
    app.put(
      '/notification-templates',
      {
        schema: {
          tags: ['notifications'],
          body: ZPutTemplates,
          response: { 200: ZNotificationTemplateList },
        },
        config: settings,
      },
      (req) => templates.put(ctxOf(req), req.body),
    );
    app.post(
      '/notification-templates/preview',
      {
        schema: { tags: ['notifications'], body: ZPreviewTemplate, response: { 200: ZPreviewResult } },
        config: settings,
      },
      (req) => templates.preview(ctxOf(req), req.body),
    );

    // ── In-app inbox and delivery per ticket ──
    app.get(
      '/notifications/inbox',
      {
        schema: { tags: ['notifications'], querystring: ZInboxQuery, response: { 200: zPage(ZInboxItem) } },
        config: mine,
      },
      (req) => inbox.list(ctxOf(req), req.query),
    );
    app.post(
      '/notifications/:id/read',
      { schema: { tags: ['notifications'], params: ZIdParams, response: { 200: ZInboxItem } }, config: mine },
      (req) => inbox.markRead(ctxOf(req), req.params.id),
    );
    app.get(
      '/tickets/:id/notifications',
      {
        schema: { tags: ['notifications'], params: ZIdParams, response: { 200: ZTicketDeliveryList } },
        config: ticketRead,
      },
      (req) => inbox.forTicket(ctxOf(req), req.params.id),
    );

    // ── Dev outbox ──
    app.get(
      '/outbox',
      {
        schema: { tags: ['outbox'], querystring: ZOutboxQuery, response: { 200: zPage(ZOutboxItem) } },
        config: settings,
      },
      (req) => outbox.list(ctxOf(req), req.query),
    );
    app.get(
      '/outbox/:id',
      { schema: { tags: ['outbox'], params: ZIdParams, response: { 200: ZOutboxDetail } }, config: settings },
      (req) => outbox.get(ctxOf(req), req.params.id),
    );

    // ── Escalations ──
    app.get(
      '/escalations/breaches',
      {
        schema: { tags: ['escalations'], querystring: ZBreachQuery, response: { 200: zPage(ZBreach) } },
        config: managers,
      },
      (req) => escalations.listBreaches(ctxOf(req), req.query),
    );
    app.get(
      '/escalations/rules',
      { schema: { tags: ['escalations'], response: { 200: ZEscalationRuleList } }, config: settings },
      (req) => escalations.listRules(ctxOf(req)),
    );
    app.put(
      '/escalations/rules/:policyId',
      {
        schema: {
          tags: ['escalations'],
          params: ZPolicyParams,
          body: ZEscalationSettings,
          response: { 200: ZEscalationRule },
        },
        config: settings,
      },
      (req) => escalations.putRule(ctxOf(req), req.params.policyId, req.body),
    );
  };
