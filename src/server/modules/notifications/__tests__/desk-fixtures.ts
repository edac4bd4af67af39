// Test helpers for the notification, escalation and CSAT suites: a service desk driven through
// the HTTP API (contacts, tickets, replies) and the mail outbox read on the system path.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import type { Staff } from '../../../../../test/factories/staff.js';
import type { Clock } from '../../../platform/clock.js';
import { mailOutbox } from '../../../platform/mail/mail.table.js';
import { notifications } from '../notifications.table.js';

export const buildDeskApp = (clock?: Clock): Promise<TestApp> =>
  buildTestApp({
    config: { dataDir: mkdtempSync(path.join(tmpdir(), 'kesher-notify-')) },
    ...(clock ? { clock } : {}),
  });

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** Calls the API as `who`, then waits for the event handlers the call set off. */
export const apiOf =
  (t: TestApp) =>
  async (who: Staff, method: Method, url: string, payload?: object, headers: Record<string, string> = {}) => {
    const res = await t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { ...who.headers, ...headers },
      ...(payload ? { payload } : {}),
    });
    await t.app.kesher.events.drain();
    return res;
  };

let seq = 0;
/** A contact with one email address and a language. */
export const requester = async (
  t: TestApp,
  who: Staff,
  over: { email?: string; firstName?: string; lastName?: string; lang?: 'he' | 'en' | 'ru' } = {},
) => {
  seq++;
  const res = await apiOf(t)(who, 'POST', '/contacts', {
    firstName: over.firstName ?? (over.lang === 'en' ? 'Dana' : 'דנה'),
    lastName: over.lastName ?? (over.lang === 'en' ? 'Levi' : 'לוי'),
    emails: [over.email ?? `customer${seq}-${Date.now()}@galil.co.il`],
    ...(over.lang ? { preferredLanguage: over.lang } : {}),
  });
  expect(res.statusCode, res.body).toBe(201);
  const c = res.json() as { id: string; emails: string[] };
  return { id: c.id, email: c.emails[0] ?? '' };
};

export type Ticket = { id: string; number: number; version: number; status: string };

export const openTicket = async (t: TestApp, who: Staff, payload: Record<string, unknown>) => {
  const res = await apiOf(t)(who, 'POST', '/tickets', {
    subject: 'המדפסת לא עובדת',
    description: 'שלום',
    ...payload,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Ticket;
};

/** PATCH with the ticket's current version (read fresh). */
export const patchTicket = async (t: TestApp, who: Staff, id: string, body: object) => {
  const call = apiOf(t);
  const cur = await call(who, 'GET', `/tickets/${id}`);
  expect(cur.statusCode, cur.body).toBe(200);
  const res = await call(who, 'PATCH', `/tickets/${id}`, body, { 'if-match': `"${cur.json().version}"` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Ticket;
};

export const postMessage = async (
  t: TestApp,
  who: Staff,
  id: string,
  body: {
    body: string;
    visibility?: 'public' | 'internal';
    author?: 'agent' | 'customer';
    statusAfter?: string;
  },
) => {
  const res = await apiOf(t)(who, 'POST', `/tickets/${id}/messages`, { force: true, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { message: { id: string } };
};

/** Every mail to an address, oldest first. */
export const mailsTo = (t: TestApp, to: string) =>
  t.app.kesher.database.systemTx((tx) =>
    tx
      .select()
      .from(mailOutbox)
      .where(eq(mailOutbox.toAddress, to))
      .orderBy(asc(mailOutbox.createdAt), asc(mailOutbox.id)),
  );

/** A ticket's notification rows (system path, so a test can look behind the API too). */
export const notificationRows = (t: TestApp, ticketId: string) =>
  t.app.kesher.database.systemTx((tx) =>
    tx
      .select()
      .from(notifications)
      .where(and(eq(notifications.ticketId, ticketId)))
      .orderBy(asc(notifications.createdAt), asc(notifications.id)),
  );
