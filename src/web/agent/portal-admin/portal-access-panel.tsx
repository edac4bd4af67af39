import { Alert, Button, Group, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../ui/confirm-modal';
import { CopyField } from '../../ui/copy-field';
import { FormAlert } from '../../ui/form-alert';
import { problemMessage } from '../../ui/problem';
import { Panel } from '../customers/card-panels';
import type { Contact } from '../customers/customers-api';
import { hasPermission, useSession } from '../shell/session';
import {
  type PortalAccessInput,
  type PortalScope,
  portalAdminApi,
  portalAdminKeys,
} from './portal-admin-api';
import { PortalStatusBadge, useDateTime } from './portal-common';

/** On the contact page: give, re-invite or disable portal access, and show its state. */
export function PortalAccessPanel({ contact }: { contact: Contact }) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const canManage = hasPermission(session, 'portal:manage');
  const queryClient = useQueryClient();
  const format = useDateTime();
  const users = useQuery({
    queryKey: portalAdminKeys.contactPortal(contact.id),
    queryFn: () => portalAdminApi.listPortalUsers({ contactId: contact.id }),
    enabled: canManage,
  });
  const user = users.data?.items.find((u) => u.contactId === contact.id) ?? null;
  const primary = contact.accounts.find((a) => a.isPrimary) ?? contact.accounts[0];
  const [scope, setScope] = useState<PortalScope>('own');
  const [accountId, setAccountId] = useState<string | null>(primary?.accountId ?? null);
  const [inviteUrl, setInviteUrl] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const access = useMutation({
    mutationFn: (input: PortalAccessInput) => portalAdminApi.setPortalAccess(contact.id, input),
    onSuccess: (result, input) => {
      setError(null);
      setConfirming(false);
      setInviteUrl(input.enabled ? result.inviteUrl : null);
      queryClient.setQueryData(portalAdminKeys.contactPortal(contact.id), { items: [result.portalUser] });
      void queryClient.invalidateQueries({ queryKey: portalAdminKeys.portalUsers });
      notifications.show({ color: 'green', message: t('portalAdmin.access.saved') });
    },
    onError: (e) => setError(problemMessage(t, e, i18n.language)),
  });

  if (!canManage) return null;
  const accountOptions = contact.accounts.map((a) => ({ value: a.accountId, label: a.name }));
  const give = () =>
    access.mutate({
      enabled: true,
      scope: user?.scope ?? scope,
      ...(accountId ? { accountId: user?.accountId ?? accountId } : {}),
    });

  return (
    <Panel title={t('portalAdmin.access.title')} testId="portalAccess">
      <Stack gap="sm">
        <FormAlert message={error} />
        {users.isError ? <FormAlert message={problemMessage(t, users.error, i18n.language)} /> : null}
        {user ? (
          <Stack gap={4}>
            <Group gap="xs">
              <Text size="sm" c="dimmed">
                {t('portalAdmin.access.status')}
              </Text>
              <PortalStatusBadge user={user} />
            </Group>
            <Text size="sm">
              {t('portalAdmin.access.email')}: <bdi dir="ltr">{user.email}</bdi>
            </Text>
            <Text size="sm">
              {t('portalAdmin.access.scope')}: {t(`portalAdmin.access.scopes.${user.scope}`)}
            </Text>
            <Text size="sm">
              {t('portalAdmin.access.lastLogin')}:{' '}
              {user.lastLoginAt ? format.dateTime(user.lastLoginAt) : t('common.never')}
            </Text>
          </Stack>
        ) : users.isSuccess ? (
          <>
            <Text size="sm" c="dimmed">
              {t('portalAdmin.access.none')}
            </Text>
            {accountOptions.length === 0 ? (
              <Alert color="gray" variant="light">
                {t('portalAdmin.access.noAccount')}
              </Alert>
            ) : (
              <>
                <Select
                  label={t('portalAdmin.access.scope')}
                  data={(['own', 'account'] as const).map((s) => ({
                    value: s,
                    label: t(`portalAdmin.access.scopes.${s}`),
                  }))}
                  value={scope}
                  onChange={(v) => v && setScope(v as PortalScope)}
                  allowDeselect={false}
                />
                {accountOptions.length > 1 ? (
                  <Select
                    label={t('portalAdmin.access.account')}
                    data={accountOptions}
                    value={accountId}
                    onChange={setAccountId}
                    allowDeselect={false}
                  />
                ) : null}
              </>
            )}
          </>
        ) : null}
        {inviteUrl ? (
          <CopyField
            label={t('portalAdmin.access.inviteLink')}
            description={t('portalAdmin.access.inviteHint')}
            value={inviteUrl}
          />
        ) : null}
        <Group gap="xs">
          {!user && users.isSuccess && accountOptions.length > 0 ? (
            <Button onClick={give} loading={access.isPending}>
              {t('portalAdmin.access.give')}
            </Button>
          ) : null}
          {user?.enabled ? (
            <>
              <Button variant="default" onClick={give} loading={access.isPending}>
                {t('portalAdmin.access.newLink')}
              </Button>
              <Button variant="light" color="red" onClick={() => setConfirming(true)}>
                {t('portalAdmin.access.disable')}
              </Button>
            </>
          ) : null}
          {user && !user.enabled ? (
            <Button variant="default" onClick={give} loading={access.isPending}>
              {t('portalAdmin.access.enable')}
            </Button>
          ) : null}
        </Group>
      </Stack>
      <ConfirmModal
        opened={confirming}
        title={t('portalAdmin.access.disable')}
        body={t('portalAdmin.access.disableConfirm')}
        confirmLabel={t('portalAdmin.access.disable')}
        danger
        loading={access.isPending}
        error={error}
        onConfirm={() => access.mutate({ enabled: false })}
        onClose={() => setConfirming(false)}
      />
    </Panel>
  );
}
