import { Anchor, Button, Fieldset, Group, PasswordInput, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { currentLocale, setUiLocale } from '../../i18n';
import { hasCode } from '../../ui/api-client';
import type { SetupStatus, SignupInput } from '../../ui/api-types';
import { AuthLayout } from '../../ui/auth-layout';
import { FormAlert } from '../../ui/form-alert';
import { isLocale, type Locale } from '../../ui/locale';
import { PasswordStrength } from '../../ui/password-strength';
import { fieldErrors, problemMessage } from '../../ui/problem';
import { suggestSlug } from '../../ui/slug';
import { STORAGE_KEYS, writeStored } from '../../ui/storage';
import { formRules } from '../../ui/validators';
import { agentApi } from '../api';
import { queryKeys, useSetupStatus } from '../queries';

interface SetupValues {
  organization: { name: string; slug: string };
  owner: { name: string; email: string; password: string };
  confirmPassword: string;
  locale: Locale;
}

function SignupClosed() {
  const { t } = useTranslation();
  return (
    <AuthLayout title={t('setup.closedTitle')}>
      <Stack>
        <Text>{t('setup.closedBody')}</Text>
        <Button component={Link} to="/login" variant="light">
          {t('common.backToLogin')}
        </Button>
      </Stack>
    </AuthLayout>
  );
}

/** /setup — the first organization on a fresh server, or a new one when sign-up is open. */
export function SetupPage() {
  const status = useSetupStatus().data;
  if (status && !status.needsSetup && status.signup === 'closed') return <SignupClosed />;
  return <SetupForm status={status} />;
}

function SetupForm({ status }: { status: SetupStatus | undefined }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const rules = formRules(t);
  const [slugEdited, setSlugEdited] = useState(false);
  const firstRun = status?.needsSetup ?? true;
  const uiLanguage = i18n.resolvedLanguage ?? i18n.language;

  const form = useForm<SetupValues>({
    initialValues: {
      organization: { name: '', slug: '' },
      owner: { name: '', email: '', password: '' },
      confirmPassword: '',
      locale: currentLocale(),
    },
    validate: {
      organization: { name: rules.minLength(2), slug: rules.slug },
      owner: { name: rules.required, email: rules.email, password: rules.newPassword },
      confirmPassword: (value, values) => rules.matches(values.owner.password)(value),
    },
  });

  // The header's language switch and the organization's default language start out as one choice.
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the UI language only
  useEffect(() => {
    if (isLocale(uiLanguage)) form.setFieldValue('locale', uiLanguage);
  }, [uiLanguage]);

  const signup = useMutation({
    mutationFn: (input: SignupInput) => agentApi.signup(input),
    onSuccess: (result) => {
      writeStored(STORAGE_KEYS.workspace, result.tenant.slug);
      queryClient.setQueryData<SetupStatus>(
        queryKeys.setupStatus,
        (old) => old && { ...old, needsSetup: false },
      );
      queryClient.removeQueries({ queryKey: queryKeys.me });
      void navigate('/', { replace: true });
    },
    onError: (error) => {
      form.setErrors(fieldErrors(error, { messages: { 'owner.password': t('errors.WEAK_PASSWORD') } }));
      if (hasCode(error, 'SLUG_TAKEN')) form.setFieldError('organization.slug', t('errors.SLUG_TAKEN'));
      if (hasCode(error, 'EMAIL_TAKEN')) form.setFieldError('owner.email', t('errors.EMAIL_TAKEN'));
    },
  });

  const submit = form.onSubmit((values) =>
    signup.mutate({
      organization: { name: values.organization.name.trim(), slug: values.organization.slug },
      owner: {
        name: values.owner.name.trim(),
        email: values.owner.email.trim(),
        password: values.owner.password,
      },
      locale: values.locale,
    }),
  );

  const nameProps = form.getInputProps('organization.name');
  const slugProps = form.getInputProps('organization.slug');

  return (
    <AuthLayout
      width={520}
      title={firstRun ? t('setup.titleFirstRun') : t('setup.titleNew')}
      subtitle={firstRun ? t('setup.introFirstRun') : t('setup.introNew')}
      footer={
        firstRun ? null : (
          <Text size="sm">
            {t('setup.haveWorkspace')}{' '}
            <Anchor component={Link} to="/login">
              {t('setup.signIn')}
            </Anchor>
          </Text>
        )
      }
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="lg">
          <Fieldset legend={t('setup.organization')} variant="filled">
            <Stack gap="sm">
              <TextInput
                {...nameProps}
                onChange={(event) => {
                  nameProps.onChange(event);
                  if (!slugEdited)
                    form.setFieldValue('organization.slug', suggestSlug(event.currentTarget.value));
                }}
                label={t('setup.orgName')}
                dir="auto"
                autoComplete="organization"
                required
              />
              <TextInput
                {...slugProps}
                onChange={(event) => {
                  const value = event.currentTarget.value.toLowerCase().replace(/\s+/g, '-');
                  setSlugEdited(value !== '');
                  form.setFieldValue('organization.slug', value);
                }}
                label={t('setup.slug')}
                description={t('setup.slugHint')}
                dir="ltr"
                autoCapitalize="none"
                spellCheck={false}
                required
              />
              <Radio.Group
                label={t('setup.language')}
                value={form.values.locale}
                onChange={(value) => {
                  if (!isLocale(value)) return;
                  form.setFieldValue('locale', value);
                  void setUiLocale(value);
                }}
              >
                <Group gap="lg" mt={6}>
                  <Radio value="he" label={t('language.he')} lang="he" />
                  <Radio value="en" label={t('language.en')} lang="en" />
                </Group>
              </Radio.Group>
            </Stack>
          </Fieldset>

          <Fieldset legend={t('setup.owner')} variant="filled">
            <Stack gap="sm">
              <TextInput
                {...form.getInputProps('owner.name')}
                label={t('setup.ownerName')}
                dir="auto"
                autoComplete="name"
                required
              />
              <TextInput
                {...form.getInputProps('owner.email')}
                label={t('setup.email')}
                type="email"
                dir="ltr"
                autoComplete="email"
                required
              />
              <div>
                <PasswordInput
                  {...form.getInputProps('owner.password')}
                  label={t('setup.password')}
                  autoComplete="new-password"
                  required
                />
                <PasswordStrength value={form.values.owner.password} />
              </div>
              <PasswordInput
                {...form.getInputProps('confirmPassword')}
                label={t('setup.confirmPassword')}
                autoComplete="new-password"
                required
              />
            </Stack>
          </Fieldset>

          <FormAlert message={signup.error ? problemMessage(t, signup.error, i18n.language) : null} />
          <Button type="submit" size="md" fullWidth loading={signup.isPending}>
            {t('setup.submit')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
