// The dev outbox screen: every email the tenant's Kesher wrote (with SMTP_URL unset, where it
// stays), with its delivery state. Reads the platform's mail_outbox under the tenant's RLS.
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.js';
import { scopeOf, type TenantCtx } from '../../platform/http/actor.js';
import { type MailRow, mailOutbox } from '../../platform/mail/mail.table.js';
import { decodeCursor, iso, isoOrNull, notFound, pageOf } from './notifications-common.js';

type OutboxQuery = {
  limit: number;
  cursor?: string | undefined;
  status?: MailRow['status'] | undefined;
  kind?: string | undefined;
};

const itemOf = (m: MailRow) => ({
  id: m.id,
  to: m.toAddress,
  subject: m.subject,
  kind: m.kind,
  status: m.status,
  attempts: m.attempts,
  lastError: m.lastError,
  createdAt: iso(m.createdAt),
  sentAt: isoOrNull(m.sentAt),
});

export const createOutbox = (deps: { database: Database }) => ({
  /** Newest first. Ids are UUIDv7 (time-ordered), so the id is the sort key and the cursor. */
  list: (ctx: TenantCtx, q: OutboxQuery) =>
    deps.database.tenantTx(scopeOf(ctx), async (tx) => {
      const where: (SQL | undefined)[] = [];
      if (q.status) where.push(eq(mailOutbox.status, q.status));
      if (q.kind) where.push(eq(mailOutbox.kind, q.kind));
      if (q.cursor) where.push(lt(mailOutbox.id, decodeCursor(q.cursor, 'string').id));
      const rows = await tx
        .select()
        .from(mailOutbox)
        .where(and(...where))
        .orderBy(desc(mailOutbox.id))
        .limit(q.limit + 1);
      return pageOf(rows, q.limit, (r) => r.id, itemOf);
    }),

  /** One mail with its HTML and text, for the web app's sandboxed preview. */
  get: (ctx: TenantCtx, id: string) =>
    deps.database.tenantTx(scopeOf(ctx), async (tx) => {
      const [m] = await tx.select().from(mailOutbox).where(eq(mailOutbox.id, id)).limit(1);
      if (!m) throw notFound('Mail');
      return { ...itemOf(m), html: m.html, text: m.text };
    }),
});

export type Outbox = ReturnType<typeof createOutbox>;
