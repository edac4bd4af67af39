import { Alert, Badge, Button, Group, Paper, Skeleton, Stack, Switch, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '../../../ui/form-alert';
import { IconInfo } from '../../../ui/icons';
import { PageHeader } from '../../../ui/page-header';
import { problemMessage } from '../../../ui/problem';
import {
  CARD_PANEL_IDS,
  type CardLayout,
  type CardPanelId,
  crmSettingsApi,
  crmSettingsKeys,
  sharedKeys,
} from './crm-settings-api';
import { moveItem, useReorder } from './reorder';
import { useCanManageSettings } from './use-crm-admin';

type Panel = CardLayout['panels'][number];

/** The header is the card itself: it can move, but never hide. */
const ALWAYS_SHOWN: ReadonlySet<CardPanelId> = new Set(['header']);
const DEFAULT_PANELS: Panel[] = CARD_PANEL_IDS.map((id) => ({ id, visible: true }));

const samePanels = (a: readonly Panel[], b: readonly Panel[]) =>
  a.length === b.length && a.every((p, i) => p.id === b[i]?.id && p.visible === b[i]?.visible);

/** /settings/card-layout — the customer card's panel order and visibility for the whole workspace. */
export function CardLayoutPage() {
  const { t } = useTranslation();
  const canManage = useCanManageSettings();
  if (!canManage) {
    return (
      <>
        <PageHeader
          order={2}
          title={t('crmSettings.cardLayout.title')}
          documentTitle={t('crmSettings.cardLayout.title')}
        />
        <Alert color="gray" variant="light" icon={<IconInfo size={18} />}>
          {t('crmSettings.common.noAccess')}
        </Alert>
      </>
    );
  }
  return <CardLayoutEditor />;
}

function CardLayoutEditor() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const layout = useQuery({ queryKey: crmSettingsKeys.cardLayout, queryFn: crmSettingsApi.getCardLayout });
  const [panels, setPanels] = useState<Panel[] | null>(null);

  useEffect(() => {
    if (layout.data && panels === null) setPanels(layout.data.panels);
  }, [layout.data, panels]);

  const save = useMutation({
    mutationFn: (next: Panel[]) => crmSettingsApi.putCardLayout({ panels: next }),
    onSuccess: (saved) => {
      queryClient.setQueryData(crmSettingsKeys.cardLayout, saved);
      setPanels(saved.panels);
      void queryClient.invalidateQueries({ queryKey: sharedKeys.customers });
      notifications.show({ color: 'teal', message: t('crmSettings.common.saved') });
    },
  });

  const current = panels ?? [];
  const label = (id: CardPanelId) => t(`crmSettings.cardLayout.panels.${id}.label`);
  const { rowProps, controls, liveRegion } = useReorder({
    ids: current.map((p) => p.id),
    nameOf: (index) => (current[index] ? label(current[index].id) : ''),
    onMove: (from, to) => setPanels((prev) => (prev ? moveItem(prev, from, to) : prev)),
    disabled: save.isPending,
  });

  const header = (
    <PageHeader
      order={2}
      title={t('crmSettings.cardLayout.title')}
      documentTitle={t('crmSettings.cardLayout.title')}
      description={t('crmSettings.cardLayout.intro')}
    />
  );

  if (layout.isError && !layout.data) {
    return (
      <>
        {header}
        <Alert color="red" variant="light" title={problemMessage(t, layout.error, i18n.language)}>
          <Button size="xs" variant="light" color="red" onClick={() => void layout.refetch()}>
            {t('common.retry')}
          </Button>
        </Alert>
      </>
    );
  }
  if (!layout.data || panels === null) {
    return (
      <>
        {header}
        <Skeleton height={360} radius="lg" />
      </>
    );
  }

  const dirty = !samePanels(current, layout.data.panels);
  const hidden = current.filter((p) => !p.visible).length;

  return (
    <>
      {header}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate(current);
        }}
      >
        <Stack>
          <Paper withBorder>
            <Table.ScrollContainer minWidth={520}>
              <Table verticalSpacing="sm" horizontalSpacing="md">
                <Table.Tbody>
                  {current.map((panel, index) => {
                    const name = label(panel.id);
                    const locked = ALWAYS_SHOWN.has(panel.id);
                    return (
                      <Table.Tr key={panel.id} {...rowProps(index)}>
                        <Table.Td w={1}>{controls(index, name)}</Table.Td>
                        <Table.Td w={1}>
                          <Text size="sm" c="dimmed" ff="monospace">
                            {index + 1}
                          </Text>
                        </Table.Td>
                        <Table.Td c={panel.visible ? undefined : 'dimmed'}>
                          <Text size="sm" fw={500}>
                            {name}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {t(`crmSettings.cardLayout.panels.${panel.id}.description`)}
                          </Text>
                        </Table.Td>
                        <Table.Td w={1}>
                          {locked ? (
                            <Badge
                              variant="light"
                              color="gray"
                              tt="none"
                              fw={500}
                              style={{ whiteSpace: 'nowrap' }}
                            >
                              {t('crmSettings.cardLayout.alwaysShown')}
                            </Badge>
                          ) : (
                            <Switch
                              checked={panel.visible}
                              onChange={(event) => {
                                const visible = event.currentTarget.checked;
                                setPanels((prev) =>
                                  prev ? prev.map((p) => (p.id === panel.id ? { ...p, visible } : p)) : prev,
                                );
                              }}
                              label={t('crmSettings.cardLayout.visible')}
                              aria-label={t('crmSettings.cardLayout.visibleLabel', { name })}
                              styles={{ label: { whiteSpace: 'nowrap' } }}
                            />
                          )}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
          {liveRegion}
          <FormAlert message={save.error ? problemMessage(t, save.error, i18n.language) : null} />
          <Group justify="space-between" wrap="wrap-reverse">
            <Button
              variant="subtle"
              onClick={() => setPanels(DEFAULT_PANELS)}
              disabled={samePanels(current, DEFAULT_PANELS)}
            >
              {t('crmSettings.common.restoreDefaults')}
            </Button>
            <Group gap="sm">
              {dirty ? (
                <Text size="sm" c="orange.8" role="status">
                  {t('crmSettings.common.unsaved')}
                </Text>
              ) : hidden ? (
                <Text size="sm" c="dimmed">
                  {t('crmSettings.cardLayout.hiddenCount', { count: hidden })}
                </Text>
              ) : null}
              <Button variant="default" onClick={() => setPanels(layout.data.panels)} disabled={!dirty}>
                {t('crmSettings.common.discard')}
              </Button>
              <Button type="submit" loading={save.isPending} disabled={!dirty}>
                {t('common.save')}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </>
  );
}
