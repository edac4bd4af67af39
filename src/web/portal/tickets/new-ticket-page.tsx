import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { toLocale } from '../../ui/locale';
import { kbApi, portalApi, portalKeys } from '../api';
import { Field, useWorkspace } from '../auth/auth-pages';
import { useDocumentTitle } from '../shell/branding';
import { errorText, fieldErrorsOf } from '../shell/errors';
import { LoadError, Loading, Notice } from '../shell/page-state';
import { AttachmentPicker, useAttachmentUploads } from './attachment-picker';
import { CustomFieldInput, type FieldValue, type FormField, fieldValueOut } from './custom-field-input';

const SUGGEST_DELAY_MS = 300;
const SUGGEST_MIN_CHARS = 3;

/** The subject as it settles: a request per pause in typing, not per key. */
const useDebounced = (value: string, ms: number) => {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
};

/** "Maybe this answers your question": knowledge-base articles matching the subject being typed. */
function Suggestions({ subject }: { subject: string }) {
  const { t, i18n } = useTranslation('portal');
  const workspace = useWorkspace();
  const locale = toLocale(i18n.language);
  const q = useDebounced(subject.trim(), SUGGEST_DELAY_MS);
  const enabled = q.length >= SUGGEST_MIN_CHARS;
  const suggest = useQuery({
    queryKey: ['portal', 'kb-suggest', locale, q],
    queryFn: ({ signal }) => kbApi.suggest(q, locale, signal),
    enabled,
    staleTime: 60_000,
    placeholderData: (previous) => previous,
  });
  const items = enabled ? (suggest.data?.items ?? []) : [];
  return (
    <div aria-live="polite">
      {items.length > 0 && (
        <section className="suggestions" aria-labelledby="suggestions-title">
          <h2 id="suggestions-title">{t('tickets.suggestions.title')}</h2>
          <p className="muted">{t('tickets.suggestions.hint')}</p>
          <ul>
            {items.map((a) => (
              <li key={a.id}>
                <Link
                  to={`/portal/${encodeURIComponent(workspace)}/kb/${a.id}`}
                  target="_blank"
                  rel="noopener"
                  aria-description={t('tickets.suggestions.open')}
                  lang={a.locale}
                  dir="auto"
                >
                  {a.title}
                </Link>
                {a.snippet && (
                  <p className="muted" lang={a.locale} dir="auto">
                    {a.snippet}
                  </p>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

export function NewTicketPage() {
  const { t, i18n } = useTranslation('portal');
  const workspace = useWorkspace();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const he = toLocale(i18n.language) === 'he';
  useDocumentTitle(t('tickets.form.title'));

  const form = useQuery({
    queryKey: portalKeys.ticketForm,
    queryFn: portalApi.ticketForm,
    staleTime: 5 * 60_000,
  });
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [categoryId, setCategoryId] = useState('');
  const [values, setValues] = useState<Record<string, FieldValue>>({});
  const uploads = useAttachmentUploads();

  const category = form.data?.categories.find((c) => c.id === categoryId);
  const fields: FormField[] = [...(form.data?.fields ?? []), ...(category?.fields ?? [])].filter(
    // Staff-side people pickers are never customer-facing input.
    (f, i, all) => f.type !== 'user' && all.findIndex((g) => g.key === f.key) === i,
  );

  const create = useMutation({
    mutationFn: () => {
      const customFields: Record<string, unknown> = {};
      for (const f of fields) {
        const out = fieldValueOut(f, values[f.key]);
        if (out !== undefined) customFields[f.key] = out;
      }
      return portalApi.createTicket({
        subject,
        body,
        ...(categoryId ? { categoryId } : {}),
        customFields,
        attachmentIds: uploads.ids,
      });
    },
    onSuccess: (ticket) => {
      void queryClient.invalidateQueries({ queryKey: ['portal', 'tickets'] });
      queryClient.setQueryData(portalKeys.ticket(ticket.id), ticket);
      navigate(`/portal/${encodeURIComponent(workspace)}/tickets/${ticket.id}`, { replace: true });
    },
  });
  const errors = fieldErrorsOf(create.error);
  const fieldError = (key: string) => errors[`customFields.${key}`] ?? errors[key];

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };

  return (
    <div className="page--narrow">
      <h1>{t('tickets.form.title')}</h1>
      {create.isError && <Notice tone="error">{errorText(t, create.error)}</Notice>}
      <form onSubmit={submit}>
        <Field label={t('tickets.form.subject')} error={errors.subject}>
          {(p) => (
            <input
              {...p}
              type="text"
              dir="auto"
              required
              maxLength={300}
              autoComplete="off"
              value={subject}
              onChange={(e) => setSubject(e.target.value)}
            />
          )}
        </Field>
        <Suggestions subject={subject} />
        <Field label={t('tickets.form.body')} hint={t('tickets.form.bodyHint')} error={errors.body}>
          {(p) => (
            <textarea
              {...p}
              dir="auto"
              required
              maxLength={50_000}
              value={body}
              onChange={(e) => setBody(e.target.value)}
            />
          )}
        </Field>
        {form.isPending ? (
          <Loading />
        ) : form.isError ? (
          <LoadError error={form.error} onRetry={() => void form.refetch()} />
        ) : (
          <>
            {form.data.categories.length > 0 && (
              <Field label={t('tickets.form.category')} error={errors.categoryId}>
                {(p) => (
                  <select {...p} value={categoryId} onChange={(e) => setCategoryId(e.target.value)}>
                    <option value="">{t('tickets.form.noCategory')}</option>
                    {form.data.categories.map((c) => (
                      <option key={c.id} value={c.id}>
                        {(he ? c.labelHe : c.labelEn) || c.labelHe}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            )}
            {fields.map((f) => (
              <CustomFieldInput
                key={f.key}
                field={f}
                value={values[f.key]}
                error={fieldError(f.key)}
                onChange={(v) => setValues((all) => ({ ...all, [f.key]: v }))}
              />
            ))}
          </>
        )}
        <AttachmentPicker uploads={uploads} />
        <div className="button-row">
          <button
            type="submit"
            className="button button--primary"
            disabled={create.isPending || uploads.busy}
          >
            {t('tickets.form.submit')}
          </button>
          <Link to={`/portal/${encodeURIComponent(workspace)}/tickets`} className="button">
            {t('tickets.form.cancel')}
          </Link>
        </div>
      </form>
    </div>
  );
}
