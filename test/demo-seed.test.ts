// `npm run demo` seeds through the public HTTP API only, so API changes can silently break it:
// seed a real app on a real port against the mock Priority server, then check what a customer sees.
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DemoClient } from '../scripts/demo-client.js';
import { DEMO, demoSeeded, MOCK_PRIORITY_TOKEN, seedDemo } from '../scripts/demo-seed.js';
import { buildTestApp, type TestApp } from './build-test-app.js';
import { type MockPriority, startMockPriority } from './mock-priority/mock-priority-server.js';

type Page = { items: Array<{ data: Record<string, unknown> }>; nextCursor: string | null };

describe('npm run demo seed', () => {
  let t: TestApp;
  let priority: MockPriority;
  let baseUrl: string;

  beforeAll(async () => {
    priority = await startMockPriority({
      port: 0,
      tokens: [MOCK_PRIORITY_TOKEN],
      generate: { customers: 4, parts: 30, balancesPerPart: 2, shipments: 20 },
    });
    t = await buildTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await priority?.close();
  });

  it('seeds a tenant whose customers each see only their own ERP rows and tickets', async () => {
    expect(await demoSeeded(baseUrl)).toBe(false);
    const seeded = await seedDemo(baseUrl, priority.url);
    expect(seeded.portalUsers).toHaveLength(DEMO.customers.length);
    expect(await demoSeeded(baseUrl)).toBe(true);

    const seen = new Map<string, Set<unknown>>();
    for (const c of DEMO.customers) {
      const portal = new DemoClient(baseUrl);
      await portal.post('/api/portal/v1/auth/login', {
        workspace: DEMO.workspace,
        email: c.contact.email,
        password: DEMO.portalPassword,
      });
      // The connectors' first runs were started by the seed; wait for them to land.
      let stock: Page = { items: [], nextCursor: null };
      for (let i = 0; i < 100 && stock.items.length === 0; i++) {
        stock = await portal.get<Page>('/api/portal/v1/datasets/stock/records?limit=200');
        if (stock.items.length === 0) await new Promise((r) => setTimeout(r, 200));
      }
      expect(stock.items.length).toBeGreaterThan(0);
      seen.set(
        c.priority,
        new Set(stock.items.map((r) => `${r.data.part}/${r.data.warehouse}/${r.data.location}`)),
      );
      const tickets = await portal.get<{ items: unknown[] }>('/api/portal/v1/tickets');
      expect(Array.isArray(tickets.items)).toBe(true);
    }
    // Three companies, three disjoint sets of stock rows.
    const all = [...seen.values()];
    for (let i = 0; i < all.length; i++)
      for (let j = i + 1; j < all.length; j++)
        expect([...(all[i] ?? [])].filter((k) => all[j]?.has(k))).toEqual([]);
  }, 120_000);
});
