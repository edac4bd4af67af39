import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { setUiLocale } from '../../i18n';
import type { Me } from '../../ui/api-types';
import type { Locale } from '../../ui/locale';
import { agentApi } from '../api';
import { queryKeys } from '../queries';

/** Flips the UI language at once and saves it to the account in the background. */
export const useSwitchLanguage = () => {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (locale: Locale) => agentApi.updateMe({ locale }),
    onError: () => notifications.show({ color: 'orange', message: t('shell.languageNotSaved') }),
  });
  return (locale: Locale) => {
    void setUiLocale(locale);
    queryClient.setQueryData<Me>(queryKeys.me, (me) => me && { ...me, user: { ...me.user, locale } });
    save.mutate(locale);
  };
};
