import { Alert, Anchor, Button, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PasswordResetRequestInput } from '../../ui/api-types';
import { AuthLayout } from '../../ui/auth-layout';
import { FormAlert } from '../../ui/form-alert';
import { IconMail } from '../../ui/icons';
import { fieldErrors, problemMessage } from '../../ui/problem';
import { readStored, STORAGE_KEYS, writeStored } from '../../ui/storage';
import { formRules } from '../../ui/validators';
import { agentApi } from '../api';

/** /forgot-password — always answers the same way, so it never reveals which addresses exist. */
export function ForgotPasswordPage() {
  const { t, i18n } = useTranslation();
  const rules = formRules(t);
  const form = useForm<PasswordResetRequestInput>({
    initialValues: { workspace: readStored(STORAGE_KEYS.workspace) ?? '', email: '' },
    validate: { workspace: rules.required, email: rules.email },
  });
  const request = useMutation({
    mutationFn: (input: PasswordResetRequestInput) => agentApi.requestPasswordReset(input),
    // the link in the email leads back to sign-in: have the workspace ready there
    onSuccess: (_result, input) => writeStored(STORAGE_KEYS.workspace, input.workspace),
    onError: (error) => form.setErrors(fieldErrors(error)),
  });

  const backLink = (
    <Anchor component={Link} to="/login" size="sm">
      {t('common.backToLogin')}
    </Anchor>
  );

  if (request.isSuccess) {
    return (
      <AuthLayout title={t('forgot.sentTitle')} footer={backLink}>
        <Alert color="teal" variant="light" icon={<IconMail size={18} />} role="status">
          {t('forgot.sent')}
        </Alert>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={t('forgot.title')} subtitle={t('forgot.intro')} footer={backLink}>
      <form
        noValidate
        onSubmit={form.onSubmit((values) =>
          request.mutate({ workspace: values.workspace.trim().toLowerCase(), email: values.email.trim() }),
        )}
      >
        <Stack>
          <TextInput
            {...form.getInputProps('workspace')}
            label={t('login.workspace')}
            description={t('login.workspaceHint')}
            dir="ltr"
            autoCapitalize="none"
            spellCheck={false}
            required
          />
          <TextInput
            {...form.getInputProps('email')}
            label={t('login.email')}
            type="email"
            dir="ltr"
            autoComplete="email"
            required
          />
          <FormAlert message={request.error ? problemMessage(t, request.error, i18n.language) : null} />
          <Button type="submit" size="md" fullWidth loading={request.isPending}>
            {t('forgot.submit')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
