import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZIdParams } from '../../../shared/auth.schemas.js';
import { ZCardLayout, ZCustomerCard, ZHealthRules } from '../../../shared/crm/card.schemas.js';
import { ctxOf } from '../../platform/http/request-context.js';
import type { Card } from './card.service.js';
import type { CardSettingsService } from './card-settings.service.js';

const read = { auth: 'staff-or-api-key', permission: 'crm:read' } as const;
const manage = { auth: 'staff', permission: 'settings:manage' } as const;

/** The customer card and its settings (health rules, panel layout). */
export const cardRoutes =
  (card: Card, settings: CardSettingsService): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/accounts/:id/card',
      { schema: { tags: ['accounts'], params: ZIdParams, response: { 200: ZCustomerCard } }, config: read },
      (req) => card.get(ctxOf(req), req.params.id),
    );
    app.get(
      '/settings/health-rules',
      { schema: { tags: ['settings'], response: { 200: ZHealthRules } }, config: read },
      (req) => settings.getHealthRules(ctxOf(req)),
    );
    app.put(
      '/settings/health-rules',
      { schema: { tags: ['settings'], body: ZHealthRules, response: { 200: ZHealthRules } }, config: manage },
      (req) => settings.putHealthRules(ctxOf(req), req.body),
    );
    app.get(
      '/settings/card-layout',
      { schema: { tags: ['settings'], response: { 200: ZCardLayout } }, config: read },
      (req) => settings.getCardLayout(ctxOf(req)),
    );
    app.put(
      '/settings/card-layout',
      { schema: { tags: ['settings'], body: ZCardLayout, response: { 200: ZCardLayout } }, config: manage },
      (req) => settings.putCardLayout(ctxOf(req), req.body),
    );
  };
