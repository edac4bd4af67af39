import { useTranslation } from 'react-i18next';
import './desk.css';

// Small inline-SVG charts (no chart library): RTL-aware, labelled, values readable by screen readers.
// The SVGs lay out in LTR geometry (text anchors mean left/right) and mirror positions themselves.

export interface Bar {
  key: string;
  label: string;
  value: number;
  color: string;
}

const useRtl = () => {
  const { i18n } = useTranslation();
  return i18n.dir() === 'rtl';
};

// About 6.5 user units per character at the charts' 11px: a long category name goes on two lines
// (split at a space), and a word still too long is cut; the full name stays in <title> and aria-label.
const CHAR_W = 6.5;
const fitLabel = (label: string, width: number): string[] => {
  const max = Math.max(3, Math.floor(width / CHAR_W));
  const cut = (x: string) => (x.length > max ? `${x.slice(0, max - 1)}…` : x);
  if (label.length <= max) return [label];
  const space = label.lastIndexOf(' ', max);
  if (space <= 0) return [cut(label)];
  return [label.slice(0, space), cut(label.slice(space + 1))];
};

/** Vertical bars: one per category. In RTL the first category is on the right. */
export function BarChart({
  title,
  bars,
  format,
}: {
  title: string;
  bars: Bar[];
  format: (n: number) => string;
}) {
  const rtl = useRtl();
  const w = 320;
  const h = 160;
  const pad = 24;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const slot = (w - pad * 2) / Math.max(1, bars.length);
  const bw = Math.min(48, slot * 0.6);
  return (
    <figure style={{ margin: 0 }}>
      <svg
        viewBox={`0 0 ${w} ${h + 32}`}
        width="100%"
        role="img"
        aria-label={`${title}: ${bars.map((b) => `${b.label} ${format(b.value)}`).join(', ')}`}
        className="desk-chart"
        style={{ direction: 'ltr' }}
      >
        <line x1={pad} x2={w - pad} y1={h} y2={h} stroke="var(--mantine-color-default-border)" />
        {bars.map((b, i) => {
          const idx = rtl ? bars.length - 1 - i : i;
          const x = pad + slot * idx + (slot - bw) / 2;
          const bh = ((h - 20) * b.value) / max;
          return (
            <g key={b.key}>
              <rect x={x} y={h - bh} width={bw} height={bh} fill={b.color} rx={3} />
              <text x={x + bw / 2} y={h - bh - 4} textAnchor="middle" className="desk-chart-value">
                {format(b.value)}
              </text>
              <text x={x + bw / 2} y={h + 14} textAnchor="middle">
                <title>{b.label}</title>
                {fitLabel(b.label, slot).map((line, n) => (
                  <tspan key={line} x={x + bw / 2} dy={n === 0 ? 0 : 12}>
                    {line}
                  </tspan>
                ))}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** Horizontal bars (per-agent load): bars grow from the inline start. */
export function HBarChart({
  title,
  bars,
  format,
}: {
  title: string;
  bars: Bar[];
  format: (n: number) => string;
}) {
  const rtl = useRtl();
  const w = 360;
  const row = 26;
  const labelW = 110;
  const h = Math.max(row, bars.length * row);
  const max = Math.max(1, ...bars.map((b) => b.value));
  const span = w - labelW - 40;
  return (
    <svg
      viewBox={`0 0 ${w} ${h}`}
      width="100%"
      role="img"
      aria-label={`${title}: ${bars.map((b) => `${b.label} ${format(b.value)}`).join(', ')}`}
      className="desk-chart"
      style={{ direction: 'ltr' }}
    >
      {bars.map((b, i) => {
        const bw = (span * b.value) / max;
        const y = i * row + 4;
        const barX = rtl ? w - labelW - bw : labelW;
        const labelX = rtl ? w - 4 : labelW - 6;
        const valueX = rtl ? barX - 4 : barX + bw + 4;
        return (
          <g key={b.key}>
            <text x={labelX} y={y + 13} textAnchor="end">
              {b.label.length > 16 ? `${b.label.slice(0, 15)}…` : b.label}
            </text>
            <rect x={barX} y={y} width={Math.max(bw, 1)} height={row - 10} fill={b.color} rx={3} />
            <text x={valueX} y={y + 13} textAnchor={rtl ? 'end' : 'start'} className="desk-chart-value">
              {format(b.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export interface Series {
  key: string;
  label: string;
  color: string;
  values: number[];
}

/** Lines over days; time runs from the inline start (right-to-left in Hebrew). */
export function LineChart({
  title,
  labels,
  series,
  format,
}: {
  title: string;
  labels: string[];
  series: Series[];
  format: (n: number) => string;
}) {
  const rtl = useRtl();
  const w = 480;
  const h = 180;
  const pad = 28;
  const n = labels.length;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const xAt = (i: number) => {
    const x = n <= 1 ? w / 2 : pad + ((w - pad * 2) * i) / (n - 1);
    return rtl ? w - x : x;
  };
  const yAt = (v: number) => h - pad - ((h - pad * 2) * v) / max;
  const every = Math.max(1, Math.ceil(n / 7));
  return (
    <figure style={{ margin: 0 }}>
      <svg
        viewBox={`0 0 ${w} ${h}`}
        width="100%"
        role="img"
        aria-label={title}
        className="desk-chart"
        style={{ direction: 'ltr' }}
      >
        <line x1={pad} x2={w - pad} y1={h - pad} y2={h - pad} stroke="var(--mantine-color-default-border)" />
        <text x={rtl ? w - 4 : 4} y={yAt(max) + 4} textAnchor={rtl ? 'end' : 'start'}>
          {format(max)}
        </text>
        {labels.map((l, i) =>
          i % every === 0 ? (
            <text key={l} x={xAt(i)} y={h - 8} textAnchor="middle">
              {l}
            </text>
          ) : null,
        )}
        {series.map((s) => (
          <g key={s.key}>
            <polyline
              fill="none"
              stroke={s.color}
              strokeWidth={2}
              points={s.values.map((v, i) => `${xAt(i)},${yAt(v)}`).join(' ')}
            />
            {s.values.map((v, i) => (
              <circle key={`${s.key}-${labels[i]}`} cx={xAt(i)} cy={yAt(v)} r={2.5} fill={s.color}>
                <title>{`${labels[i]} · ${s.label}: ${format(v)}`}</title>
              </circle>
            ))}
          </g>
        ))}
      </svg>
      <figcaption>
        <Legend items={series} />
      </figcaption>
    </figure>
  );
}

export function Legend({ items }: { items: { key: string; label: string; color: string }[] }) {
  return (
    <ul style={{ display: 'flex', gap: 16, listStyle: 'none', padding: 0, margin: 0, flexWrap: 'wrap' }}>
      {items.map((s) => (
        <li key={s.key} style={{ display: 'flex', alignItems: 'center', gap: 6, fontSize: 12 }}>
          <span
            aria-hidden
            style={{
              inlineSize: 12,
              blockSize: 12,
              borderRadius: 2,
              background: s.color,
              display: 'inline-block',
            }}
          />
          {s.label}
        </li>
      ))}
    </ul>
  );
}
