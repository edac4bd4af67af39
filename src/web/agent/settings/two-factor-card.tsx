import {
  Alert,
  Badge,
  Box,
  Button,
  Group,
  Image,
  Modal,
  Paper,
  PasswordInput,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me, TotpSetup } from '../../ui/api-types';
import { useCopy } from '../../ui/copy';
import { CopyField } from '../../ui/copy-field';
import { FormAlert } from '../../ui/form-alert';
import { IconAlert, IconCheck, IconCopy, IconDownload } from '../../ui/icons';
import { fieldErrors, problemMessage } from '../../ui/problem';
import { formRules } from '../../ui/validators';
import { agentApi } from '../api';
import { queryKeys } from '../queries';
import { useSession } from '../shell/session';

type Step = { kind: 'idle' } | { kind: 'enrol'; setup: TotpSetup } | { kind: 'codes'; codes: string[] };

/** Two-factor sign-in with an authenticator app: set up, show recovery codes once, or turn off. */
export function TwoFactorCard() {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [disableOpened, disableDialog] = useDisclosure(false);

  const setTotpEnabled = (totpEnabled: boolean) =>
    queryClient.setQueryData<Me>(queryKeys.me, (me) => me && { ...me, user: { ...me.user, totpEnabled } });

  const setup = useMutation({
    mutationFn: agentApi.totpSetup,
    onSuccess: (data) => setStep({ kind: 'enrol', setup: data }),
  });

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="totp-card-title">
      <Group justify="space-between" mb="xs">
        <Title order={3} fz="h4" id="totp-card-title">
          {t('profile.totp.title')}
        </Title>
        <Badge color={user.totpEnabled ? 'teal' : 'gray'} variant="light">
          {user.totpEnabled ? t('profile.totp.enabled') : t('profile.totp.disabled')}
        </Badge>
      </Group>
      <Text size="sm" c="dimmed" mb="md" maw={640}>
        {t('profile.totp.description')}
      </Text>

      {step.kind === 'enrol' ? (
        <EnrolTotp
          setup={step.setup}
          onCancel={() => setStep({ kind: 'idle' })}
          onEnabled={(codes) => {
            setTotpEnabled(true);
            setStep({ kind: 'codes', codes });
            notifications.show({ color: 'teal', message: t('profile.totp.enabledNotice') });
          }}
        />
      ) : step.kind === 'codes' ? (
        <RecoveryCodes codes={step.codes} onDone={() => setStep({ kind: 'idle' })} />
      ) : user.totpEnabled ? (
        <Button variant="default" color="red" onClick={disableDialog.open}>
          {t('profile.totp.disable')}
        </Button>
      ) : (
        <Stack gap="sm" align="flex-start">
          <FormAlert message={setup.error ? problemMessage(t, setup.error, i18n.language) : null} />
          <Button onClick={() => setup.mutate()} loading={setup.isPending}>
            {t('profile.totp.setup')}
          </Button>
        </Stack>
      )}

      <Modal opened={disableOpened} onClose={disableDialog.close} title={t('profile.totp.disable')}>
        {disableOpened ? (
          <DisableTotpForm
            onCancel={disableDialog.close}
            onDisabled={() => {
              setTotpEnabled(false);
              disableDialog.close();
              notifications.show({ color: 'teal', message: t('profile.totp.disabledNotice') });
            }}
          />
        ) : null}
      </Modal>
    </Paper>
  );
}

