import { Checkbox, UnstyledButton } from '@mantine/core';
import {
  type ReactNode,
  type UIEvent,
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { useTranslation } from 'react-i18next';
import { IconSort } from './customer-icons';
import classes from './customers.module.css';

export interface TableColumn<T> {
  key: string;
  header: string;
  /** Width in px; the table scrolls sideways on narrow screens instead of squeezing. */
  width: number;
  /** `sort=` value for this column; none = not sortable. */
  sortKey?: string;
  render: (row: T) => ReactNode;
}

interface VirtualTableProps<T> {
  label: string;
  rows: T[];
  columns: TableColumn<T>[];
  rowId: (row: T) => string;
  /** Accessible name of a row's checkbox ("Select Galil Bakery"). */
  rowLabel: (row: T) => string;
  selected: ReadonlySet<string>;
  onSelectedChange: (next: Set<string>) => void;
  sort: string | null;
  onSortChange: (sort: string | null) => void;
  /** Called when the end of the loaded rows scrolls into view. */
  onEndReached?: () => void;
  footer?: ReactNode;
}

const ROW_HEIGHT = 44;
const HEADER_HEIGHT = 42;
const OVERSCAN = 10;
const SELECT_WIDTH = 44;

const sortState = (sort: string | null, key: string | undefined): 'asc' | 'desc' | null => {
  if (!key || !sort) return null;
  if (sort === key) return 'asc';
  if (sort === `-${key}`) return 'desc';
  return null;
};

/**
 * A table that renders only the rows in view (plus a margin), so thousands of loaded rows stay
 * smooth. Rows have a fixed height; spacer rows keep the scroll height. The header sticks.
 */
export function VirtualTable<T>(props: VirtualTableProps<T>) {
  const { t } = useTranslation();
  const { rows, columns, selected, onEndReached } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);

  useLayoutEffect(() => {
    const node = scroller.current;
    if (!node) return;
    const observer = new ResizeObserver(() => setViewport(node.clientHeight));
    observer.observe(node);
    setViewport(node.clientHeight);
    return () => observer.disconnect();
  }, []);

  const first = Math.max(0, Math.floor((scrollTop - HEADER_HEIGHT) / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + viewport) / ROW_HEIGHT) + OVERSCAN);
  const visible = rows.slice(first, last);

  // Ask for more when the last loaded rows are (nearly) on screen, also when the first page is short.
  const nearEnd = rows.length > 0 && last >= rows.length - 5;
  const endRef = useRef(onEndReached);
  endRef.current = onEndReached;
  useEffect(() => {
    if (nearEnd) endRef.current?.();
  }, [nearEnd]);

  const frame = useRef(0);
  const onScroll = useCallback((event: UIEvent<HTMLDivElement>) => {
    const top = event.currentTarget.scrollTop;
    cancelAnimationFrame(frame.current);
    frame.current = requestAnimationFrame(() => setScrollTop(top));
  }, []);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  const ids = rows.map(props.rowId);
  const selectedCount = ids.filter((id) => selected.has(id)).length;
  const allSelected = rows.length > 0 && selectedCount === rows.length;
  const width = SELECT_WIDTH + columns.reduce((sum, column) => sum + column.width, 0);

  const toggleAll = () => props.onSelectedChange(allSelected ? new Set() : new Set(ids));
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    props.onSelectedChange(next);
  };
  const onHeaderClick = (key: string) => {
    const state = sortState(props.sort, key);
    props.onSortChange(state === 'asc' ? `-${key}` : key);
  };

  return (
    <div
      ref={scroller}
      onScroll={onScroll}
      style={{
        overflow: 'auto',
        maxBlockSize: 'max(320px, calc(100dvh - 330px))',
        border: '1px solid var(--mantine-color-gray-3)',
        borderRadius: 'var(--mantine-radius-lg)',
        background: 'var(--mantine-color-body)',
      }}
    >
      <table
        aria-label={props.label}
        aria-rowcount={-1}
        style={{
          tableLayout: 'fixed',
          borderCollapse: 'separate',
          borderSpacing: 0,
          inlineSize: `max(100%, ${width}px)`,
        }}
      >
        <colgroup>
          <col style={{ inlineSize: SELECT_WIDTH }} />
          {columns.map((column) => (
            <col key={column.key} style={{ inlineSize: column.width }} />
          ))}
        </colgroup>
        <thead>
          <tr style={{ blockSize: HEADER_HEIGHT }}>
            <th style={headStyle}>
              <Checkbox
                size="xs"
                aria-label={t('customers.list.selectAll')}
                checked={allSelected}
                indeterminate={selectedCount > 0 && !allSelected}
                onChange={toggleAll}
                disabled={rows.length === 0}
              />
            </th>
            {columns.map((column) => {
              const state = sortState(props.sort, column.sortKey);
              return (
                <th
                  key={column.key}
                  scope="col"
                  style={headStyle}
                  aria-sort={state === 'asc' ? 'ascending' : state === 'desc' ? 'descending' : undefined}
                >
                  {column.sortKey ? (
                    <UnstyledButton
                      onClick={() => column.sortKey && onHeaderClick(column.sortKey)}
                      style={{
                        display: 'inline-flex',
                        alignItems: 'center',
                        gap: 4,
                        fontWeight: 600,
                        maxInlineSize: '100%',
                      }}
                      title={t('customers.list.sortBy', { column: column.header })}
                    >
                      <span style={ellipsis}>{column.header}</span>
                      <IconSort
                        size={14}
                        sortDir={state}
                        style={{ flexShrink: 0, opacity: state ? 1 : 0.35 }}
                      />
                    </UnstyledButton>
                  ) : (
                    <span style={{ ...ellipsis, fontWeight: 600 }}>{column.header}</span>
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {first > 0 ? (
            <tr aria-hidden style={{ blockSize: first * ROW_HEIGHT }}>
              <td colSpan={columns.length + 1} />
            </tr>
          ) : null}
          {visible.map((row, offset) => {
            const id = ids[first + offset] ?? '';
            const isSelected = selected.has(id);
            return (
              <tr
                key={id}
                aria-rowindex={first + offset + 2}
                aria-selected={isSelected}
                className={classes.row}
                style={{
                  blockSize: ROW_HEIGHT,
                  background: isSelected ? 'var(--mantine-color-kesher-0)' : undefined,
                }}
              >
                <td style={cellStyle}>
                  <Checkbox
                    size="xs"
                    aria-label={props.rowLabel(row)}
                    checked={isSelected}
                    onChange={() => toggle(id)}
                  />
                </td>
                {columns.map((column) => (
                  <td key={column.key} style={cellStyle}>
                    <div style={ellipsis}>{column.render(row)}</div>
                  </td>
                ))}
              </tr>
            );
          })}
          {last < rows.length ? (
            <tr aria-hidden style={{ blockSize: (rows.length - last) * ROW_HEIGHT }}>
              <td colSpan={columns.length + 1} />
            </tr>
          ) : null}
        </tbody>
      </table>
      {props.footer}
    </div>
  );
}

const ellipsis = {
  overflow: 'hidden',
  textOverflow: 'ellipsis',
  whiteSpace: 'nowrap',
  display: 'block',
} as const;

const headStyle = {
  position: 'sticky',
  insetBlockStart: 0,
  zIndex: 1,
  background: 'var(--mantine-color-gray-0)',
  borderBlockEnd: '1px solid var(--mantine-color-gray-3)',
  paddingInline: 12,
  textAlign: 'start',
  fontSize: 'var(--mantine-font-size-sm)',
  whiteSpace: 'nowrap',
} as const;

const cellStyle = {
  paddingInline: 12,
  borderBlockEnd: '1px solid var(--mantine-color-gray-2)',
  fontSize: 'var(--mantine-font-size-sm)',
  overflow: 'hidden',
} as const;
