import { Table, UnstyledButton } from '@mantine/core';
import type { ReactNode } from 'react';
import { IconArrowDown, IconArrowUp } from './sales-icons';

/** `sort` as the API takes it: "name" ascending, "-name" descending. */
export const nextSort = (current: string | undefined, key: string, firstDescending = false): string => {
  if (current === key) return `-${key}`;
  if (current === `-${key}`) return key;
  return firstDescending ? `-${key}` : key;
};

/** A column heading that sorts the list; screen readers hear the direction through aria-sort. */
export function SortTh({
  sortKey,
  sort,
  onSort,
  children,
  firstDescending,
}: {
  sortKey: string;
  sort: string | undefined;
  onSort: (sort: string) => void;
  children: ReactNode;
  firstDescending?: boolean;
}) {
  const direction = sort === sortKey ? 'ascending' : sort === `-${sortKey}` ? 'descending' : 'none';
  return (
    <Table.Th aria-sort={direction}>
      <UnstyledButton
        onClick={() => onSort(nextSort(sort, sortKey, firstDescending))}
        fw={700}
        fz="sm"
        style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}
      >
        {children}
        {direction === 'ascending' ? <IconArrowUp size={14} /> : null}
        {direction === 'descending' ? <IconArrowDown size={14} /> : null}
      </UnstyledButton>
    </Table.Th>
  );
}
