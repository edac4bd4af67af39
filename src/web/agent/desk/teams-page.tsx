import {
  Badge,
  Button,
  Group,
  MultiSelect,
  Paper,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TTeam, TTicketStatusLabels } from '../../../shared/tickets.schemas';
import { FormAlert } from '../../ui/form-alert';
import { IconPlus } from '../../ui/icons';
import { PageHeader } from '../../ui/page-header';
import { fieldErrors, problemMessage } from '../../ui/problem';
import { deskApi, deskKeys } from './desk-api';
import { NoAccess, useCanManage } from './desk-common';
import './desk.css';

const MODES = ['manual', 'round_robin', 'least_open'] as const;
const STATUSES = ['new', 'open', 'pending_customer', 'on_hold', 'solved', 'closed'] as const;

/** /settings/teams — teams (members, manager, assignment mode) and the ticket status labels. */
export function TeamsPage() {
  const { t, i18n } = useTranslation();
  const canManage = useCanManage();
  const queryClient = useQueryClient();
  const teams = useQuery({ queryKey: deskKeys.teams, queryFn: deskApi.listTeams });
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () => deskApi.createTeam({ name, assignmentMode: 'manual', memberIds: [] }),
    onSuccess: () => {
      setName('');
      setErrors({});
      setError(null);
      void queryClient.invalidateQueries({ queryKey: deskKeys.teams });
    },
    onError: (e) => {
      setErrors(fieldErrors(e));
      setError(problemMessage(t, e, i18n.language));
    },
  });

  return (
    <>
      <PageHeader
        order={2}
        title={t('desk.teams.title')}
        description={t('desk.teams.description')}
        documentTitle={t('desk.teams.title')}
      />
      {!canManage ? <NoAccess /> : null}
      {canManage ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate();
          }}
        >
          <Group align="flex-start" mb="md">
            <TextInput
              aria-label={t('desk.teams.new')}
              placeholder={t('desk.teams.new')}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={errors.name}
              dir="auto"
            />
            <Button
              type="submit"
              leftSection={<IconPlus size={16} />}
              loading={create.isPending}
              disabled={!name.trim()}
            >
              {t('desk.common.add')}
            </Button>
          </Group>
          <FormAlert message={error} />
        </form>
      ) : null}
      {teams.isPending ? <Skeleton h={120} /> : null}
      {teams.isError ? <FormAlert message={problemMessage(t, teams.error, i18n.language)} /> : null}
      {teams.data && teams.data.items.length === 0 ? <Text c="dimmed">{t('desk.teams.empty')}</Text> : null}
      <SimpleGrid cols={{ base: 1, md: 2 }} mb="xl">
        {teams.data?.items.map((team) => (
          <TeamCard key={`${team.id}-${team.version}`} team={team} canManage={canManage} />
        ))}
      </SimpleGrid>
      <StatusLabels canManage={canManage} />
    </>
  );
}

