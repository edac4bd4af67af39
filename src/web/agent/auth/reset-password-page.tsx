import { Anchor, Button, PasswordInput, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { hasCode } from '../../ui/api-client';
import type { PasswordResetConfirmInput } from '../../ui/api-types';
import { AuthLayout } from '../../ui/auth-layout';
import { FormAlert } from '../../ui/form-alert';
import { PasswordStrength } from '../../ui/password-strength';
import { fieldErrors, problemMessage } from '../../ui/problem';
import { formRules } from '../../ui/validators';
import { agentApi } from '../api';
import type { LoginNotice } from './login-page';

function BrokenLink({ message }: { message: string }) {
  const { t } = useTranslation();
  return (
    <AuthLayout
      title={t('reset.title')}
      footer={
        <Anchor component={Link} to="/login" size="sm">
          {t('common.backToLogin')}
        </Anchor>
      }
    >
      <Stack>
        <Text role="alert">{message}</Text>
        <Button component={Link} to="/forgot-password" variant="light">
          {t('reset.requestNew')}
        </Button>
      </Stack>
    </AuthLayout>
  );
}

/** /reset-password?token=… — choose a new password, then sign in with it. */
export function ResetPasswordPage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const rules = formRules(t);
  const form = useForm({
    initialValues: { password: '', confirmPassword: '' },
    validate: {
      password: rules.newPassword,
      confirmPassword: (value: string, values: { password: string }) => rules.matches(values.password)(value),
    },
  });
  const confirm = useMutation({
    mutationFn: (input: PasswordResetConfirmInput) => agentApi.confirmPasswordReset(input),
    onSuccess: () => {
      const state: { notice: LoginNotice } = { notice: 'password-reset' };
      void navigate('/login', { replace: true, state });
    },
    onError: (error) =>
      form.setErrors(fieldErrors(error, { messages: { password: t('errors.WEAK_PASSWORD') } })),
  });

  if (!token) return <BrokenLink message={t('reset.missingToken')} />;
  if (hasCode(confirm.error, 'TOKEN_INVALID', 'RESET_TOKEN_INVALID'))
    return <BrokenLink message={t('errors.RESET_TOKEN_INVALID')} />;

  return (
    <AuthLayout
      title={t('reset.title')}
      footer={
        <Anchor component={Link} to="/login" size="sm">
          {t('common.backToLogin')}
        </Anchor>
      }
    >
      <form
        noValidate
        onSubmit={form.onSubmit((values) => confirm.mutate({ token, password: values.password }))}
      >
        <Stack>
          <div>
            <PasswordInput
              {...form.getInputProps('password')}
              label={t('reset.newPassword')}
              autoComplete="new-password"
              required
            />
            <PasswordStrength value={form.values.password} />
          </div>
          <PasswordInput
            {...form.getInputProps('confirmPassword')}
            label={t('reset.confirmPassword')}
            autoComplete="new-password"
            required
          />
          <FormAlert message={confirm.error ? problemMessage(t, confirm.error, i18n.language) : null} />
          <Button type="submit" size="md" fullWidth loading={confirm.isPending}>
            {t('reset.submit')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
