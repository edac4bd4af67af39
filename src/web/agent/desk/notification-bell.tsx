import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useFormat } from '../../ui/format';
import { deskApi, deskKeys, type TNotificationItem } from './desk-api';

const BellIcon = () => (
  <svg
    width={20}
    height={20}
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    strokeWidth={1.75}
    strokeLinecap="round"
    strokeLinejoin="round"
    aria-hidden="true"
    focusable="false"
  >
    <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
    <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
  </svg>
);

/** The header's in-app notifications: unread count, the latest items, mark read, open the ticket. */
export function NotificationBell() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const unread = useQuery({ queryKey: deskKeys.unread, queryFn: deskApi.unread, refetchInterval: 30_000 });
  const inbox = useQuery({ queryKey: deskKeys.inbox, queryFn: deskApi.inbox, enabled: opened });
  const count = unread.data?.items.length ?? 0;
  const markRead = useMutation({
    mutationFn: (id: string) => deskApi.markRead(id),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: deskKeys.inbox }),
  });
  const open = (item: TNotificationItem) => {
    if (!item.readAt) markRead.mutate(item.id);
    setOpened(false);
    if (item.ticketId) void navigate(`/tickets/${item.ticketId}`);
  };
  const label = t('desk.bell.label', { count });
  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      position="bottom-end"
      width={340}
      shadow="md"
      withinPortal
      trapFocus
    >
      <Popover.Target>
        <Indicator label={count > 99 ? '99+' : count} size={16} disabled={count === 0} color="red" offset={4}>
          <ActionIcon
            variant="subtle"
            size="lg"
            aria-label={label}
            title={label}
            onClick={() => setOpened((o) => !o)}
          >
            <BellIcon />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown p={0}>
        <Group justify="space-between" px="sm" py={8}>
          <Text fw={600} size="sm">
            {t('desk.bell.title')}
          </Text>
          {count ? (
            <Badge color="red" variant="light">
              {fmt.number(count)}
            </Badge>
          ) : null}
        </Group>
        <ScrollArea.Autosize mah={380}>
          {inbox.data?.items.length === 0 ? (
            <Text c="dimmed" size="sm" px="sm" pb="sm">
              {t('desk.bell.empty')}
            </Text>
          ) : null}
          <Stack gap={0} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
            {inbox.data?.items.map((item) => (
              <li key={item.id} style={{ borderBlockStart: '1px solid var(--mantine-color-default-border)' }}>
                <Group
                  gap={4}
                  wrap="nowrap"
                  align="flex-start"
                  px="sm"
                  py={6}
                  bg={item.readAt ? undefined : 'var(--mantine-primary-color-light)'}
                >
                  <UnstyledButton
                    onClick={() => open(item)}
                    style={{ flex: 1, minWidth: 0 }}
                    aria-label={item.ticketId ? `${t('desk.bell.openTicket')}: ${item.title}` : item.title}
                  >
                    <Text size="sm" fw={item.readAt ? 400 : 600} dir="auto" lineClamp={1}>
                      {item.title}
                    </Text>
                    <Text size="xs" c="dimmed" dir="auto" lineClamp={2}>
                      {item.body}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {fmt.dateTime(item.createdAt)}
                    </Text>
                  </UnstyledButton>
                  {!item.readAt ? (
                    <Button size="compact-xs" variant="subtle" onClick={() => markRead.mutate(item.id)}>
                      {t('desk.bell.markRead')}
                    </Button>
                  ) : null}
                </Group>
              </li>
            ))}
          </Stack>
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}
