import {
  ActionIcon,
  Badge,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  Skeleton,
  Stack,
  Switch,
  Table,
  TagsInput,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TEscalationSettings } from '../../../shared/notifications.schemas';
import type { TSlaPolicy, TSlaTargets } from '../../../shared/sla.schemas';
import { FormAlert } from '../../ui/form-alert';
import { IconPlus } from '../../ui/icons';
import { PageHeader } from '../../ui/page-header';
import { fieldErrors, problemMessage } from '../../ui/problem';
import { deskApi, deskKeys } from './desk-api';
import { NoAccess, useCanManage } from './desk-common';

const PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
const TARGETS = ['firstResponse', 'nextResponse', 'resolution'] as const;
const PAUSE = ['new', 'open', 'pending_customer', 'on_hold'] as const;
const CHANNELS = ['email', 'phone', 'web', 'portal', 'chat', 'sms', 'whatsapp', 'walk_in', 'fax', 'api'];

/** /settings/sla — ordered SLA policies with conditions, targets, pause statuses and escalation. */
export function SlaPoliciesPage() {
  const { t, i18n } = useTranslation();
  const canManage = useCanManage();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: deskKeys.policies, queryFn: deskApi.listPolicies });
  const [order, setOrder] = useState<TSlaPolicy[]>([]);
  const [openId, setOpenId] = useState<string | null>(null);
  const [dragId, setDragId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (list.data) setOrder([...list.data.items].sort((a, b) => a.position - b.position));
  }, [list.data]);

  const reorder = useMutation({
    mutationFn: (ids: string[]) => deskApi.reorderPolicies(ids),
    onSuccess: (r) => {
      queryClient.setQueryData(deskKeys.policies, { items: r.items, nextCursor: null });
      notifications.show({ color: 'green', message: t('desk.sla.reordered') });
    },
    onError: (e) => {
      setError(problemMessage(t, e, i18n.language));
      void queryClient.invalidateQueries({ queryKey: deskKeys.policies });
    },
  });
  const create = useMutation({
    mutationFn: () =>
      deskApi.createPolicy({
        name: t('desk.sla.newName'),
        active: true,
        conditions: {},
        targets: {
          urgent: { firstResponse: 60, resolution: 480 },
          high: { firstResponse: 240, resolution: 960 },
        },
        pauseStatuses: ['pending_customer', 'on_hold'],
        warnAtPercent: 80,
        calendarId: null,
      }),
    onSuccess: (p) => {
      void queryClient.invalidateQueries({ queryKey: deskKeys.policies });
      setOpenId(p.id);
    },
    onError: (e) => setError(problemMessage(t, e, i18n.language)),
  });

  const move = (from: number, to: number) => {
    if (to < 0 || to >= order.length || from === to) return;
    const next = [...order];
    const [item] = next.splice(from, 1);
    if (!item) return;
    next.splice(to, 0, item);
    setOrder(next);
    reorder.mutate(next.map((p) => p.id));
  };

  return (
    <>
      <PageHeader
        order={2}
        title={t('desk.sla.title')}
        description={t('desk.sla.description')}
        documentTitle={t('desk.sla.title')}
        actions={
          canManage ? (
            <Button
              leftSection={<IconPlus size={16} />}
              onClick={() => create.mutate()}
              loading={create.isPending}
            >
              {t('desk.sla.new')}
            </Button>
          ) : null
        }
      />
      {!canManage ? <NoAccess /> : null}
      <FormAlert message={error} />
      {list.isPending ? <Skeleton h={200} /> : null}
      {list.isError ? <FormAlert message={problemMessage(t, list.error, i18n.language)} /> : null}
      {list.data && order.length === 0 ? <Text c="dimmed">{t('desk.common.empty')}</Text> : null}
      <Stack gap="sm" component="ol" p={0} m={0} style={{ listStyle: 'none' }}>
        {order.map((p, i) => (
          <li
            key={p.id}
            draggable={canManage}
            onDragStart={() => setDragId(p.id)}
            onDragOver={(e) => e.preventDefault()}
            onDrop={() => {
              const from = order.findIndex((x) => x.id === dragId);
              setDragId(null);
              if (from >= 0) move(from, i);
            }}
          >
            <Paper withBorder p="sm" opacity={dragId === p.id ? 0.5 : 1}>
              <Group justify="space-between" wrap="nowrap">
                <Group gap="sm" wrap="nowrap" miw={0}>
                  {canManage ? (
                    <Text
                      c="dimmed"
                      style={{ cursor: 'grab' }}
                      aria-label={t('desk.sla.dragHandle', { name: p.name })}
                    >
                      ⋮⋮
                    </Text>
                  ) : null}
                  <Badge variant="light" circle>
                    {i + 1}
                  </Badge>
                  <Text fw={600} truncate>
                    <span dir="auto">{p.name}</span>
                  </Text>
                  <Badge color={p.active ? 'green' : 'gray'} variant="light">
                    {p.active ? t('desk.sla.active') : t('desk.sla.inactive')}
                  </Badge>
                  <Text size="xs" c="dimmed" visibleFrom="sm">
                    {t('desk.sla.summary', {
                      count: Object.values(p.targets).reduce((n, s) => n + Object.keys(s ?? {}).length, 0),
                    })}
                  </Text>
                </Group>
                <Group gap={4} wrap="nowrap">
                  {canManage ? (
                    <>
                      <ActionIcon
                        variant="subtle"
                        aria-label={t('desk.common.moveUp', { name: p.name })}
                        disabled={i === 0}
                        onClick={() => move(i, i - 1)}
                      >
                        ↑
                      </ActionIcon>
                      <ActionIcon
                        variant="subtle"
                        aria-label={t('desk.common.moveDown', { name: p.name })}
                        disabled={i === order.length - 1}
                        onClick={() => move(i, i + 1)}
                      >
                        ↓
                      </ActionIcon>
                    </>
                  ) : null}
                  <Button
                    size="xs"
                    variant={openId === p.id ? 'filled' : 'default'}
                    onClick={() => setOpenId(openId === p.id ? null : p.id)}
                    aria-expanded={openId === p.id}
                  >
                    {t('desk.common.edit')}
                  </Button>
                </Group>
              </Group>
              {openId === p.id ? (
                <PolicyEditor policy={p} canManage={canManage} onClose={() => setOpenId(null)} />
              ) : null}
            </Paper>
          </li>
        ))}
      </Stack>
    </>
  );
}

