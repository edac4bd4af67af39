import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { inviteAndAccept, type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import type { Clock } from '../../../platform/clock.js';

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** The app with a private DATA_DIR (attachments are written there) and long sessions. */
export const buildTicketsApp = (clock?: Clock): Promise<TestApp> =>
  buildTestApp({
    config: {
      dataDir: mkdtempSync(path.join(tmpdir(), 'kesher-tickets-')),
      // Tests move the clock by days (reopen windows, SLA checks); sessions must outlive that.
      sessionIdleMs: 400 * 86_400_000,
      sessionAbsoluteMs: 400 * 86_400_000,
    },
    ...(clock ? { clock } : {}),
  });

export const api =
  (t: TestApp) =>
  (who: Staff, method: Method, url: string, payload?: object, headers: Record<string, string> = {}) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { ...who.headers, ...headers },
      ...(payload ? { payload } : {}),
    });

/** An account with a primary contact, through the CRM API. */
export const customer = async (
  t: TestApp,
  who: Staff,
  over: { accountName?: string; firstName?: string; lastName?: string; tier?: string } = {},
) => {
  const call = api(t);
  const account = await call(who, 'POST', '/accounts', {
    name: over.accountName ?? 'גליל הובלות בע"מ',
    ...(over.tier ? { tier: over.tier } : {}),
  });
  expect(account.statusCode, account.body).toBe(201);
  const contact = await call(who, 'POST', '/contacts', {
    firstName: over.firstName ?? 'דנה',
    lastName: over.lastName ?? 'לוי',
    emails: ['dana@galil.co.il'],
    phones: ['+972502345678'],
    accountId: account.json().id,
  });
  expect(contact.statusCode, contact.body).toBe(201);
  return { account: account.json() as { id: string }, contact: contact.json() as { id: string } };
};

export const openTicket = async (t: TestApp, who: Staff, payload: Record<string, unknown>) => {
  const res = await api(t)(who, 'POST', '/tickets', {
    subject: 'המדפסת לא עובדת',
    description: 'שלום',
    ...payload,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as {
    id: string;
    number: number;
    version: number;
    status: string;
    assigneeId: string | null;
    sla: Record<string, unknown> | null;
  };
};

export { inviteAndAccept, type Staff, signupTenant, type TestApp };

/** A multipart/form-data body with one `file` part. */
export const multipartFile = (file: { name: string; data: Buffer; type?: string }) => {
  const boundary = `----kesher${randomBytes(8).toString('hex')}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${
    file.type ?? 'application/octet-stream'
  }\r\n\r\n`;
  return {
    payload: Buffer.concat([Buffer.from(head), file.data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
};
