import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { WithUserText } from '../../../ui/with-user-text';

interface LostReasonModalProps {
  opened: boolean;
  dealName: string;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}

/** Moving a deal into a Lost stage: why was it lost? (required by the server too) */
export function LostReasonModal({ opened, dealName, onConfirm, onClose }: LostReasonModalProps) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('sales.lost.title')} size="md">
      {opened ? <LostReasonBody dealName={dealName} onConfirm={onConfirm} onClose={onClose} /> : null}
    </Modal>
  );
}

function LostReasonBody({ dealName, onConfirm, onClose }: Omit<LostReasonModalProps, 'opened'>) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const value = reason.trim();
        if (!value) {
          setError(t('validation.required'));
          return;
        }
        onConfirm(value);
      }}
    >
      <Stack>
        <Text size="sm">
          <WithUserText value={dealName} translate={(name) => t('sales.lost.body', { name })} />
        </Text>
        <TextInput
          label={t('sales.lost.reason')}
          description={t('sales.lost.reasonHint')}
          value={reason}
          maxLength={500}
          dir="auto"
          required
          data-autofocus
          error={error}
          onChange={(event) => {
            setReason(event.currentTarget.value);
            setError(null);
          }}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" color="red">
            {t('sales.lost.confirm')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
