import { Menu, Switch } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { deskApi, deskKeys } from './desk-api';

/** "Available / Away" in the user menu: away agents get no automatic assignments. */
export function AvailabilityMenuItem() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const state = useQuery({ queryKey: deskKeys.availability, queryFn: deskApi.getAvailability, retry: false });
  const set = useMutation({
    mutationFn: deskApi.setAvailability,
    onSuccess: (data) => {
      queryClient.setQueryData(deskKeys.availability, data);
      void queryClient.invalidateQueries({ queryKey: deskKeys.teams });
    },
  });
  if (state.isError) return null;
  const available = (state.data?.status ?? 'available') === 'available';
  return (
    <Menu.Item
      closeMenuOnClick={false}
      onClick={() => set.mutate(available ? 'away' : 'available')}
      disabled={state.isPending || set.isPending}
      rightSection={<Switch size="xs" checked={available} readOnly tabIndex={-1} aria-hidden color="green" />}
      role="menuitemcheckbox"
      aria-checked={available}
    >
      {available ? t('desk.availability.available') : t('desk.availability.away')}
    </Menu.Item>
  );
}
