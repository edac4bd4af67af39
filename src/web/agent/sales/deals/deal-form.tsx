import { Button, Group, NativeSelect, NumberInput, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { hasCode, isApiError } from '../../../ui/api-client';
import { FormAlert } from '../../../ui/form-alert';
import { fieldErrors, problemMessage } from '../../../ui/problem';
import { formRules } from '../../../ui/validators';
import { customersKeys } from '../../customers/customers-queries';
import { ConflictAlert } from '../common/conflict-alert';
import { useCurrencyOptions } from '../common/money';
import { type PickedRecord, RecordSearchSelect } from '../common/record-search-select';
import { UserSelect } from '../common/user-select';
import { type CreateDealInput, type Deal, type Pipeline, salesApi, type UpdateDealInput } from '../sales-api';
import { salesKeys } from '../sales-queries';

interface DealFormValues {
  name: string;
  account: PickedRecord | null;
  pipelineId: string;
  stageId: string;
  amount: string;
  currency: string;
  expectedCloseDate: string;
  probability: number | string;
  ownerId: string;
  lostReason: string;
}

const AMOUNT_RE = /^\d{1,12}(\.\d{1,2})?$/;

const valuesOf = (
  deal: Deal | undefined,
  pipeline: Pipeline | undefined,
  ownerId: string,
): DealFormValues => ({
  name: deal?.name ?? '',
  account:
    deal?.accountId && deal.accountName
      ? { type: 'account', id: deal.accountId, title: deal.accountName }
      : null,
  pipelineId: deal?.pipelineId ?? pipeline?.id ?? '',
  stageId: deal?.stageId ?? pipeline?.stages.find((stage) => stage.kind === 'open')?.id ?? '',
  amount: deal?.amount ?? '',
  currency: deal?.currency ?? 'ILS',
  expectedCloseDate: deal?.expectedCloseDate ?? '',
  probability: deal?.probability ?? '',
  ownerId: deal ? (deal.ownerId ?? '') : ownerId,
  lostReason: deal?.lostReason ?? '',
});

// Server field paths → form fields.
const RENAME = { accountId: 'account' };

interface DealFormProps {
  /** The deal to edit; without it the form creates one. */
  deal?: Deal;
  pipelines: readonly Pipeline[];
  /** Create: the pipeline picked by default. */
  pipelineId?: string | undefined;
  currentUserId: string;
  onSaved: (deal: Deal) => void;
  onCancel: () => void;
}

/** Create or edit a deal. Edits carry the version read (If-Match); a stale edit is refused, not lost. */
export function DealForm({ deal, pipelines, pipelineId, currentUserId, onSaved, onCancel }: DealFormProps) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const rules = formRules(t);
  const currencyOptions = useCurrencyOptions();
  const initialPipeline =
    pipelines.find((p) => p.id === (deal?.pipelineId ?? pipelineId)) ??
    pipelines.find((p) => p.isDefault) ??
    pipelines[0];
  const form = useForm<DealFormValues>({
    initialValues: valuesOf(deal, initialPipeline, currentUserId),
    validate: {
      name: rules.required,
      amount: (value) =>
        !value.trim() || AMOUNT_RE.test(value.trim().replaceAll(',', ''))
          ? null
          : t('sales.deals.form.amountInvalid'),
      lostReason: (value, values) =>
        stageKind(values.pipelineId, values.stageId) === 'lost' && !value.trim()
          ? t('validation.required')
          : null,
    },
  });

  function stageKind(pid: string, sid: string) {
    return pipelines.find((p) => p.id === pid)?.stages.find((s) => s.id === sid)?.kind;
  }
  const pipeline = pipelines.find((p) => p.id === form.values.pipelineId);
  const isLost = stageKind(form.values.pipelineId, form.values.stageId) === 'lost';

  const save = useMutation({
    mutationFn: (values: DealFormValues) => {
      const amount = values.amount.trim().replaceAll(',', '');
      const probability = values.probability === '' ? null : Number(values.probability);
      if (!deal) {
        const input: CreateDealInput = {
          name: values.name.trim(),
          accountId: values.account?.id ?? null,
          pipelineId: values.pipelineId || undefined,
          stageId: values.stageId || undefined,
          amount: amount || null,
          currency: values.currency,
          expectedCloseDate: values.expectedCloseDate || null,
          ownerId: values.ownerId || null,
          ...(probability === null ? {} : { probability }),
          ...(isLost ? { lostReason: values.lostReason.trim() } : {}),
        };
        return salesApi.createDeal(input);
      }
      // only what changed, so a stage change still takes the new stage's probability
      const initial = valuesOf(deal, undefined, currentUserId);
      const patch: UpdateDealInput = {};
      if (values.name !== initial.name) patch.name = values.name.trim();
      if (values.account?.id !== initial.account?.id) patch.accountId = values.account?.id ?? null;
      if (values.stageId !== initial.stageId) patch.stageId = values.stageId;
      if (values.amount !== initial.amount) patch.amount = amount || null;
      if (values.currency !== initial.currency) patch.currency = values.currency;
      if (values.expectedCloseDate !== initial.expectedCloseDate)
        patch.expectedCloseDate = values.expectedCloseDate || null;
      if (values.probability !== initial.probability) patch.probability = probability;
      if (values.ownerId !== initial.ownerId) patch.ownerId = values.ownerId || null;
      if (isLost && values.lostReason !== initial.lostReason) patch.lostReason = values.lostReason.trim();
      return salesApi.updateDeal(deal.id, deal.version, patch);
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(salesKeys.deal(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: salesKeys.boards });
      void queryClient.invalidateQueries({ queryKey: salesKeys.dealLists });
      if (saved.accountId)
        void queryClient.invalidateQueries({ queryKey: customersKeys.timeline('account', saved.accountId) });
      form.resetDirty();
      onSaved(saved);
    },
    onError: (error) => form.setErrors(fieldErrors(error, { rename: RENAME })),
  });

  const conflict = hasCode(save.error, 'VERSION_CONFLICT');
  const loadCurrent = () => {
    const current = isApiError(save.error) ? (save.error.problem.current as Deal | undefined) : undefined;
    if (!current) return;
    queryClient.setQueryData(salesKeys.deal(current.id), current);
    save.reset();
  };

  return (
    <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
      <Stack>
        <TextInput
          {...form.getInputProps('name')}
          label={t('sales.deals.form.name')}
          dir="auto"
          required
          data-autofocus
        />
        <RecordSearchSelect
          label={t('sales.deals.form.account')}
          types={['account']}
          value={form.values.account}
          onChange={(value) => form.setFieldValue('account', value)}
          error={form.errors.account as string | undefined}
        />
        <SimpleGrid cols={{ base: 1, xs: deal ? 1 : 2 }}>
          {deal ? null : (
            <NativeSelect
              label={t('sales.deals.form.pipeline')}
              value={form.values.pipelineId}
              data={pipelines.map((p) => ({ value: p.id, label: p.name }))}
              error={form.errors.pipelineId}
              onChange={(event) => {
                const next = pipelines.find((p) => p.id === event.currentTarget.value);
                form.setFieldValue('pipelineId', event.currentTarget.value);
                form.setFieldValue('stageId', next?.stages.find((s) => s.kind === 'open')?.id ?? '');
              }}
            />
          )}
          <NativeSelect
            {...form.getInputProps('stageId')}
            label={t('sales.deals.form.stage')}
            data={(pipeline?.stages ?? []).map((stage) => ({ value: stage.id, label: stage.name }))}
          />
        </SimpleGrid>
        {isLost ? (
          <TextInput
            {...form.getInputProps('lostReason')}
            label={t('sales.lost.reason')}
            dir="auto"
            maxLength={500}
            required
          />
        ) : null}
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput
            {...form.getInputProps('amount')}
            label={t('sales.deals.form.amount')}
            inputMode="decimal"
            dir="ltr"
            placeholder="12500"
          />
          <NativeSelect
            {...form.getInputProps('currency')}
            label={t('sales.deals.form.currency')}
            data={currencyOptions(form.values.currency)}
          />
          <TextInput
            {...form.getInputProps('expectedCloseDate')}
            type="date"
            label={t('sales.deals.form.expectedClose')}
          />
          <NumberInput
            {...form.getInputProps('probability')}
            label={t('sales.deals.form.probability')}
            description={t('sales.deals.form.probabilityHint')}
            min={0}
            max={100}
            clampBehavior="strict"
            allowDecimal={false}
            suffix="%"
          />
        </SimpleGrid>
        <UserSelect
          label={t('sales.deals.form.owner')}
          value={form.values.ownerId}
          onChange={(value) => form.setFieldValue('ownerId', value)}
          emptyLabel={t('sales.common.unassigned')}
          error={form.errors.ownerId as string | undefined}
        />
        {conflict ? (
          <ConflictAlert onReload={loadCurrent} />
        ) : (
          <FormAlert message={save.error ? problemMessage(t, save.error, i18n.language) : null} />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {deal ? t('common.save') : t('sales.deals.form.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
