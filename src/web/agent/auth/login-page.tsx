import { Alert, Anchor, Button, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { hasCode } from '../../ui/api-client';
import type { LoginInput } from '../../ui/api-types';
import { AuthLayout } from '../../ui/auth-layout';
import { FormAlert } from '../../ui/form-alert';
import { IconCheck } from '../../ui/icons';
import { fieldErrors, problemMessage } from '../../ui/problem';
import { readStored, STORAGE_KEYS, writeStored } from '../../ui/storage';
import { formRules } from '../../ui/validators';
import { agentApi } from '../api';
import { queryKeys, useSetupStatus } from '../queries';
import { safeNextPath } from '../shell/session';

type MfaMode = 'totp' | 'recovery';

interface LoginValues {
  workspace: string;
  email: string;
  password: string;
  code: string;
}

/** Notices other screens hand to /login through router state. */
export type LoginNotice = 'password-reset';

const noticeOf = (state: unknown): LoginNotice | null =>
  typeof state === 'object' && state !== null && 'notice' in state && state.notice === 'password-reset'
    ? 'password-reset'
    : null;

/** /login — workspace, email and password, then a TOTP or recovery code when the account has 2FA. */
export function LoginPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const signupOpen = useSetupStatus().data?.signup === 'open';
  const rules = formRules(t);
  const [mfa, setMfa] = useState<MfaMode | null>(null);
  const [error, setError] = useState<string | null>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const notice = noticeOf(location.state);

  const form = useForm<LoginValues>({
    initialValues: { workspace: readStored(STORAGE_KEYS.workspace) ?? '', email: '', password: '', code: '' },
    validate: { workspace: rules.required, email: rules.email, password: rules.required },
  });

  // The code field appears after the first answer: take the user straight to it.
  useEffect(() => {
    if (mfa) codeRef.current?.focus();
  }, [mfa]);

  const login = useMutation({
    mutationFn: (input: LoginInput) => agentApi.login(input),
    onSuccess: (_result, input) => {
      writeStored(STORAGE_KEYS.workspace, input.workspace);
      queryClient.removeQueries({ queryKey: queryKeys.me });
      void navigate(safeNextPath(params.get('next')), { replace: true });
    },
    onError: (err) => {
      if (hasCode(err, 'MFA_REQUIRED')) {
        // The first answer only tells us a code is needed; a second one means the code was wrong.
        if (mfa) {
          setError(t('errors.MFA_INVALID'));
          form.setFieldValue('code', '');
        } else {
          setError(null);
          setMfa('totp');
        }
        return;
      }
      // In the code step the password was right: "invalid credentials" means the code was wrong.
      if (mfa && hasCode(err, 'INVALID_CREDENTIALS')) {
        setError(t('errors.MFA_INVALID'));
        form.setFieldValue('code', '');
        return;
      }
      form.setErrors(fieldErrors(err, { rename: { totpCode: 'code' } }));
      setError(problemMessage(t, err, i18n.language));
    },
  });

  const submit = form.onSubmit((values) => {
    const code = values.code.replace(/\s/g, '');
    if (mfa) {
      const codeError = mfa === 'totp' ? rules.totpCode(code) : rules.required(code);
      if (codeError) {
        form.setFieldError('code', codeError);
        return;
      }
    }
    setError(null);
    login.mutate({
      workspace: values.workspace.trim().toLowerCase(),
      email: values.email.trim(),
      password: values.password,
      ...(mfa ? { totpCode: code } : {}),
    });
  });

  const startOver = () => {
    setMfa(null);
    setError(null);
    form.setValues({ password: '', code: '' });
  };

  return (
    <AuthLayout
      title={mfa ? t('login.mfaTitle') : t('login.title')}
      subtitle={
        mfa ? (mfa === 'totp' ? t('login.mfaPrompt') : t('login.recoveryPrompt')) : t('login.subtitle')
      }
      footer={
        signupOpen && !mfa ? (
          <Text size="sm">
            {t('login.noWorkspace')}{' '}
            <Anchor component={Link} to="/setup">
              {t('login.createOrg')}
            </Anchor>
          </Text>
        ) : null
      }
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {notice === 'password-reset' && !mfa ? (
            <Alert color="teal" variant="light" icon={<IconCheck size={18} />}>
              {t('login.passwordResetDone')}
            </Alert>
          ) : null}

          {mfa ? (
            <>
              <TextInput
                key={mfa}
                ref={codeRef}
                {...form.getInputProps('code')}
                label={mfa === 'totp' ? t('login.totpCode') : t('login.recoveryCode')}
                dir="ltr"
                autoComplete="one-time-code"
                inputMode={mfa === 'totp' ? 'numeric' : 'text'}
                maxLength={mfa === 'totp' ? 7 : 64}
                spellCheck={false}
                required
              />
              <Anchor
                component="button"
                type="button"
                size="sm"
                ta="start"
                onClick={() => {
                  setMfa(mfa === 'totp' ? 'recovery' : 'totp');
                  form.setFieldValue('code', '');
                  setError(null);
                }}
              >
                {mfa === 'totp' ? t('login.useRecovery') : t('login.useTotp')}
              </Anchor>
            </>
          ) : (
            <>
              <TextInput
                {...form.getInputProps('workspace')}
                label={t('login.workspace')}
                description={t('login.workspaceHint')}
                dir="ltr"
                autoCapitalize="none"
                autoComplete="organization"
                spellCheck={false}
                required
              />
              <TextInput
                {...form.getInputProps('email')}
                label={t('login.email')}
                type="email"
                dir="ltr"
                autoComplete="username"
                required
              />
              <PasswordInput
                {...form.getInputProps('password')}
                label={t('login.password')}
                autoComplete="current-password"
                required
              />
              <Group justify="flex-end" mt={-6}>
                <Anchor component={Link} to="/forgot-password" size="sm">
                  {t('login.forgot')}
                </Anchor>
              </Group>
            </>
          )}

          <FormAlert message={error} />

          <Button type="submit" size="md" fullWidth loading={login.isPending}>
            {mfa ? t('login.verify') : t('login.submit')}
          </Button>
          {mfa ? (
            <Button variant="subtle" color="gray" onClick={startOver}>
              {t('login.startOver')}
            </Button>
          ) : null}
        </Stack>
      </form>
    </AuthLayout>
  );
}
