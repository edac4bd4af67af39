import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { TestApp } from '../../../../../test/build-test-app.js';
import type { Staff } from '../../../../../test/factories/staff.js';
import type { TenantCtx } from '../../../platform/http/actor.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export const call = (
  t: TestApp,
  who: Staff | { headers: Record<string, string> } | null,
  method: Method,
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) =>
  t.app.inject({
    method,
    url,
    headers: { ...(who?.headers ?? {}), ...headers },
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });

export type ArticleInput = {
  visibility?: 'public' | 'portal' | 'internal';
  status?: 'draft' | 'published';
  categoryId?: string | null;
  relatedIds?: string[];
  tags?: string[];
  translations: Record<string, { title: string; body?: string; format?: 'markdown' | 'html' }>;
};

export const createArticle = async (t: TestApp, who: Staff, input: ArticleInput) => {
  const res = await call(t, who, 'POST', '/api/v1/kb/articles', input);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; version: number; translations: Record<string, { bodyHtml: string }> };
};

export const published = (
  title: string,
  body = '',
  visibility: 'public' | 'portal' | 'internal' = 'public',
) => ({
  visibility,
  status: 'published' as const,
  translations: { he: { title, body } },
});

/** The actor a portal session yields (the portal module's sessions produce exactly this). */
export const portalCtx = (who: Staff, contactId = randomUUID(), accountId = randomUUID()): TenantCtx => ({
  tenantId: who.tenant.id,
  actor: {
    kind: 'portal',
    tenantId: who.tenant.id,
    portalUserId: randomUUID(),
    contactId,
    accountId,
    scope: 'own',
    sessionId: randomUUID(),
  },
  requestId: 'test',
  ip: undefined,
  userAgent: undefined,
});
