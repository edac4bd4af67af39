import { Anchor, Button, Center, Loader, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { hasCode, isApiError } from '../../ui/api-client';
import type { AcceptInvitationInput, Invitation } from '../../ui/api-types';
import { AuthLayout } from '../../ui/auth-layout';
import { FormAlert } from '../../ui/form-alert';
import { PasswordStrength } from '../../ui/password-strength';
import { fieldErrors, problemMessage } from '../../ui/problem';
import { STORAGE_KEYS, writeStored } from '../../ui/storage';
import { formRules } from '../../ui/validators';
import { WithUserText } from '../../ui/with-user-text';
import { agentApi } from '../api';
import { queryKeys } from '../queries';

const isInvalidInvite = (error: unknown): boolean =>
  hasCode(error, 'TOKEN_INVALID', 'INVITE_INVALID') || (isApiError(error) && error.status === 404);

function InvalidInvite({ message }: { message?: string }) {
  const { t } = useTranslation();
  return (
    <AuthLayout
      title={t('invite.invalidTitle')}
      footer={
        <Anchor component={Link} to="/login" size="sm">
          {t('common.backToLogin')}
        </Anchor>
      }
    >
      <Text role="alert">{message ?? t('invite.invalidBody')}</Text>
    </AuthLayout>
  );
}

/** /accept-invite?token=… — a new user chooses their name and password and lands in the app. */
export function AcceptInvitePage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const invitation = useQuery({
    queryKey: queryKeys.invitation(token),
    queryFn: () => agentApi.getInvitation(token),
    enabled: token !== '',
    staleTime: Number.POSITIVE_INFINITY,
  });

  if (!token) return <InvalidInvite message={t('invite.missingToken')} />;
  if (invitation.data) return <AcceptInviteForm token={token} invitation={invitation.data} />;
  if (invitation.isPending) {
    return (
      <AuthLayout title={t('common.loading')}>
        <Center py="lg">
          <Loader aria-label={t('common.loading')} />
        </Center>
      </AuthLayout>
    );
  }
  if (isInvalidInvite(invitation.error)) return <InvalidInvite />;
  return (
    <AuthLayout title={t('invite.invalidTitle')}>
      <Stack>
        <FormAlert message={problemMessage(t, invitation.error, i18n.language)} />
        <Button variant="light" onClick={() => void invitation.refetch()}>
          {t('common.retry')}
        </Button>
      </Stack>
    </AuthLayout>
  );
}

function AcceptInviteForm({ token, invitation }: { token: string; invitation: Invitation }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const rules = formRules(t);
  const form = useForm({
    initialValues: { name: invitation.name, password: '', confirmPassword: '' },
    validate: {
      name: rules.required,
      password: rules.newPassword,
      confirmPassword: (value: string, values: { password: string }) => rules.matches(values.password)(value),
    },
  });
  const accept = useMutation({
    mutationFn: (input: AcceptInvitationInput) => agentApi.acceptInvitation(input),
    onSuccess: () => {
      writeStored(STORAGE_KEYS.workspace, invitation.tenant.slug);
      queryClient.removeQueries({ queryKey: queryKeys.me });
      void navigate('/', { replace: true });
    },
    onError: (error) =>
      form.setErrors(fieldErrors(error, { messages: { password: t('errors.WEAK_PASSWORD') } })),
  });

  if (isInvalidInvite(accept.error)) return <InvalidInvite />;

  return (
    <AuthLayout
      title={t('invite.title', { org: invitation.tenant.name })}
      heading={
        <WithUserText translate={(org) => t('invite.title', { org })} value={invitation.tenant.name} />
      }
      subtitle={t('invite.intro', { email: invitation.email })}
    >
      <form
        noValidate
        onSubmit={form.onSubmit((values) =>
          accept.mutate({ token, name: values.name.trim(), password: values.password }),
        )}
      >
        <Stack>
          <TextInput
            {...form.getInputProps('name')}
            label={t('invite.name')}
            dir="auto"
            autoComplete="name"
            required
          />
          {/* lets password managers file the new password under the right account */}
          <input type="email" value={invitation.email} autoComplete="username" readOnly hidden />
          <div>
            <PasswordInput
              {...form.getInputProps('password')}
              label={t('invite.password')}
              autoComplete="new-password"
              required
            />
            <PasswordStrength value={form.values.password} />
          </div>
          <PasswordInput
            {...form.getInputProps('confirmPassword')}
            label={t('invite.confirmPassword')}
            autoComplete="new-password"
            required
          />
          <FormAlert message={accept.error ? problemMessage(t, accept.error, i18n.language) : null} />
          <Button type="submit" size="md" fullWidth loading={accept.isPending}>
            {t('invite.submit')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
