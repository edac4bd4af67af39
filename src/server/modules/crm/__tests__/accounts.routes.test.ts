import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { type Staff, signupTenant } from '../../../../../test/factories/staff.js';

let t: TestApp;
let owner: Staff;
beforeAll(async () => {
  t = await buildTestApp();
  owner = await signupTenant(t.app);
});
afterAll(() => t.close());

const post = (payload: object, headers = owner.headers) =>
  t.app.inject({ method: 'POST', url: '/api/v1/accounts', headers, payload });

describe('accounts', () => {
  it('creates an account with normalised phones, validated company number and a record number', async () => {
    const res = await post({
      name: 'גליל הובלות בע"מ',
      companyNumber: '51-538585-4',
      phones: ['04-690 1234', { number: '+972 50 234 5678', label: 'mobile' }],
      emails: ['Office@Galil.co.il'],
      externalRefs: { priority: '10023' },
      tags: ['logistics'],
    });
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json();
    expect(a).toMatchObject({
      name: 'גליל הובלות בע"מ',
      companyNumber: '515385854',
      emails: ['office@galil.co.il'],
      externalRefs: { priority: '10023' },
      version: 1,
      status: 'active',
      kind: 'business',
    });
    expect(a.phones).toEqual([
      { raw: '04-690 1234', e164: '+97246901234' },
      { raw: '+972 50 234 5678', e164: '+972502345678', label: 'mobile' },
    ]);
    expect(a.number).toBeGreaterThanOrEqual(1001);
    expect(res.headers.etag).toBe('"1"');
  });

  it('rejects an invalid phone, email and company number with 400 naming each field, writing nothing', async () => {
    const res = await post({
      name: 'Bad',
      companyNumber: '123456789',
      phones: ['050-1234567'],
      emails: ['nope'],
    });
    expect(res.statusCode).toBe(400);
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['companyNumber']));
    const res2 = await post({ name: 'Bad', phones: ['050-1234567'], emails: ['nope'] });
    expect(res2.statusCode).toBe(400);
    expect(res2.json().errors.map((e: { path: string }) => e.path)).toEqual(['phones.0', 'emails.0']);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/accounts?q=Bad', headers: owner.headers });
    expect(list.json().items).toHaveLength(0);
  });

  it('PATCH needs the version it read; a stale write gets 409 with the current record', async () => {
    const a = (await post({ name: 'Versioned Ltd' })).json();
    const noVersion = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/accounts/${a.id}`,
      headers: owner.headers,
      payload: { tier: 'gold' },
    });
    expect(noVersion.statusCode).toBe(428);
    const ok = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/accounts/${a.id}`,
      headers: { ...owner.headers, 'if-match': '"1"' },
      payload: { tier: 'gold' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ tier: 'gold', version: 2 });
    const stale = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/accounts/${a.id}`,
      headers: { ...owner.headers, 'if-match': '"1"' },
      payload: { tier: 'standard' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'VERSION_CONFLICT', current: { tier: 'gold', version: 2 } });
    const timeline = await t.app.inject({
      method: 'GET',
      url: `/api/v1/timeline?accountId=${a.id}`,
      headers: owner.headers,
    });
    expect(timeline.json().items.map((e: { type: string }) => e.type)).toEqual([
      'field.changed',
      'account.created',
    ]);
  });

  it('lists with filters, sort and cursor paging', async () => {
    for (const n of ['Zeta', 'Alpha', 'Mu']) await post({ name: `Paged ${n}`, tags: ['paged'] });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/accounts?tag=paged&limit=2&sort=name${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await t.app.inject({ method: 'GET', url, headers: owner.headers })).json();
      seen.push(...page.items.map((i: { name: string }) => i.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Paged Alpha', 'Paged Mu', 'Paged Zeta']);
    const desc = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/accounts?tag=paged&sort=-name',
        headers: owner.headers,
      })
    ).json();
    expect(desc.items.map((i: { name: string }) => i.name)).toEqual([
      'Paged Zeta',
      'Paged Mu',
      'Paged Alpha',
    ]);
  });

  it('deletes to the trash and restores', async () => {
    const a = (await post({ name: 'Trash Me' })).json();
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/v1/accounts/${a.id}`, headers: owner.headers }))
        .statusCode,
    ).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/v1/accounts/${a.id}`, headers: owner.headers }))
        .statusCode,
    ).toBe(404);
    const trash = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/accounts?includeDeleted=true',
        headers: owner.headers,
      })
    ).json();
    expect(trash.items.map((i: { id: string }) => i.id)).toContain(a.id);
    const restored = await t.app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${a.id}/restore`,
      headers: owner.headers,
    });
    expect(restored.statusCode).toBe(200);
    expect(restored.json().deletedAt).toBeNull();
  });

  it('another tenant gets 404 and changes nothing', async () => {
    const a = (await post({ name: 'Private Co' })).json();
    const other = await signupTenant(t.app);
    const get = await t.app.inject({
      method: 'GET',
      url: `/api/v1/accounts/${a.id}`,
      headers: other.headers,
    });
    expect(get.statusCode).toBe(404);
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/accounts/${a.id}`,
      headers: { ...other.headers, 'if-match': '"1"' },
      payload: { name: 'Hijacked' },
    });
    expect(patch.statusCode).toBe(404);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/accounts/${a.id}`,
      headers: other.headers,
    });
    expect(del.statusCode).toBe(404);
    const list = (
      await t.app.inject({ method: 'GET', url: '/api/v1/accounts', headers: other.headers })
    ).json();
    expect(list.items).toHaveLength(0);
    const mine = (
      await t.app.inject({ method: 'GET', url: `/api/v1/accounts/${a.id}`, headers: owner.headers })
    ).json();
    expect(mine).toMatchObject({ name: 'Private Co', version: 1 });
  });
});
