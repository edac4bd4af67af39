import { Group, Progress, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PASSWORD_MIN_LENGTH } from './validators';

type Level = 'tooShort' | 'fair' | 'good' | 'strong';

const levelOf = (password: string): Level => {
  if (password.length < PASSWORD_MIN_LENGTH) return 'tooShort';
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  const long = password.length >= 16;
  if (long && classes >= 2) return 'strong';
  if (classes >= 3 || long) return 'good';
  return 'fair';
};

const LEVEL_STYLE: Record<Level, { value: number; color: string }> = {
  tooShort: { value: 15, color: 'red' },
  fair: { value: 45, color: 'yellow' },
  good: { value: 75, color: 'teal' },
  strong: { value: 100, color: 'green' },
};

/** The live hint under a new-password field: minimum length, characters typed and a strength bar. */
export function PasswordStrength({ value }: { value: string }) {
  const { t } = useTranslation();
  const level = levelOf(value);
  const style = LEVEL_STYLE[level];
  return (
    <div>
      <Progress value={value ? style.value : 0} color={style.color} size="xs" aria-hidden mt={6} />
      <Group justify="space-between" gap="xs" mt={4}>
        <Text size="xs" c="dimmed">
          {t('password.hint', { min: PASSWORD_MIN_LENGTH, length: value.length })}
        </Text>
        {value ? (
          <Text size="xs" c="dimmed">
            {t('password.strength', { value: t(`password.levels.${level}`) })}
          </Text>
        ) : null}
      </Group>
    </div>
  );
}
