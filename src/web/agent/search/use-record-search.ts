import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { SEARCH_MIN_LENGTH, searchRecords } from './search-api';

const DEBOUNCE_MS = 150;
const PER_TYPE = 5;

/**
 * Records matching what is typed, 150 ms after the last keystroke. A newer query makes the older
 * one unused, and TanStack Query aborts its request (the fetch got the signal).
 */
export const useRecordSearch = (input: string) => {
  const [debounced] = useDebouncedValue(input.trim(), DEBOUNCE_MS);
  const active = debounced.length >= SEARCH_MIN_LENGTH && input.trim().length >= SEARCH_MIN_LENGTH;
  const query = useQuery({
    queryKey: ['search', debounced, PER_TYPE] as const,
    queryFn: ({ signal }) => searchRecords(debounced, PER_TYPE, signal),
    enabled: active,
    staleTime: 15_000,
    placeholderData: keepPreviousData,
  });
  return {
    active,
    /** The query the shown results answer (highlighting uses it, not the live input). */
    query: debounced,
    groups: active ? (query.data?.groups ?? []) : [],
    // still typing, or the request is out: results are about to change
    pending: active && (query.isFetching || debounced !== input.trim()),
    error: active ? query.error : null,
  };
};
