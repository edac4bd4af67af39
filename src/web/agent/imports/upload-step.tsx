import { Button, Group, Paper, Radio, SimpleGrid, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type DragEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormAlert } from '../../ui/form-alert';
import { intlTag, toLocale } from '../../ui/locale';
import { IconSpreadsheet, IconUpload } from '../settings/crm/crm-icons';
import { importProblem } from './import-problem';
import {
  IMPORT_ACCEPT,
  IMPORT_MAX_BYTES,
  type ImportEntity,
  type ImportUploaded,
  importsApi,
} from './imports-api';
import '../settings/crm/crm-settings.css';

const EXTENSIONS = ['.csv', '.xlsx'];

/** 2.4 MB / 2.4 מ״ב, in the UI language. */
export const useFileSize = () => {
  const { i18n } = useTranslation();
  const tag = intlTag(toLocale(i18n.resolvedLanguage ?? i18n.language));
  return (bytes: number) => {
    const mb = bytes >= 1024 * 1024;
    return new Intl.NumberFormat(tag, {
      style: 'unit',
      unit: mb ? 'megabyte' : 'kilobyte',
      unitDisplay: 'short',
      maximumFractionDigits: 1,
    }).format(mb ? bytes / 1024 / 1024 : Math.max(0.1, bytes / 1024));
  };
};

interface UploadStepProps {
  entity: ImportEntity;
  onEntityChange: (entity: ImportEntity) => void;
  onUploaded: (uploaded: ImportUploaded) => void;
}

/** Step 1: what the file holds, and the file (dropped or chosen). Nothing is imported yet. */
export function UploadStep({ entity, onEntityChange, onUploaded }: UploadStepProps) {
  const { t, i18n } = useTranslation();
  const fileSize = useFileSize();
  const hintId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [dragging, setDragging] = useState(false);
  const [localError, setLocalError] = useState<string | null>(null);

  const upload = useMutation({
    mutationFn: ({ entity: kind, file: chosen }: { entity: ImportEntity; file: File }) =>
      importsApi.upload(kind, chosen),
    onSuccess: onUploaded,
  });

  const choose = (chosen: File | undefined) => {
    upload.reset();
    if (!chosen) return;
    const name = chosen.name.toLowerCase();
    setFile(chosen);
    if (!EXTENSIONS.some((ext) => name.endsWith(ext)))
      setLocalError(t('crmSettings.imports.upload.wrongType'));
    else if (chosen.size > IMPORT_MAX_BYTES)
      setLocalError(t('crmSettings.imports.upload.tooLarge', { size: fileSize(chosen.size) }));
    else setLocalError(null);
  };

  const onDrop = (event: DragEvent<HTMLLabelElement>) => {
    event.preventDefault();
    setDragging(false);
    choose(event.dataTransfer.files[0]);
  };

  const error = localError ?? (upload.error ? importProblem(t, upload.error, i18n.language) : null);

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!file) return setLocalError(t('crmSettings.imports.upload.noFile'));
        if (localError) return;
        upload.mutate({ entity, file });
      }}
    >
      <Stack>
        <Radio.Group
          value={entity}
          onChange={(value) => onEntityChange(value as ImportEntity)}
          label={t('crmSettings.imports.upload.entity')}
        >
          <SimpleGrid cols={{ base: 1, xs: 2 }} mt="xs" maw={640}>
            <Radio.Card value="account" p="md" radius="md">
              <Group wrap="nowrap" align="flex-start">
                <Radio.Indicator />
                <div>
                  <Text fw={600} size="sm">
                    {t('crmSettings.imports.upload.account')}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t('crmSettings.imports.upload.accountHint')}
                  </Text>
                </div>
              </Group>
            </Radio.Card>
            <Radio.Card value="contact" p="md" radius="md">
              <Group wrap="nowrap" align="flex-start">
                <Radio.Indicator />
                <div>
                  <Text fw={600} size="sm">
                    {t('crmSettings.imports.upload.contact')}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {t('crmSettings.imports.upload.contactHint')}
                  </Text>
                </div>
              </Group>
            </Radio.Card>
          </SimpleGrid>
        </Radio.Group>

        {/* A label around the input: a click, Enter or Space opens the picker; a drop sets the file. */}
        <label
          className="kesher-dropzone"
          data-active={dragging || undefined}
          data-error={error ? true : undefined}
          onDragEnter={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragOver={(event) => {
            event.preventDefault();
            event.dataTransfer.dropEffect = 'copy';
          }}
          onDragLeave={(event) => {
            if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
          }}
          onDrop={onDrop}
        >
          <input
            type="file"
            className="kesher-file-input"
            accept={IMPORT_ACCEPT}
            aria-label={t('crmSettings.imports.upload.fileLabel')}
            aria-describedby={hintId}
            aria-invalid={error ? true : undefined}
            onChange={(event) => {
              choose(event.currentTarget.files?.[0]);
              // choosing the same file again after an error still fires change
              event.currentTarget.value = '';
            }}
          />
          {file ? (
            <>
              <IconSpreadsheet size={36} color="var(--mantine-primary-color-filled)" />
              <Text size="xs" c="dimmed">
                {t('crmSettings.imports.upload.selected')}
              </Text>
              <Text fw={600}>
                <bdi>{file.name}</bdi>
              </Text>
              <Text size="sm" c="dimmed">
                {fileSize(file.size)}
              </Text>
              <Button component="span" variant="default" size="xs" mt="xs">
                {t('crmSettings.imports.upload.change')}
              </Button>
            </>
          ) : (
            <>
              <IconUpload size={36} color="var(--mantine-color-dimmed)" />
              <Text fw={600}>{t('crmSettings.imports.upload.zone')}</Text>
              <Text size="sm" c="dimmed">
                {t('crmSettings.imports.upload.or')}
              </Text>
              <Button component="span" variant="light">
                {t('crmSettings.imports.upload.choose')}
              </Button>
            </>
          )}
          <Text size="xs" c="dimmed" id={hintId} mt="xs">
            {t('crmSettings.imports.upload.hint')}
            <br />
            {t('crmSettings.imports.upload.xlsHint')}
          </Text>
        </label>

        <FormAlert message={error} />
        <Group justify="flex-end">
          <Button
            type="submit"
            loading={upload.isPending}
            disabled={Boolean(localError)}
            leftSection={<IconUpload size={16} />}
          >
            {t('crmSettings.imports.upload.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The file summary shown on the later steps. */
export function FileSummary({ uploaded }: { uploaded: ImportUploaded }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="sm" radius="md">
      <Group gap="sm" wrap="nowrap">
        <IconSpreadsheet size={24} color="var(--mantine-primary-color-filled)" />
        <Text size="sm" style={{ minWidth: 0 }} truncate>
          <bdi>{uploaded.fileName}</bdi>
          {' · '}
          {t(`crmSettings.imports.upload.${uploaded.entity}`)}
          {' · '}
          {t('crmSettings.imports.mapping.rows', { count: uploaded.totalRows })}
        </Text>
      </Group>
    </Paper>
  );
}
