import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '../../ui/form-alert';
import { useFormat } from '../../ui/format';
import { IconDownload, IconInfo } from '../../ui/icons';
import { toLocale } from '../../ui/locale';
import { importProblem } from './import-problem';
import {
  type DuplicatePolicy,
  type ImportCounts,
  type ImportJob,
  type ImportMapping,
  type ImportPreview,
  type ImportRowResult,
  type ImportUploaded,
  importsApi,
  rejectedCsvUrl,
} from './imports-api';

const STATUS_COLOR: Record<ImportRowResult['status'], string> = {
  created: 'teal',
  updated: 'blue',
  skipped: 'gray',
  rejected: 'red',
};
const COUNT_COLOR: Record<Exclude<keyof ImportCounts, 'total'>, string> = {
  created: 'teal',
  updated: 'blue',
  duplicate: 'grape',
  skipped: 'gray',
  rejected: 'red',
};
const VALUES_SHOWN = 4;

/** The five counts as tiles; `label` names the group for assistive technology. */
export function CountTiles({
  counts,
  label,
  done = false,
}: {
  counts: ImportCounts;
  label: string;
  /** After the commit: "created", not "will be created". */
  done?: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <SimpleGrid cols={{ base: 2, xs: 3, md: 6 }} role="group" aria-label={label}>
      {(Object.keys(COUNT_COLOR) as (keyof typeof COUNT_COLOR)[]).map((key) => (
        <Paper key={key} withBorder p="sm" radius="md" data-count={key}>
          <Text size="xs" c="dimmed" fw={500}>
            {done
              ? t(`crmSettings.imports.progress.counts.${key}`)
              : t(`crmSettings.imports.preview.counts.${key}`)}
          </Text>
          <Text fz={26} fw={700} c={counts[key] ? COUNT_COLOR[key] : 'dimmed'} lh={1.2}>
            {format.number(counts[key])}
          </Text>
        </Paper>
      ))}
      <Paper withBorder p="sm" radius="md" data-count="total" bg="var(--mantine-color-gray-0)">
        <Text size="xs" c="dimmed" fw={500}>
          {t('crmSettings.imports.preview.counts.total')}
        </Text>
        <Text fz={26} fw={700} lh={1.2}>
          {format.number(counts.total)}
        </Text>
      </Paper>
    </SimpleGrid>
  );
}

/** A link to the rejected rows as CSV, with their reasons (in the UI language). */
export function RejectedDownload({ importId }: { importId: string }) {
  const { t, i18n } = useTranslation();
  return (
    <Button
      component="a"
      href={rejectedCsvUrl(importId, toLocale(i18n.resolvedLanguage ?? i18n.language))}
      download
      variant="light"
      color="red"
      leftSection={<IconDownload size={16} />}
    >
      {t('crmSettings.imports.preview.downloadRejected')}
    </Button>
  );
}

/** "טלפון: Not a valid phone number" → the column and the reason, each in its own direction. */
const splitReason = (error: string, headers: readonly string[]) => {
  const header = headers.find((h) => error.startsWith(`${h}: `));
  return header
    ? { column: header, reason: error.slice(header.length + 2) }
    : { column: null, reason: error };
};

function RowDetails({ row, headers }: { row: ImportRowResult; headers: readonly string[] }) {
  const { t } = useTranslation();
  if (row.errors.length) {
    return (
      <Stack gap={2}>
        {row.errors.map((error) => {
          const { column, reason } = splitReason(error, headers);
          return (
            <Text key={error} size="sm" c="red.8">
              {column ? (
                <>
                  <Text span fw={600} inherit>
                    <bdi>{column}</bdi>
                  </Text>
                  {': '}
                </>
              ) : null}
              <bdi>{reason}</bdi>
            </Text>
          );
        })}
      </Stack>
    );
  }
  if (row.duplicateOf) {
    const by = t(`crmSettings.imports.preview.by.${row.duplicateOf.by}`);
    return (
      <Text size="sm" c="dimmed">
        {row.duplicateOf.row
          ? t('crmSettings.imports.preview.duplicateOfRow', { row: row.duplicateOf.row, by })
          : t('crmSettings.imports.preview.duplicateOfRecord', { by })}
      </Text>
    );
  }
  return null;
}

