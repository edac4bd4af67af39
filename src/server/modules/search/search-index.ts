import { and, eq } from 'drizzle-orm';
import { searchVariants } from '../../../shared/hebrew-normalise.js';
import type { Tx } from '../../platform/db/database.js';
import { phoneSearchKeys } from '../../platform/phones.js';
import { searchDocuments } from './search.table.js';

export type SearchEntity = 'account' | 'contact' | 'lead' | 'deal' | 'ticket';

export type SearchDocumentInput = {
  tenantId: string;
  entityType: SearchEntity;
  entityId: string;
  title: string;
  subtitle?: string | null | undefined;
  /** Extra words to match by name (company of a contact, aliases…). */
  names?: string[] | undefined;
  phonesE164?: string[] | undefined;
  emails?: string[] | undefined;
  /** Company numbers, record numbers, external ids: matched exactly (digits/lower-case). */
  identifiers?: Array<string | number | null | undefined> | undefined;
};

/** Upserts the search row of a record; call it in the transaction that writes the record. */
export const indexSearchDocument = async (tx: Tx, d: SearchDocumentInput): Promise<void> => {
  const keys = new Set<string>();
  for (const p of d.phonesE164 ?? []) for (const k of phoneSearchKeys(p)) keys.add(k);
  for (const e of d.emails ?? []) keys.add(e.toLowerCase());
  for (const id of d.identifiers ?? []) {
    if (id === null || id === undefined || id === '') continue;
    keys.add(
      String(id)
        .toLowerCase()
        .replace(/[\s\-./]/g, ''),
    );
  }
  // Emails go in as typed (lower-case), so a query like "dana@gal" matches one as a word prefix.
  const emails = (d.emails ?? []).map((e) => e.toLowerCase().replace(/\s+/g, ''));
  const normText = [searchVariants([d.title, ...(d.names ?? [])].join(' ')), ...emails].join(' ').trim();
  const row = {
    tenantId: d.tenantId,
    entityType: d.entityType,
    entityId: d.entityId,
    title: d.title,
    subtitle: d.subtitle ?? null,
    normText,
    keys: [...keys],
    updatedAt: new Date(),
  };
  await tx
    .insert(searchDocuments)
    .values(row)
    .onConflictDoUpdate({
      target: [searchDocuments.tenantId, searchDocuments.entityType, searchDocuments.entityId],
      set: {
        title: row.title,
        subtitle: row.subtitle,
        normText: row.normText,
        keys: row.keys,
        updatedAt: row.updatedAt,
      },
    });
};

/** Removes a record from search (deleted to trash, merged away). */
export const removeSearchDocument = async (
  tx: Tx,
  entityType: SearchEntity,
  entityId: string,
): Promise<void> => {
  await tx
    .delete(searchDocuments)
    .where(and(eq(searchDocuments.entityType, entityType), eq(searchDocuments.entityId, entityId)));
};
