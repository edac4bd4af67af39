import { z } from 'zod';

export const TIMELINE_CHANNELS = [
  'email',
  'sms',
  'phone',
  'chat',
  'whatsapp',
  'fax',
  'walk_in',
  'web',
  'portal',
  'meeting',
  'internal',
  'system',
] as const;
export const ZTimelineChannel = z.enum(TIMELINE_CHANNELS);

export const ZTimelineEntry = z
  .object({
    id: z.uuid(),
    occurredAt: z.iso.datetime(),
    accountId: z.uuid().nullable(),
    contactId: z.uuid().nullable(),
    type: z.string(),
    channel: ZTimelineChannel,
    title: z.string(),
    summary: z.string().nullable(),
    refKind: z.string().nullable(),
    refId: z.uuid().nullable(),
    actorKind: z.string().nullable(),
    actorId: z.uuid().nullable(),
    actorName: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'TimelineEntry' });
export type TTimelineEntry = z.infer<typeof ZTimelineEntry>;

export const ZTimelineQuery = z
  .object({
    accountId: z.uuid().optional(),
    contactId: z.uuid().optional(),
    // Comma-separated lists: ?channel=phone,email&type=activity.call
    channel: z.string().max(200).optional(),
    type: z.string().max(300).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(30),
    cursor: z.string().max(200).optional(),
  })
  .refine((q) => Boolean(q.accountId) !== Boolean(q.contactId), {
    message: 'Give exactly one of accountId or contactId',
    path: ['accountId'],
  });
