import { Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Two linked rings: "kesher" means a connection. */
export function BrandMark({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="var(--mantine-primary-color-filled)" />
      <circle cx="12.5" cy="16" r="5.5" fill="none" stroke="#fff" strokeWidth="2.4" />
      <circle cx="19.5" cy="16" r="5.5" fill="none" stroke="#fff" strokeWidth="2.4" opacity="0.85" />
    </svg>
  );
}

export function Brand({ size = 'lg' }: { size?: 'md' | 'lg' | 'xl' }) {
  const { t } = useTranslation();
  const mark = size === 'xl' ? 36 : size === 'lg' ? 30 : 26;
  return (
    <Group gap={8} wrap="nowrap">
      <BrandMark size={mark} />
      <Text fw={700} fz={size} c="var(--mantine-color-text)">
        {t('app.name')}
      </Text>
    </Group>
  );
}
