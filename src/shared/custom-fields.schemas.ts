import { z } from 'zod';

export const CUSTOM_FIELD_ENTITIES = ['account', 'contact', 'lead', 'deal', 'ticket'] as const;
export const CUSTOM_FIELD_TYPES = [
  'text',
  'long_text',
  'number',
  'currency',
  'date',
  'datetime',
  'select',
  'multi_select',
  'checkbox',
  'phone',
  'email',
  'url',
  'user',
] as const;

export const ZCustomFieldEntity = z.enum(CUSTOM_FIELD_ENTITIES);
export const ZCustomFieldType = z.enum(CUSTOM_FIELD_TYPES);

export const ZCustomFieldOption = z.object({
  value: z.string().trim().min(1).max(80),
  labelHe: z.string().trim().min(1).max(120),
  labelEn: z.string().trim().min(1).max(120),
});

export const ZCustomFieldValidation = z
  .object({
    min: z.number().optional(),
    max: z.number().optional(),
    maxLength: z.number().int().min(1).max(10_000).optional(),
    pattern: z.string().max(200).optional(),
  })
  .default({});

export const ZCustomFieldDef = z
  .object({
    id: z.uuid(),
    entity: ZCustomFieldEntity,
    key: z.string(),
    type: ZCustomFieldType,
    labelHe: z.string(),
    labelEn: z.string(),
    required: z.boolean(),
    options: z.array(ZCustomFieldOption),
    validation: ZCustomFieldValidation,
    position: z.number().int(),
    archived: z.boolean(),
  })
  .meta({ id: 'CustomFieldDef' });
export type TCustomFieldDef = z.infer<typeof ZCustomFieldDef>;

export const ZCreateCustomField = z
  .object({
    entity: ZCustomFieldEntity,
    key: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, {
        message: 'Use lowercase latin letters, digits and _ (start with a letter)',
      }),
    type: ZCustomFieldType,
    labelHe: z.string().trim().min(1).max(120),
    labelEn: z.string().trim().min(1).max(120),
    required: z.boolean().default(false),
    options: z.array(ZCustomFieldOption).max(200).default([]),
    validation: ZCustomFieldValidation,
    position: z.number().int().min(0).max(10_000).optional(),
  })
  .refine((f) => !['select', 'multi_select'].includes(f.type) || f.options.length > 0, {
    message: 'Select fields need at least one option',
    path: ['options'],
  });

export const ZUpdateCustomField = z.object({
  labelHe: z.string().trim().min(1).max(120).optional(),
  labelEn: z.string().trim().min(1).max(120).optional(),
  required: z.boolean().optional(),
  options: z.array(ZCustomFieldOption).max(200).optional(),
  validation: ZCustomFieldValidation.optional(),
  position: z.number().int().min(0).max(10_000).optional(),
  archived: z.boolean().optional(),
});

/** Values as sent by clients: validated against the tenant's definitions on the server. */
export const ZCustomFieldValues = z.record(z.string().max(40), z.unknown());
