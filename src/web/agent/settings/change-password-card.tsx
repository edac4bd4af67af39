import { Button, Group, Paper, PasswordInput, Stack, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ChangePasswordInput } from '../../ui/api-types';
import { FormAlert } from '../../ui/form-alert';
import { PasswordStrength } from '../../ui/password-strength';
import { fieldErrors, problemMessage } from '../../ui/problem';
import { formRules } from '../../ui/validators';
import { agentApi } from '../api';

export function ChangePasswordCard() {
  const { t, i18n } = useTranslation();
  const rules = formRules(t);
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', confirmPassword: '' },
    validate: {
      currentPassword: rules.required,
      newPassword: rules.newPassword,
      confirmPassword: (value: string, values: { newPassword: string }) =>
        rules.matches(values.newPassword)(value),
    },
  });
  const change = useMutation({
    mutationFn: (input: ChangePasswordInput) => agentApi.changePassword(input),
    onSuccess: () => {
      form.reset();
      notifications.show({ color: 'teal', message: t('profile.password.changed') });
    },
    onError: (error) =>
      form.setErrors(
        fieldErrors(error, {
          messages: { currentPassword: t('errors.WRONG_PASSWORD'), newPassword: t('errors.WEAK_PASSWORD') },
        }),
      ),
  });

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="password-card-title">
      <Title order={3} fz="h4" mb="md" id="password-card-title">
        {t('profile.password.title')}
      </Title>
      <form
        noValidate
        onSubmit={form.onSubmit((values) =>
          change.mutate({ currentPassword: values.currentPassword, newPassword: values.newPassword }),
        )}
      >
        <Stack maw={480}>
          <PasswordInput
            {...form.getInputProps('currentPassword')}
            label={t('profile.password.current')}
            autoComplete="current-password"
            required
          />
          <div>
            <PasswordInput
              {...form.getInputProps('newPassword')}
              label={t('profile.password.new')}
              autoComplete="new-password"
              required
            />
            <PasswordStrength value={form.values.newPassword} />
          </div>
          <PasswordInput
            {...form.getInputProps('confirmPassword')}
            label={t('profile.password.confirm')}
            autoComplete="new-password"
            required
          />
          <FormAlert message={change.error ? problemMessage(t, change.error, i18n.language) : null} />
          <Group>
            <Button type="submit" loading={change.isPending}>
              {t('profile.password.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