interface PreviewStepProps {
  uploaded: ImportUploaded;
  mapping: ImportMapping;
  policy: DuplicatePolicy;
  preview: ImportPreview;
  onBack: () => void;
  onCommitted: (job: ImportJob) => void;
}

/** Step 3: the dry run's counts and rows; nothing is saved until the import is confirmed. */
export function PreviewStep({ uploaded, mapping, policy, preview, onBack, onCommitted }: PreviewStepProps) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const { counts } = preview;
  const [show, setShow] = useState<'all' | 'rejected'>('all');
  const commit = useMutation({
    mutationFn: () => importsApi.commit(uploaded.id, { mapping, duplicatePolicy: policy }),
    onSuccess: onCommitted,
  });

  const mappedHeaders = uploaded.headers.filter((h) => mapping[h]);
  const rows = show === 'rejected' ? preview.rejected : preview.rows;
  const toImport = counts.created + counts.updated;
  const shownTotal = show === 'rejected' ? counts.rejected : counts.total;

  return (
    <Stack>
      <Alert color="blue" variant="light" icon={<IconInfo size={18} />}>
        {t('crmSettings.imports.preview.intro')}
      </Alert>
      <CountTiles counts={counts} label={t('crmSettings.imports.preview.countsLabel')} />

      <Group justify="space-between" wrap="wrap">
        <SegmentedControl
          value={show}
          onChange={(value) => setShow(value as 'all' | 'rejected')}
          aria-label={t('crmSettings.imports.preview.show.label')}
          data={[
            { value: 'all', label: t('crmSettings.imports.preview.show.all') },
            {
              value: 'rejected',
              label: `${t('crmSettings.imports.preview.show.rejected')} (${format.number(counts.rejected)})`,
            },
          ]}
        />
        {counts.rejected ? <RejectedDownload importId={uploaded.id} /> : null}
      </Group>

      {rows.length ? (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="xs" horizontalSpacing="md" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={70}>{t('crmSettings.imports.preview.columns.row')}</Table.Th>
                  <Table.Th w={120}>{t('crmSettings.imports.preview.columns.status')}</Table.Th>
                  <Table.Th>{t('crmSettings.imports.preview.columns.values')}</Table.Th>
                  <Table.Th>{t('crmSettings.imports.preview.columns.reasons')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row) => (
                  <Table.Tr key={row.row} data-status={row.status}>
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {row.row}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={STATUS_COLOR[row.status]} variant="light" tt="none">
                        {t(`crmSettings.imports.preview.status.${row.status}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" lineClamp={2}>
                        {mappedHeaders
                          .map((h) => row.values[h]?.trim())
                          .filter(Boolean)
                          .slice(0, VALUES_SHOWN)
                          .map((value, i) => (
                            // biome-ignore lint/suspicious/noArrayIndexKey: values may repeat
                            <span key={i}>
                              {i ? ' · ' : ''}
                              <bdi>{value}</bdi>
                            </span>
                          ))}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <RowDetails row={row} headers={uploaded.headers} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      ) : show === 'rejected' ? (
        <Text size="sm" c="dimmed">
          {t('crmSettings.imports.preview.noRejected')}
        </Text>
      ) : null}
      {rows.length && shownTotal > rows.length ? (
        <Text size="xs" c="dimmed">
          {t('crmSettings.imports.preview.shownOf', {
            shown: format.number(rows.length),
            total: format.number(shownTotal),
          })}
        </Text>
      ) : null}

      {toImport === 0 ? (
        <Alert color="orange" variant="light" icon={<IconInfo size={18} />}>
          {t('crmSettings.imports.preview.nothingToImport')}
        </Alert>
      ) : null}
      <FormAlert message={commit.error ? importProblem(t, commit.error, i18n.language) : null} />
      <Group justify="space-between">
        <Button variant="default" onClick={onBack}>
          {t('crmSettings.imports.back')}
        </Button>
        <Button onClick={() => commit.mutate()} loading={commit.isPending} disabled={toImport === 0}>
          {t('crmSettings.imports.preview.submit', { count: toImport })}
        </Button>
      </Group>
    </Stack>
  );
}
