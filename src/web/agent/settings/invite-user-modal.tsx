import { Alert, Button, Group, Modal, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hasCode } from '../../ui/api-client';
import { type InviteUserInput, type InviteUserResult, ROLES, type Role } from '../../ui/api-types';
import { CopyField } from '../../ui/copy-field';
import { FormAlert } from '../../ui/form-alert';
import { IconCheck } from '../../ui/icons';
import { fieldErrors, problemMessage } from '../../ui/problem';
import { formRules } from '../../ui/validators';
import { agentApi } from '../api';
import { queryKeys } from '../queries';
import { useSession } from '../shell/session';

export function InviteUserModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('users.inviteDialog.title')} size="md">
      {opened ? <InviteUserBody onClose={onClose} /> : null}
    </Modal>
  );
}

function InviteUserBody({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const rules = formRules(t);
  const isOwner = useSession().user.role === 'owner';
  const [result, setResult] = useState<InviteUserResult | null>(null);
  const form = useForm<InviteUserInput>({
    initialValues: { email: '', name: '', role: 'agent' },
    validate: { email: rules.email, name: rules.required },
  });
  const invite = useMutation({
    mutationFn: (input: InviteUserInput) => agentApi.inviteUser(input),
    onSuccess: (created) => {
      setResult(created);
      void queryClient.invalidateQueries({ queryKey: queryKeys.users });
    },
    onError: (error) => {
      form.setErrors(fieldErrors(error));
      if (hasCode(error, 'EMAIL_TAKEN')) form.setFieldError('email', t('errors.EMAIL_TAKEN'));
    },
  });

  if (result) {
    return (
      <Stack>
        <Alert
          color="teal"
          variant="light"
          icon={<IconCheck size={18} />}
          title={t('users.inviteDialog.createdTitle')}
        >
          {t('users.inviteDialog.createdBody', { email: result.user.email })}
        </Alert>
        <CopyField label={t('users.inviteDialog.link')} value={result.inviteUrl} />
        <Group justify="flex-end">
          <Button onClick={onClose}>{t('common.done')}</Button>
        </Group>
      </Stack>
    );
  }

  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) =>
        invite.mutate({ email: values.email.trim(), name: values.name.trim(), role: values.role }),
      )}
    >
      <Stack>
        <TextInput
          {...form.getInputProps('email')}
          label={t('users.inviteDialog.email')}
          type="email"
          dir="ltr"
          autoComplete="off"
          required
          data-autofocus
        />
        <TextInput {...form.getInputProps('name')} label={t('users.inviteDialog.name')} dir="auto" required />
        <NativeSelect
          {...form.getInputProps('role')}
          label={t('users.inviteDialog.role')}
          data={ROLES.filter((role) => isOwner || role !== 'owner').map((role: Role) => ({
            value: role,
            label: t(`roles.${role}`),
          }))}
        />
        <FormAlert
          message={
            invite.error && !hasCode(invite.error, 'EMAIL_TAKEN')
              ? problemMessage(t, invite.error, i18n.language)
              : null
          }
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={invite.isPending}>
            {t('users.inviteDialog.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
