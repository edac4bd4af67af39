import { Box, ColorSwatch, Group, Text } from '@mantine/core';
import { useElementSize, useMergedRef } from '@mantine/hooks';
import { useEffect, useId, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { intlTag, toLocale } from '../../../ui/locale';
import { parseDateOnly } from '../common/dates';
import type { ActivityReportRow } from '../sales-api';
import { CHART_METRICS, niceScale } from './report-metrics';

const HEIGHT = 300;
const PAD = { top: 24, bottom: 58, start: 48, end: 16 };
const BAR_GAP = 4;
const MAX_GROUP_GAP = 22;
const MIN_GROUP_GAP = 6;
/** Period labels need about this much room; closer groups label every n-th period. */
const LABEL_WIDTH = 44;
const MIN_BAR = 8;
const MAX_BAR = 36;

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0])
    .join('');

interface ActivityChartProps {
  rows: readonly ActivityReportRow[];
  groupBy: 'day' | 'week';
  /** Every period of the range, oldest first, so empty days show as gaps. */
  periods: readonly string[];
}

/**
 * Bars per period (oldest at the reading start: the right in Hebrew), one stacked bar per agent:
 * calls, emails, SMS, tasks done and deals won. Inline SVG; the table below has the same numbers.
 */
export function ActivityChart({ rows, groupBy, periods }: ActivityChartProps) {
  const { t, i18n } = useTranslation();
  const locale = toLocale(i18n.language);
  const rtl = locale === 'he';
  const titleId = useId();
  const { ref: sizeRef, width: boxWidth } = useElementSize<HTMLDivElement>();
  const scrollRef = useRef<HTMLDivElement>(null);
  const ref = useMergedRef(sizeRef, scrollRef);

  const users = useMemo(() => {
    const byId = new Map<string, string>();
    for (const row of rows) byId.set(row.userId, row.userName);
    return [...byId].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, locale));
  }, [rows, locale]);
  const cell = useMemo(() => new Map(rows.map((row) => [`${row.period}|${row.userId}`, row])), [rows]);
  const periodLabel = useMemo(() => {
    const f = new Intl.DateTimeFormat(intlTag(locale), { day: 'numeric', month: 'numeric' });
    return (period: string) => f.format(parseDateOnly(period));
  }, [locale]);
  const number = useMemo(() => new Intl.NumberFormat(intlTag(locale)), [locale]);

  const userCount = Math.max(1, users.length);
  const groups = Math.max(1, periods.length);
  const available = Math.max(0, (boxWidth || 600) - PAD.start - PAD.end);
  const groupGap = Math.max(MIN_GROUP_GAP, Math.min(MAX_GROUP_GAP, Math.floor(available / (groups * 4))));
  const gapsWidth = (groups - 1) * groupGap + groups * (userCount - 1) * BAR_GAP;
  const bar = Math.max(
    MIN_BAR,
    Math.min(MAX_BAR, Math.floor((available - gapsWidth) / (groups * userCount))),
  );
  const groupWidth = userCount * bar + (userCount - 1) * BAR_GAP;
  const innerWidth = groups * groupWidth + (groups - 1) * groupGap;
  const labelEvery = Math.max(1, Math.ceil(LABEL_WIDTH / (groupWidth + groupGap)));
  const width = Math.max(boxWidth || 600, innerWidth + PAD.start + PAD.end);
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;

  const totalOf = (row: ActivityReportRow | undefined) =>
    row ? CHART_METRICS.reduce((sum, metric) => sum + row[metric.key], 0) : 0;
  const max = Math.max(0, ...rows.map(totalOf));
  const { top, step } = niceScale(max);
  const y = (value: number) => PAD.top + plotHeight - (value / top) * plotHeight;
  // x from the reading start: mirrored in right-to-left
  const x = (fromStart: number, w = 0) => (rtl ? width - fromStart - w : fromStart);
  const ticks = Array.from({ length: Math.floor(top / step) + 1 }, (_, i) => i * step);
  const showInitials = users.length > 1 && bar >= 14;

  // When the chart is wider than the screen (phones, long ranges), show the newest periods first:
  // scroll to the inline end (the left in Hebrew, where scrollLeft runs negative).
  useEffect(() => {
    const box = scrollRef.current;
    if (box && periods.length > 0 && width > box.clientWidth)
      box.scrollLeft = rtl ? -box.scrollWidth : box.scrollWidth;
  }, [rtl, width, periods.length]);

  return (
    <Box>
      <Box ref={ref} style={{ overflowX: 'auto' }}>
        <svg
          className="kesher-chart"
          width={width}
          height={HEIGHT}
          viewBox={`0 0 ${width} ${HEIGHT}`}
          role="img"
          aria-labelledby={titleId}
          style={{ display: 'block', direction: 'ltr' }}
        >
          <title id={titleId}>{t('sales.report.chartTitle')}</title>
          <text
            x={x(PAD.start - 8)}
            y={12}
            textAnchor={rtl ? 'start' : 'end'}
            fontSize={11}
            fill="var(--mantine-color-dimmed)"
          >
            {t('sales.report.axis.count')}
          </text>
          {ticks.map((tick) => (
            <g key={tick}>
              <line
                x1={x(PAD.start)}
                x2={x(width - PAD.end)}
                y1={y(tick)}
                y2={y(tick)}
                stroke="var(--mantine-color-gray-3)"
                strokeDasharray={tick === 0 ? undefined : '3 3'}
              />
              <text
                x={x(PAD.start - 8)}
                y={y(tick) + 4}
                textAnchor={rtl ? 'start' : 'end'}
                fontSize={11}
                fill="var(--mantine-color-dimmed)"
              >
                {number.format(tick)}
              </text>
            </g>
          ))}
          {periods.map((period, p) => {
            const groupStart = PAD.start + p * (groupWidth + groupGap);
            return (
              <g key={period}>
                {users.map((user, u) => {
                  const row = cell.get(`${period}|${user.id}`);
                  const barStart = groupStart + u * (bar + BAR_GAP);
                  let base = 0;
                  return (
                    <g key={user.id}>
                      {CHART_METRICS.map((metric) => {
                        const value = row?.[metric.key] ?? 0;
                        if (!value) return null;
                        const y1 = y(base + value);
                        const h = y(base) - y1;
                        base += value;
                        return (
                          <rect
                            key={metric.key}
                            x={x(barStart, bar)}
                            y={y1}
                            width={bar}
                            height={Math.max(1, h - 1)}
                            rx={2}
                            style={{ fill: metric.color }}
                          >
                            <title>
                              {t('sales.report.barTooltip', {
                                user: user.name,
                                period: periodLabel(period),
                                metric: t(`sales.report.metrics.${metric.key}`),
                                value: number.format(value),
                              })}
                            </title>
                          </rect>
                        );
                      })}
                      {showInitials ? (
                        <text
                          x={x(barStart + bar / 2)}
                          y={HEIGHT - PAD.bottom + 14}
                          textAnchor="middle"
                          fontSize={9}
                          fill="var(--mantine-color-dimmed)"
                        >
                          {initials(user.name)}
                        </text>
                      ) : null}
                    </g>
                  );
                })}
                <text
                  x={x(groupStart + groupWidth / 2)}
                  y={HEIGHT - PAD.bottom + (showInitials ? 30 : 18)}
                  textAnchor="middle"
                  fontSize={11}
                  fill="var(--mantine-color-text)"
                >
                  {(periods.length - 1 - p) % labelEvery === 0 ? periodLabel(period) : ''}
                </text>
              </g>
            );
          })}
          <text
            x={x(PAD.start + innerWidth / 2)}
            y={HEIGHT - 6}
            textAnchor="middle"
            fontSize={11}
            fill="var(--mantine-color-dimmed)"
          >
            {groupBy === 'week' ? t('sales.report.axis.week') : t('sales.report.axis.day')}
          </text>
        </svg>
      </Box>
      <Group gap="md" mt="xs" wrap="wrap" aria-label={t('sales.report.legend')} role="list">
        {CHART_METRICS.map((metric) => (
          <Group key={metric.key} gap={6} wrap="nowrap" role="listitem">
            <ColorSwatch color={metric.color} size={12} withShadow={false} />
            <Text size="sm">{t(`sales.report.metrics.${metric.key}`)}</Text>
          </Group>
        ))}
      </Group>
    </Box>
  );
}
