import { z } from 'zod';
import { ZPageQuery } from '../pagination.js';

export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const TASK_STATUSES = ['open', 'done'] as const;

/** What a task or an activity is about. Each id must be a record of the same tenant. */
export const ZRecordLinks = z.object({
  accountId: z.uuid().nullable().optional(),
  contactId: z.uuid().nullable().optional(),
  dealId: z.uuid().nullable().optional(),
  leadId: z.uuid().nullable().optional(),
  ticketId: z.uuid().nullable().optional(),
});
export type TRecordLinks = z.infer<typeof ZRecordLinks>;

const linkOut = {
  accountId: z.uuid().nullable(),
  contactId: z.uuid().nullable(),
  dealId: z.uuid().nullable(),
  leadId: z.uuid().nullable(),
  ticketId: z.uuid().nullable(),
};

export const ZTask = z
  .object({
    id: z.uuid(),
    title: z.string(),
    description: z.string().nullable(),
    assigneeId: z.uuid().nullable(),
    dueAt: z.iso.datetime().nullable(),
    reminderAt: z.iso.datetime().nullable(),
    priority: z.enum(TASK_PRIORITIES),
    status: z.enum(TASK_STATUSES),
    doneAt: z.iso.datetime().nullable(),
    doneBy: z.uuid().nullable(),
    createdBy: z.uuid().nullable(),
    ...linkOut,
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    deletedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Task' });
export type TTask = z.infer<typeof ZTask>;

const when = z.iso.datetime({ offset: true });

export const ZCreateTask = ZRecordLinks.extend({
  title: z.string().trim().min(1).max(300),
  description: z.string().max(10_000).optional(),
  /** Omitted: the user creating the task. */
  assigneeId: z.uuid().nullable().optional(),
  dueAt: when.nullable().optional(),
  reminderAt: when.nullable().optional(),
  priority: z.enum(TASK_PRIORITIES).default('normal'),
});
export type TCreateTask = z.infer<typeof ZCreateTask>;

export const ZUpdateTask = ZRecordLinks.extend({
  title: z.string().trim().min(1).max(300),
  description: z.string().max(10_000).nullable(),
  assigneeId: z.uuid().nullable(),
  dueAt: when.nullable(),
  reminderAt: when.nullable(),
  priority: z.enum(TASK_PRIORITIES),
  version: z.number().int(),
}).partial();
export type TUpdateTask = z.infer<typeof ZUpdateTask>;

/** Complete / reopen: the version is optional here (the action is idempotent), checked when sent. */
export const ZTaskAction = z.object({ version: z.number().int().optional() }).nullish();

export const ZTaskListQuery = ZPageQuery.extend({
  sort: z.string().max(60).optional(),
  q: z.string().trim().max(100).optional(),
  assigneeId: z.uuid().optional(),
  /** Only tasks assigned to the caller. */
  mine: z.enum(['true', 'false']).optional(),
  status: z.enum(TASK_STATUSES).optional(),
  /**
   * In the tenant's time zone (Asia/Jerusalem by default): overdue = open and due before now;
   * today = due today; week = due from the start of today through the next 6 days.
   */
  due: z.enum(['overdue', 'today', 'week']).optional(),
  accountId: z.uuid().optional(),
  contactId: z.uuid().optional(),
  dealId: z.uuid().optional(),
  leadId: z.uuid().optional(),
  ticketId: z.uuid().optional(),
  includeDeleted: z.enum(['true', 'false']).optional(),
});
export type TTaskListQuery = z.infer<typeof ZTaskListQuery>;
