import { z } from 'zod';
import { ZPageQuery } from '../pagination.js';
import { ZRecordLinks } from './tasks.schemas.js';

export const ACTIVITY_KIND_LIST = [
  'call',
  'meeting',
  'note',
  'email',
  'sms',
  'visit',
  'fax',
  'chat',
  'whatsapp',
] as const;
export type TActivityKind = (typeof ACTIVITY_KIND_LIST)[number];

export const CALL_OUTCOMES = ['answered', 'no_answer', 'busy', 'voicemail', 'wrong_number'] as const;
export const ACTIVITY_DIRECTIONS = ['inbound', 'outbound'] as const;

export const ZActivity = z
  .object({
    id: z.uuid(),
    kind: z.enum(ACTIVITY_KIND_LIST),
    direction: z.enum(ACTIVITY_DIRECTIONS).nullable(),
    subject: z.string().nullable(),
    /** Plain text exactly as typed. Never render it as HTML: the web app escapes it on output. */
    body: z.string().nullable(),
    occurredAt: z.iso.datetime(),
    durationSeconds: z.number().int().nullable(),
    outcome: z.string().nullable(),
    authorId: z.uuid().nullable(),
    accountId: z.uuid().nullable(),
    contactId: z.uuid().nullable(),
    dealId: z.uuid().nullable(),
    leadId: z.uuid().nullable(),
    ticketId: z.uuid().nullable(),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    deletedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Activity' });
export type TActivity = z.infer<typeof ZActivity>;

const fields = {
  direction: z.enum(ACTIVITY_DIRECTIONS),
  subject: z.string().trim().max(300),
  body: z.string().max(50_000),
  occurredAt: z.iso.datetime({ offset: true }),
  durationSeconds: z
    .number()
    .int()
    .min(0)
    .max(24 * 3600),
  // Calls: one of CALL_OUTCOMES (checked by kind); other kinds: free text such as "held".
  outcome: z.string().trim().min(1).max(60),
};

const callOutcomeOk = (a: { kind?: string | undefined; outcome?: string | null | undefined }) =>
  a.kind !== 'call' || a.outcome == null || (CALL_OUTCOMES as readonly string[]).includes(a.outcome);
const callOutcomeMessage = {
  message: `A call's outcome is one of ${CALL_OUTCOMES.join(', ')}`,
  path: ['outcome'],
};

export const ZCreateActivity = ZRecordLinks.extend({
  kind: z.enum(ACTIVITY_KIND_LIST),
  direction: fields.direction.optional(),
  subject: fields.subject.optional(),
  body: fields.body.optional(),
  /** Omitted: now. */
  occurredAt: fields.occurredAt.optional(),
  durationSeconds: fields.durationSeconds.optional(),
  outcome: fields.outcome.optional(),
}).refine(callOutcomeOk, callOutcomeMessage);
export type TCreateActivity = z.infer<typeof ZCreateActivity>;

/** The kind of an activity never changes; log a new one instead. */
export const ZUpdateActivity = ZRecordLinks.extend({
  direction: fields.direction.nullable(),
  subject: fields.subject.nullable(),
  body: fields.body.nullable(),
  occurredAt: fields.occurredAt,
  durationSeconds: fields.durationSeconds.nullable(),
  outcome: fields.outcome.nullable(),
  version: z.number().int(),
}).partial();
export type TUpdateActivity = z.infer<typeof ZUpdateActivity>;

export const ZActivityListQuery = ZPageQuery.extend({
  sort: z.string().max(60).optional(),
  /** Comma-separated kinds: ?kind=call,meeting */
  kind: z.string().max(200).optional(),
  authorId: z.uuid().optional(),
  accountId: z.uuid().optional(),
  contactId: z.uuid().optional(),
  dealId: z.uuid().optional(),
  leadId: z.uuid().optional(),
  ticketId: z.uuid().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  includeDeleted: z.enum(['true', 'false']).optional(),
});
export type TActivityListQuery = z.infer<typeof ZActivityListQuery>;

// ── Activity report ──────────────────────────────────────────────────

export const ZActivityReportQuery = z
  .object({
    from: z.iso.date(),
    to: z.iso.date(),
    /** Weeks start on Sunday, as the Israeli work week does. */
    groupBy: z.enum(['day', 'week']).default('day'),
    userId: z.uuid().optional(),
  })
  .refine((q) => q.from <= q.to, { message: '`from` must not be after `to`', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000, {
    message: 'At most one year per report',
    path: ['to'],
  });
export type TActivityReportQuery = z.infer<typeof ZActivityReportQuery>;

const counts = {
  calls: z.number().int(),
  emails: z.number().int(),
  sms: z.number().int(),
  meetings: z.number().int(),
  visits: z.number().int(),
  tasksDone: z.number().int(),
  dealsWon: z.number().int(),
  /** Sum of won deals in ILS, as a decimal string. */
  dealsWonAmount: z.string(),
  /** Won amounts in other currencies, never added to the ILS figure: {"USD": "1200.00"}. */
  dealsWonOtherCurrencies: z.record(z.string(), z.string()),
  ticketsHandled: z.number().int(),
};

export const ZActivityReport = z
  .object({
    rows: z.array(
      z.object({
        userId: z.uuid(),
        userName: z.string(),
        /** The day, or the Sunday starting the week, as YYYY-MM-DD in Israel time. */
        period: z.string(),
        ...counts,
      }),
    ),
    totals: z.object(counts),
  })
  .meta({ id: 'ActivityReport' });
export type TActivityReport = z.infer<typeof ZActivityReport>;
