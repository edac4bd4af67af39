import {
  Button,
  ColorInput,
  FileButton,
  Group,
  Image,
  Paper,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { FormAlert } from '../../ui/form-alert';
import { PageHeader } from '../../ui/page-header';
import { fieldErrors, problemMessage } from '../../ui/problem';
import { hasPermission, useSession } from '../shell/session';
import { type PortalScope, type PortalSettings, portalAdminApi, portalAdminKeys } from './portal-admin-api';
import { PortalStatusBadge, useDateTime } from './portal-common';

/** The server keeps logos inline as data URLs: keep them small enough for every portal page load. */
const LOGO_MAX_KB = 256;
const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/svg+xml', 'image/webp'];

const readDataUrl = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });

/** /settings/portal — branding (name, logo, colour, language, domain) and the portal users. */
export function PortalSettingsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader
        order={2}
        title={t('portalAdmin.settings.title')}
        description={t('portalAdmin.settings.description')}
        documentTitle={t('portalAdmin.settings.title')}
      />
      <Stack gap="xl">
        <BrandingForm />
        <PortalUsers />
      </Stack>
    </>
  );
}

function BrandingForm() {
  const { t, i18n } = useTranslation();
  const settings = useQuery({
    queryKey: portalAdminKeys.portalSettings,
    queryFn: portalAdminApi.getPortalSettings,
  });
  if (settings.isPending) return <Skeleton h={240} />;
  if (settings.isError) return <FormAlert message={problemMessage(t, settings.error, i18n.language)} />;
  return <BrandingFields key={settings.data.version ?? 0} initial={settings.data} />;
}

