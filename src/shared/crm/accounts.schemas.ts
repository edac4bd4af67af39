import { z } from 'zod';
import { isValidIsraeliId } from '../israeli-ids.js';
import { ZAddress, ZEmailList, ZListQueryBase, ZPhone, ZPhoneInput, ZTags } from './common.schemas.js';

export const ZAccount = z
  .object({
    id: z.uuid(),
    number: z.number().int(),
    name: z.string(),
    kind: z.enum(['business', 'private']),
    companyNumber: z.string().nullable(),
    phones: z.array(ZPhone),
    emails: z.array(z.string()),
    fax: z.string().nullable(),
    address: ZAddress,
    website: z.string().nullable(),
    ownerId: z.uuid().nullable(),
    tier: z.string(),
    status: z.enum(['active', 'inactive']),
    tags: z.array(z.string()),
    externalRefs: z.record(z.string(), z.string()),
    customFields: z.record(z.string(), z.unknown()),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    deletedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Account' });
export type TAccount = z.infer<typeof ZAccount>;

const companyNumber = z
  .string()
  .trim()
  .max(20)
  .refine((v) => v === '' || isValidIsraeliId(v), {
    message: 'Not a valid company or ID number (check digit)',
  });

export const ZCreateAccount = z.object({
  name: z.string().trim().min(1).max(200),
  kind: z.enum(['business', 'private']).default('business'),
  companyNumber: companyNumber.optional(),
  phones: z.array(ZPhoneInput).max(10).default([]),
  emails: ZEmailList.default([]),
  fax: z.string().trim().max(40).optional(),
  address: ZAddress,
  website: z.string().trim().max(300).optional(),
  ownerId: z.uuid().nullable().optional(),
  tier: z.string().trim().min(1).max(40).default('standard'),
  status: z.enum(['active', 'inactive']).default('active'),
  tags: ZTags.default([]),
  externalRefs: z.record(z.string().max(40), z.string().max(100)).default({}),
  customFields: z.record(z.string(), z.unknown()).default({}),
});
export type TCreateAccount = z.infer<typeof ZCreateAccount>;

export const ZUpdateAccount = z
  .object({
    name: z.string().trim().min(1).max(200),
    kind: z.enum(['business', 'private']),
    companyNumber: companyNumber.nullable(),
    phones: z.array(ZPhoneInput).max(10),
    emails: ZEmailList,
    fax: z.string().trim().max(40).nullable(),
    address: ZAddress,
    website: z.string().trim().max(300).nullable(),
    ownerId: z.uuid().nullable(),
    tier: z.string().trim().min(1).max(40),
    status: z.enum(['active', 'inactive']),
    tags: ZTags,
    externalRefs: z.record(z.string().max(40), z.string().max(100)),
    customFields: z.record(z.string(), z.unknown()),
    version: z.number().int().optional(),
  })
  .partial();
export type TUpdateAccount = z.infer<typeof ZUpdateAccount>;

export const ZAccountListQuery = ZListQueryBase.extend({
  status: z.enum(['active', 'inactive']).optional(),
  tier: z.string().max(40).optional(),
  kind: z.enum(['business', 'private']).optional(),
});
