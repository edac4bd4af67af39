import type { ComponentType } from 'react';
import type { Permission } from '../../ui/api-types';
import {
  IconChart,
  IconKey,
  type IconProps,
  IconSettings,
  IconShield,
  IconTicket,
  IconUser,
  IconUsers,
  IconWindow,
} from '../../ui/icons';
import { IconChecklist, IconForm, IconHandshake, IconTarget } from '../sales/common/sales-icons';

export interface NavItem {
  to: string;
  labelKey:
    | 'nav.customers'
    | 'sales.nav.deals'
    | 'sales.nav.leads'
    | 'sales.nav.tasks'
    | 'nav.tickets'
    | 'nav.portal'
    | 'nav.reports'
    | 'nav.settings'
    | 'settings.tabs.users'
    | 'settings.tabs.apiKeys'
    | 'settings.tabs.profile'
    | 'sales.webForm.tab';
  icon: ComponentType<IconProps>;
  /** Shown only to users with this permission. */
  permission?: Permission;
}

/** The main navigation, in order. */
export const NAV_ITEMS: readonly NavItem[] = [
  { to: '/customers', labelKey: 'nav.customers', icon: IconUsers },
  { to: '/deals', labelKey: 'sales.nav.deals', icon: IconHandshake },
  { to: '/leads', labelKey: 'sales.nav.leads', icon: IconTarget },
  { to: '/tasks', labelKey: 'sales.nav.tasks', icon: IconChecklist },
  { to: '/tickets', labelKey: 'nav.tickets', icon: IconTicket },
  { to: '/portal-admin', labelKey: 'nav.portal', icon: IconWindow },
  { to: '/reports', labelKey: 'nav.reports', icon: IconChart },
  { to: '/settings', labelKey: 'nav.settings', icon: IconSettings },
];

/** Deeper destinations offered by Ctrl+K besides the main navigation. */
export const SETTINGS_ITEMS: readonly NavItem[] = [
  { to: '/settings/users', labelKey: 'settings.tabs.users', icon: IconUser },
  {
    to: '/settings/api-keys',
    labelKey: 'settings.tabs.apiKeys',
    icon: IconKey,
    permission: 'api-keys:manage',
  },
  { to: '/settings/profile', labelKey: 'settings.tabs.profile', icon: IconShield },
  {
    to: '/settings/web-form',
    labelKey: 'sales.webForm.tab',
    icon: IconForm,
    permission: 'settings:manage',
  },
];
