import { z } from 'zod';
import { ZTicketPriority, ZTicketStatus } from './tickets.schemas.js';

/** The service dashboard's period: [from, to), at most 366 days; default the last 30 days. */
export const ZServiceDashboardQuery = z.object({
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  teamId: z.uuid().optional(),
  /** Time zone the per-day trend is bucketed in. */
  timezone: z.string().min(1).max(64).default('Asia/Jerusalem'),
});
export type TServiceDashboardQuery = z.infer<typeof ZServiceDashboardQuery>;

const ZDashTicket = z.object({
  id: z.uuid(),
  number: z.number().int(),
  subject: z.string(),
  priority: ZTicketPriority,
  status: ZTicketStatus,
  assigneeId: z.uuid().nullable(),
  assigneeName: z.string().nullable(),
  dueAt: z.iso.datetime(),
});

/** Median and 90th percentile of a duration, in minutes (null when nothing in the period). */
const ZDurationStats = z.object({
  count: z.number().int(),
  median: z.number().nullable(),
  p90: z.number().nullable(),
});

const ZCompliance = z.object({
  met: z.number().int(),
  breached: z.number().int(),
  /** met / (met + breached) × 100, one decimal; null when no target was decided. */
  percent: z.number().nullable(),
});

export const ZServiceDashboard = z
  .object({
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    teamId: z.uuid().nullable(),
    generatedAt: z.iso.datetime(),
    open: z.object({
      total: z.number().int(),
      byStatus: z.array(z.object({ status: ZTicketStatus, count: z.number().int() })),
      byPriority: z.array(z.object({ priority: ZTicketPriority, count: z.number().int() })),
    }),
    breached: z.object({ count: z.number().int(), items: z.array(ZDashTicket) }),
    atRisk: z.object({ count: z.number().int(), items: z.array(ZDashTicket) }),
    /** Open tickets per assignee, and whether the agent takes assignments now (not set away). */
    agents: z.array(
      z.object({ userId: z.uuid(), name: z.string(), open: z.number().int(), available: z.boolean() }),
    ),
    /**
     * Tickets created in the period that got a first response: business minutes from the SLA clock
     * (pauses excluded; only tickets with an SLA), and wall-clock minutes (all of them).
     */
    firstResponse: z.object({ businessMinutes: ZDurationStats, wallMinutes: ZDurationStats }),
    /** Tickets solved in the period: the same two measures from creation to solved. */
    resolution: z.object({ businessMinutes: ZDurationStats, wallMinutes: ZDurationStats }),
    /** Tickets created in the period whose SLA target was decided (met or breached). */
    slaCompliance: z.object({
      firstResponse: ZCompliance,
      nextResponse: ZCompliance,
      resolution: ZCompliance,
    }),
    csat: z.object({
      count: z.number().int(),
      average: z.number().nullable(),
      satisfiedPercent: z.number().nullable(),
    }),
    trend: z.array(z.object({ date: z.iso.date(), created: z.number().int(), solved: z.number().int() })),
  })
  .meta({ id: 'ServiceDashboard' });
export type TServiceDashboard = z.infer<typeof ZServiceDashboard>;
