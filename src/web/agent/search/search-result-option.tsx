import { Text } from '@mantine/core';
import type { ComponentType } from 'react';
import { IconBuilding, type IconProps, IconTicket, IconUser } from '../../ui/icons';
import { IconDeal, IconLead } from '../customers/customer-icons';
import { Highlighted } from './highlight';
import type { SearchResult, SearchType } from './search-api';

export const SEARCH_TYPE_ICONS: Record<SearchType, ComponentType<IconProps>> = {
  account: IconBuilding,
  contact: IconUser,
  lead: IconLead,
  deal: IconDeal,
  ticket: IconTicket,
};

/** One record in the palette: its icon, the title and subtitle with the matched part marked. */
export function SearchResultLabel({ result, query }: { result: SearchResult; query: string }) {
  const Icon = SEARCH_TYPE_ICONS[result.type];
  return (
    <>
      <Icon size={18} />
      <div style={{ flex: 1, minWidth: 0 }}>
        <Text size="sm" fw={500} truncate>
          <span dir="auto">
            <Highlighted text={result.title} query={query} />
          </span>
        </Text>
        {result.subtitle ? (
          <Text size="xs" c="dimmed" truncate>
            <span dir="auto">
              <Highlighted text={result.subtitle} query={query} />
            </span>
          </Text>
        ) : null}
      </div>
    </>
  );
}
