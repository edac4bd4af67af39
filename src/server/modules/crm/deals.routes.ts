import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParams } from '../../../shared/auth.schemas.js';
import { ZBulkAction, ZBulkResult, ZVersionHeader } from '../../../shared/crm/common.schemas.js';
import {
  ZBoard,
  ZBoardQuery,
  ZCreateDeal,
  ZCreatePipeline,
  ZDeal,
  ZDealListQuery,
  ZDeleteStageQuery,
  ZMoveDeal,
  ZPipeline,
  ZPutStages,
  ZStageParams,
  ZUpdateDeal,
  ZUpdatePipeline,
} from '../../../shared/crm/deals.schemas.js';
import { zPage } from '../../../shared/pagination.js';
import { ctxOf } from '../../platform/http/request-context.js';
import type { DealBoard } from './deals.board.js';
import type { Deals } from './deals.service.js';
import type { Pipelines } from './pipelines.service.js';

const read = { auth: 'staff-or-api-key', permission: 'crm:read' } as const;
const write = { auth: 'staff-or-api-key', permission: 'crm:write' } as const;
// Pipelines are workspace settings: only those who manage settings reshape them.
const manage = { auth: 'staff', permission: 'settings:manage' } as const;

export const pipelinesRoutes =
  (pipelines: Pipelines): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['pipelines'];
    app.get(
      '/pipelines',
      { schema: { tags, response: { 200: z.object({ items: z.array(ZPipeline) }) } }, config: read },
      (req) => pipelines.list(ctxOf(req)),
    );
    app.post(
      '/pipelines',
      { schema: { tags, body: ZCreatePipeline, response: { 201: ZPipeline } }, config: manage },
      async (req, reply) => reply.status(201).send(await pipelines.create(ctxOf(req), req.body)),
    );
    app.get(
      '/pipelines/:id',
      { schema: { tags, params: ZIdParams, response: { 200: ZPipeline } }, config: read },
      (req) => pipelines.get(ctxOf(req), req.params.id),
    );
    app.patch(
      '/pipelines/:id',
      {
        schema: { tags, params: ZIdParams, body: ZUpdatePipeline, response: { 200: ZPipeline } },
        config: manage,
      },
      (req) => pipelines.update(ctxOf(req), req.params.id, req.body),
    );
    app.put(
      '/pipelines/:id/stages',
      { schema: { tags, params: ZIdParams, body: ZPutStages, response: { 200: ZPipeline } }, config: manage },
      (req) => pipelines.putStages(ctxOf(req), req.params.id, req.body),
    );
    app.delete(
      '/pipelines/:id/stages/:stageId',
      {
        schema: { tags, params: ZStageParams, querystring: ZDeleteStageQuery, response: { 200: ZPipeline } },
        config: manage,
      },
      (req) => pipelines.deleteStage(ctxOf(req), req.params.id, req.params.stageId, req.query.moveTo),
    );
  };

export const dealsRoutes =
  (deals: Deals, board: DealBoard): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['deals'];
    app.post(
      '/deals',
      { schema: { tags, body: ZCreateDeal, response: { 201: ZDeal } }, config: write },
      async (req, reply) => {
        const deal = await deals.create(ctxOf(req), req.body);
        return reply.status(201).header('etag', `"${deal.version}"`).send(deal);
      },
    );
    app.get(
      '/deals',
      { schema: { tags, querystring: ZDealListQuery, response: { 200: zPage(ZDeal) } }, config: read },
      (req) => deals.list(ctxOf(req), req.query),
    );
    app.get(
      '/deals/board',
      { schema: { tags, querystring: ZBoardQuery, response: { 200: ZBoard } }, config: read },
      (req) => board.board(ctxOf(req), req.query),
    );
    app.post(
      '/deals/bulk',
      { schema: { tags, body: ZBulkAction, response: { 200: ZBulkResult } }, config: write },
      (req) => deals.bulk(ctxOf(req), req.body),
    );
    app.get(
      '/deals/:id',
      { schema: { tags, params: ZIdParams, response: { 200: ZDeal } }, config: read },
      async (req, reply) => {
        const deal = await deals.get(ctxOf(req), req.params.id);
        return reply.header('etag', `"${deal.version}"`).send(deal);
      },
    );
    app.patch(
      '/deals/:id',
      {
        schema: {
          tags,
          params: ZIdParams,
          headers: ZVersionHeader,
          body: ZUpdateDeal,
          response: { 200: ZDeal },
        },
        config: write,
      },
      async (req, reply) => {
        const deal = await deals.update(ctxOf(req), req.params.id, req.body, req.headers['if-match']);
        return reply.header('etag', `"${deal.version}"`).send(deal);
      },
    );
    app.post(
      '/deals/:id/move',
      {
        schema: {
          tags,
          params: ZIdParams,
          headers: ZVersionHeader,
          body: ZMoveDeal,
          response: { 200: ZDeal },
        },
        config: write,
      },
      async (req, reply) => {
        const deal = await deals.move(ctxOf(req), req.params.id, req.body, req.headers['if-match']);
        return reply.header('etag', `"${deal.version}"`).send(deal);
      },
    );
    app.delete(
      '/deals/:id',
      { schema: { tags, params: ZIdParams, response: { 204: z.null() } }, config: write },
      async (req, reply) => {
        await deals.remove(ctxOf(req), req.params.id);
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/deals/:id/restore',
      { schema: { tags, params: ZIdParams, response: { 200: ZDeal } }, config: write },
      (req) => deals.restore(ctxOf(req), req.params.id),
    );
  };
