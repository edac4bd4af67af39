import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParams } from '../../../shared/auth.schemas.js';
import { ZVersionHeader } from '../../../shared/crm/common.schemas.js';
import {
  ZCreateTask,
  ZTask,
  ZTaskAction,
  ZTaskListQuery,
  ZUpdateTask,
} from '../../../shared/crm/tasks.schemas.js';
import { zPage } from '../../../shared/pagination.js';
import { ctxOf } from '../../platform/http/request-context.js';
import type { Tasks } from './tasks.service.js';

const read = { auth: 'staff-or-api-key', permission: 'crm:read' } as const;
const write = { auth: 'staff-or-api-key', permission: 'crm:write' } as const;

export const tasksRoutes =
  (tasks: Tasks): FastifyPluginAsyncZod =>
  async (app) => {
    const tags = ['tasks'];
    app.post(
      '/tasks',
      { schema: { tags, body: ZCreateTask, response: { 201: ZTask } }, config: write },
      async (req, reply) => {
        const task = await tasks.create(ctxOf(req), req.body);
        return reply.status(201).header('etag', `"${task.version}"`).send(task);
      },
    );
    app.get(
      '/tasks',
      { schema: { tags, querystring: ZTaskListQuery, response: { 200: zPage(ZTask) } }, config: read },
      (req) => tasks.list(ctxOf(req), req.query),
    );
    app.get(
      '/tasks/:id',
      { schema: { tags, params: ZIdParams, response: { 200: ZTask } }, config: read },
      async (req, reply) => {
        const task = await tasks.get(ctxOf(req), req.params.id);
        return reply.header('etag', `"${task.version}"`).send(task);
      },
    );
    app.patch(
      '/tasks/:id',
      {
        schema: {
          tags,
          params: ZIdParams,
          headers: ZVersionHeader,
          body: ZUpdateTask,
          response: { 200: ZTask },
        },
        config: write,
      },
      async (req, reply) => {
        const task = await tasks.update(ctxOf(req), req.params.id, req.body, req.headers['if-match']);
        return reply.header('etag', `"${task.version}"`).send(task);
      },
    );
    app.post(
      '/tasks/:id/complete',
      {
        schema: {
          tags,
          params: ZIdParams,
          headers: ZVersionHeader,
          body: ZTaskAction,
          response: { 200: ZTask },
        },
        config: write,
      },
      (req) => tasks.complete(ctxOf(req), req.params.id, req.body?.version, req.headers['if-match']),
    );
    app.post(
      '/tasks/:id/reopen',
      {
        schema: {
          tags,
          params: ZIdParams,
          headers: ZVersionHeader,
          body: ZTaskAction,
          response: { 200: ZTask },
        },
        config: write,
      },
      (req) => tasks.reopen(ctxOf(req), req.params.id, req.body?.version, req.headers['if-match']),
    );
    app.delete(
      '/tasks/:id',
      { schema: { tags, params: ZIdParams, response: { 204: z.null() } }, config: write },
      async (req, reply) => {
        await tasks.remove(ctxOf(req), req.params.id);
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/tasks/:id/restore',
      { schema: { tags, params: ZIdParams, response: { 200: ZTask } }, config: write },
      (req) => tasks.restore(ctxOf(req), req.params.id),
    );
  };
