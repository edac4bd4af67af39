import { z } from 'zod';

export const ZPhoneInput = z.union([
  z.string().trim().min(1).max(40),
  z.object({ number: z.string().trim().min(1).max(40), label: z.string().trim().max(40).optional() }),
]);
export const ZPhone = z.object({
  raw: z.string(),
  e164: z.string().nullable(),
  label: z.string().optional(),
});
export const ZEmailList = z.array(z.string().trim().max(254)).max(20);
export const ZTags = z.array(z.string().trim().min(1).max(50)).max(50);

export const ZAddress = z
  .object({
    street: z.string().trim().max(200).optional(),
    city: z.string().trim().max(100).optional(),
    zip: z.string().trim().max(20).optional(),
    country: z.string().trim().max(60).optional(),
  })
  .default({});

/** List queries share these: cursor paging, sort, text filter, owner and tag filters. */
export const ZListQueryBase = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  sort: z.string().max(60).optional(),
  q: z.string().trim().max(100).optional(),
  ownerId: z.uuid().optional(),
  tag: z.string().trim().max(50).optional(),
  // Custom-field filters as JSON: {"contract_type":"annual","renewal":true}
  cf: z.string().max(2000).optional(),
  includeDeleted: z.enum(['true', 'false']).optional(),
});

export const ZBulkAction = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('assign'),
    ids: z.array(z.uuid()).min(1).max(1000),
    ownerId: z.uuid().nullable(),
  }),
  z.object({
    action: z.literal('tag'),
    ids: z.array(z.uuid()).min(1).max(1000),
    tag: z.string().trim().min(1).max(50),
  }),
  z.object({
    action: z.literal('untag'),
    ids: z.array(z.uuid()).min(1).max(1000),
    tag: z.string().trim().min(1).max(50),
  }),
  z.object({ action: z.literal('delete'), ids: z.array(z.uuid()).min(1).max(1000) }),
]);
export const ZBulkResult = z.object({ affected: z.number().int() });

export const ZVersionHeader = z.object({ 'if-match': z.string().max(40).optional() });
