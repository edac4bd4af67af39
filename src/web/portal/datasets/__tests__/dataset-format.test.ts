import { describe, expect, it } from 'vitest';
import { minutesSince, relativeTime, safeHref, statusTone } from '../dataset-format';
import { datasetsApi, queryParams } from '../datasets-api';

const at = '2026-12-03T08:00:00.000Z';
const plus = (minutes: number) => Date.parse(at) + minutes * 60_000;

describe('relativeTime', () => {
  const he = new Intl.RelativeTimeFormat('he-IL', { numeric: 'auto' });
  const en = new Intl.RelativeTimeFormat('en-IL', { numeric: 'auto' });

  it('counts minutes, then hours, then days', () => {
    expect(relativeTime(en, at, plus(7))).toBe('7 minutes ago');
    expect(relativeTime(he, at, plus(7))).toBe('לפני 7 דקות');
    expect(relativeTime(en, at, plus(59))).toBe('59 minutes ago');
    expect(relativeTime(en, at, plus(61))).toBe('1 hour ago');
    expect(relativeTime(en, at, plus(60 * 49))).toBe('2 days ago');
  });

  it('never says "in a minute" when the browser clock is behind the server', () => {
    expect(minutesSince(at, plus(-3))).toBe(0);
    expect(relativeTime(en, at, plus(-3))).toBe('this minute');
    expect(relativeTime(en, 'not a date', plus(1))).toBeNull();
  });
});

describe('safeHref', () => {
  it('keeps http and https links only', () => {
    expect(safeHref('https://track.example/c/1')).toBe('https://track.example/c/1');
    expect(safeHref('http://track.example')).toBe('http://track.example/');
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,<b>x</b>')).toBeNull();
    expect(safeHref('/relative/path')).toBeNull();
  });
});

describe('statusTone', () => {
  it('colours known words by meaning and any other value the same way every time', () => {
    expect(statusTone('סופית')).toBe('success');
    expect(statusTone(' Delayed ')).toBe('danger');
    expect(statusTone('W1')).toMatch(/^tone[0-3]$/);
    expect(statusTone('W1')).toBe(statusTone('w1'));
  });
});

describe('table query → API parameters', () => {
  const query = { q: ' MSCU ', sort: 'date', dir: 'desc' as const, filters: { status: 'בדרך', family: '' } };

  it('sends search, sort with its direction and non-empty filters as filter.<field>', () => {
    expect(queryParams(query)).toEqual({ q: 'MSCU', sort: 'date', dir: 'desc', 'filter.status': 'בדרך' });
    expect(queryParams({ q: '', sort: null, dir: 'desc', filters: {} })).toEqual({});
  });

  it('builds an export link that keeps the same query', () => {
    const url = new URL(datasetsApi.exportUrl('containers', query, 'xlsx', 'he'), 'http://x');
    expect(url.pathname).toBe('/api/portal/v1/datasets/containers/export');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      q: 'MSCU',
      sort: 'date',
      dir: 'desc',
      'filter.status': 'בדרך',
      format: 'xlsx',
      lang: 'he',
    });
  });
});
