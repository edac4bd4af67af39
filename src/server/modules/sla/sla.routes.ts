import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParams } from '../../../shared/auth.schemas.js';
import { ZVersionHeader } from '../../../shared/crm/common.schemas.js';
import { zPage } from '../../../shared/pagination.js';
import {
  ZBusinessCalendar,
  ZCalendarPreview,
  ZCalendarPreviewResult,
  ZCreateBusinessCalendar,
  ZCreateSlaPolicy,
  ZImportHolidays,
  ZImportHolidaysResult,
  ZReorderSlaPolicies,
  ZSlaListQuery,
  ZSlaPolicy,
  ZUpdateBusinessCalendar,
  ZUpdateSlaPolicy,
} from '../../../shared/sla.schemas.js';
import { ctxOf } from '../../platform/http/request-context.js';
import type { SlaModule } from './sla.module.js';

// Agents and API clients read calendars and policies (the inbox shows due times); changing them
// is an administrator's setting.
const read = { auth: 'staff-or-api-key', permission: 'tickets:read' } as const;
const write = { auth: 'staff', permission: 'settings:manage' } as const;
const calendarTags = ['business-calendars'];
const policyTags = ['sla-policies'];

export const slaRoutes =
  (sla: SlaModule): FastifyPluginAsyncZod =>
  async (app) => {
    const { calendars, policies } = sla;

    // ── Business calendars ──
    app.get(
      '/business-calendars',
      {
        schema: {
          tags: calendarTags,
          querystring: ZSlaListQuery,
          response: { 200: zPage(ZBusinessCalendar) },
        },
        config: read,
      },
      (req) => calendars.list(ctxOf(req), req.query),
    );
    app.post(
      '/business-calendars',
      {
        schema: { tags: calendarTags, body: ZCreateBusinessCalendar, response: { 201: ZBusinessCalendar } },
        config: write,
      },
      async (req, reply) => {
        const cal = await calendars.create(ctxOf(req), req.body);
        return reply.status(201).header('etag', `"${cal.version}"`).send(cal);
      },
    );
    app.get(
      '/business-calendars/:id',
      {
        schema: { tags: calendarTags, params: ZIdParams, response: { 200: ZBusinessCalendar } },
        config: read,
      },
      async (req, reply) => {
        const cal = await calendars.get(ctxOf(req), req.params.id);
        return reply.header('etag', `"${cal.version}"`).send(cal);
      },
    );
    app.patch(
      '/business-calendars/:id',
      {
        schema: {
          tags: calendarTags,
          params: ZIdParams,
          headers: ZVersionHeader,
          body: ZUpdateBusinessCalendar,
          response: { 200: ZBusinessCalendar },
        },
        config: write,
      },
      async (req, reply) => {
        const cal = await calendars.update(ctxOf(req), req.params.id, req.body, req.headers['if-match']);
        return reply.header('etag', `"${cal.version}"`).send(cal);
      },
    );
    app.delete(
      '/business-calendars/:id',
      { schema: { tags: calendarTags, params: ZIdParams, response: { 204: z.null() } }, config: write },
      async (req, reply) => {
        await calendars.remove(ctxOf(req), req.params.id);
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/business-calendars/:id/restore',
      {
        schema: { tags: calendarTags, params: ZIdParams, response: { 200: ZBusinessCalendar } },
        config: write,
      },
      (req) => calendars.restore(ctxOf(req), req.params.id),
    );
    app.post(
      '/business-calendars/:id/holidays/import',
      {
        schema: {
          tags: calendarTags,
          params: ZIdParams,
          body: ZImportHolidays,
          response: { 200: ZImportHolidaysResult },
        },
        config: write,
      },
      (req) => calendars.importHolidays(ctxOf(req), req.params.id, req.body),
    );
    app.post(
      '/business-calendars/:id/preview',
      {
        schema: {
          tags: calendarTags,
          params: ZIdParams,
          body: ZCalendarPreview,
          response: { 200: ZCalendarPreviewResult },
        },
        config: read,
      },
      (req) => calendars.preview(ctxOf(req), req.params.id, req.body),
    );

    // ── SLA policies ──
    app.get(
      '/sla-policies',
      {
        schema: { tags: policyTags, querystring: ZSlaListQuery, response: { 200: zPage(ZSlaPolicy) } },
        config: read,
      },
      (req) => policies.list(ctxOf(req), req.query),
    );
    app.post(
      '/sla-policies',
      { schema: { tags: policyTags, body: ZCreateSlaPolicy, response: { 201: ZSlaPolicy } }, config: write },
      async (req, reply) => {
        const policy = await policies.create(ctxOf(req), req.body);
        return reply.status(201).header('etag', `"${policy.version}"`).send(policy);
      },
    );
    app.put(
      '/sla-policies/order',
      {
        schema: {
          tags: policyTags,
          body: ZReorderSlaPolicies,
          response: { 200: z.object({ items: z.array(ZSlaPolicy) }) },
        },
        config: write,
      },
      (req) => policies.reorder(ctxOf(req), req.body.ids),
    );
    app.get(
      '/sla-policies/:id',
      { schema: { tags: policyTags, params: ZIdParams, response: { 200: ZSlaPolicy } }, config: read },
      async (req, reply) => {
        const policy = await policies.get(ctxOf(req), req.params.id);
        return reply.header('etag', `"${policy.version}"`).send(policy);
      },
    );
    app.patch(
      '/sla-policies/:id',
      {
        schema: {
          tags: policyTags,
          params: ZIdParams,
          headers: ZVersionHeader,
          body: ZUpdateSlaPolicy,
          response: { 200: ZSlaPolicy },
        },
        config: write,
      },
      async (req, reply) => {
        const policy = await policies.update(ctxOf(req), req.params.id, req.body, req.headers['if-match']);
        return reply.header('etag', `"${policy.version}"`).send(policy);
      },
    );
    app.delete(
      '/sla-policies/:id',
      { schema: { tags: policyTags, params: ZIdParams, response: { 204: z.null() } }, config: write },
      async (req, reply) => {
        await policies.remove(ctxOf(req), req.params.id);
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/sla-policies/:id/restore',
      { schema: { tags: policyTags, params: ZIdParams, response: { 200: ZSlaPolicy } }, config: write },
      (req) => policies.restore(ctxOf(req), req.params.id),
    );
  };
