import {
  Alert,
  Badge,
  Button,
  Code,
  EmptyState,
  Group,
  Paper,
  Skeleton,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiKey } from '../../ui/api-types';
import { ConfirmModal } from '../../ui/confirm-modal';
import { useFormat } from '../../ui/format';
import { IconInfo, IconKey, IconPlus } from '../../ui/icons';
import { PageHeader } from '../../ui/page-header';
import { problemMessage } from '../../ui/problem';
import { WithUserText } from '../../ui/with-user-text';
import { agentApi } from '../api';
import { queryKeys } from '../queries';
import { hasPermission, useSession } from '../shell/session';
import { scopeLabel } from './api-key-scopes';
import { CreateApiKeyModal } from './create-api-key-modal';

/** /settings/api-keys — keys for other systems; the secret is shown once, at creation. */
export function ApiKeysPage() {
  const { t } = useTranslation();
  const session = useSession();
  if (!hasPermission(session, 'api-keys:manage')) {
    return (
      <>
        <PageHeader order={2} title={t('apiKeys.title')} documentTitle={t('apiKeys.title')} />
        <Alert color="gray" variant="light" icon={<IconInfo size={18} />}>
          {t('apiKeys.noAccess')}
        </Alert>
      </>
    );
  }
  return <ApiKeysManager />;
}

function ApiKeysManager() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const format = useFormat();
  const [createOpened, createDialog] = useDisclosure(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [revokeOpened, revokeDialog] = useDisclosure(false);

  const keys = useQuery({ queryKey: queryKeys.apiKeys, queryFn: agentApi.listApiKeys });
  const revoke = useMutation({
    mutationFn: (key: ApiKey) => agentApi.revokeApiKey(key.id),
    onSuccess: (_result, key) => {
      notifications.show({
        color: 'teal',
        message: <WithUserText value={key.name} translate={(name) => t('apiKeys.revoked', { name })} />,
      });
      revokeDialog.close();
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys }),
  });

  const items = keys.data?.items ?? [];
  const createButton = (
    <Button leftSection={<IconPlus size={16} />} onClick={createDialog.open}>
      {t('apiKeys.create')}
    </Button>
  );

  let content: ReactNode;
  if (keys.isError && !keys.data) {
    content = (
      <Alert color="red" variant="light" title={problemMessage(t, keys.error, i18n.language)}>
        <Button size="xs" variant="light" color="red" onClick={() => void keys.refetch()}>
          {t('common.retry')}
        </Button>
      </Alert>
    );
  } else if (keys.isPending) {
    content = <Skeleton height={160} radius="lg" />;
  } else if (items.length === 0) {
    content = (
      <Paper withBorder py={56} px="lg">
        <EmptyState variant="light">
          <EmptyState.Indicator>
            <IconKey size={32} />
          </EmptyState.Indicator>
          <EmptyState.Title order={3}>{t('apiKeys.empty.title')}</EmptyState.Title>
          <EmptyState.Description>{t('apiKeys.empty.description')}</EmptyState.Description>
          <EmptyState.Actions>{createButton}</EmptyState.Actions>
        </EmptyState>
      </Paper>
    );
  } else {
    content = (
      <Paper withBorder>
        <Table.ScrollContainer minWidth={820}>
          <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('apiKeys.columns.name')}</Table.Th>
                <Table.Th>{t('apiKeys.columns.prefix')}</Table.Th>
                <Table.Th>{t('apiKeys.columns.scopes')}</Table.Th>
                <Table.Th>{t('apiKeys.columns.created')}</Table.Th>
                <Table.Th>{t('apiKeys.columns.lastUsed')}</Table.Th>
                <Table.Th>{t('apiKeys.columns.status')}</Table.Th>
                <Table.Th>{t('apiKeys.columns.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((key) => (
                <Table.Tr key={key.id} c={key.revokedAt ? 'dimmed' : undefined}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      <span dir="auto">{key.name}</span>
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Code>
                      <bdi>{key.prefix}</bdi>
                    </Code>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {key.scopes.map((scope) => (
                        <Tooltip key={scope} label={scopeLabel(t, scope)} withArrow>
                          <Badge variant="light" color="gray" tt="none" fw={500}>
                            <bdi>{scope}</bdi>
                          </Badge>
                        </Tooltip>
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{format.date(key.createdAt)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={key.lastUsedAt ? undefined : 'dimmed'}>
                      {key.lastUsedAt ? format.dateTime(key.lastUsedAt) : t('common.never')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={key.revokedAt ? 'gray' : 'teal'} variant="light">
                      {key.revokedAt ? t('apiKeys.status.revoked') : t('apiKeys.status.active')}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {key.revokedAt ? null : (
                      <Button
                        size="xs"
                        variant="default"
                        color="red"
                        aria-label={t('apiKeys.revokeLabel', { name: key.name })}
                        onClick={() => {
                          revoke.reset();
                          setRevoking(key);
                          revokeDialog.open();
                        }}
                      >
                        {t('apiKeys.revoke')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
    );
  }

  return (
    <>
      <PageHeader
        order={2}
        title={t('apiKeys.title')}
        documentTitle={t('apiKeys.title')}
        description={t('apiKeys.intro')}
        actions={items.length ? createButton : null}
      />
      {content}
      <CreateApiKeyModal opened={createOpened} onClose={createDialog.close} />
      <ConfirmModal
        opened={revokeOpened}
        onClose={revokeDialog.close}
        title={
          revoking ? (
            <WithUserText value={revoking.name} translate={(name) => t('apiKeys.revokeTitle', { name })} />
          ) : null
        }
        body={t('apiKeys.revokeBody')}
        confirmLabel={t('apiKeys.revokeConfirm')}
        danger
        loading={revoke.isPending}
        error={revoke.error ? problemMessage(t, revoke.error, i18n.language) : null}
        onConfirm={() => revoking && revoke.mutate(revoking)}
      />
    </>
  );
}
