import { Button, Group, NativeSelect, Paper, Stack, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { setUiLocale } from '../../i18n';
import type { Me } from '../../ui/api-types';
import { FormAlert } from '../../ui/form-alert';
import { isLocale, LOCALES, type Locale } from '../../ui/locale';
import { fieldErrors, problemMessage } from '../../ui/problem';
import { formRules } from '../../ui/validators';
import { agentApi } from '../api';
import { queryKeys } from '../queries';
import { useSession } from '../shell/session';

interface ProfileValues {
  name: string;
  locale: Locale;
}

/** Name and interface language of the signed-in user. */
export function ProfileCard() {
  const { t, i18n } = useTranslation();
  const { user } = useSession();
  const queryClient = useQueryClient();
  const rules = formRules(t);
  const form = useForm<ProfileValues>({
    initialValues: { name: user.name, locale: user.locale },
    validate: { name: rules.required },
  });
  const save = useMutation({
    mutationFn: (values: ProfileValues) => agentApi.updateMe(values),
    onSuccess: (_result, values) => {
      queryClient.setQueryData<Me>(queryKeys.me, (me) => me && { ...me, user: { ...me.user, ...values } });
      void setUiLocale(values.locale);
      form.resetDirty(values);
      notifications.show({ color: 'teal', message: t('profile.saved') });
    },
    onError: (error) => form.setErrors(fieldErrors(error)),
  });

  return (
    <Paper withBorder p="lg" component="section" aria-labelledby="profile-card-title">
      <Title order={3} fz="h4" mb="md" id="profile-card-title">
        {t('profile.title')}
      </Title>
      <form
        noValidate
        onSubmit={form.onSubmit((values) => save.mutate({ ...values, name: values.name.trim() }))}
      >
        <Stack maw={480}>
          <TextInput
            {...form.getInputProps('name')}
            label={t('profile.name')}
            dir="auto"
            autoComplete="name"
            required
          />
          <TextInput label={t('profile.email')} value={user.email} dir="ltr" readOnly variant="filled" />
          <NativeSelect
            {...form.getInputProps('locale')}
            onChange={(event) => {
              const value = event.currentTarget.value;
              if (isLocale(value)) form.setFieldValue('locale', value);
            }}
            label={t('profile.language')}
            data={LOCALES.map((locale) => ({ value: locale, label: t(`language.${locale}`) }))}
          />
          <FormAlert message={save.error ? problemMessage(t, save.error, i18n.language) : null} />
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