const splitMinutes = (m: number | undefined) =>
  m === undefined ? { h: '', m: '' } : { h: Math.floor(m / 60), m: m % 60 };

function PolicyEditor({
  policy,
  canManage,
  onClose,
}: {
  policy: TSlaPolicy;
  canManage: boolean;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const calendars = useQuery({ queryKey: deskKeys.calendars, queryFn: deskApi.listCalendars });
  const [draft, setDraft] = useState(() => structuredClone(policy));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const save = useMutation({
    mutationFn: () =>
      deskApi.updatePolicy(
        policy.id,
        {
          name: draft.name,
          active: draft.active,
          conditions: draft.conditions,
          targets: draft.targets,
          pauseStatuses: draft.pauseStatuses,
          warnAtPercent: draft.warnAtPercent,
          calendarId: draft.calendarId,
        },
        policy.version,
      ),
    onSuccess: () => {
      setErrors({});
      setFormError(null);
      void queryClient.invalidateQueries({ queryKey: deskKeys.policies });
      notifications.show({ color: 'green', message: t('desk.common.saved') });
    },
    onError: (e) => {
      setErrors(fieldErrors(e));
      setFormError(problemMessage(t, e, i18n.language));
    },
  });
  const remove = useMutation({
    mutationFn: () => deskApi.deletePolicy(policy.id),
    onSuccess: () => {
      onClose();
      void queryClient.invalidateQueries({ queryKey: deskKeys.policies });
    },
    onError: (e) => setFormError(problemMessage(t, e, i18n.language)),
  });

  const setTarget = (
    prio: keyof TSlaTargets,
    target: (typeof TARGETS)[number],
    minutes: number | undefined,
  ) =>
    setDraft((d) => {
      const next = structuredClone(d);
      const set = { ...(next.targets[prio] ?? {}) };
      if (minutes && minutes > 0) set[target] = minutes;
      else delete set[target];
      next.targets[prio] = Object.keys(set).length ? set : undefined;
      if (!next.targets[prio]) delete next.targets[prio];
      return next;
    });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (canManage) save.mutate();
  };

  return (
    <Stack gap="md" mt="md">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          <FormAlert message={formError} />
          <Group align="flex-end" wrap="wrap">
            <TextInput
              label={t('desk.common.name')}
              value={draft.name}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setDraft((d) => ({ ...d, name: v }));
              }}
              error={errors.name}
              dir="auto"
              disabled={!canManage}
            />
            <Switch
              label={t('desk.sla.active')}
              checked={draft.active}
              onChange={(e) => {
                const v = e.currentTarget.checked;
                setDraft((d) => ({ ...d, active: v }));
              }}
              disabled={!canManage}
              mb={8}
            />
            <NumberInput
              label={t('desk.sla.warnAt')}
              value={draft.warnAtPercent}
              onChange={(v) => setDraft((d) => ({ ...d, warnAtPercent: Number(v) || 0 }))}
              min={1}
              max={99}
              suffix="%"
              w={170}
              error={errors.warnAtPercent}
              disabled={!canManage}
            />
            <Select
              label={t('desk.sla.calendar')}
              data={[
                { value: '', label: t('desk.sla.defaultCalendar') },
                ...(calendars.data?.items ?? []).map((c) => ({ value: c.id, label: c.name })),
              ]}
              value={draft.calendarId ?? ''}
              onChange={(v) => setDraft((d) => ({ ...d, calendarId: v || null }))}
              allowDeselect={false}
              error={errors.calendarId}
              disabled={!canManage}
            />
          </Group>

          <fieldset className="desk-fieldset">
            <legend>{t('desk.sla.conditions')}</legend>
            <Text size="xs" c="dimmed" mb="xs">
              {t('desk.sla.conditionsHelp')}
            </Text>
            <Group grow align="flex-start" wrap="wrap">
              <MultiSelect
                label={t('desk.sla.priorities')}
                data={PRIORITIES.map((p) => ({ value: p, label: t(`desk.priorities.${p}`) }))}
                value={draft.conditions.priorities ?? []}
                onChange={(v) =>
                  setDraft((d) => ({
                    ...d,
                    conditions: { ...d.conditions, priorities: v as (typeof PRIORITIES)[number][] },
                  }))
                }
                disabled={!canManage}
                miw={200}
              />
              <TagsInput
                label={t('desk.sla.tiers')}
                placeholder={t('desk.sla.valuesPlaceholder')}
                value={draft.conditions.tiers ?? []}
                onChange={(v) => setDraft((d) => ({ ...d, conditions: { ...d.conditions, tiers: v } }))}
                error={errors['conditions.tiers']}
                disabled={!canManage}
                miw={200}
              />
              <TagsInput
                label={t('desk.sla.categories')}
                placeholder={t('desk.sla.valuesPlaceholder')}
                value={draft.conditions.categories ?? []}
                onChange={(v) => setDraft((d) => ({ ...d, conditions: { ...d.conditions, categories: v } }))}
                error={errors['conditions.categories']}
                disabled={!canManage}
                miw={200}
              />
              <MultiSelect
                label={t('desk.sla.channels')}
                data={CHANNELS}
                value={draft.conditions.channels ?? []}
                onChange={(v) => setDraft((d) => ({ ...d, conditions: { ...d.conditions, channels: v } }))}
                disabled={!canManage}
                miw={200}
              />
            </Group>
          </fieldset>

          <fieldset className="desk-fieldset">
            <legend>{t('desk.sla.targets')}</legend>
            <Table.ScrollContainer minWidth={640}>
              <Table withTableBorder>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th />
                    {TARGETS.map((target) => (
                      <Table.Th key={target}>{t(`desk.targets.${target}`)}</Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {PRIORITIES.map((prio) => (
                    <Table.Tr key={prio}>
                      <Table.Th scope="row">{t(`desk.priorities.${prio}`)}</Table.Th>
                      {TARGETS.map((target) => {
                        const total = draft.targets[prio]?.[target];
                        const { h, m } = splitMinutes(total);
                        const vars = {
                          target: t(`desk.targets.${target}`),
                          priority: t(`desk.priorities.${prio}`),
                        };
                        const err = errors[`targets.${prio}.${target}`];
                        return (
                          <Table.Td key={target}>
                            <Group gap={4} wrap="nowrap">
                              <NumberInput
                                size="xs"
                                w={70}
                                min={0}
                                aria-label={t('desk.sla.targetHours', vars)}
                                placeholder={t('desk.common.hours')}
                                value={h}
                                onChange={(v) =>
                                  setTarget(prio, target, (Number(v) || 0) * 60 + (Number(m) || 0))
                                }
                                error={Boolean(err)}
                                disabled={!canManage}
                              />
                              <Text size="xs">:</Text>
                              <NumberInput
                                size="xs"
                                w={64}
                                min={0}
                                max={59}
                                aria-label={t('desk.sla.targetMinutes', vars)}
                                placeholder={t('desk.common.minutes')}
                                value={m}
                                onChange={(v) =>
                                  setTarget(prio, target, (Number(h) || 0) * 60 + (Number(v) || 0))
                                }
                                error={Boolean(err)}
                                disabled={!canManage}
                              />
                            </Group>
                            {err ? (
                              <Text size="xs" c="red">
                                {err}
                              </Text>
                            ) : null}
                          </Table.Td>
                        );
                      })}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </fieldset>

          <Checkbox.Group
            label={t('desk.sla.pause')}
            value={draft.pauseStatuses}
            onChange={(v) => setDraft((d) => ({ ...d, pauseStatuses: v as TSlaPolicy['pauseStatuses'] }))}
            error={errors.pauseStatuses}
          >
            <Group mt="xs">
              {PAUSE.map((s) => (
                <Checkbox key={s} value={s} label={t(`desk.statuses.${s}`)} disabled={!canManage} />
              ))}
            </Group>
          </Checkbox.Group>

          {canManage ? (
            <Group>
              <Button type="submit" loading={save.isPending}>
                {t('desk.common.save')}
              </Button>
              <Button
                variant="subtle"
                color="red"
                onClick={() => {
                  if (window.confirm(t('desk.common.confirmDelete', { name: policy.name }))) remove.mutate();
                }}
              >
                {t('desk.common.delete')}
              </Button>
            </Group>
          ) : null}
        </Stack>
      </form>
      {canManage ? <EscalationEditor policyId={policy.id} /> : null}
    </Stack>
  );
}

const NO_ESCALATION: TEscalationSettings = {
  onWarning: { raisePriority: false, reassignTo: null },
  onBreach: { raisePriority: false, reassignTo: null },
};

function EscalationEditor({ policyId }: { policyId: string }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const rules = useQuery({ queryKey: deskKeys.escalations, queryFn: deskApi.listEscalationRules });
  const users = useQuery({ queryKey: deskKeys.users, queryFn: deskApi.listUsers });
  const [draft, setDraft] = useState<TEscalationSettings | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (rules.data && !draft)
      setDraft(
        structuredClone(rules.data.items.find((r) => r.policyId === policyId)?.escalation ?? NO_ESCALATION),
      );
  }, [rules.data, draft, policyId]);
  const save = useMutation({
    mutationFn: (d: TEscalationSettings) => deskApi.putEscalationRule(policyId, d),
    onSuccess: () => {
      setError(null);
      void queryClient.invalidateQueries({ queryKey: deskKeys.escalations });
      notifications.show({ color: 'green', message: t('desk.common.saved') });
    },
    onError: (e) => setError(problemMessage(t, e, i18n.language)),
  });
  if (!draft) return <Skeleton h={80} />;
  const userOptions = [
    { value: '', label: t('desk.sla.nobody') },
    ...(users.data?.items ?? []).map((u) => ({ value: u.id, label: u.name })),
  ];
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={`esc-${policyId}`}>
      <Title order={4} fz="sm" id={`esc-${policyId}`}>
        {t('desk.sla.escalation')}
      </Title>
      <Text size="xs" c="dimmed" mb="xs">
        {t('desk.sla.escalationHelp')}
      </Text>
      <FormAlert message={error} />
      <Group align="flex-start" wrap="wrap" gap="xl">
        {(['onWarning', 'onBreach'] as const).map((k) => (
          <Stack key={k} gap={6}>
            <Text fw={500} size="sm">
              {t(`desk.sla.${k}`)}
            </Text>
            <Checkbox
              label={t('desk.sla.raisePriority')}
              aria-label={`${t(`desk.sla.${k}`)}: ${t('desk.sla.raisePriority')}`}
              checked={draft[k].raisePriority}
              onChange={(e) => {
                const v = e.currentTarget.checked;
                setDraft((d) => (d ? { ...d, [k]: { ...d[k], raisePriority: v } } : d));
              }}
            />
            <Select
              label={t('desk.sla.reassignTo')}
              aria-label={`${t(`desk.sla.${k}`)}: ${t('desk.sla.reassignTo')}`}
              data={userOptions}
              value={draft[k].reassignTo ?? ''}
              onChange={(v) => setDraft((d) => (d ? { ...d, [k]: { ...d[k], reassignTo: v || null } } : d))}
              allowDeselect={false}
              size="xs"
            />
          </Stack>
        ))}
      </Group>
      <Button size="xs" mt="sm" variant="light" onClick={() => save.mutate(draft)} loading={save.isPending}>
        {t('desk.sla.saveEscalation')}
      </Button>
    </Paper>
  );
}
