import { useTranslation } from 'react-i18next';
import type { ticketsHe } from './messages';

type Status = keyof typeof ticketsHe.status;
const isStatus = (s: string): s is Status =>
  ['new', 'open', 'pending_customer', 'on_hold', 'solved', 'closed'].includes(s);

export const CLOSED_STATUSES = ['solved', 'closed'];

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation('portal');
  return (
    <span className="badge" data-status={status}>
      {isStatus(status) ? t(`tickets.status.${status}`) : status}
    </span>
  );
}
