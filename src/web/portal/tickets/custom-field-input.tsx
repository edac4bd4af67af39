import { useTranslation } from 'react-i18next';
import { toLocale } from '../../ui/locale';
import type { TPortalTicketForm } from '../api';
import { Field } from '../auth/auth-pages';

export type FormField = TPortalTicketForm['fields'][number];
export type FieldValue = string | number | boolean | string[];

/** The value to send, or undefined to leave the field out (empty). */
export const fieldValueOut = (field: FormField, raw: FieldValue | undefined): FieldValue | undefined => {
  if (raw === undefined || raw === '' || (Array.isArray(raw) && raw.length === 0)) return undefined;
  switch (field.type) {
    case 'number':
    case 'currency': {
      const n = Number(String(raw).replace(',', '.'));
      return Number.isFinite(n) ? n : String(raw);
    }
    case 'datetime':
      return typeof raw === 'string' && raw ? new Date(raw).toISOString() : undefined;
    case 'checkbox':
      return raw === true;
    default:
      return raw;
  }
};

/** One customer-facing custom field, rendered by its type with its he/en label. */
export function CustomFieldInput({
  field,
  value,
  error,
  onChange,
}: {
  field: FormField;
  value: FieldValue | undefined;
  error?: string | undefined;
  onChange: (value: FieldValue) => void;
}) {
  const { t, i18n } = useTranslation('portal');
  const he = toLocale(i18n.language) === 'he';
  const label = (he ? field.labelHe : field.labelEn) || field.labelHe || field.key;
  const optionLabel = (o: FormField['options'][number]) => (he ? o.labelHe : o.labelEn) || o.value;

  if (field.type === 'checkbox') {
    return (
      <div className={`field${error ? ' field--invalid' : ''}`}>
        <label className="checkbox">
          <input type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />{' '}
          {label}
        </label>
        {error && <p className="field__error">{error}</p>}
      </div>
    );
  }
  if (field.type === 'multi_select') {
    const selected = Array.isArray(value) ? value : [];
    return (
      <fieldset className={`field${error ? ' field--invalid' : ''}`}>
        <legend>{label}</legend>
        {field.options.map((o) => (
          <label key={o.value} className="checkbox">
            <input
              type="checkbox"
              checked={selected.includes(o.value)}
              onChange={(e) =>
                onChange(e.target.checked ? [...selected, o.value] : selected.filter((v) => v !== o.value))
              }
            />{' '}
            {optionLabel(o)}
          </label>
        ))}
        {error && <p className="field__error">{error}</p>}
      </fieldset>
    );
  }
  const text = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  return (
    <Field label={label} error={error}>
      {(p) => {
        const common = { ...p, required: field.required, value: text };
        switch (field.type) {
          case 'select':
            return (
              <select {...common} onChange={(e) => onChange(e.target.value)}>
                <option value="">{t('tickets.form.choose')}</option>
                {field.options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {optionLabel(o)}
                  </option>
                ))}
              </select>
            );
          case 'long_text':
            return (
              <textarea
                {...common}
                dir="auto"
                maxLength={field.validation.maxLength}
                onChange={(e) => onChange(e.target.value)}
              />
            );
          case 'number':
          case 'currency':
            return (
              <input
                {...common}
                type="number"
                inputMode="decimal"
                step="any"
                min={field.validation.min}
                max={field.validation.max}
                onChange={(e) => onChange(e.target.value)}
              />
            );
          case 'date':
            return <input {...common} type="date" onChange={(e) => onChange(e.target.value)} />;
          case 'datetime':
            return <input {...common} type="datetime-local" onChange={(e) => onChange(e.target.value)} />;
          case 'email':
            return <input {...common} type="email" dir="ltr" onChange={(e) => onChange(e.target.value)} />;
          case 'phone':
            return <input {...common} type="tel" dir="ltr" onChange={(e) => onChange(e.target.value)} />;
          case 'url':
            return <input {...common} type="url" dir="ltr" onChange={(e) => onChange(e.target.value)} />;
          default:
            return (
              <input
                {...common}
                type="text"
                dir="auto"
                maxLength={field.validation.maxLength}
                onChange={(e) => onChange(e.target.value)}
              />
            );
        }
      }}
    </Field>
  );
}
