import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useUserDirectory } from '../sales-queries';

interface UserSelectProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** The label of the empty choice ("Anyone", "Unassigned"); without it a user must be chosen. */
  emptyLabel?: string;
  error?: string | null | undefined;
  size?: 'xs' | 'sm';
  w?: number | string;
}

/** A user of the workspace (active ones, plus the current value even if deactivated). */
export function UserSelect({ label, value, onChange, emptyLabel, error, size, w }: UserSelectProps) {
  const { t } = useTranslation();
  const directory = useUserDirectory();
  const options = directory.users
    .filter((user) => user.active || user.id === value)
    .map((user) => ({ value: user.id, label: user.name }));
  const data = emptyLabel === undefined ? options : [{ value: '', label: emptyLabel }, ...options];
  if (value && !options.some((option) => option.value === value)) {
    data.push({ value, label: t('common.loading') });
  }
  return (
    <NativeSelect
      label={label}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      data={data}
      error={error}
      size={size}
      w={w}
    />
  );
}
