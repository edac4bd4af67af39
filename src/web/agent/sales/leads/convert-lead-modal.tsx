import {
  Button,
  Checkbox,
  Collapse,
  Group,
  Modal,
  NativeSelect,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { hasCode } from '../../../ui/api-client';
import { FormAlert } from '../../../ui/form-alert';
import { problemMessage } from '../../../ui/problem';
import { WithUserText } from '../../../ui/with-user-text';
import { formFieldErrors } from '../common/form-errors';
import { useCurrencyOptions } from '../common/money';
import { type PickedRecord, RecordSearchSelect } from '../common/record-search-select';
import { type ConvertLeadInput, type Lead, salesApi } from '../sales-api';
import { salesKeys, usePipelines } from '../sales-queries';

interface ConvertValues {
  accountMode: 'new' | 'existing';
  accountName: string;
  accountKind: 'business' | 'private';
  existing: PickedRecord | null;
  createDeal: boolean;
  dealName: string;
  dealAmount: string;
  dealCurrency: string;
  dealPipelineId: string;
}

const AMOUNT_RE = /^\d{1,12}(\.\d{1,2})?$/;

// Server paths of POST /leads/:id/convert → the dialog's fields.
const RENAME = {
  'account.existingId': 'existing',
  'account.name': 'accountName',
  'account.kind': 'accountKind',
  'createDeal.name': 'dealName',
  'createDeal.amount': 'dealAmount',
  'createDeal.currency': 'dealCurrency',
  'createDeal.pipelineId': 'dealPipelineId',
};

export function ConvertLeadModal({
  lead,
  opened,
  onClose,
}: {
  lead: Lead;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="lg"
      title={<WithUserText value={lead.fullName} translate={(name) => t('sales.convert.title', { name })} />}
    >
      {opened ? <ConvertBody lead={lead} onClose={onClose} /> : null}
    </Modal>
  );
}

/** Lead → customer (new or existing) + contact, and optionally a deal; then the customer's card. */
function ConvertBody({ lead, onClose }: { lead: Lead; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const pipelines = usePipelines();
  const currencyOptions = useCurrencyOptions();
  const form = useForm<ConvertValues>({
    initialValues: {
      accountMode: 'new',
      accountName: lead.company ?? lead.fullName,
      accountKind: lead.company ? 'business' : 'private',
      existing: null,
      createDeal: false,
      dealName: lead.company ?? lead.fullName,
      dealAmount: '',
      dealCurrency: 'ILS',
      dealPipelineId: '',
    },
    validate: {
      accountName: (value, values) =>
        values.accountMode === 'new' && !value.trim() ? t('validation.required') : null,
      existing: (value, values) =>
        values.accountMode === 'existing' && !value ? t('validation.required') : null,
      dealName: (value, values) => (values.createDeal && !value.trim() ? t('validation.required') : null),
      dealAmount: (value, values) =>
        values.createDeal && value.trim() && !AMOUNT_RE.test(value.trim().replaceAll(',', ''))
          ? t('sales.deals.form.amountInvalid')
          : null,
    },
  });

  const convert = useMutation({
    mutationFn: (values: ConvertValues) => {
      const input: ConvertLeadInput = {
        account:
          values.accountMode === 'existing' && values.existing
            ? { existingId: values.existing.id }
            : { name: values.accountName.trim(), kind: values.accountKind },
      };
      if (values.createDeal) {
        const amount = values.dealAmount.trim().replaceAll(',', '');
        input.createDeal = {
          name: values.dealName.trim(),
          currency: values.dealCurrency,
          ...(amount ? { amount } : {}),
          ...(values.dealPipelineId ? { pipelineId: values.dealPipelineId } : {}),
        };
      }
      return salesApi.convertLead(lead.id, input);
    },
    onSuccess: (result) => {
      queryClient.setQueryData(salesKeys.lead(lead.id), result.lead);
      void queryClient.invalidateQueries({ queryKey: salesKeys.leadLists });
      if (result.dealId) void queryClient.invalidateQueries({ queryKey: ['deals'] });
      notifications.show({
        color: 'teal',
        message: (
          <WithUserText value={lead.fullName} translate={(name) => t('sales.convert.done', { name })} />
        ),
      });
      onClose();
      void navigate(`/customers/accounts/${result.accountId}`);
    },
    onError: (error) => form.setErrors(formFieldErrors(error, RENAME)),
  });

  const pipelineOptions = [
    { value: '', label: t('sales.convert.defaultPipeline') },
    ...(pipelines.data?.items.map((p) => ({ value: p.id, label: p.name })) ?? []),
  ];

  return (
    <form noValidate onSubmit={form.onSubmit((values) => convert.mutate(values))}>
      <Stack>
        <Text size="sm" c="dimmed">
          {t('sales.convert.intro')}
        </Text>
        <Radio.Group {...form.getInputProps('accountMode')} label={t('sales.convert.account')}>
          <Stack gap="xs" mt={6}>
            <Radio value="new" label={t('sales.convert.newAccount')} data-autofocus />
            <Radio value="existing" label={t('sales.convert.existingAccount')} />
          </Stack>
        </Radio.Group>
        {form.values.accountMode === 'new' ? (
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput
              {...form.getInputProps('accountName')}
              label={t('sales.convert.accountName')}
              dir="auto"
              required
            />
            <NativeSelect
              {...form.getInputProps('accountKind')}
              label={t('sales.convert.accountKind')}
              data={[
                { value: 'business', label: t('sales.convert.kinds.business') },
                { value: 'private', label: t('sales.convert.kinds.private') },
              ]}
            />
          </SimpleGrid>
        ) : (
          <RecordSearchSelect
            label={t('sales.convert.existingLabel')}
            types={['account']}
            value={form.values.existing}
            onChange={(value) => form.setFieldValue('existing', value)}
            error={form.errors.existing as string | undefined}
            required
          />
        )}
        <Checkbox
          {...form.getInputProps('createDeal', { type: 'checkbox' })}
          label={t('sales.convert.createDeal')}
        />
        <Collapse expanded={form.values.createDeal}>
          <Stack>
            <TextInput
              {...form.getInputProps('dealName')}
              label={t('sales.deals.form.name')}
              dir="auto"
              required
            />
            <SimpleGrid cols={{ base: 1, xs: 3 }}>
              <TextInput
                {...form.getInputProps('dealAmount')}
                label={t('sales.deals.form.amount')}
                inputMode="decimal"
                dir="ltr"
              />
              <NativeSelect
                {...form.getInputProps('dealCurrency')}
                label={t('sales.deals.form.currency')}
                data={currencyOptions(form.values.dealCurrency)}
              />
              <NativeSelect
                {...form.getInputProps('dealPipelineId')}
                label={t('sales.deals.form.pipeline')}
                data={pipelineOptions}
              />
            </SimpleGrid>
          </Stack>
        </Collapse>
        <FormAlert
          message={
            convert.error
              ? hasCode(convert.error, 'LEAD_ALREADY_CONVERTED')
                ? t('sales.convert.already')
                : problemMessage(t, convert.error, i18n.language)
              : null
          }
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={convert.isPending}>
            {t('sales.convert.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
