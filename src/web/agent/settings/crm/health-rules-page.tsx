import {
  Alert,
  Button,
  Group,
  NumberInput,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Text,
  Title,
} from '@mantine/core';
import { type UseFormReturnType, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '../../../ui/form-alert';
import { IconInfo } from '../../../ui/icons';
import { PageHeader } from '../../../ui/page-header';
import { fieldErrors, problemMessage } from '../../../ui/problem';
import {
  crmSettingsApi,
  crmSettingsKeys,
  DEFAULT_RULES,
  type HealthRules,
  sharedKeys,
} from './crm-settings-api';
import { useCanManageSettings } from './use-crm-admin';
import './crm-settings.css';

type Light = 'green' | 'yellow' | 'red';
type RulesForm = UseFormReturnType<HealthRules>;

const COUNT_MAX = 1000;
const DAYS_MAX = 3650;

/** /settings/health-rules — the thresholds behind the customer card's status light. */
export function HealthRulesPage() {
  const { t } = useTranslation();
  const canManage = useCanManageSettings();
  if (!canManage) {
    return (
      <>
        <PageHeader
          order={2}
          title={t('crmSettings.healthRules.title')}
          documentTitle={t('crmSettings.healthRules.title')}
        />
        <Alert color="gray" variant="light" icon={<IconInfo size={18} />}>
          {t('crmSettings.common.noAccess')}
        </Alert>
      </>
    );
  }
  return <HealthRulesEditor />;
}

/** One line of the plain-language preview, with its light. */
function PreviewLine({ light, children }: { light: Light; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <span
        className="kesher-light"
        data-light={light}
        role="img"
        aria-label={t(`crmSettings.healthRules.lights.${light}`)}
      />
      <Text size="sm">{children}</Text>
    </Group>
  );
}

function RuleCard({
  form,
  rule,
  title,
  description,
  children,
  preview,
}: {
  form: RulesForm;
  rule: keyof HealthRules;
  title: string;
  description?: string;
  children?: ReactNode;
  preview: ReactNode;
}) {
  const { t } = useTranslation();
  const enabled = form.values[rule].enabled;
  const headingId = `health-rule-${rule}`;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <div>
            <Title order={3} fz="md" id={headingId}>
              {title}
            </Title>
            {description ? (
              <Text size="xs" c="dimmed">
                {description}
              </Text>
            ) : null}
          </div>
          <Switch
            {...form.getInputProps(`${rule}.enabled`, { type: 'checkbox' })}
            aria-label={`${title}: ${t('crmSettings.healthRules.enabled')}`}
          />
        </Group>
        {children ? <SimpleGrid cols={{ base: 1, xs: 2 }}>{children}</SimpleGrid> : null}
        <Paper bg="var(--mantine-color-gray-0)" p="sm" radius="md" aria-live="polite">
          <Stack gap={4}>
            {enabled ? (
              preview
            ) : (
              <Text size="sm" c="dimmed">
                {t('crmSettings.healthRules.off')}
              </Text>
            )}
          </Stack>
        </Paper>
      </Stack>
    </Paper>
  );
}

const num = (value: unknown): number => (typeof value === 'number' ? value : Number(value) || 0);

