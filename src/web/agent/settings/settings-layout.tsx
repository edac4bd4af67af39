import { Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { IconKey, IconShield, IconUser } from '../../ui/icons';
import { PageHeader } from '../../ui/page-header';
import { hasPermission, useSession } from '../shell/session';

const SECTIONS = [
  { value: 'users', labelKey: 'settings.tabs.users', icon: IconUser, permission: null },
  { value: 'api-keys', labelKey: 'settings.tabs.apiKeys', icon: IconKey, permission: 'api-keys:manage' },
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
