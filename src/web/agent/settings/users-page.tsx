import {
  Alert,
  Badge,
  Button,
  Group,
  NativeSelect,
  Paper,
  Skeleton,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { type InfiniteData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type Page,
  ROLES,
  type Role,
  type TenantUser,
  type UpdateUserInput,
  type UserStatus,
} from '../../ui/api-types';
import { ConfirmModal } from '../../ui/confirm-modal';
import { useFormat } from '../../ui/format';
import { IconInfo, IconPlus } from '../../ui/icons';
import { PageHeader } from '../../ui/page-header';
import { problemMessage } from '../../ui/problem';
import { WithUserText } from '../../ui/with-user-text';
import { agentApi } from '../api';
import { queryKeys } from '../queries';
import { hasPermission, useSession } from '../shell/session';
import { InviteUserModal } from './invite-user-modal';

const STATUS_COLOR: Record<UserStatus, string> = { active: 'teal', invited: 'blue', deactivated: 'gray' };

type UsersData = InfiniteData<Page<TenantUser>, string | null>;

interface UpdateVars {
  user: TenantUser;
  input: UpdateUserInput;
}

/** /settings/users — everyone in the tenant; owners and admins invite, change roles, deactivate. */
export function UsersPage() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const canManage = hasPermission(session, 'users:manage');
  const queryClient = useQueryClient();
  const format = useFormat();
  const [inviteOpened, invite] = useDisclosure(false);
  // The user in the confirm dialog stays set while it closes, so its text does not flicker.
  const [confirming, setConfirming] = useState<TenantUser | null>(null);
  const [confirmOpened, confirmDialog] = useDisclosure(false);

  const users = useInfiniteQuery({
    queryKey: queryKeys.users,
    queryFn: ({ pageParam }) => agentApi.listUsers(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

  const update = useMutation({
    mutationFn: ({ user, input }: UpdateVars) => agentApi.updateUser(user.id, input),
    onMutate: async ({ user, input }) => {
      // Show the new role at once; the refetch below confirms or corrects it.
      if (input.role === undefined) return;
      await queryClient.cancelQueries({ queryKey: queryKeys.users });
      queryClient.setQueryData<UsersData>(
        queryKeys.users,
        (data) =>
          data && {
            ...data,
            pages: data.pages.map((page) => ({
              ...page,
              items: page.items.map((item) => (item.id === user.id ? { ...item, ...input } : item)),
            })),
          },
      );
    },
    onSuccess: (_result, { user, input }) => {
      const message = (
        <WithUserText
          value={user.name}
          translate={(name) =>
            input.active === undefined
              ? t('users.roleChanged', { name })
              : input.active
                ? t('users.reactivated', { name })
                : t('users.deactivated', { name })
          }
        />
      );
      notifications.show({ color: 'teal', message });
      confirmDialog.close();
    },
    onError: (error) => {
      if (!confirmOpened)
        notifications.show({ color: 'red', message: problemMessage(t, error, i18n.language) });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.users }),
  });

  const rows = users.data?.pages.flatMap((page) => page.items) ?? [];
  // only an owner may make (or change) an owner; the server enforces it, the select just agrees
  const isOwner = session.user.role === 'owner';
  const roleOptions = ROLES.filter((role) => isOwner || role !== 'owner').map((role: Role) => ({
    value: role,
    label: t(`roles.${role}`),
  }));

  return (
    <>
      <PageHeader
        order={2}
        title={t('users.title')}
        documentTitle={t('users.title')}
        description={t('users.intro')}
        actions={
          canManage ? (
            <Button leftSection={<IconPlus size={16} />} onClick={invite.open}>
              {t('users.invite')}
            </Button>
          ) : null
        }
      />
      {!canManage ? (
        <Alert color="gray" variant="light" icon={<IconInfo size={18} />} mb="md">
          {t('users.readOnly')}
        </Alert>
      ) : null}

      {users.isError && !users.data ? (
        <Alert color="red" variant="light" title={problemMessage(t, users.error, i18n.language)}>
          <Button size="xs" variant="light" color="red" onClick={() => void users.refetch()}>
            {t('common.retry')}
          </Button>
        </Alert>
      ) : (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('users.columns.name')}</Table.Th>
                  <Table.Th>{t('users.columns.email')}</Table.Th>
                  <Table.Th>{t('users.columns.role')}</Table.Th>
                  <Table.Th>{t('users.columns.status')}</Table.Th>
                  <Table.Th>{t('users.columns.lastLogin')}</Table.Th>
                  {canManage ? <Table.Th>{t('users.columns.actions')}</Table.Th> : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {users.isPending
                  ? [0, 1, 2].map((row) => (
                      <Table.Tr key={row}>
                        <Table.Td colSpan={canManage ? 6 : 5}>
                          <Skeleton height={18} />
                        </Table.Td>
                      </Table.Tr>
                    ))
                  : rows.map((user) => {
                      const self = user.id === session.user.id;
                      return (
                        <Table.Tr key={user.id}>
                          <Table.Td>
                            <Group gap={6} wrap="nowrap">
                              <Text size="sm" fw={500}>
                                <span dir="auto">{user.name}</span>
                              </Text>
                              {self ? (
                                <Badge size="xs" variant="outline">
                                  {t('common.you')}
                                </Badge>
                              ) : null}
                            </Group>
                          </Table.Td>
                          <Table.Td>
                            <Text size="sm">
                              <bdi>{user.email}</bdi>
                            </Text>
                          </Table.Td>
                          <Table.Td>
                            {canManage && !self && (isOwner || user.role !== 'owner') ? (
                              <NativeSelect
                                aria-label={t('users.roleFor', { name: user.name })}
                                size="xs"
                                w={150}
                                value={user.role}
                                data={roleOptions}
                                disabled={update.isPending && update.variables.user.id === user.id}
                                onChange={(event) =>
                                  update.mutate({ user, input: { role: event.currentTarget.value as Role } })
                                }
                              />
                            ) : (
                              <Text size="sm">{t(`roles.${user.role}`)}</Text>
                            )}
                          </Table.Td>
                          <Table.Td>
                            <Badge color={STATUS_COLOR[user.status]} variant="light">
                              {t(`userStatus.${user.status}`)}
                            </Badge>
                          </Table.Td>
                          <Table.Td>
                            <Text size="sm" c={user.lastLoginAt ? undefined : 'dimmed'}>
                              {user.lastLoginAt ? format.dateTime(user.lastLoginAt) : t('common.never')}
                            </Text>
                          </Table.Td>
                          {canManage ? (
                            <Table.Td>
                              {self || (!isOwner && user.role === 'owner') ? null : (
                                <Button
                                  size="xs"
                                  variant="default"
                                  color={user.active ? 'red' : undefined}
                                  onClick={() => {
                                    update.reset();
                                    setConfirming(user);
                                    confirmDialog.open();
                                  }}
                                >
                                  {user.active ? t('users.deactivate') : t('users.reactivate')}
                                </Button>
                              )}
                            </Table.Td>
                          ) : null}
                        </Table.Tr>
                      );
                    })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {users.hasNextPage ? (
        <Stack align="center" mt="md">
          <Button
            variant="light"
            onClick={() => void users.fetchNextPage()}
            loading={users.isFetchingNextPage}
          >
            {t('common.loadMore')}
          </Button>
        </Stack>
      ) : null}

      <InviteUserModal opened={inviteOpened} onClose={invite.close} />
      <ConfirmModal
        opened={confirmOpened}
        onClose={confirmDialog.close}
        title={
          confirming ? (
            <WithUserText
              value={confirming.name}
              translate={(name) =>
                confirming.active
                  ? t('users.deactivateTitle', { name })
                  : t('users.reactivateTitle', { name })
              }
            />
          ) : null
        }
        body={confirming?.active ? t('users.deactivateBody') : t('users.reactivateBody')}
        confirmLabel={confirming?.active ? t('users.deactivate') : t('users.reactivate')}
        danger={confirming?.active ?? false}
        loading={update.isPending}
        error={confirmOpened && update.error ? problemMessage(t, update.error, i18n.language) : null}
        onConfirm={() =>
          confirming && update.mutate({ user: confirming, input: { active: !confirming.active } })
        }
      />
    </>
  );
}