function HealthRulesEditor() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const rules = useQuery({ queryKey: crmSettingsKeys.healthRules, queryFn: crmSettingsApi.getHealthRules });

  const inRange = (max: number) => (value: unknown) => {
    const n = Number(value);
    if (value === '' || !Number.isInteger(n)) return t('validation.required');
    return n >= 1 && n <= max ? null : t('crmSettings.healthRules.range', { max });
  };
  const form = useForm<HealthRules>({
    initialValues: DEFAULT_RULES,
    validate: {
      overdueTasks: {
        yellowAt: inRange(COUNT_MAX),
        redAt: (value, values) =>
          inRange(COUNT_MAX)(value) ??
          (num(value) < num(values.overdueTasks.yellowAt)
            ? t('crmSettings.healthRules.redBelowYellow')
            : null),
      },
      daysSinceContact: {
        yellowAfterDays: inRange(DAYS_MAX),
        redAfterDays: (value, values) =>
          inRange(DAYS_MAX)(value) ??
          (num(value) < num(values.daysSinceContact.yellowAfterDays)
            ? t('crmSettings.healthRules.redBelowYellow')
            : null),
      },
      urgentTickets: { redAt: inRange(COUNT_MAX) },
      overdueDeals: { yellowAt: inRange(COUNT_MAX) },
    },
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: initialise once, when the rules arrive
  useEffect(() => {
    if (rules.data && !form.initialized) form.initialize(rules.data);
  }, [rules.data]);

  const save = useMutation({
    mutationFn: (values: HealthRules) => crmSettingsApi.putHealthRules(values),
    onSuccess: (saved) => {
      queryClient.setQueryData(crmSettingsKeys.healthRules, saved);
      form.setValues(saved);
      form.resetDirty(saved);
      void queryClient.invalidateQueries({ queryKey: sharedKeys.customers });
      notifications.show({ color: 'teal', message: t('crmSettings.common.saved') });
    },
    onError: (error) => form.setErrors(fieldErrors(error)),
  });

  const header = (
    <PageHeader
      order={2}
      title={t('crmSettings.healthRules.title')}
      documentTitle={t('crmSettings.healthRules.title')}
      description={t('crmSettings.healthRules.intro')}
    />
  );
  if (rules.isError && !rules.data) {
    return (
      <>
        {header}
        <Alert color="red" variant="light" title={problemMessage(t, rules.error, i18n.language)}>
          <Button size="xs" variant="light" color="red" onClick={() => void rules.refetch()}>
            {t('common.retry')}
          </Button>
        </Alert>
      </>
    );
  }
  if (!form.initialized) {
    return (
      <>
        {header}
        <Skeleton height={420} radius="lg" />
      </>
    );
  }

  const v = form.values;
  const countInput = (path: string, label: string, max: number) => (
    <NumberInput
      {...form.getInputProps(path)}
      label={label}
      min={1}
      max={max}
      allowDecimal={false}
      allowNegative={false}
      clampBehavior="none"
      withAsterisk={false}
    />
  );
  const k = 'crmSettings.healthRules.rules' as const;

  return (
    <>
      {header}
      <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
        <Stack>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <RuleCard
              form={form}
              rule="overdueTasks"
              title={t(`${k}.overdueTasks.title`)}
              preview={
                <>
                  <PreviewLine light="yellow">
                    {t(`${k}.overdueTasks.yellow`, { count: num(v.overdueTasks.yellowAt) })}
                  </PreviewLine>
                  <PreviewLine light="red">
                    {t(`${k}.overdueTasks.red`, { count: num(v.overdueTasks.redAt) })}
                  </PreviewLine>
                </>
              }
            >
              {countInput('overdueTasks.yellowAt', t(`${k}.overdueTasks.yellowAt`), COUNT_MAX)}
              {countInput('overdueTasks.redAt', t(`${k}.overdueTasks.redAt`), COUNT_MAX)}
            </RuleCard>
            <RuleCard
              form={form}
              rule="daysSinceContact"
              title={t(`${k}.daysSinceContact.title`)}
              description={t(`${k}.daysSinceContact.description`)}
              preview={
                <>
                  <PreviewLine light="yellow">
                    {t(`${k}.daysSinceContact.yellow`, { count: num(v.daysSinceContact.yellowAfterDays) })}
                  </PreviewLine>
                  <PreviewLine light="red">
                    {t(`${k}.daysSinceContact.red`, { count: num(v.daysSinceContact.redAfterDays) })}
                  </PreviewLine>
                </>
              }
            >
              {countInput(
                'daysSinceContact.yellowAfterDays',
                t(`${k}.daysSinceContact.yellowAfterDays`),
                DAYS_MAX,
              )}
              {countInput('daysSinceContact.redAfterDays', t(`${k}.daysSinceContact.redAfterDays`), DAYS_MAX)}
            </RuleCard>
            <RuleCard
              form={form}
              rule="urgentTickets"
              title={t(`${k}.urgentTickets.title`)}
              preview={
                <PreviewLine light="red">
                  {t(`${k}.urgentTickets.red`, { count: num(v.urgentTickets.redAt) })}
                </PreviewLine>
              }
            >
              {countInput('urgentTickets.redAt', t(`${k}.urgentTickets.redAt`), COUNT_MAX)}
            </RuleCard>
            <RuleCard
              form={form}
              rule="overdueDeals"
              title={t(`${k}.overdueDeals.title`)}
              preview={
                <PreviewLine light="yellow">
                  {t(`${k}.overdueDeals.yellow`, { count: num(v.overdueDeals.yellowAt) })}
                </PreviewLine>
              }
            >
              {countInput('overdueDeals.yellowAt', t(`${k}.overdueDeals.yellowAt`), COUNT_MAX)}
            </RuleCard>
            <RuleCard
              form={form}
              rule="inactiveStatus"
              title={t(`${k}.inactiveStatus.title`)}
              preview={<PreviewLine light="yellow">{t(`${k}.inactiveStatus.yellow`)}</PreviewLine>}
            />
            <Paper withBorder p="md">
              <PreviewLine light="green">{t('crmSettings.healthRules.green')}</PreviewLine>
            </Paper>
          </SimpleGrid>
          <FormAlert message={save.error ? problemMessage(t, save.error, i18n.language) : null} />
          <Group justify="space-between" wrap="wrap-reverse">
            <Button variant="subtle" onClick={() => form.setValues(DEFAULT_RULES)}>
              {t('crmSettings.common.restoreDefaults')}
            </Button>
            <Group gap="sm">
              {form.isDirty() ? (
                <Text size="sm" c="orange.8" role="status">
                  {t('crmSettings.common.unsaved')}
                </Text>
              ) : null}
              <Button variant="default" onClick={() => form.reset()} disabled={!form.isDirty()}>
                {t('crmSettings.common.discard')}
              </Button>
              <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
                {t('common.save')}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </>
  );
}
