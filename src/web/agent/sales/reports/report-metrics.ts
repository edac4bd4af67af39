import type { ActivityReportRow } from '../sales-api';

/** What the chart stacks per agent and period, in order, with a colour each. */
export const CHART_METRICS = [
  { key: 'calls', color: 'var(--mantine-color-blue-6)' },
  { key: 'emails', color: 'var(--mantine-color-grape-5)' },
  { key: 'sms', color: 'var(--mantine-color-orange-5)' },
  { key: 'tasksDone', color: 'var(--mantine-color-teal-6)' },
  { key: 'dealsWon', color: 'var(--mantine-color-yellow-6)' },
] as const satisfies readonly { key: keyof ActivityReportRow; color: string }[];
export type ChartMetric = (typeof CHART_METRICS)[number]['key'];

/** The count columns of the table (and CSV), in order. */
export const TABLE_METRICS = [
  'calls',
  'emails',
  'sms',
  'meetings',
  'visits',
  'tasksDone',
  'dealsWon',
] as const satisfies readonly (keyof ActivityReportRow)[];
export type TableMetric = (typeof TABLE_METRICS)[number];

/** Axis steps of 1, 2 or 5 × 10ⁿ so that about `ticks` lines cover `max`. */
export const niceScale = (max: number, ticks = 4): { top: number; step: number } => {
  if (max <= 0) return { top: ticks, step: 1 };
  const raw = max / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const niceStep = Math.max(1, step);
  return { top: Math.ceil(max / niceStep) * niceStep, step: niceStep };
};

/** RFC 4180 CSV with a UTF-8 BOM, so Excel opens Hebrew text correctly. */
export const toCsv = (rows: readonly (readonly (string | number)[])[]): string => {
  const cell = (value: string | number) => {
    const text = String(value);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return `\uFEFF${rows.map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
};

export const downloadFile = (name: string, content: string, type: string) => {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
};
