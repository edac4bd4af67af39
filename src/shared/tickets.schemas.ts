import { z } from 'zod';
import { ZTags } from './crm/common.schemas.js';
import { SLA_PRIORITIES, SLA_TICKET_STATUSES } from './sla.schemas.js';

// The service desk's API shapes, shared with the web app: tickets, their conversation and audit
// trail, inbox views and badge counts, teams, macros, attachments and the status settings.

// ── Vocabulary ────────────────────────────────────────────────────────

/** Ticket statuses: the semantics are fixed, the labels are configurable per tenant. */
export const TICKET_STATUSES = SLA_TICKET_STATUSES;
export const ZTicketStatus = z.enum(TICKET_STATUSES);
export type TTicketStatus = z.infer<typeof ZTicketStatus>;

export const TICKET_PRIORITIES = SLA_PRIORITIES;
export const ZTicketPriority = z.enum(TICKET_PRIORITIES);
export type TTicketPriority = z.infer<typeof ZTicketPriority>;

export const TICKET_CHANNELS = [
  'email',
  'phone',
  'web',
  'portal',
  'chat',
  'sms',
  'whatsapp',
  'walk_in',
  'fax',
  'api',
] as const;
export const ZTicketChannel = z.enum(TICKET_CHANNELS);
export type TTicketChannel = z.infer<typeof ZTicketChannel>;

/** Where each status may go. Closed is final: a customer reply makes a follow-up ticket instead. */
export const STATUS_TRANSITIONS: Record<TTicketStatus, readonly TTicketStatus[]> = {
  new: ['open', 'pending_customer', 'on_hold', 'solved'],
  open: ['pending_customer', 'on_hold', 'solved'],
  pending_customer: ['open', 'solved', 'on_hold'],
  on_hold: ['open', 'pending_customer', 'solved'],
  solved: ['open', 'closed'],
  closed: [],
};

/** Not solved or closed: what "mine", "unassigned" and "my teams" list. */
export const ACTIVE_STATUSES = ['new', 'open', 'pending_customer', 'on_hold'] as const;
/** The SLA clock runs (unless a policy pauses them too). */
export const RUNNING_STATUSES = ['new', 'open'] as const;
/** Waiting on someone else: the default pause statuses. */
export const WAITING_STATUSES = ['pending_customer', 'on_hold'] as const;

export const INBOX_VIEWS = [
  'mine',
  'unassigned',
  'team',
  'breaching',
  'open',
  'pending',
  'solved_recently',
] as const;
export const ZInboxView = z.enum(INBOX_VIEWS);
export type TInboxView = z.infer<typeof ZInboxView>;

export const TEAM_ASSIGNMENT_MODES = ['manual', 'round_robin', 'least_open'] as const;
export const ZAssignmentMode = z.enum(TEAM_ASSIGNMENT_MODES);

export const ZAvailabilityStatus = z.enum(['available', 'away']);

/** Attachments: at most this size, and only the types the server recognises by content. */
export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;

// ── SLA as stored on a ticket ─────────────────────────────────────────

export const ZTicketSlaTarget = z.object({
  targetMinutes: z.number(),
  dueAt: z.iso.datetime(),
  warnAt: z.iso.datetime(),
  status: z.enum(['running', 'paused', 'met', 'breached', 'warning']),
  elapsedMinutes: z.number().int(),
  pausedMinutes: z.number().int(),
  completedAt: z.iso.datetime().nullable(),
  breachedAt: z.iso.datetime().nullable(),
});
export type TTicketSlaTarget = z.infer<typeof ZTicketSlaTarget>;

/** The SLA state of a ticket: the policy that applies, each target, and the due times in short. */
export const ZTicketSla = z
  .object({
    policyId: z.uuid(),
    calendarId: z.uuid(),
    priority: ZTicketPriority,
    paused: z.boolean(),
    firstResponseDueAt: z.iso.datetime().nullable(),
    nextResponseDueAt: z.iso.datetime().nullable(),
    resolutionDueAt: z.iso.datetime().nullable(),
    nextCheckAt: z.iso.datetime().nullable(),
    plannedAt: z.iso.datetime(),
    targets: z.object({
      firstResponse: ZTicketSlaTarget.nullable(),
      nextResponse: ZTicketSlaTarget.extend({
        cycle: z.number().int(),
        breachedCycles: z.number().int(),
      }).nullable(),
      resolution: ZTicketSlaTarget.nullable(),
    }),
  })
  .meta({ id: 'TicketSla' });
export type TTicketSla = z.infer<typeof ZTicketSla>;

// ── Tickets ───────────────────────────────────────────────────────────

const ZPerson = z.object({ id: z.uuid(), name: z.string() });

