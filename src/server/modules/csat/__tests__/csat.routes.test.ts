import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../../../test/build-test-app.js';
import { type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { fixedClock } from '../../../platform/clock.js';
import {
  apiOf,
  buildDeskApp,
  mailsTo,
  openTicket,
  patchTicket,
  requester,
} from '../../notifications/__tests__/desk-fixtures.js';
import { csatSummary } from '../index.js';

const clock = fixedClock('2026-03-08T07:00:00Z');
let t: TestApp;
let owner: Staff;
let call: ReturnType<typeof apiOf>;
beforeAll(async () => {
  t = await buildDeskApp(clock);
  call = apiOf(t);
  owner = await signupTenant(t.app, { locale: 'he' });
});
afterAll(() => t.close());

/** Solves a new ticket and returns the survey path from the "solved" email. */
const solvedTicket = async (lang: 'he' | 'en' = 'he') => {
  const r = await requester(t, owner, { lang });
  const tk = await openTicket(t, owner, { requesterId: r.id });
  clock.advance(60_000);
  await patchTicket(t, owner, tk.id, { status: 'solved' });
  const mail = (await mailsTo(t, r.email)).find((m) => m.kind === 'ticket.ticket_solved');
  const m = /http:\/\/localhost:3000(\/csat\/([\w-]+\.[\w-]+))/.exec(mail?.html ?? '');
  if (!m?.[1] || !m[2]) throw new Error('no survey link in the solved email');
  return { tk, path: m[1], token: m[2] };
};

const page = (path: string, method: 'GET' | 'POST' = 'GET', form?: string) =>
  t.app.inject({
    method,
    url: path,
    ...(form
      ? {
          payload: form,
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:3000' },
        }
      : {}),
  });

describe('satisfaction survey', () => {
  it('the solved email links to a page in the requester’s language: five buttons, a comment box, no script', async () => {
    const { tk, path } = await solvedTicket('he');
    const res = await page(path);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.body).toContain('<html lang="he" dir="rtl">');
    expect(res.body).toContain(`איך היה השירות בפנייה ${tk.number}?`);
    expect(res.body.match(/<button type="submit" name="rating" value="[1-5]"/g)).toHaveLength(5);
    expect(res.body).toContain('<textarea id="comment" name="comment"');
    expect(res.body).not.toMatch(/<script|onclick=|javascript:/i);

    const en = await solvedTicket('en');
    expect((await page(en.path)).body).toContain(`How did we do with request #${en.tk.number}?`);
  });

  it('takes the answer from the form or the JSON API; rating again updates it; the ticket shows it', async () => {
    const { tk, path, token } = await solvedTicket('en');
    const form = await page(path, 'POST', 'comment=Fast+and+kind&rating=4');
    expect(form.statusCode, form.body).toBe(200);
    expect(form.body).toContain('We received your rating: 4 of 5.');
    expect((await call(owner, 'GET', `/tickets/${tk.id}/csat`)).json()).toEqual({
      requestedAt: expect.any(String),
      rating: 4,
      comment: 'Fast and kind',
      respondedAt: clock.now().toISOString(),
    });
    // The page now shows the answer given.
    expect((await page(path)).body).toContain('You rated us 4 of 5.');

    clock.advance(60_000);
    const api = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/csat/${token}`,
      payload: { rating: 2 },
    });
    expect(api.statusCode, api.body).toBe(200);
    expect(api.json()).toMatchObject({ ticketNumber: tk.number, rating: 2, comment: null });
    expect((await call(owner, 'GET', `/tickets/${tk.id}/csat`)).json()).toMatchObject({ rating: 2 });

    const bad = await page(path, 'POST', 'rating=9');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Please choose a rating from 1 to 5.');
    const badApi = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/csat/${token}`,
      payload: { rating: 0 },
    });
    expect(badApi.statusCode).toBe(400);
    expect((await call(owner, 'GET', `/tickets/${tk.id}/csat`)).json()).toMatchObject({ rating: 2 });
  });

  it('a changed token is 404 and changes nothing', async () => {
    const { tk, token } = await solvedTicket();
    const i = token.indexOf('.') + 3;
    const forged = token.slice(0, i) + (token[i] === 'x' ? 'y' : 'x') + token.slice(i + 1);
    expect((await page(`/csat/${forged}`)).statusCode).toBe(404);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/csat/${forged}`,
      payload: { rating: 5 },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('TOKEN_INVALID');
    expect((await call(owner, 'GET', `/tickets/${tk.id}/csat`)).json().rating).toBeNull();
  });

  it('sums up answered surveys for the dashboard: count, average, share satisfied', async () => {
    const from = clock.now();
    for (const rating of [5, 4, 2]) {
      const { token } = await solvedTicket();
      clock.advance(1000);
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/v1/public/csat/${token}`,
        payload: { rating },
      });
      expect(res.statusCode).toBe(200);
    }
    await solvedTicket(); // asked, never answered: not counted
    const summary = await t.app.kesher.database.tenantTx({ role: 'staff', tenantId: owner.tenant.id }, (tx) =>
      csatSummary(tx, from, new Date(clock.now().getTime() + 1000)),
    );
    expect(summary).toEqual({ count: 3, average: 3.67, satisfiedPercent: 66.7 });
  });
  it('after 30 days the link is gone (410) and the answer stays as it was', async () => {
    const { tk, path, token } = await solvedTicket();
    clock.advance(29 * 86_400_000);
    expect((await page(path)).statusCode).toBe(200);
    clock.advance(2 * 86_400_000);
    const res = await page(path);
    expect(res.statusCode).toBe(410);
    expect(res.body).toContain('תוקף הקישור פג');
    const api = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/csat/${token}`,
      payload: { rating: 5 },
    });
    expect(api.statusCode).toBe(410);
    expect(api.json().code).toBe('LINK_EXPIRED');
    const staff = await signupTenant(t.app, { locale: 'he' });
    expect((await call(staff, 'GET', `/tickets/${tk.id}/csat`)).statusCode).toBe(404);
  });
});
