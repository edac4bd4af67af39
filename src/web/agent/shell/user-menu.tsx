import { Avatar, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { IconChevron, IconLanguage, IconLogout, IconShield } from '../../ui/icons';
import { otherLocale } from '../../ui/language-toggle';
import { toLocale } from '../../ui/locale';
import { agentApi } from '../api';
import { AvailabilityMenuItem } from '../desk/availability-item';
import { useSession } from './session';
import { useSwitchLanguage } from './use-switch-language';

export const initialsOf = (name: string): string =>
  name
    .trim()
    .split(/\s+/)
    .slice(0, 2)
    .map((part) => part.charAt(0))
    .join('')
    .toUpperCase();

/** The account menu at the header's inline end: who am I, profile, language, sign out. */
export function UserMenu() {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const switchLanguage = useSwitchLanguage();
  const target = otherLocale(toLocale(i18n.language));

  const logout = useMutation({
    mutationFn: agentApi.logout,
    // Whatever the server says, this browser is done with the session.
    onSettled: () => {
      queryClient.clear();
      void navigate('/login', { replace: true });
    },
  });

  return (
    <Menu position="bottom-end" width={260} shadow="md" withinPortal>
      <Menu.Target>
        <UnstyledButton
          aria-label={t('shell.userMenu', { name: user.name })}
          style={{ borderRadius: 'var(--mantine-radius-md)' }}
          p={4}
        >
          <Group gap={8} wrap="nowrap">
            <Avatar color="kesher" radius="xl" size={32}>
              {initialsOf(user.name)}
            </Avatar>
            <Text size="sm" fw={500} visibleFrom="sm" maw={160} truncate>
              <span dir="auto">{user.name}</span>
            </Text>
            <IconChevron size={14} style={{ transform: 'rotate(90deg)' }} mirrored={false} />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <div style={{ paddingInline: 12, paddingBlock: 8 }}>
          <Text size="sm" fw={600} truncate>
            <span dir="auto">{user.name}</span>
          </Text>
          <Text size="xs" c="dimmed" truncate>
            <bdi>{user.email}</bdi>
          </Text>
        </div>
        <Menu.Divider />
        <Menu.Item component={Link} to="/settings/profile" leftSection={<IconShield size={16} />}>
          {t('shell.profile')}
        </Menu.Item>
        <AvailabilityMenuItem />
        <Menu.Item
          leftSection={<IconLanguage size={16} />}
          lang={target}
          onClick={() => switchLanguage(target)}
        >
          {t(`language.${target}`)}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item
          color="red"
          leftSection={<IconLogout size={16} />}
          onClick={() => logout.mutate()}
          disabled={logout.isPending}
        >
          {t('shell.signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
