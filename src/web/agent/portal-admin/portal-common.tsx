import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type PortalUser, portalStatus } from './portal-admin-api';

const STATUS_COLOR = { invited: 'yellow', active: 'green', disabled: 'gray' } as const;

/** Invited / active / disabled, coloured. */
export function PortalStatusBadge({ user }: { user: PortalUser }) {
  const { t } = useTranslation();
  const status = portalStatus(user);
  return (
    <Badge color={STATUS_COLOR[status]} variant="light" data-status={status}>
      {t(`portalAdmin.access.statuses.${status}`)}
    </Badge>
  );
}

/** Dates and times in the UI's language (Hebrew dates in he-IL, Israel time by the browser). */
export const useDateTime = () => {
  const { i18n } = useTranslation();
  const tag = i18n.language === 'en' ? 'en-IL' : 'he-IL';
  const format = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short' });
  const number = new Intl.NumberFormat(tag);
  return {
    tag,
    dateTime: (iso: string | null | undefined) => (iso ? format.format(new Date(iso)) : '—'),
    number: (n: number | null | undefined) => (n === null || n === undefined ? '—' : number.format(n)),
  };
};