function BrandingFields({ initial }: { initial: PortalSettings }) {
  const { t, i18n } = useTranslation();
  const canManage = hasPermission(useSession(), 'portal:manage');
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const set = <K extends keyof PortalSettings>(key: K, value: PortalSettings[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));

  const save = useMutation({
    mutationFn: () =>
      portalAdminApi.putPortalSettings(
        {
          portalName: draft.portalName?.trim() || null,
          logoDataUrl: draft.logoDataUrl,
          primaryColor: draft.primaryColor,
          defaultLocale: draft.defaultLocale,
          customDomain: draft.customDomain?.trim() || null,
          defaultScope: draft.defaultScope,
        },
        initial.version,
      ),
    onSuccess: (saved) => {
      setErrors({});
      setError(null);
      queryClient.setQueryData(portalAdminKeys.portalSettings, saved);
      notifications.show({ color: 'green', message: t('portalAdmin.settings.saved') });
    },
    onError: (e) => {
      setErrors(fieldErrors(e));
      setError(problemMessage(t, e, i18n.language));
    },
  });

  const pickLogo = async (file: File | null) => {
    if (!file) return;
    if (!LOGO_TYPES.includes(file.type)) {
      setErrors((e) => ({ ...e, logoDataUrl: t('portalAdmin.settings.logoBadType') }));
      return;
    }
    if (file.size > LOGO_MAX_KB * 1024) {
      setErrors((e) => ({ ...e, logoDataUrl: t('portalAdmin.settings.logoTooBig', { kb: LOGO_MAX_KB }) }));
      return;
    }
    setErrors(({ logoDataUrl: _, ...rest }) => rest);
    set('logoDataUrl', await readDataUrl(file));
  };

  return (
    <Paper
      withBorder
      p="md"
      component="form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Stack gap="sm" maw={640}>
        <Title order={3} fz="h4">
          {t('portalAdmin.settings.branding')}
        </Title>
        <FormAlert message={error} />
        <TextInput
          label={t('portalAdmin.settings.portalName')}
          value={draft.portalName ?? ''}
          onChange={(e) => set('portalName', e.currentTarget.value)}
          error={errors.portalName}
          disabled={!canManage}
          dir="auto"
        />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('portalAdmin.settings.logo')}
          </Text>
          <Group gap="sm">
            {draft.logoDataUrl ? (
              <Image
                src={draft.logoDataUrl}
                alt={t('portalAdmin.settings.logoPreview')}
                h={48}
                w="auto"
                fit="contain"
              />
            ) : null}
            <FileButton
              onChange={(f) => void pickLogo(f)}
              accept={LOGO_TYPES.join(',')}
              disabled={!canManage}
            >
              {(props) => (
                <Button variant="default" {...props}>
                  {t('portalAdmin.settings.logo')}
                </Button>
              )}
            </FileButton>
            {draft.logoDataUrl && canManage ? (
              <Button variant="subtle" color="red" onClick={() => set('logoDataUrl', null)}>
                {t('portalAdmin.settings.removeLogo')}
              </Button>
            ) : null}
          </Group>
          <Text
            size="xs"
            c={errors.logoDataUrl ? 'red' : 'dimmed'}
            role={errors.logoDataUrl ? 'alert' : undefined}
          >
            {errors.logoDataUrl ?? t('portalAdmin.settings.logoHint', { kb: LOGO_MAX_KB })}
          </Text>
        </Stack>
        <ColorInput
          label={t('portalAdmin.settings.color')}
          value={draft.primaryColor}
          onChange={(v) => set('primaryColor', v)}
          format="hex"
          error={errors.primaryColor}
          disabled={!canManage}
          dir="ltr"
        />
        <Group grow wrap="wrap">
          <Select
            label={t('portalAdmin.settings.defaultLocale')}
            data={[
              { value: 'he', label: t('language.he') },
              { value: 'en', label: t('language.en') },
            ]}
            value={draft.defaultLocale}
            onChange={(v) => v && set('defaultLocale', v as 'he' | 'en')}
            allowDeselect={false}
            disabled={!canManage}
          />
          <Select
            label={t('portalAdmin.settings.defaultScope')}
            data={(['own', 'account'] as const).map((s) => ({
              value: s,
              label: t(`portalAdmin.access.scopes.${s}`),
            }))}
            value={draft.defaultScope}
            onChange={(v) => v && set('defaultScope', v as PortalScope)}
            allowDeselect={false}
            disabled={!canManage}
          />
        </Group>
        <TextInput
          label={t('portalAdmin.settings.customDomain')}
          description={t('portalAdmin.settings.customDomainHint')}
          value={draft.customDomain ?? ''}
          onChange={(e) => set('customDomain', e.currentTarget.value)}
          error={errors.customDomain}
          disabled={!canManage}
          dir="ltr"
        />
        {initial.portalUrl ? (
          <Text size="sm">
            {t('portalAdmin.settings.portalUrl')}: <bdi dir="ltr">{initial.portalUrl}</bdi>
          </Text>
        ) : null}
        {canManage ? (
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}

function PortalUsers() {
  const { t, i18n } = useTranslation();
  const canManage = hasPermission(useSession(), 'portal:manage');
  const queryClient = useQueryClient();
  const format = useDateTime();
  const users = useQuery({
    queryKey: portalAdminKeys.portalUsers,
    queryFn: () => portalAdminApi.listPortalUsers(),
  });
  const [error, setError] = useState<string | null>(null);
  const toggle = useMutation({
    mutationFn: (input: { id: string; enabled: boolean; version?: number }) =>
      portalAdminApi.updatePortalUser(input.id, { enabled: input.enabled }, input.version),
    onSuccess: () => {
      setError(null);
      void queryClient.invalidateQueries({ queryKey: portalAdminKeys.portalUsers });
    },
    onError: (e) => setError(problemMessage(t, e, i18n.language)),
  });
  return (
    <section aria-labelledby="portal-users-heading">
      <Title order={3} fz="h4" id="portal-users-heading" mb="sm">
        {t('portalAdmin.settings.users')}
      </Title>
      <FormAlert message={error} />
      {users.isPending ? <Skeleton h={80} /> : null}
      {users.isError ? <FormAlert message={problemMessage(t, users.error, i18n.language)} /> : null}
      {users.data && users.data.items.length === 0 ? (
        <Text c="dimmed">{t('portalAdmin.settings.usersEmpty')}</Text>
      ) : null}
      {users.data && users.data.items.length > 0 ? (
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('portalAdmin.settings.contact')}</Table.Th>
                <Table.Th>{t('portalAdmin.access.email')}</Table.Th>
                <Table.Th>{t('portalAdmin.access.scope')}</Table.Th>
                <Table.Th>{t('portalAdmin.access.status')}</Table.Th>
                <Table.Th>{t('portalAdmin.access.lastLogin')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.data.items.map((u) => (
                <Table.Tr key={u.id}>
                  <Table.Td>
                    <Link to={`/customers/contacts/${u.contactId}`}>
                      <span dir="auto">{u.contactName ?? u.email}</span>
                    </Link>
                    {u.accountName ? (
                      <Text size="xs" c="dimmed" dir="auto">
                        {u.accountName}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <bdi dir="ltr">{u.email}</bdi>
                  </Table.Td>
                  <Table.Td>{t(`portalAdmin.access.scopes.${u.scope}`)}</Table.Td>
                  <Table.Td>
                    <PortalStatusBadge user={u} />
                  </Table.Td>
                  <Table.Td>{u.lastLoginAt ? format.dateTime(u.lastLoginAt) : t('common.never')}</Table.Td>
                  <Table.Td>
                    {canManage ? (
                      <Button
                        size="xs"
                        variant={u.enabled ? 'light' : 'default'}
                        color={u.enabled ? 'red' : undefined}
                        loading={toggle.isPending && toggle.variables?.id === u.id}
                        onClick={() => toggle.mutate({ id: u.id, enabled: !u.enabled, version: u.version })}
                      >
                        {u.enabled ? t('portalAdmin.access.disable') : t('portalAdmin.access.enable')}
                      </Button>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
    </section>
  );
}
