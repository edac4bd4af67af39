import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../../../test/build-test-app.js';
import { type Staff, signupTenant } from '../../../../../test/factories/staff.js';
import { systemClock } from '../../../platform/clock.js';
import { createKbModule, type KbModule } from '../index.js';
import { createArticle, portalCtx, published } from './kb-fixtures.js';

// The ranking bands of kb-search.ts: titles first, then body matches (found by the trigram index
// while they are few, by an ordered walk past BODY_CANDIDATES), then typos — in titles only.
let t: TestApp;
let a: Staff;
let kb: KbModule;
const titled: string[] = [];
const bodied: string[] = [];
let fridge = '';
let fridgeInBody = '';
let container = '';
const BODY_ONLY = 215; // past the 200 candidates, so the dense path runs

beforeAll(async () => {
  t = await buildTestApp();
  kb = createKbModule({ database: t.database, clock: systemClock });
  a = await signupTenant(t.app);
  for (let i = 0; i < 3; i++)
    titled.push((await createArticle(t, a, published(`מסוף אשראי ${i}`, 'הוראות'))).id);
  for (let i = 0; i < BODY_ONLY; i++) {
    bodied.push((await createArticle(t, a, published(`מדריך ${i}`, `מחברים את המסוף לחשמל ${i}`))).id);
  }
  fridge = (await createArticle(t, a, published('מקרר חדש', 'הוראות'))).id;
  fridgeInBody = (await createArticle(t, a, published('מטבח', 'על המקרר'))).id;
  container = (await createArticle(t, a, published('מעקב אחרי מכולה בנמל', 'מספר המכולה בתעודה'))).id;
});
afterAll(() => t.close());

const reader = () => kb.portalReader(portalCtx(a));

describe('kb search bands', () => {
  it('pages through title matches, then every body match once in id order, past the candidate cap', async () => {
    const seen: string[] = [];
    const scores: number[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 30; page++) {
      const r = await kb.reader.list(reader(), { q: 'מסוף', locale: 'he', limit: 20, cursor });
      seen.push(...r.items.map((i) => i.id));
      scores.push(...r.items.map((i) => i.score ?? -1));
      if (!r.nextCursor) break;
      cursor = r.nextCursor;
    }
    expect(seen.slice(0, 3).sort()).toEqual([...titled].sort());
    expect(scores.slice(0, 3).every((s) => s >= 3)).toBe(true);
    expect(seen.slice(3)).toEqual([...bodied].sort().reverse());
    expect(scores.slice(3).every((s) => s === 2)).toBe(true);
    expect(new Set(seen).size).toBe(3 + BODY_ONLY);
  });

  it('suggests the title matches first', async () => {
    const { items } = await kb.reader.suggest(reader(), 'מסוף', 'he');
    expect(items).toHaveLength(5);
    expect(
      items
        .slice(0, 3)
        .map((i) => i.id)
        .sort(),
    ).toEqual([...titled].sort());
  });

  it('finds a typo in a title, not in a body', async () => {
    const { items } = await kb.reader.list(reader(), { q: 'מקררר', locale: 'he', limit: 20 });
    expect(items.map((i) => i.id)).toEqual([fridge]);
    expect(items[0]?.score).toBeLessThan(1);
    // The word itself still finds both, the title first.
    const exact = await kb.reader.list(reader(), { q: 'מקרר', locale: 'he', limit: 20 });
    expect(exact.items.map((i) => i.id)).toEqual([fridge, fridgeInBody]);
  });

  it("suggests titles holding some of a sentence's words, below full matches; the list stays strict", async () => {
    // No title holds "איפה", "שלי" or "נמצאת": all words together match nothing.
    const sentence = 'איפה המכולה שלי נמצאת';
    expect((await kb.reader.list(reader(), { q: sentence, locale: 'he', limit: 20 })).items).toEqual([]);
    const partial = await kb.reader.suggest(reader(), sentence, 'he');
    expect(partial.items.map((i) => i.id)).toEqual([container]);
    expect(partial.items[0]?.score).toBeGreaterThan(1);
    expect(partial.items[0]?.score).toBeLessThan(2);
    // More of the words matched ranks higher; a full match still ranks first of all.
    const both = await kb.reader.suggest(reader(), 'מכולה מקרר בנמל', 'he');
    expect(both.items.map((i) => i.id)).toEqual([container, fridge]);
    const full = await kb.reader.suggest(reader(), 'מעקב מכולה', 'he');
    expect(full.items[0]?.id).toBe(container);
    expect(full.items[0]?.score).toBeGreaterThanOrEqual(3);
  });
});
