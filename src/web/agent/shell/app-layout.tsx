import {
  AppShell,
  Box,
  Burger,
  Divider,
  Group,
  NavLink,
  ScrollArea,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure, useHotkeys } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { Brand } from '../../ui/brand';
import { IconSearch } from '../../ui/icons';
import { NotificationBell } from '../desk/notification-bell';
import { CommandPalette, ShortcutHint } from './command-palette';
import { NAV_ITEMS } from './nav-items';
import { useSession } from './session';
import { UserMenu } from './user-menu';

const isActive = (pathname: string, to: string) => pathname === to || pathname.startsWith(`${to}/`);

/** The signed-in frame: header (org, search, account) and the navigation on the inline-start side. */
export function AppLayout() {
  const { t } = useTranslation();
  const { tenant } = useSession();
  const { pathname } = useLocation();
  const [navOpened, nav] = useDisclosure(false);
  const [searchOpened, search] = useDisclosure(false);

  // Ctrl+K / ⌘K works everywhere, inputs included, and by physical key so a Hebrew layout works too.
  useHotkeys([['mod+K', () => search.open(), { preventDefault: true, usePhysicalKeys: true }]], []);

  return (
    <>
      <a href="#main" className="kesher-skip-link">
        {t('shell.skipToContent')}
      </a>
      <AppShell
        header={{ height: 60 }}
        navbar={{ width: 248, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
        padding={{ base: 'md', md: 'xl' }}
      >
        <AppShell.Header>
          <Group h="100%" px="md" gap="md" wrap="nowrap">
            <Burger
              opened={navOpened}
              onClick={nav.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t('shell.toggleNav')}
              aria-expanded={navOpened}
            />
            <Group gap="sm" wrap="nowrap" miw={0}>
              <Link to="/" aria-label={t('app.name')} style={{ textDecoration: 'none' }}>
                <Brand size="md" />
              </Link>
              <Divider orientation="vertical" visibleFrom="xs" />
              <Text fw={600} size="sm" truncate maw={220} visibleFrom="xs">
                <span dir="auto">{tenant.name}</span>
              </Text>
            </Group>
            <Group flex={1} justify="center" miw={0}>
              <UnstyledButton
                className="kesher-search-trigger"
                onClick={search.open}
                aria-label={t('shell.searchShortcut')}
                aria-haspopup="dialog"
                aria-keyshortcuts="Control+K"
              >
                <IconSearch size={16} />
                <span className="kesher-grow">{t('shell.search')}</span>
                <Box visibleFrom="sm">
                  <ShortcutHint />
                </Box>
              </UnstyledButton>
            </Group>
            <NotificationBell />
            <UserMenu />
          </Group>
        </AppShell.Header>

        <AppShell.Navbar p="sm" aria-label={t('nav.label')}>
          <AppShell.Section grow component={ScrollArea}>
            {NAV_ITEMS.map((item) => {
              const Icon = item.icon;
              const active = isActive(pathname, item.to);
              return (
                <NavLink
                  key={item.to}
                  component={Link}
                  to={item.to}
                  label={t(item.labelKey)}
                  leftSection={<Icon size={20} />}
                  active={active}
                  aria-current={active ? 'page' : undefined}
                  onClick={nav.close}
                  variant="light"
                  fw={500}
                  style={{ borderRadius: 'var(--mantine-radius-md)' }}
                  mb={2}
                />
              );
            })}
          </AppShell.Section>
        </AppShell.Navbar>

        <AppShell.Main id="main" tabIndex={-1} style={{ outline: 'none' }}>
          <Outlet />
        </AppShell.Main>
      </AppShell>
      <CommandPalette opened={searchOpened} onClose={search.close} />
    </>
  );
}
