import { EmptyState, Paper } from '@mantine/core';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { IconChart, IconInbox, type IconProps, IconUsers } from '../../ui/icons';
import { PageHeader } from '../../ui/page-header';

type Area = 'customers' | 'tickets' | 'reports';

const ICONS: Record<Area, ComponentType<IconProps>> = {
  customers: IconUsers,
  tickets: IconInbox,
  reports: IconChart,
};

const NAV_KEYS = {
  customers: 'nav.customers',
  tickets: 'nav.tickets',
  reports: 'nav.reports',
} as const satisfies Record<Area, string>;

/** An area of the app that has no records yet: its heading and a friendly empty state. */
function EmptyAreaPage({ area }: { area: Area }) {
  const { t } = useTranslation();
  const Icon = ICONS[area];
  return (
    <>
      <PageHeader title={t(NAV_KEYS[area])} />
      <Paper withBorder py={64} px="lg">
        <EmptyState variant="light" size="lg">
          <EmptyState.Indicator>
            <Icon size={36} />
          </EmptyState.Indicator>
          <EmptyState.Title order={2}>{t(`empty.${area}.title`)}</EmptyState.Title>
          <EmptyState.Description>{t(`empty.${area}.description`)}</EmptyState.Description>
        </EmptyState>
      </Paper>
    </>
  );
}

export const CustomersPage = () => <EmptyAreaPage area="customers" />;
export const TicketsPage = () => <EmptyAreaPage area="tickets" />;
export const ReportsPage = () => <EmptyAreaPage area="reports" />;
