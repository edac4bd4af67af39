import { date, jsonb, text, uuid } from 'drizzle-orm/pg-core';
import { tstz } from '../../platform/db/columns.js';

/** A phone as typed plus its E.164 form (libphonenumber-js, default region IL). */
export type PhoneValue = { raw: string; e164: string | null; label?: string | undefined };
export type AddressValue = { street?: string; city?: string; zip?: string; country?: string };
export type ConsentChannel = 'email' | 'sms' | 'phone' | 'fax' | 'whatsapp';
/** Marketing consent per channel, with its source and time (Communications Law §30A). */
export type ConsentValue = { granted: boolean; source: string; at: string };

export const phonesCol = () => jsonb('phones').$type<PhoneValue[]>().notNull().default([]);
/** Digits-only E.164 numbers, kept in step with `phones` for exact-match search. */
export const phoneKeysCol = () => text('phone_keys').array().notNull().default([]);
export const emailsCol = () => text('emails').array().notNull().default([]);
export const tagsCol = () => text('tags').array().notNull().default([]);
export const customFieldsCol = () =>
  jsonb('custom_fields').$type<Record<string, unknown>>().notNull().default({});
export const ownerIdCol = () => uuid('owner_id');
/** Soft delete: rows stay in the trash for 30 days, then a job purges them. */
export const deletedAtCol = () => tstz('deleted_at');
export const birthdayCol = () => date('birthday', { mode: 'string' });
