import { Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

export interface DetailRow {
  label: string;
  value: ReactNode;
}

/** Label/value pairs of a record, as a description list: label at the start, value at the end. */
export function DetailList({ rows }: { rows: readonly DetailRow[] }) {
  return (
    <Stack gap="sm" component="dl" m={0}>
      {rows.map(({ label, value }) => (
        <Group key={label} justify="space-between" wrap="nowrap" gap="md" align="flex-start">
          <Text component="dt" size="sm" c="dimmed">
            {label}
          </Text>
          <Text component="dd" size="sm" fw={500} m={0} ta="end" style={{ overflowWrap: 'anywhere' }}>
            {value}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}
