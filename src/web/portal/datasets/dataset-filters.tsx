import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { columnLabel, type DatasetFormat } from './dataset-format';
import type { TDatasetColumn } from './datasets-api';

// The API filters by exact value. A date-time matches one instant only, which no person types,
// so date-time fields are not offered as filters.
export const canFilter = (f: TDatasetColumn) => f.filterable && f.type !== 'datetime';

const MAX_SUGGESTIONS = 50;

function FilterInput({
  field,
  value,
  onChange,
  suggestions,
  label,
}: {
  field: TDatasetColumn;
  value: string;
  onChange: (value: string) => void;
  suggestions: string[];
  label: string;
}) {
  const { t } = useTranslation('portal');
  const id = useId();
  const listId = `${id}-values`;
  const hintId = `${id}-hint`;
  const common = { id, value, onChange: (e: { target: { value: string } }) => onChange(e.target.value) };
  return (
    <div className="field filter-field">
      <label htmlFor={id} dir="auto">
        {label}
      </label>
      {field.type === 'date' ? (
        <input type="date" {...common} />
      ) : field.type === 'number' ? (
        <input type="number" step="any" inputMode="decimal" {...common} aria-describedby={hintId} />
      ) : (
        <>
          <input
            type="text"
            dir="auto"
            list={suggestions.length ? listId : undefined}
            autoComplete="off"
            aria-describedby={hintId}
            {...common}
          />
          {suggestions.length > 0 && (
            <datalist id={listId}>
              {suggestions.map((s) => (
                <option key={s} value={s} />
              ))}
            </datalist>
          )}
        </>
      )}
      {field.type !== 'date' && (
        <p id={hintId} className="field__hint">
          {t('datasets.filters.exactHint')}
        </p>
      )}
    </div>
  );
}

/**
 * Filters for the filterable fields, applied together on submit (an exact-match filter half typed
 * would only ever empty the table). Status and text fields suggest the values already on screen.
 */
export function DatasetFilters({
  fields,
  active,
  onApply,
  valuesSeen,
  fmt,
}: {
  fields: TDatasetColumn[];
  active: Record<string, string>;
  onApply: (filters: Record<string, string>) => void;
  valuesSeen: (fieldKey: string) => string[];
  fmt: DatasetFormat;
}) {
  const { t } = useTranslation('portal');
  const [draft, setDraft] = useState(active);
  const activeKey = JSON.stringify(active);
  const activeCount = Object.keys(active).length;
  const [open, setOpen] = useState(activeCount > 0);
  // Back/forward or "clear all" change the URL: the form follows it.
  // biome-ignore lint/correctness/useExhaustiveDependencies: activeKey stands for `active`
  useEffect(() => setDraft(active), [activeKey]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next: Record<string, string> = {};
    for (const [k, v] of Object.entries(draft)) if (v.trim() !== '') next[k] = v.trim();
    onApply(next);
  };

  return (
    <details className="filters" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="button">
        {t('datasets.filters.title')}
        {activeCount > 0 && <span className="filters__count">{fmt.number(activeCount)}</span>}
        {activeCount > 0 && (
          <span className="visually-hidden">{t('datasets.filters.active', { n: activeCount })}</span>
        )}
      </summary>
      <form className="filters__form" onSubmit={submit} aria-label={t('datasets.filters.title')}>
        <div className="filters__fields">
          {fields.map((f) => (
            <FilterInput
              key={f.key}
              field={f}
              label={columnLabel(f, fmt.locale)}
              value={draft[f.key] ?? ''}
              onChange={(v) => setDraft((d) => ({ ...d, [f.key]: v }))}
              suggestions={
                f.type === 'status' || f.type === 'text' ? valuesSeen(f.key).slice(0, MAX_SUGGESTIONS) : []
              }
            />
          ))}
        </div>
        <div className="button-row">
          <button type="submit" className="button button--primary">
            {t('datasets.filters.apply')}
          </button>
          {activeCount > 0 && (
            <button type="button" className="button" onClick={() => onApply({})}>
              {t('datasets.filters.clear')}
            </button>
          )}
        </div>
      </form>
    </details>
  );
}
