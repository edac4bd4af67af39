import { Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../../ui/page-title';
import { useSession } from '../shell/session';
import { ChangePasswordCard } from './change-password-card';
import { ProfileCard } from './profile-card';
import { TwoFactorCard } from './two-factor-card';

/** /settings/profile — the signed-in user's own name, language, password and two-factor sign-in. */
export function ProfilePage() {
  const { t } = useTranslation();
  const { user } = useSession();
  usePageTitle(t('settings.tabs.profile'));
  return (
    <Stack gap="lg">
      {/* remount when the language is switched elsewhere (user menu) so the form shows it */}
      <ProfileCard key={user.locale} />
      <ChangePasswordCard />
      <TwoFactorCard />
    </Stack>
  );
}
