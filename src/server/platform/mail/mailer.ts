import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Clock } from '../clock.js';
import { afterCommit, type Database, type Tx } from '../db/database.js';
import { mailOutbox } from './mail.table.js';

export type OutgoingMail = {
  tenantId: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  kind: string;
};

export type Mailer = {
  /** Writes the mail in the caller's transaction: it is sent only if that transaction commits. */
  enqueue(tx: Tx, mail: OutgoingMail): Promise<string>;
  /** Sends queued mail (called by the mail job). Returns how many were attempted. */
  deliverPending(): Promise<number>;
  readonly mode: 'smtp' | 'outbox';
};

const MAX_ATTEMPTS = 5;

export const createMailer = (deps: {
  database: Database;
  smtpUrl: string | undefined;
  from: string;
  clock: Clock;
  /** Asks for a delivery run soon (a job); called after the enqueuing transaction commits. */
  requestDelivery?: () => void;
}): Mailer => {
  const transport = deps.smtpUrl ? nodemailer.createTransport(deps.smtpUrl) : undefined;
  return {
    mode: transport ? 'smtp' : 'outbox',
    async enqueue(tx, mail) {
      const [row] = await tx
        .insert(mailOutbox)
        .values({
          tenantId: mail.tenantId,
          toAddress: mail.to,
          subject: mail.subject,
          html: mail.html,
          text: mail.text,
          kind: mail.kind,
          status: transport ? 'queued' : 'outbox',
        })
        .returning({ id: mailOutbox.id });
      if (!row) throw new Error('mail_outbox insert returned nothing');
      // Deliver within seconds, not at the next minutely sweep.
      const request = deps.requestDelivery;
      if (transport && request) afterCommit(tx, request);
      return row.id;
    },
    async deliverPending() {
      if (!transport) return 0;
      const staleBefore = new Date(deps.clock.now().getTime() - 10 * 60_000);
      // Claim a batch so two processes never send the same mail.
      const claimed = await deps.database.systemTx(async (tx) => {
        await tx
          .update(mailOutbox)
          .set({ status: 'queued' })
          .where(and(eq(mailOutbox.status, 'sending'), lt(mailOutbox.createdAt, staleBefore)));
        const ids = tx
          .select({ id: mailOutbox.id })
          .from(mailOutbox)
          .where(eq(mailOutbox.status, 'queued'))
          .limit(20)
          .for('update', { skipLocked: true });
        return tx
          .update(mailOutbox)
          .set({ status: 'sending', attempts: sql`${mailOutbox.attempts} + 1` })
          .where(inArray(mailOutbox.id, ids))
          .returning();
      });
      for (const m of claimed) {
        try {
          await transport.sendMail({
            from: deps.from,
            to: m.toAddress,
            subject: m.subject,
            html: m.html,
            text: m.text,
          });
          await deps.database.systemTx((tx) =>
            tx
              .update(mailOutbox)
              .set({ status: 'sent', sentAt: deps.clock.now(), lastError: null })
              .where(and(eq(mailOutbox.tenantId, m.tenantId), eq(mailOutbox.id, m.id))),
          );
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          await deps.database.systemTx((tx) =>
            tx
              .update(mailOutbox)
              .set({
                status: m.attempts >= MAX_ATTEMPTS ? 'failed' : 'queued',
                lastError: message.slice(0, 500),
              })
              .where(and(eq(mailOutbox.tenantId, m.tenantId), eq(mailOutbox.id, m.id))),
          );
        }
      }
      return claimed.length;
    },
  };
};
