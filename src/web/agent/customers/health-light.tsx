import { Group, List, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { THealth, THealthLight } from '../../../shared/crm/card.schemas';
import { toLocale } from '../../ui/locale';
import classes from './customers.module.css';

const COLOR: Record<THealthLight, string> = {
  green: 'var(--mantine-color-teal-6)',
  yellow: 'var(--mantine-color-yellow-5)',
  red: 'var(--mantine-color-red-6)',
};

/** The status light: a coloured dot whose meaning is also in its accessible name and tooltip. */
export function HealthDot({
  light,
  size = 14,
  decorative = false,
}: {
  light: THealthLight;
  size?: number;
  /** Next to text that says the same (a reason's severity): hidden from screen readers. */
  decorative?: boolean;
}) {
  const { t } = useTranslation();
  const label = t('customers.health.label', { state: t(`customers.health.lights.${light}`) });
  const style = { color: COLOR[light], inlineSize: size, blockSize: size };
  if (decorative) return <span aria-hidden className={classes.healthDot} data-light={light} style={style} />;
  return (
    <span
      role="img"
      aria-label={label}
      title={label}
      className={classes.healthDot}
      data-light={light}
      style={style}
    />
  );
}

/** The light with what it means and why, each reason in the UI language. */
export function HealthSummary({ health }: { health: THealth }) {
  const { t, i18n } = useTranslation();
  const he = toLocale(i18n.language) === 'he';
  return (
    <Stack gap="xs">
      <Group gap="sm" wrap="nowrap">
        <HealthDot light={health.light} size={18} decorative />
        <Text fw={600}>{t(`customers.health.lights.${health.light}`)}</Text>
      </Group>
      {health.reasons.length ? (
        <List
          spacing={4}
          size="sm"
          aria-label={t('customers.health.reasons')}
          listStyleType="none"
          withPadding={false}
        >
          {health.reasons.map((reason) => (
            <List.Item key={reason.code} icon={<HealthDot light={reason.severity} size={8} decorative />}>
              {he ? reason.messageHe : reason.message}
            </List.Item>
          ))}
        </List>
      ) : (
        <Text size="sm" c="dimmed">
          {t('customers.health.noReasons')}
        </Text>
      )}
    </Stack>
  );
}
