import { boolean, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { CUSTOM_FIELD_ENTITIES, CUSTOM_FIELD_TYPES } from '../../../shared/custom-fields.schemas.js';
import { id, tenantId, tenantPk, timestamps } from '../../platform/db/columns.js';

export type CustomFieldOption = { value: string; labelHe: string; labelEn: string };
export type CustomFieldValidation = { min?: number; max?: number; maxLength?: number; pattern?: string };

/** An admin-defined field. Values live in each record's `custom_fields` JSONB under `key`. */
export const customFieldDefs = pgTable(
  'custom_field_defs',
  {
    tenantId: tenantId(),
    id: id(),
    entity: text('entity', { enum: CUSTOM_FIELD_ENTITIES }).notNull(),
    key: text('key').notNull(),
    type: text('type', { enum: CUSTOM_FIELD_TYPES }).notNull(),
    labelHe: text('label_he').notNull(),
    labelEn: text('label_en').notNull(),
    required: boolean('required').notNull().default(false),
    options: jsonb('options').$type<CustomFieldOption[]>().notNull().default([]),
    validation: jsonb('validation').$type<CustomFieldValidation>().notNull().default({}),
    position: integer('position').notNull().default(0),
    archived: boolean('archived').notNull().default(false),
    ...timestamps(),
  },
  (t) => [tenantPk(t), uniqueIndex('custom_field_defs_key').on(t.tenantId, t.entity, t.key)],
);

export type CustomFieldDefRow = typeof customFieldDefs.$inferSelect;
