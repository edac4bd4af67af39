import { Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import {
  IconInbox,
  IconKey,
  IconMail,
  IconShield,
  IconTicket,
  IconUser,
  IconUsers,
  IconWindow,
} from '../../ui/icons';
import { PageHeader } from '../../ui/page-header';
import { IconClock } from '../desk/desk-icons';
import { IconForm } from '../sales/common/sales-icons';
import { hasPermission, useSession } from '../shell/session';
import { IconFields, IconHeartbeat, IconLayout, IconPipeline, IconUpload } from './crm/crm-icons';

const SECTIONS = [
  { value: 'users', labelKey: 'settings.tabs.users', icon: IconUser, permission: null },
  { value: 'api-keys', labelKey: 'settings.tabs.apiKeys', icon: IconKey, permission: 'api-keys:manage' },
  {
    value: 'custom-fields',
    labelKey: 'crmSettings.tabs.customFields',
    icon: IconFields,
    permission: 'settings:manage',
  },
  {
    value: 'card-layout',
    labelKey: 'crmSettings.tabs.cardLayout',
    icon: IconLayout,
    permission: 'settings:manage',
  },
  {
    value: 'health-rules',
    labelKey: 'crmSettings.tabs.healthRules',
    icon: IconHeartbeat,
    permission: 'settings:manage',
  },
  {
    value: 'pipelines',
    labelKey: 'crmSettings.tabs.pipelines',
    icon: IconPipeline,
    permission: 'settings:manage',
  },
  { value: 'import', labelKey: 'crmSettings.tabs.import', icon: IconUpload, permission: 'crm:write' },
  { value: 'web-form', labelKey: 'sales.webForm.tab', icon: IconForm, permission: 'settings:manage' },
  {
    value: 'business-hours',
    labelKey: 'desk.tabs.businessHours',
    icon: IconClock,
    permission: 'settings:manage',
  },
  { value: 'sla', labelKey: 'desk.tabs.sla', icon: IconTicket, permission: 'settings:manage' },
  { value: 'teams', labelKey: 'desk.tabs.teams', icon: IconUsers, permission: 'tickets:read' },
  { value: 'macros', labelKey: 'desk.tabs.macros', icon: IconInbox, permission: 'tickets:read' },
  {
    value: 'notifications',
    labelKey: 'desk.tabs.notifications',
    icon: IconMail,
    permission: 'settings:manage',
  },
  { value: 'outbox', labelKey: 'desk.tabs.outbox', icon: IconMail, permission: 'settings:manage' },
  { value: 'portal', labelKey: 'portalAdmin.tabs.portal', icon: IconWindow, permission: 'portal:manage' },
  { value: 'erp-data', labelKey: 'portalAdmin.tabs.erpData', icon: IconUpload, permission: 'datasets:read' },
  { value: 'profile', labelKey: 'settings.tabs.profile', icon: IconShield, permission: null },
] as const;

/** /settings/* — a tab per section; each tab is its own URL. */
export function SettingsLayout() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const session = useSession();
  const sections = SECTIONS.filter(
    (section) => !section.permission || hasPermission(session, section.permission),
  );
  const current =
    SECTIONS.find((section) => pathname.startsWith(`/settings/${section.value}`))?.value ?? 'users';

  return (
    <>
      {/* each section sets the tab title itself (child effects run before the parent's) */}
      <PageHeader title={t('settings.title')} documentTitle={null} />
      <Tabs
        value={current}
        onChange={(value) => value && void navigate(`/settings/${value}`)}
        keepMounted={false}
      >
        <Tabs.List aria-label={t('settings.sections')} mb="lg">
          {sections.map(({ value, labelKey, icon: Icon }) => (
            <Tabs.Tab key={value} value={value} leftSection={<Icon size={16} />}>
              {t(labelKey)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value={current}>
          <Outlet />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
