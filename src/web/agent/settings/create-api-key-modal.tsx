import { Alert, Button, Checkbox, Group, Loader, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreateApiKeyInput, CreatedApiKey } from '../../ui/api-types';
import { CopyField } from '../../ui/copy-field';
import { FormAlert } from '../../ui/form-alert';
import { IconAlert } from '../../ui/icons';
import { fieldErrors, problemMessage } from '../../ui/problem';
import { formRules } from '../../ui/validators';
import { agentApi } from '../api';
import { queryKeys } from '../queries';
import { scopeLabel } from './api-key-scopes';

export function CreateApiKeyModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      onExitTransitionEnd={() => setCreated(null)}
      title={created ? t('apiKeys.dialog.createdTitle') : t('apiKeys.dialog.title')}
      size="lg"
      // the key is shown once: don't lose it to a stray click outside
      closeOnClickOutside={!created}
    >
      {created ? (
        <KeyCreated created={created} onClose={onClose} />
      ) : opened ? (
        <CreateKeyForm onCreated={setCreated} onClose={onClose} />
      ) : null}
    </Modal>
  );
}

function KeyCreated({ created, onClose }: { created: CreatedApiKey; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack>
      <Alert color="orange" variant="light" icon={<IconAlert size={18} />}>
        {t('apiKeys.dialog.warning')}
      </Alert>
      <CopyField label={t('apiKeys.dialog.key')} value={created.key} />
      <Group justify="flex-end">
        <Button onClick={onClose}>{t('apiKeys.dialog.confirmCopied')}</Button>
      </Group>
    </Stack>
  );
}

function CreateKeyForm({
  onCreated,
  onClose,
}: {
  onCreated: (key: CreatedApiKey) => void;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const rules = formRules(t);
  const scopes = useQuery({
    queryKey: queryKeys.apiKeyScopes,
    queryFn: agentApi.apiKeyScopes,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const form = useForm<CreateApiKeyInput>({
    initialValues: { name: '', scopes: [] },
    validate: {
      name: rules.required,
      scopes: (value) => (value.length ? null : t('validation.scopes')),
    },
  });
  const create = useMutation({
    mutationFn: (input: CreateApiKeyInput) => agentApi.createApiKey(input),
    onSuccess: (key) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.apiKeys });
      onCreated(key);
    },
    onError: (error) => form.setErrors(fieldErrors(error)),
  });

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => create.mutate({ name: values.name.trim(), scopes: values.scopes }))}
    >
      <Stack>
        <TextInput
          {...form.getInputProps('name')}
          label={t('apiKeys.dialog.name')}
          placeholder={t('apiKeys.dialog.nameHint')}
          dir="auto"
          required
          data-autofocus
        />
        <Checkbox.Group {...form.getInputProps('scopes')} label={t('apiKeys.dialog.scopes')} required>
          {scopes.data ? (
            <Stack gap="xs" mt="xs">
              {scopes.data.scopes.map((scope) => (
                <Checkbox
                  key={scope}
                  value={scope}
                  label={scopeLabel(t, scope)}
                  description={<bdi>{scope}</bdi>}
                />
              ))}
            </Stack>
          ) : scopes.isPending ? (
            <Loader size="sm" mt="xs" aria-label={t('common.loading')} />
          ) : (
            <Text size="sm" c="red" mt="xs">
              {problemMessage(t, scopes.error, i18n.language)}
            </Text>
          )}
        </Checkbox.Group>
        <FormAlert message={create.error ? problemMessage(t, create.error, i18n.language) : null} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {t('apiKeys.dialog.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
