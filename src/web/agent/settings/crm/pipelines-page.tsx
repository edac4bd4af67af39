import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  NativeSelect,
  NumberInput,
  Paper,
  Select,
  Skeleton,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasCode } from '../../../ui/api-client';
import { FormAlert } from '../../../ui/form-alert';
import { IconInfo, IconPlus } from '../../../ui/icons';
import { PageHeader } from '../../../ui/page-header';
import { fieldErrors, problemMessage } from '../../../ui/problem';
import { WithUserText } from '../../../ui/with-user-text';
import { IconTrash } from './crm-icons';
import {
  crmSettingsApi,
  crmSettingsKeys,
  type Pipeline,
  STAGE_KINDS,
  type Stage,
  type StageKind,
  sharedKeys,
} from './crm-settings-api';
import { moveItem, useReorder } from './reorder';
import { useCanManageSettings } from './use-crm-admin';

const MAX_STAGES = 30;

/** A stage as edited: saved ones keep their id; `key` is stable for React either way. */
interface DraftStage {
  key: string;
  id?: string;
  name: string;
  probability: number | string;
  kind: StageKind;
}

const toDraft = (stages: readonly Stage[]): DraftStage[] =>
  stages.map((s) => ({ key: s.id, id: s.id, name: s.name, probability: s.probability, kind: s.kind }));

const sameDraft = (draft: readonly DraftStage[], stages: readonly Stage[]) =>
  draft.length === stages.length &&
  draft.every((d, i) => {
    const s = stages[i];
    return (
      s && d.id === s.id && d.name === s.name && Number(d.probability) === s.probability && d.kind === s.kind
    );
  });

/** /settings/pipelines — each pipeline's stages: name, order, probability and kind. */
export function PipelinesPage() {
  const { t } = useTranslation();
  const canManage = useCanManageSettings();
  if (!canManage) {
    return (
      <>
        <PageHeader
          order={2}
          title={t('crmSettings.pipelines.title')}
          documentTitle={t('crmSettings.pipelines.title')}
        />
        <Alert color="gray" variant="light" icon={<IconInfo size={18} />}>
          {t('crmSettings.common.noAccess')}
        </Alert>
      </>
    );
  }
  return <PipelinesEditor />;
}

function PipelinesEditor() {
  const { t, i18n } = useTranslation();
  const pipelines = useQuery({ queryKey: crmSettingsKeys.pipelines, queryFn: crmSettingsApi.listPipelines });
  const [selected, setSelected] = useState<string | null>(null);
  const [createOpened, createDialog] = useDisclosure(false);

  const items = pipelines.data?.items ?? [];
  const current = items.find((p) => p.id === selected) ?? items.find((p) => p.isDefault) ?? items[0];

  const header = (
    <PageHeader
      order={2}
      title={t('crmSettings.pipelines.title')}
      documentTitle={t('crmSettings.pipelines.title')}
      description={t('crmSettings.pipelines.intro')}
      actions={
        <Button leftSection={<IconPlus size={16} />} onClick={createDialog.open} disabled={!pipelines.data}>
          {t('crmSettings.pipelines.create')}
        </Button>
      }
    />
  );

  let body: ReactNode;
  if (pipelines.isError && !pipelines.data) {
    body = (
      <Alert color="red" variant="light" title={problemMessage(t, pipelines.error, i18n.language)}>
        <Button size="xs" variant="light" color="red" onClick={() => void pipelines.refetch()}>
          {t('common.retry')}
        </Button>
      </Alert>
    );
  } else if (!current) {
    body = <Skeleton height={420} radius="lg" />;
  } else {
    body = (
      <>
        {items.length > 1 ? (
          <Tabs variant="pills" value={current.id} onChange={setSelected} mb="md">
            <Tabs.List aria-label={t('crmSettings.pipelines.select')}>
              {items.map((p) => (
                <Tabs.Tab key={p.id} value={p.id}>
                  <span dir="auto">{p.name}</span>
                </Tabs.Tab>
              ))}
            </Tabs.List>
          </Tabs>
        ) : null}
        <PipelineEditor key={current.id} pipeline={current} />
      </>
    );
  }

  return (
    <>
      {header}
      {body}
      <CreatePipelineModal
        opened={createOpened}
        onClose={createDialog.close}
        onCreated={(p) => setSelected(p.id)}
      />
    </>
  );
}

