import { Button, Group, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCopy } from './copy';
import { IconCheck, IconCopy } from './icons';

/** A read-only value (invite link, API key, secret) with a copy button at its inline end. */
export function CopyField({
  label,
  value,
  description,
}: {
  label: string;
  value: string;
  description?: string;
}) {
  const { t } = useTranslation();
  const { copy, status } = useCopy();
  return (
    <div>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <TextInput
          label={label}
          description={description}
          value={value}
          readOnly
          // links and keys read left to right even in a Hebrew page; the label keeps the page's side
          dir="ltr"
          classNames={{ input: 'kesher-mono' }}
          onFocus={(event) => event.currentTarget.select()}
          style={{ flex: 1, minWidth: 0 }}
        />
        <Button
          variant={status === 'copied' ? 'light' : 'default'}
          color={status === 'copied' ? 'teal' : undefined}
          leftSection={status === 'copied' ? <IconCheck size={16} /> : <IconCopy size={16} />}
          onClick={() => void copy(value)}
          miw={104}
        >
          {status === 'copied' ? t('common.copied') : t('common.copy')}
        </Button>
      </Group>
      {status === 'failed' ? (
        <Text size="xs" c="red" mt={4} role="alert">
          {t('common.copyFailed')}
        </Text>
      ) : null}
    </div>
  );
}
