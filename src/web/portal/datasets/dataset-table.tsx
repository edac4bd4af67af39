import { useTranslation } from 'react-i18next';
import { columnLabel, type DatasetFormat, safeHref, statusTone } from './dataset-format';
import type { TDatasetColumn, TRecord } from './datasets-api';

export type SortState = { field: string | null; dir: 'asc' | 'desc' };

const isEmpty = (v: unknown) => v === null || v === undefined || v === '';

/** One value in its field's type: numbers and dates per locale, statuses as badges, safe links. */
function CellValue({ field, value, fmt }: { field: TDatasetColumn; value: unknown; fmt: DatasetFormat }) {
  const { t } = useTranslation('portal');
  if (isEmpty(value)) return <span className="cell-empty">—</span>;
  const text = String(value);
  switch (field.type) {
    case 'number': {
      const n = typeof value === 'number' ? value : Number(text);
      return <span className="cell-number">{Number.isFinite(n) ? fmt.number(n) : text}</span>;
    }
    case 'date':
      return <time dateTime={text}>{fmt.date(text)}</time>;
    case 'datetime':
      return <time dateTime={text}>{fmt.dateTime(text)}</time>;
    case 'status':
      return (
        <span className="badge dataset-badge" data-tone={statusTone(text)} dir="auto">
          {text}
        </span>
      );
    case 'link': {
      const href = safeHref(text);
      if (!href) return <span dir="auto">{text}</span>;
      return (
        <a
          href={href}
          target="_blank"
          rel="noopener noreferrer"
          dir="ltr"
          className="cell-link"
          aria-label={t('datasets.table.openLink', { url: text })}
          title={text}
        >
          {text}
        </a>
      );
    }
    case 'text':
      return <span dir="auto">{text}</span>;
  }
}

function SortHeader({
  field,
  label,
  sort,
  onSort,
}: {
  field: TDatasetColumn;
  label: string;
  sort: SortState;
  onSort: (field: string) => void;
}) {
  const active = sort.field === field.key;
  const ariaSort = active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined;
  return (
    // biome-ignore lint/a11y/noRedundantRoles: kept for the card layout (see DatasetTable)
    <th scope="col" role="columnheader" aria-sort={ariaSort} data-type={field.type}>
      <button type="button" className="sort-button" onClick={() => onSort(field.key)}>
        <span dir="auto">{label}</span>
        <span className="sort-button__arrow" aria-hidden="true" data-active={active}>
          {active ? (sort.dir === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}

const SKELETON_ROWS = 6;

/**
 * The records as a real table (caption, column headers, aria-sort). Explicit ARIA roles keep the
 * table's meaning when the phone layout turns rows into cards with CSS (some browsers drop it).
 */
export function DatasetTable({
  caption,
  fields,
  rows,
  sort,
  onSort,
  fmt,
  loading,
}: {
  caption: string;
  fields: TDatasetColumn[];
  rows: TRecord[];
  sort: SortState;
  onSort: (field: string) => void;
  fmt: DatasetFormat;
  loading?: boolean;
}) {
  const locale = fmt.locale;
  return (
    <div className="table-wrap">
      {/* biome-ignore lint/a11y/noRedundantRoles: kept for the card layout (display changes drop it) */}
      <table className="data-table" role="table" aria-busy={loading || undefined}>
        <caption className="visually-hidden">{caption}</caption>
        {/* biome-ignore lint/a11y/noRedundantRoles: see the table's */}
        <thead role="rowgroup">
          {/* biome-ignore lint/a11y/noRedundantRoles: see the table's */}
          <tr role="row">
            {fields.map((f) => (
              <SortHeader key={f.key} field={f} label={columnLabel(f, locale)} sort={sort} onSort={onSort} />
            ))}
          </tr>
        </thead>
        {/* biome-ignore lint/a11y/noRedundantRoles: see the table's */}
        <tbody role="rowgroup">
          {loading
            ? Array.from({ length: SKELETON_ROWS }, (_, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: placeholder rows have no identity
                <tr key={i} className="skeleton-row">
                  {fields.map((f) => (
                    <td key={f.key}>
                      <span className="skeleton" aria-hidden="true" />
                    </td>
                  ))}
                </tr>
              ))
            : rows.map((r) => (
                // biome-ignore lint/a11y/noRedundantRoles: see the table's
                <tr key={r.key} role="row" data-record-key={r.key}>
                  {fields.map((f) => (
                    // biome-ignore lint/a11y/noRedundantRoles: see the table's
                    <td key={f.key} role="cell" data-label={columnLabel(f, locale)} data-type={f.type}>
                      <CellValue field={f} value={r.data[f.key]} fmt={fmt} />
                    </td>
                  ))}
                </tr>
              ))}
        </tbody>
      </table>
    </div>
  );
}