function TeamCard({ team, canManage }: { team: TTeam; canManage: boolean }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: deskKeys.users, queryFn: deskApi.listUsers, enabled: canManage });
  const [draft, setDraft] = useState({
    name: team.name,
    assignmentMode: team.assignmentMode,
    managerId: team.managerId,
    members: team.members.map((m) => m.userId),
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const userOptions = [
    ...(users.data?.items ?? []).map((u) => ({ value: u.id, label: u.name })),
    ...team.members
      .filter((m) => !(users.data?.items ?? []).some((u) => u.id === m.userId))
      .map((m) => ({ value: m.userId, label: m.name })),
  ];
  const save = useMutation({
    mutationFn: async () => {
      await deskApi.updateTeam(
        team.id,
        { name: draft.name, assignmentMode: draft.assignmentMode, managerId: draft.managerId },
        team.version,
      );
      return deskApi.setTeamMembers(team.id, draft.members);
    },
    onSuccess: () => {
      setErrors({});
      setError(null);
      void queryClient.invalidateQueries({ queryKey: deskKeys.teams });
      notifications.show({ color: 'green', message: t('desk.common.saved') });
    },
    onError: (e) => {
      setErrors(fieldErrors(e));
      setError(problemMessage(t, e, i18n.language));
    },
  });
  const remove = useMutation({
    mutationFn: () => deskApi.deleteTeam(team.id),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: deskKeys.teams }),
    onError: (e) => setError(problemMessage(t, e, i18n.language)),
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (canManage) save.mutate();
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={onSubmit}>
      <Stack gap="sm">
        <FormAlert message={error} />
        <TextInput
          label={t('desk.common.name')}
          value={draft.name}
          onChange={(e) => {
            const v = e.currentTarget.value;
            setDraft((d) => ({ ...d, name: v }));
          }}
          error={errors.name}
          disabled={!canManage}
          dir="auto"
        />
        <Group grow wrap="wrap">
          <Select
            label={t('desk.teams.mode')}
            data={MODES.map((m) => ({ value: m, label: t(`desk.teams.modes.${m}`) }))}
            value={draft.assignmentMode}
            onChange={(v) => v && setDraft((d) => ({ ...d, assignmentMode: v as (typeof MODES)[number] }))}
            allowDeselect={false}
            disabled={!canManage}
          />
          <Select
            label={t('desk.teams.manager')}
            data={[{ value: '', label: t('desk.teams.noManager') }, ...userOptions]}
            value={draft.managerId ?? ''}
            onChange={(v) => setDraft((d) => ({ ...d, managerId: v || null }))}
            allowDeselect={false}
            error={errors.managerId}
            disabled={!canManage}
          />
        </Group>
        <MultiSelect
          label={t('desk.teams.members')}
          data={userOptions}
          value={draft.members}
          onChange={(v) => setDraft((d) => ({ ...d, members: v }))}
          searchable
          error={errors.userIds}
          disabled={!canManage}
        />
        <Group gap={6}>
          {team.members.map((m) => (
            <Badge key={m.userId} color={m.available ? 'green' : 'gray'} variant="light">
              <span dir="auto">{m.name}</span> ·{' '}
              {m.available ? t('desk.teams.available') : t('desk.teams.away')}
            </Badge>
          ))}
        </Group>
        {canManage ? (
          <Group>
            <Button type="submit" size="xs" loading={save.isPending}>
              {t('desk.common.save')}
            </Button>
            <Button
              size="xs"
              variant="subtle"
              color="red"
              onClick={() => {
                if (window.confirm(t('desk.common.confirmDelete', { name: team.name }))) remove.mutate();
              }}
            >
              {t('desk.common.delete')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}

function StatusLabels({ canManage }: { canManage: boolean }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const labels = useQuery({ queryKey: deskKeys.statusLabels, queryFn: deskApi.getStatusLabels });
  const [draft, setDraft] = useState<TTicketStatusLabels | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (labels.data) setDraft(structuredClone(labels.data));
  }, [labels.data]);
  const save = useMutation({
    mutationFn: (d: TTicketStatusLabels) => deskApi.putStatusLabels(d),
    onSuccess: (d) => {
      setErrors({});
      setError(null);
      queryClient.setQueryData(deskKeys.statusLabels, d);
      notifications.show({ color: 'green', message: t('desk.common.saved') });
    },
    onError: (e) => {
      setErrors(fieldErrors(e));
      setError(problemMessage(t, e, i18n.language));
    },
  });
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="status-labels-title">
      <Title order={3} fz="md" id="status-labels-title">
        {t('desk.teams.statusLabels')}
      </Title>
      <Text size="xs" c="dimmed" mb="sm">
        {t('desk.teams.statusLabelsHelp')}
      </Text>
      {!draft ? (
        <Skeleton h={120} />
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (canManage) save.mutate(draft);
          }}
        >
          <FormAlert message={error} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            {STATUSES.map((s) =>
              (['he', 'en'] as const).map((lang) => (
                <TextInput
                  key={`${s}-${lang}`}
                  label={t(lang === 'he' ? 'desk.teams.labelHe' : 'desk.teams.labelEn', {
                    status: t(`desk.statuses.${s}`),
                  })}
                  value={draft.labels[s][lang]}
                  onChange={(e) => {
                    const v = e.currentTarget.value;
                    setDraft((d) => {
                      if (!d) return d;
                      const next = structuredClone(d);
                      next.labels[s][lang] = v;
                      return next;
                    });
                  }}
                  error={errors[`labels.${s}.${lang}`]}
                  dir={lang === 'he' ? 'rtl' : 'ltr'}
                  lang={lang}
                  disabled={!canManage}
                />
              )),
            )}
          </SimpleGrid>
          {canManage ? (
            <Button type="submit" mt="md" loading={save.isPending}>
              {t('desk.common.save')}
            </Button>
          ) : null}
        </form>
      )}
    </Paper>
  );
}