function EnrolTotp(props: { setup: TotpSetup; onCancel: () => void; onEnabled: (codes: string[]) => void }) {
  const { t, i18n } = useTranslation();
  const rules = formRules(t);
  const form = useForm({ initialValues: { code: '' }, validate: { code: rules.totpCode } });
  const enable = useMutation({
    mutationFn: (code: string) => agentApi.totpEnable(code),
    onSuccess: (result) => props.onEnabled(result.recoveryCodes),
    onError: (error) => {
      const fields = fieldErrors(error, { messages: { code: t('errors.MFA_INVALID') } });
      form.setFieldError('code', fields.code ?? problemMessage(t, error, i18n.language));
    },
  });

  return (
    <Stack maw={560}>
      <Text size="sm">{t('profile.totp.scan')}</Text>
      <Group align="flex-start" gap="lg" wrap="wrap">
        <Box p={8} bg="white" bd="1px solid var(--mantine-color-gray-3)" style={{ borderRadius: 12 }}>
          <Image src={props.setup.qrDataUrl} alt={t('profile.totp.qrAlt')} w={176} h={176} />
        </Box>
        <Box style={{ flex: 1, minWidth: 240 }}>
          <CopyField label={t('profile.totp.secret')} value={props.setup.secret} />
        </Box>
      </Group>
      <form noValidate onSubmit={form.onSubmit((values) => enable.mutate(values.code.replace(/\s/g, '')))}>
        <Group align="flex-end" gap="sm">
          <TextInput
            {...form.getInputProps('code')}
            label={t('profile.totp.code')}
            dir="ltr"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={7}
            w={200}
            required
          />
          <Button type="submit" loading={enable.isPending}>
            {t('profile.totp.enable')}
          </Button>
          <Button variant="subtle" color="gray" onClick={props.onCancel}>
            {t('common.cancel')}
          </Button>
        </Group>
      </form>
    </Stack>
  );
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const { copy, status } = useCopy();
  const text = codes.join('\n');

  const download = () => {
    const url = URL.createObjectURL(new Blob([`${text}\n`], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `kesher-recovery-codes-${user.email.replace(/[^a-z0-9.@_-]/gi, '_')}.txt`;
    link.click();
    URL.revokeObjectURL(url);
  };

  return (
    <Stack maw={560}>
      <Alert
        color="orange"
        variant="light"
        icon={<IconAlert size={18} />}
        title={t('profile.totp.recoveryTitle')}
      >
        {t('profile.totp.recoveryBody')}
      </Alert>
      <Textarea
        label={t('profile.totp.recoveryCodes')}
        value={text}
        readOnly
        autosize
        minRows={Math.min(codes.length, 10)}
        dir="ltr"
        classNames={{ input: 'kesher-mono' }}
        onFocus={(event) => event.currentTarget.select()}
      />
      {status === 'failed' ? (
        <Text size="xs" c="red" role="alert">
          {t('common.copyFailed')}
        </Text>
      ) : null}
      <Group>
        <Button
          variant="default"
          leftSection={status === 'copied' ? <IconCheck size={16} /> : <IconCopy size={16} />}
          onClick={() => void copy(text)}
        >
          {status === 'copied' ? t('common.copied') : t('common.copy')}
        </Button>
        <Button variant="default" leftSection={<IconDownload size={16} />} onClick={download}>
          {t('common.download')}
        </Button>
        <Button onClick={onDone}>{t('profile.totp.recoverySaved')}</Button>
      </Group>
    </Stack>
  );
}

function DisableTotpForm({ onCancel, onDisabled }: { onCancel: () => void; onDisabled: () => void }) {
  const { t, i18n } = useTranslation();
  const rules = formRules(t);
  const form = useForm({ initialValues: { password: '' }, validate: { password: rules.required } });
  const disable = useMutation({
    mutationFn: (password: string) => agentApi.totpDisable(password),
    onSuccess: onDisabled,
    onError: (error) =>
      form.setErrors(fieldErrors(error, { messages: { password: t('errors.WRONG_PASSWORD') } })),
  });

  return (
    <form noValidate onSubmit={form.onSubmit((values) => disable.mutate(values.password))}>
      <Stack>
        <Text size="sm">{t('profile.totp.disableBody')}</Text>
        <PasswordInput
          {...form.getInputProps('password')}
          label={t('profile.totp.password')}
          autoComplete="current-password"
          required
          data-autofocus
        />
        <FormAlert message={disable.error ? problemMessage(t, disable.error, i18n.language) : null} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" color="red" loading={disable.isPending}>
            {t('profile.totp.disable')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
