import { Alert, Button, Group, Paper, Radio, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../ui/api-client';
import { FormAlert } from '../../ui/form-alert';
import { IconAlert } from '../../ui/icons';
import { useBilingual } from '../settings/crm/use-crm-admin';
import { importProblem } from './import-problem';
import {
  type DuplicatePolicy,
  type ImportMapping,
  type ImportPreview,
  type ImportTarget,
  type ImportUploaded,
  importsApi,
} from './imports-api';

const IGNORE = '__ignore__';
const POLICIES: readonly DuplicatePolicy[] = ['skip', 'update', 'create'];
const SAMPLE_COUNT = 3;

/** Required fields no column feeds (a contact's first name is covered by a full-name column). */
export const missingRequired = (targets: readonly ImportTarget[], mapping: ImportMapping): ImportTarget[] => {
  const used = new Set(Object.values(mapping).filter((v): v is string => Boolean(v)));
  return targets.filter(
    (target) =>
      target.required &&
      !target.key.startsWith('customFields.') &&
      !used.has(target.key) &&
      !(target.key === 'firstName' && used.has('fullName')),
  );
};

interface MappingStepProps {
  uploaded: ImportUploaded;
  mapping: ImportMapping;
  onMappingChange: (mapping: ImportMapping) => void;
  policy: DuplicatePolicy;
  onPolicyChange: (policy: DuplicatePolicy) => void;
  onBack: () => void;
  onPreviewed: (preview: ImportPreview) => void;
}

/** Step 2: which Kesher field each column feeds, and what to do with rows that already exist. */
export function MappingStep(props: MappingStepProps) {
  const { uploaded, mapping, policy } = props;
  const { t, i18n } = useTranslation();
  const bilingual = useBilingual();
  const [showMissing, setShowMissing] = useState(false);

  const targetByKey = useMemo(() => new Map(uploaded.targets.map((x) => [x.key, x])), [uploaded.targets]);
  const data = useMemo(() => {
    const item = (target: ImportTarget) => ({ value: target.key, label: bilingual(target).primary });
    const standard = uploaded.targets.filter((x) => !x.key.startsWith('customFields.'));
    const custom = uploaded.targets.filter((x) => x.key.startsWith('customFields.'));
    return [
      { value: IGNORE, label: t('crmSettings.imports.mapping.ignore') },
      { group: t('crmSettings.imports.mapping.groupFields'), items: standard.map(item) },
      ...(custom.length
        ? [{ group: t('crmSettings.imports.mapping.groupCustom'), items: custom.map(item) }]
        : []),
    ];
  }, [uploaded.targets, bilingual, t]);

  const preview = useMutation({
    mutationFn: () => importsApi.preview(uploaded.id, { mapping, duplicatePolicy: policy }),
    onSuccess: props.onPreviewed,
  });

  // server field errors: `mapping.<column header>` (a header may hold dots), `mapping`, `duplicatePolicy`
  const serverErrors = useMemo(() => {
    const byColumn: Record<string, string> = {};
    let policyError: string | null = null;
    const general: string[] = [];
    if (isApiError(preview.error)) {
      for (const { path, message } of preview.error.problem.errors ?? []) {
        const p = String(path).replace(/^\/?body[./]/, '');
        if (p.startsWith('mapping.')) byColumn[p.slice('mapping.'.length)] = message;
        else if (p === 'duplicatePolicy') policyError = message;
        else general.push(message);
      }
    }
    return { byColumn, policyError, general };
  }, [preview.error]);

  // a field that takes one column, chosen for two: the second one says so
  const duplicates = useMemo(() => {
    const seen = new Map<string, string>();
    const result: Record<string, string> = {};
    for (const header of uploaded.headers) {
      const key = mapping[header];
      if (!key) continue;
      const first = seen.get(key);
      if (first !== undefined && !targetByKey.get(key)?.multiple) {
        result[header] = t('crmSettings.imports.mapping.mappedTwice', { column: first });
      } else if (first === undefined) seen.set(key, header);
    }
    return result;
  }, [mapping, uploaded.headers, targetByKey, t]);

  const missing = missingRequired(uploaded.targets, mapping);
  const samplesOf = (index: number) =>
    uploaded.sampleRows
      .map((row) => row[index]?.trim() ?? '')
      .filter(Boolean)
      .slice(0, SAMPLE_COUNT);

  const generalError = preview.error
    ? serverErrors.general.length
      ? serverErrors.general.join(' · ')
      : Object.keys(serverErrors.byColumn).length || serverErrors.policyError
        ? null
        : importProblem(t, preview.error, i18n.language)
    : null;

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setShowMissing(true);
        if (missing.length || Object.keys(duplicates).length) return;
        preview.mutate();
      }}
    >
      <Stack>
        <Text size="sm" c="dimmed">
          {t('crmSettings.imports.mapping.intro')}
        </Text>
        <Paper withBorder>
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="sm" horizontalSpacing="md">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('crmSettings.imports.mapping.columns.column')}</Table.Th>
                  <Table.Th>{t('crmSettings.imports.mapping.columns.samples')}</Table.Th>
                  <Table.Th w={280}>{t('crmSettings.imports.mapping.columns.field')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {uploaded.headers.map((header, index) => {
                  const samples = samplesOf(index);
                  const value = mapping[header] ?? null;
                  return (
                    <Table.Tr key={header}>
                      <Table.Td>
                        <Text size="sm" fw={600}>
                          <bdi>{header}</bdi>
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {samples.length ? (
                          <Stack gap={0} className="kesher-samples">
                            {samples.map((sample, i) => (
                              // biome-ignore lint/suspicious/noArrayIndexKey: samples may repeat
                              <Text key={i} size="sm" c="dimmed" truncate>
                                <bdi>{sample}</bdi>
                              </Text>
                            ))}
                          </Stack>
                        ) : (
                          <Text size="xs" c="dimmed" fs="italic">
                            {t('crmSettings.imports.mapping.noSamples')}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Select
                          aria-label={t('crmSettings.imports.mapping.fieldFor', { column: header })}
                          data={data}
                          value={value ?? IGNORE}
                          onChange={(next) => {
                            preview.reset();
                            props.onMappingChange({
                              ...mapping,
                              [header]: !next || next === IGNORE ? null : String(next),
                            });
                          }}
                          allowDeselect={false}
                          searchable
                          error={duplicates[header] ?? serverErrors.byColumn[header]}
                          comboboxProps={{ withinPortal: true }}
                          styles={value ? undefined : { input: { color: 'var(--mantine-color-dimmed)' } }}
                        />
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>

        {showMissing && missing.length ? (
          <Alert color="red" variant="light" icon={<IconAlert size={18} />} role="alert">
            {t('crmSettings.imports.mapping.missingRequired', {
              fields: missing.map((x) => bilingual(x).primary).join(', '),
            })}
          </Alert>
        ) : null}

        <Title order={3} fz="h4" mt="sm">
          {t('crmSettings.imports.mapping.policy')}
        </Title>
        <Radio.Group
          value={policy}
          onChange={(value) => {
            preview.reset();
            props.onPolicyChange(value as DuplicatePolicy);
          }}
          description={t('crmSettings.imports.mapping.policyIntro')}
          error={serverErrors.policyError}
          aria-label={t('crmSettings.imports.mapping.policy')}
        >
          <Stack gap="sm" mt="xs">
            {POLICIES.map((value) => (
              <Radio
                key={value}
                value={value}
                label={t(`crmSettings.imports.mapping.policies.${value}.label`)}
                description={t(`crmSettings.imports.mapping.policies.${value}.description`)}
              />
            ))}
          </Stack>
        </Radio.Group>

        <FormAlert message={generalError} />
        <Group justify="space-between">
          <Button variant="default" onClick={props.onBack}>
            {t('crmSettings.imports.back')}
          </Button>
          <Button type="submit" loading={preview.isPending}>
            {t('crmSettings.imports.mapping.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