export const ZTicket = z
  .object({
    id: z.uuid(),
    number: z.number().int(),
    subject: z.string(),
    descriptionHtml: z.string(),
    descriptionText: z.string(),
    requesterId: z.uuid(),
    requester: z
      .object({ id: z.uuid(), name: z.string(), email: z.string().nullable(), phone: z.string().nullable() })
      .nullable(),
    accountId: z.uuid().nullable(),
    account: ZPerson.nullable(),
    channel: ZTicketChannel,
    category: z.string().nullable(),
    priority: ZTicketPriority,
    status: ZTicketStatus,
    assigneeId: z.uuid().nullable(),
    assignee: ZPerson.nullable(),
    teamId: z.uuid().nullable(),
    team: ZPerson.nullable(),
    tags: z.array(z.string()),
    customFields: z.record(z.string(), z.unknown()),
    followers: z.array(z.uuid()),
    cc: z.array(z.string()),
    parentId: z.uuid().nullable(),
    mergedIntoId: z.uuid().nullable(),
    sla: ZTicketSla.nullable(),
    firstResponseAt: z.iso.datetime().nullable(),
    solvedAt: z.iso.datetime().nullable(),
    closedAt: z.iso.datetime().nullable(),
    lastCustomerMessageAt: z.iso.datetime().nullable(),
    lastAgentMessageAt: z.iso.datetime().nullable(),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    deletedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Ticket' });
export type TTicket = z.infer<typeof ZTicket>;

export const ZTicketMessage = z
  .object({
    id: z.uuid(),
    ticketId: z.uuid(),
    bodyHtml: z.string(),
    bodyText: z.string(),
    visibility: z.enum(['public', 'internal']),
    authorKind: z.enum(['agent', 'customer', 'system']),
    authorUserId: z.uuid().nullable(),
    authorContactId: z.uuid().nullable(),
    authorName: z.string().nullable(),
    channel: ZTicketChannel,
    mentions: z.array(z.uuid()),
    attachments: z.array(
      z.object({ id: z.uuid(), fileName: z.string(), contentType: z.string(), size: z.number().int() }),
    ),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'TicketMessage' });
export type TTicketMessage = z.infer<typeof ZTicketMessage>;

export const ZTicketEvent = z
  .object({
    id: z.uuid(),
    type: z.string(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    actorKind: z.string(),
    actorId: z.uuid().nullable(),
    data: z.record(z.string(), z.unknown()),
    at: z.iso.datetime(),
  })
  .meta({ id: 'TicketEvent' });
export type TTicketEvent = z.infer<typeof ZTicketEvent>;

const ZTicketRef = z.object({
  id: z.uuid(),
  number: z.number().int(),
  subject: z.string(),
  status: ZTicketStatus,
});

export const ZTicketDetail = ZTicket.extend({
  messages: z.array(ZTicketMessage),
  events: z.array(ZTicketEvent),
  parent: ZTicketRef.nullable(),
  children: z.array(ZTicketRef),
  /** The newest public message: send it back as `basedOnMessageId` with a reply. */
  lastPublicMessageId: z.uuid().nullable(),
  /** Files sent with the ticket itself (from the customer portal's form), not with a message. */
  attachments: z.array(
    z.object({ id: z.uuid(), fileName: z.string(), contentType: z.string(), size: z.number().int() }),
  ),
  statusLabels: z.record(z.string(), z.object({ he: z.string(), en: z.string() })),
}).meta({ id: 'TicketDetail' });
export type TTicketDetail = z.infer<typeof ZTicketDetail>;

/** A row of an inbox view: enough to list and sort, nothing that costs a second query. */
export const ZInboxItem = z
  .object({
    id: z.uuid(),
    number: z.number().int(),
    subject: z.string(),
    status: ZTicketStatus,
    priority: ZTicketPriority,
    channel: ZTicketChannel,
    category: z.string().nullable(),
    requesterId: z.uuid(),
    requesterName: z.string().nullable(),
    accountId: z.uuid().nullable(),
    assigneeId: z.uuid().nullable(),
    teamId: z.uuid().nullable(),
    tags: z.array(z.string()),
    /** The next SLA due time of a target not yet met (breached ones are in the past). */
    dueAt: z.iso.datetime().nullable(),
    /** When that target reaches its warning threshold. */
    warnAt: z.iso.datetime().nullable(),
    solvedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'InboxItem' });
export type TInboxItem = z.infer<typeof ZInboxItem>;

const ZDescription = z.string().max(100_000);
const ZCc = z.array(z.email().max(254)).max(20);

export const ZCreateTicket = z.object({
  subject: z.string().trim().min(1).max(300),
  /** HTML (sanitised) or plain text. */
  description: ZDescription.default(''),
  requesterId: z.uuid(),
  accountId: z.uuid().optional(),
  priority: ZTicketPriority.default('normal'),
  category: z.string().trim().min(1).max(100).optional(),
  channel: ZTicketChannel.default('web'),
  assigneeId: z.uuid().optional(),
  teamId: z.uuid().optional(),
  tags: ZTags.default([]),
  customFields: z.record(z.string(), z.unknown()).default({}),
  followers: z.array(z.uuid()).max(50).default([]),
  cc: ZCc.default([]),
  parentId: z.uuid().optional(),
});
export type TCreateTicket = z.infer<typeof ZCreateTicket>;

export const ZUpdateTicket = z
  .object({
    subject: z.string().trim().min(1).max(300),
    status: ZTicketStatus,
    priority: ZTicketPriority,
    assigneeId: z.uuid().nullable(),
    teamId: z.uuid().nullable(),
    tags: ZTags,
    category: z.string().trim().min(1).max(100).nullable(),
    customFields: z.record(z.string(), z.unknown()),
    followers: z.array(z.uuid()).max(50),
    cc: ZCc,
    parentId: z.uuid().nullable(),
    version: z.number().int().optional(),
  })
  .partial();
export type TUpdateTicket = z.infer<typeof ZUpdateTicket>;

const csv = <T extends z.ZodType>(item: T, max = 10) =>
  z
    .string()
    .max(500)
    .transform((s, ctx) => {
      const parts = [
        ...new Set(
          s
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean),
        ),
      ].slice(0, max);
      const out: z.infer<T>[] = [];
      for (const p of parts) {
        const r = item.safeParse(p);
        if (!r.success) {
          ctx.addIssue({ code: 'custom', message: `Unknown value: ${p}` });
          return z.NEVER;
        }
        out.push(r.data as z.infer<T>);
      }
      return out;
    });

export const ZTicketListQuery = z.object({
  view: ZInboxView.optional(),
  /** One status or several, comma-separated. */
  status: csv(ZTicketStatus).optional(),
  priority: csv(ZTicketPriority).optional(),
  assigneeId: z.uuid().optional(),
  teamId: z.uuid().optional(),
  q: z.string().trim().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type TTicketListQuery = z.infer<typeof ZTicketListQuery>;

export const ZPostMessage = z.object({
  body: z.string().min(1).max(100_000),
  visibility: z.enum(['public', 'internal']).default('public'),
  /** An agent writes (default), or records what the customer sent by another way (phone, paper). */
  author: z.enum(['agent', 'customer']).default('agent'),
  attachmentIds: z.array(z.uuid()).max(20).default([]),
  statusAfter: ZTicketStatus.optional(),
  /** The newest public message the agent saw (null: none). Newer ones make a 409 STALE_VIEW. */
  basedOnMessageId: z.uuid().nullable().optional(),
  /** Send even though newer public messages arrived since the agent's view. */
  force: z.boolean().default(false),
});
export type TPostMessage = z.infer<typeof ZPostMessage>;

export const ZPostMessageResult = z
  .object({
    message: ZTicketMessage,
    /** The ticket the message landed on: a follow-up ticket when the original was closed. */
    ticket: z.object({
      id: z.uuid(),
      number: z.number().int(),
      status: ZTicketStatus,
      version: z.number().int(),
      sla: ZTicketSla.nullable(),
    }),
    followUp: z.boolean(),
  })
  .meta({ id: 'PostMessageResult' });
export type TPostMessageResult = z.infer<typeof ZPostMessageResult>;

export const ZMergeTickets = z.object({ targetId: z.uuid() });

export const ZTicketBulk = z.object({
  ids: z.array(z.uuid()).min(1).max(500),
  set: z
    .object({
      status: ZTicketStatus,
      priority: ZTicketPriority,
      assigneeId: z.uuid().nullable(),
      teamId: z.uuid().nullable(),
      addTags: ZTags,
      removeTags: ZTags,
    })
    .partial()
    .refine((s) => Object.keys(s).length > 0, { message: 'Say what to change' }),
});
export type TTicketBulk = z.infer<typeof ZTicketBulk>;

export const ZTicketBulkResult = z.object({
  affected: z.number().int(),
  failed: z.array(z.object({ id: z.uuid(), code: z.string(), message: z.string() })),
});

/** Badge counts, read from maintained counters (never a count(*) per request). */
export const ZTicketCounts = z
  .object({
    views: z.object({
      mine: z.number().int(),
      unassigned: z.number().int(),
      team: z.number().int(),
      open: z.number().int(),
      pending: z.number().int(),
    }),
    byStatus: z.record(ZTicketStatus, z.number().int()),
    mineByStatus: z.record(ZTicketStatus, z.number().int()),
    teams: z.array(z.object({ teamId: z.uuid(), active: z.number().int(), unassigned: z.number().int() })),
  })
  .meta({ id: 'TicketCounts' });
export type TTicketCounts = z.infer<typeof ZTicketCounts>;

// ── Attachments ───────────────────────────────────────────────────────

export const ZTicketAttachment = z
  .object({
    id: z.uuid(),
    fileName: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    ticketId: z.uuid().nullable(),
    messageId: z.uuid().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'TicketAttachment' });

// ── Teams and availability ────────────────────────────────────────────

export const ZTeam = z
  .object({
    id: z.uuid(),
    name: z.string(),
    assignmentMode: ZAssignmentMode,
    managerId: z.uuid().nullable(),
    members: z.array(z.object({ userId: z.uuid(), name: z.string(), available: z.boolean() })),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Team' });
export type TTeam = z.infer<typeof ZTeam>;

export const ZCreateTeam = z.object({
  name: z.string().trim().min(1).max(100),
  assignmentMode: ZAssignmentMode.default('manual'),
  managerId: z.uuid().nullable().optional(),
  memberIds: z.array(z.uuid()).max(200).default([]),
});
export type TCreateTeam = z.infer<typeof ZCreateTeam>;

export const ZUpdateTeam = z
  .object({
    name: z.string().trim().min(1).max(100),
    assignmentMode: ZAssignmentMode,
    managerId: z.uuid().nullable(),
    version: z.number().int().optional(),
  })
  .partial();
export type TUpdateTeam = z.infer<typeof ZUpdateTeam>;

export const ZTeamMembers = z.object({ userIds: z.array(z.uuid()).max(200) });

export const ZAvailability = z.object({ status: ZAvailabilityStatus });
export const ZAvailabilityState = z.object({
  status: ZAvailabilityStatus,
  updatedAt: z.iso.datetime().nullable(),
});

// ── Macros ────────────────────────────────────────────────────────────

/** Placeholders a macro may use; values are HTML-escaped when rendered. */
export const MACRO_PLACEHOLDERS = [
  'requester.firstName',
  'requester.lastName',
  'requester.name',
  'ticket.number',
  'ticket.subject',
  'agent.name',
  'agent.firstName',
] as const;

export const ZMacro = z
  .object({
    id: z.uuid(),
    name: z.string(),
    bodyHtml: z.string(),
    visibility: z.enum(['public', 'internal']),
    statusAfter: ZTicketStatus.nullable(),
    addTags: z.array(z.string()),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Macro' });
export type TMacro = z.infer<typeof ZMacro>;

export const ZCreateMacro = z.object({
  name: z.string().trim().min(1).max(100),
  body: z.string().min(1).max(50_000),
  visibility: z.enum(['public', 'internal']).default('public'),
  statusAfter: ZTicketStatus.nullable().default(null),
  addTags: ZTags.default([]),
});
export type TCreateMacro = z.infer<typeof ZCreateMacro>;

export const ZUpdateMacro = ZCreateMacro.partial().extend({ version: z.number().int().optional() });
export type TUpdateMacro = z.infer<typeof ZUpdateMacro>;

export const ZApplyMacro = z.object({
  macroId: z.uuid(),
  /** false (default): render for the composer only. true: post it and apply its status and tags. */
  send: z.boolean().default(false),
});

export const ZAppliedMacro = z.object({
  bodyHtml: z.string(),
  visibility: z.enum(['public', 'internal']),
  statusAfter: ZTicketStatus.nullable(),
  addTags: z.array(z.string()),
  posted: ZPostMessageResult.nullable(),
});

// ── Settings ──────────────────────────────────────────────────────────

const ZLabel = z.object({ he: z.string().trim().min(1).max(60), en: z.string().trim().min(1).max(60) });

export const ZTicketStatusLabels = z.object({
  labels: z.object({
    new: ZLabel,
    open: ZLabel,
    pending_customer: ZLabel,
    on_hold: ZLabel,
    solved: ZLabel,
    closed: ZLabel,
  }),
});
export type TTicketStatusLabels = z.infer<typeof ZTicketStatusLabels>;

export const ZTicketSettings = z.object({
  /** A customer reply this many days after solving reopens the ticket; later ones start a follow-up. */
  reopenWithinDays: z.number().int().min(0).max(365),
});
export type TTicketSettings = z.infer<typeof ZTicketSettings>;

export const DEFAULT_STATUS_LABELS: TTicketStatusLabels['labels'] = {
  new: { he: 'חדשה', en: 'New' },
  open: { he: 'פתוחה', en: 'Open' },
  pending_customer: { he: 'ממתינה ללקוח', en: 'Pending customer' },
  on_hold: { he: 'בהמתנה', en: 'On hold' },
  solved: { he: 'נפתרה', en: 'Solved' },
  closed: { he: 'סגורה', en: 'Closed' },
};
