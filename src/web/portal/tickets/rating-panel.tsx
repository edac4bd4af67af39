import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { portalApi, portalKeys } from '../api';
import { errorText } from '../shell/errors';
import { Notice } from '../shell/page-state';

const SCORES = [1, 2, 3, 4, 5] as const;

/** "How did we do?" after a ticket is solved: 1–5 stars and an optional comment, once. */
export function RatingPanel({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation('portal');
  const queryClient = useQueryClient();
  const current = useQuery({
    queryKey: portalKeys.rating(ticketId),
    queryFn: () => portalApi.rating(ticketId),
  });
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const rate = useMutation({
    mutationFn: (s: number) => portalApi.rate(ticketId, { score: s, ...(comment.trim() ? { comment } : {}) }),
    onSuccess: (rating) => queryClient.setQueryData(portalKeys.rating(ticketId), { rating }),
  });

  if (current.isPending || current.isError) return null;
  const given = current.data.rating;
  if (given) {
    return (
      <section aria-labelledby="rating-title">
        <h2 id="rating-title">{t('tickets.rating.title')}</h2>
        <p>{t('tickets.rating.star', { count: given.score })}</p>
        {rate.isSuccess && <Notice>{t('tickets.rating.thanks')}</Notice>}
      </section>
    );
  }
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMissing(score === null);
    if (score !== null) rate.mutate(score);
  };
  return (
    <form onSubmit={submit} aria-labelledby="rating-title">
      <h2 id="rating-title">{t('tickets.rating.title')}</h2>
      {rate.isError && <Notice tone="error">{errorText(t, rate.error)}</Notice>}
      <fieldset className="stars" aria-describedby={missing ? 'rating-missing' : undefined}>
        <legend className="visually-hidden">{t('tickets.rating.score')}</legend>
        {SCORES.map((s) => (
          <label key={s}>
            <input
              type="radio"
              name="score"
              value={s}
              checked={score === s}
              onChange={() => setScore(s)}
              aria-label={t('tickets.rating.star', { count: s })}
            />
            <span aria-hidden="true">★{s}</span>
          </label>
        ))}
      </fieldset>
      {missing && (
        <p id="rating-missing" className="field__error">
          {t('tickets.rating.pick')}
        </p>
      )}
      <div className="field">
        <label htmlFor="rating-comment">{t('tickets.rating.comment')}</label>
        <textarea
          id="rating-comment"
          dir="auto"
          maxLength={2000}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
        />
      </div>
      <button type="submit" className="button button--primary" disabled={rate.isPending}>
        {t('tickets.rating.submit')}
      </button>
    </form>
  );
}
