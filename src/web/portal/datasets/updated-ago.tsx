import { useTranslation } from 'react-i18next';
import { minutesSince, useDatasetFormat, useNow } from './dataset-format';

/** "Updated 7 minutes ago" from the last good sync, counting on while the screen stays open. */
export function UpdatedAgo({ at, className }: { at: string | null; className?: string }) {
  const { t } = useTranslation('portal');
  const fmt = useDatasetFormat();
  const now = useNow();
  const ago = at ? fmt.ago(at, now) : null;
  if (!at || !ago) return <span className={className}>{t('datasets.neverUpdated')}</span>;
  return (
    <time className={className} dateTime={at} title={t('datasets.updatedAt', { at: fmt.dateTime(at) })}>
      {minutesSince(at, now) === 0 ? t('datasets.updatedJustNow') : t('datasets.updated', { ago })}
    </time>
  );
}