/** Puts a pipeline returned by a write into the cached list (and tells the board elsewhere). */
const useStorePipeline = () => {
  const queryClient = useQueryClient();
  return (saved: Pipeline, opts: { refetchAll?: boolean } = {}) => {
    queryClient.setQueryData<{ items: Pipeline[] }>(crmSettingsKeys.pipelines, (old) =>
      old ? { items: old.items.map((p) => (p.id === saved.id ? saved : p)) } : old,
    );
    if (opts.refetchAll) void queryClient.invalidateQueries({ queryKey: crmSettingsKeys.pipelines });
    void queryClient.invalidateQueries({ queryKey: crmSettingsKeys.stageCounts(saved.id) });
    void queryClient.invalidateQueries({ queryKey: sharedKeys.pipelines });
    void queryClient.invalidateQueries({ queryKey: sharedKeys.deals });
  };
};

function PipelineEditor({ pipeline }: { pipeline: Pipeline }) {
  const { t, i18n } = useTranslation();
  const store = useStorePipeline();
  const [draft, setDraft] = useState<DraftStage[]>(() => toDraft(pipeline.stages));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<Stage | null>(null);
  const newKey = useRef(0);

  const counts = useQuery({
    queryKey: crmSettingsKeys.stageCounts(pipeline.id),
    queryFn: () => crmSettingsApi.board(pipeline.id),
    select: (board) => new Map(board.columns.map((c) => [c.stage.id, c.count])),
    retry: false,
  });

  // Another tab (or a delete) changed the saved stages: keep local edits of stages still there.
  const savedKey = pipeline.stages.map((s) => s.id).join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the set of saved stages changes
  useEffect(() => {
    setDraft((prev) => {
      const ids = new Set(pipeline.stages.map((s) => s.id));
      const kept = prev.filter((d) => !d.id || ids.has(d.id));
      const missing = pipeline.stages.filter((s) => !kept.some((d) => d.id === s.id));
      return [...kept, ...toDraft(missing)];
    });
  }, [savedKey]);

  const rename = useForm({
    initialValues: { name: pipeline.name },
    validate: { name: (v: string) => (v.trim() ? null : t('validation.required')) },
  });
  const saveName = useMutation({
    mutationFn: (name: string) => crmSettingsApi.updatePipeline(pipeline.id, { name }),
    onSuccess: (saved) => {
      store(saved);
      rename.resetDirty({ name: saved.name });
      notifications.show({ color: 'teal', message: t('crmSettings.pipelines.renamedNotice') });
    },
    onError: (error) => rename.setErrors(fieldErrors(error)),
  });
  const makeDefault = useMutation({
    mutationFn: () => crmSettingsApi.updatePipeline(pipeline.id, { isDefault: true }),
    onSuccess: (saved) => {
      store(saved, { refetchAll: true });
      notifications.show({
        color: 'teal',
        message: (
          <WithUserText
            value={saved.name}
            translate={(name) => t('crmSettings.pipelines.defaultNotice', { name })}
          />
        ),
      });
    },
  });

  const saveStages = useMutation({
    mutationFn: (stages: DraftStage[]) =>
      crmSettingsApi.putStages(pipeline.id, {
        stages: stages.map((s) => ({
          ...(s.id ? { id: s.id } : {}),
          name: s.name.trim(),
          probability: Number(s.probability),
          kind: s.kind,
        })),
      }),
    onSuccess: (saved) => {
      setDraft(toDraft(saved.stages));
      store(saved);
      notifications.show({ color: 'teal', message: t('crmSettings.pipelines.savedNotice') });
    },
    onError: (error) => {
      setErrors(fieldErrors(error));
      setFormError(problemMessage(t, error, i18n.language));
    },
  });

  const stageLabel = (stage: DraftStage, index: number) =>
    stage.name.trim() || t('crmSettings.pipelines.stageName', { n: index + 1 });

  const { rowProps, controls, liveRegion } = useReorder({
    ids: draft.map((s) => s.key),
    nameOf: (index) => (draft[index] ? stageLabel(draft[index], index) : ''),
    onMove: (from, to) => setDraft((prev) => moveItem(prev, from, to)),
    disabled: saveStages.isPending,
  });

  const update = (key: string, patch: Partial<DraftStage>) => {
    setDraft((prev) => prev.map((s) => (s.key === key ? { ...s, ...patch } : s)));
    setErrors({});
    setFormError(null);
  };

  const addStage = () => {
    newKey.current += 1;
    const key = `new-${newKey.current}`;
    // before the first closed stage, so won/lost stay at the end
    setDraft((prev) => {
      const at = prev.findIndex((s) => s.kind !== 'open');
      const stage: DraftStage = { key, name: '', probability: 50, kind: 'open' };
      return at < 0 ? [...prev, stage] : [...prev.slice(0, at), stage, ...prev.slice(at)];
    });
    requestAnimationFrame(() => document.getElementById(`stage-name-${key}`)?.focus());
  };

  const submit = () => {
    const next: Record<string, string> = {};
    draft.forEach((s, i) => {
      if (!s.name.trim()) next[`stages.${i}.name`] = t('validation.required');
      const p = Number(s.probability);
      if (s.probability === '' || !Number.isInteger(p) || p < 0 || p > 100)
        next[`stages.${i}.probability`] = t('validation.required');
    });
    setErrors(next);
    if (!draft.some((s) => s.kind === 'open')) return setFormError(t('crmSettings.pipelines.needsOpen'));
    if (draft.length > MAX_STAGES) return setFormError(t('crmSettings.pipelines.tooMany'));
    setFormError(null);
    if (Object.keys(next).length === 0) saveStages.mutate(draft);
  };

  const dirty = !sameDraft(draft, pipeline.stages);
  const kindData = STAGE_KINDS.map((kind) => ({
    value: kind,
    label: t(`crmSettings.pipelines.kinds.${kind}`),
  }));

  return (
    <Stack>
      <Paper withBorder p="md">
        <form noValidate onSubmit={rename.onSubmit((values) => saveName.mutate(values.name.trim()))}>
          <Group align="flex-end" gap="sm">
            <TextInput
              {...rename.getInputProps('name')}
              label={t('crmSettings.pipelines.name')}
              dir="auto"
              maxLength={80}
              required
              style={{ flex: 1, minWidth: 200 }}
            />
            <Button type="submit" variant="default" loading={saveName.isPending} disabled={!rename.isDirty()}>
              {t('crmSettings.pipelines.rename')}
            </Button>
            {pipeline.isDefault ? (
              <Badge variant="light" size="lg" tt="none" fw={500} mb={4}>
                {t('crmSettings.pipelines.isDefault')}
              </Badge>
            ) : (
              <Button variant="subtle" loading={makeDefault.isPending} onClick={() => makeDefault.mutate()}>
                {t('crmSettings.pipelines.makeDefault')}
              </Button>
            )}
          </Group>
        </form>
      </Paper>

      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack>
          <Title order={3} fz="h4">
            {t('crmSettings.pipelines.stages')}
          </Title>
          <Paper withBorder>
            <Table.ScrollContainer minWidth={700}>
              <Table verticalSpacing="xs" horizontalSpacing="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('crmSettings.pipelines.columns.order')}</Table.Th>
                    <Table.Th>{t('crmSettings.pipelines.columns.name')}</Table.Th>
                    <Table.Th w={130}>{t('crmSettings.pipelines.columns.probability')}</Table.Th>
                    <Table.Th w={140}>{t('crmSettings.pipelines.columns.kind')}</Table.Th>
                    <Table.Th>{t('crmSettings.pipelines.columns.deals')}</Table.Th>
                    <Table.Th>{t('crmSettings.pipelines.columns.actions')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {draft.map((stage, index) => {
                    const name = stageLabel(stage, index);
                    const count = stage.id ? counts.data?.get(stage.id) : undefined;
                    const saved = stage.id ? pipeline.stages.find((s) => s.id === stage.id) : undefined;
                    return (
                      <Table.Tr key={stage.key} {...rowProps(index)}>
                        <Table.Td w={1}>{controls(index, name)}</Table.Td>
                        <Table.Td>
                          <TextInput
                            id={`stage-name-${stage.key}`}
                            value={stage.name}
                            onChange={(event) => update(stage.key, { name: event.currentTarget.value })}
                            aria-label={t('crmSettings.pipelines.stageName', { n: index + 1 })}
                            placeholder={t('crmSettings.pipelines.newStage')}
                            error={errors[`stages.${index}.name`]}
                            dir="auto"
                            maxLength={80}
                          />
                        </Table.Td>
                        <Table.Td>
                          <NumberInput
                            value={stage.probability}
                            onChange={(value) => update(stage.key, { probability: value })}
                            aria-label={t('crmSettings.pipelines.probabilityOf', { name })}
                            error={errors[`stages.${index}.probability`]}
                            min={0}
                            max={100}
                            allowDecimal={false}
                            allowNegative={false}
                            clampBehavior="strict"
                            suffix="%"
                          />
                        </Table.Td>
                        <Table.Td>
                          <NativeSelect
                            value={stage.kind}
                            onChange={(event) => {
                              const kind = event.currentTarget.value as StageKind;
                              update(stage.key, {
                                kind,
                                ...(kind === 'won'
                                  ? { probability: 100 }
                                  : kind === 'lost'
                                    ? { probability: 0 }
                                    : {}),
                              });
                            }}
                            aria-label={t('crmSettings.pipelines.kindOf', { name })}
                            data={kindData}
                          />
                        </Table.Td>
                        <Table.Td>
                          {count !== undefined ? (
                            <Text size="sm" c={count ? undefined : 'dimmed'} style={{ whiteSpace: 'nowrap' }}>
                              {t('crmSettings.pipelines.dealCount', { count })}
                            </Text>
                          ) : null}
                        </Table.Td>
                        <Table.Td w={1}>
                          <Tooltip label={t('crmSettings.pipelines.deleteStage', { name })} withArrow>
                            <ActionIcon
                              variant="subtle"
                              color="red"
                              aria-label={t('crmSettings.pipelines.deleteStage', { name })}
                              onClick={() => {
                                if (saved) setDeleting(saved);
                                else setDraft((prev) => prev.filter((s) => s.key !== stage.key));
                              }}
                            >
                              <IconTrash size={18} />
                            </ActionIcon>
                          </Tooltip>
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Paper>
          {liveRegion}
          <FormAlert message={formError} />
          <Group justify="space-between" wrap="wrap-reverse">
            <Button
              variant="light"
              leftSection={<IconPlus size={16} />}
              onClick={addStage}
              disabled={draft.length >= MAX_STAGES}
            >
              {t('crmSettings.pipelines.addStage')}
            </Button>
            <Group gap="sm">
              {dirty ? (
                <Text size="sm" c="orange.8" role="status">
                  {t('crmSettings.common.unsaved')}
                </Text>
              ) : null}
              <Button
                variant="default"
                disabled={!dirty}
                onClick={() => {
                  setDraft(toDraft(pipeline.stages));
                  setErrors({});
                  setFormError(null);
                }}
              >
                {t('crmSettings.common.discard')}
              </Button>
              <Button type="submit" loading={saveStages.isPending} disabled={!dirty}>
                {t('crmSettings.pipelines.saveStages')}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>

      <DeleteStageModal
        pipeline={pipeline}
        stage={deleting}
        dealCount={deleting ? counts.data?.get(deleting.id) : undefined}
        onClose={() => setDeleting(null)}
        onDeleted={(saved, stage) => {
          setDeleting(null);
          setDraft((prev) => prev.filter((s) => s.id !== stage.id));
          store(saved);
          notifications.show({
            color: 'teal',
            message: (
              <WithUserText
                value={stage.name}
                translate={(name) => t('crmSettings.pipelines.deletedNotice', { name })}
              />
            ),
          });
        }}
      />
    </Stack>
  );
}

function DeleteStageModal({
  pipeline,
  stage,
  dealCount,
  onClose,
  onDeleted,
}: {
  pipeline: Pipeline;
  stage: Stage | null;
  dealCount: number | undefined;
  onClose: () => void;
  onDeleted: (saved: Pipeline, stage: Stage) => void;
}) {
  const { t, i18n } = useTranslation();
  const [moveTo, setMoveTo] = useState<string | null>(null);
  const [needsMove, setNeedsMove] = useState(false);
  const others = useMemo(() => pipeline.stages.filter((s) => s.id !== stage?.id), [pipeline.stages, stage]);
  const lastOpen = stage?.kind === 'open' && !others.some((s) => s.kind === 'open');
  const mustMove = needsMove || (dealCount ?? 0) > 0;

  const remove = useMutation({
    mutationFn: (vars: { stage: Stage; moveTo: string | undefined }) =>
      crmSettingsApi.deleteStage(pipeline.id, vars.stage.id, vars.moveTo),
    onSuccess: (saved, vars) => onDeleted(saved, vars.stage),
    onError: (error) => {
      if (hasCode(error, 'STAGE_NOT_EMPTY')) setNeedsMove(true);
    },
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when another stage is chosen
  useEffect(() => {
    setNeedsMove(false);
    const sameKind = others.find((s) => s.kind === stage?.kind);
    setMoveTo(sameKind?.id ?? others.find((s) => s.kind === 'open')?.id ?? null);
    remove.reset();
  }, [stage?.id]);

  const error =
    remove.error && !hasCode(remove.error, 'STAGE_NOT_EMPTY')
      ? problemMessage(t, remove.error, i18n.language)
      : null;

  return (
    <Modal
      opened={stage !== null}
      onClose={onClose}
      title={
        stage ? (
          <WithUserText
            value={stage.name}
            translate={(name) => t('crmSettings.pipelines.deleteTitle', { name })}
          />
        ) : null
      }
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!stage || lastOpen || (mustMove && !moveTo)) return;
          remove.mutate({ stage, moveTo: mustMove && moveTo ? moveTo : undefined });
        }}
      >
        <Stack>
          <Text size="sm">{t('crmSettings.pipelines.deleteBody')}</Text>
          {lastOpen ? (
            <Alert color="orange" variant="light" icon={<IconInfo size={18} />}>
              {t('crmSettings.pipelines.lastOpen')}
            </Alert>
          ) : mustMove ? (
            <>
              <Text size="sm" fw={500} role={needsMove ? 'alert' : undefined}>
                {dealCount
                  ? t('crmSettings.pipelines.deleteDealCount', { count: dealCount })
                  : t('crmSettings.pipelines.deleteHasDeals')}
              </Text>
              <Select
                label={t('crmSettings.pipelines.moveTo')}
                data={others.map((s) => ({
                  value: s.id,
                  label: `${s.name} (${t(`crmSettings.pipelines.kinds.${s.kind}`)})`,
                }))}
                value={moveTo}
                onChange={setMoveTo}
                allowDeselect={false}
                required
                withAsterisk={false}
                comboboxProps={{ withinPortal: true }}
                data-autofocus
              />
            </>
          ) : null}
          <FormAlert message={error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} data-autofocus={mustMove ? undefined : true}>
              {t('common.cancel')}
            </Button>
            <Button
              type="submit"
              color="red"
              loading={remove.isPending}
              disabled={lastOpen || (mustMove && !moveTo)}
            >
              {t('crmSettings.pipelines.deleteConfirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function CreatePipelineModal({
  opened,
  onClose,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  onCreated: (pipeline: Pipeline) => void;
}) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { name: '', isDefault: false },
    validate: { name: (v: string) => (v.trim() ? null : t('validation.required')) },
  });
  const create = useMutation({
    mutationFn: (values: { name: string; isDefault: boolean }) =>
      crmSettingsApi.createPipeline({ name: values.name.trim(), isDefault: values.isDefault }),
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: crmSettingsKeys.pipelines });
      void queryClient.invalidateQueries({ queryKey: sharedKeys.pipelines });
      notifications.show({
        color: 'teal',
        message: (
          <WithUserText
            value={created.name}
            translate={(name) => t('crmSettings.pipelines.createdNotice', { name })}
          />
        ),
      });
      onCreated(created);
      onClose();
    },
    onError: (error) => form.setErrors(fieldErrors(error)),
  });
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      onExitTransitionEnd={() => {
        form.reset();
        create.reset();
      }}
      title={t('crmSettings.pipelines.createTitle')}
    >
      <form noValidate onSubmit={form.onSubmit((values) => create.mutate(values))}>
        <Stack>
          <TextInput
            {...form.getInputProps('name')}
            label={t('crmSettings.pipelines.name')}
            dir="auto"
            maxLength={80}
            required
            data-autofocus
          />
          <Checkbox
            {...form.getInputProps('isDefault', { type: 'checkbox' })}
            label={t('crmSettings.pipelines.createDefault')}
          />
          <Text size="xs" c="dimmed">
            {t('crmSettings.pipelines.createHint')}
          </Text>
          <FormAlert message={create.error ? problemMessage(t, create.error, i18n.language) : null} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('crmSettings.pipelines.createSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
