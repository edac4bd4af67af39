import { ActionIcon, Group, Tooltip, VisuallyHidden } from '@mantine/core';
import {
  type DragEvent,
  type KeyboardEvent,
  type ReactNode,
  useCallback,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { useTranslation } from 'react-i18next';
import { IconArrowDown, IconArrowUp, IconGrip } from './crm-icons';
import './crm-settings.css';

/** A copy of `list` with the item at `from` moved to `to`. */
export const moveItem = <T,>(list: readonly T[], from: number, to: number): T[] => {
  const next = [...list];
  const [item] = next.splice(from, 1);
  if (item === undefined) return next;
  next.splice(Math.max(0, Math.min(to, next.length)), 0, item);
  return next;
};

interface ReorderOptions {
  /** Ids in their current order (the focus follows a moved item by id). */
  ids: readonly string[];
  /** A name for each item, for the announcement after a move. */
  nameOf: (index: number) => string;
  onMove: (from: number, to: number) => void;
  disabled?: boolean;
}

/**
 * Reordering a list by native HTML5 drag and drop (from a handle) and by keyboard (arrow keys on
 * the handle, or the up/down buttons), with a polite announcement of each move.
 */
export function useReorder({ ids, nameOf, onMove, disabled = false }: ReorderOptions) {
  const { t } = useTranslation();
  const [armed, setArmed] = useState<number | null>(null);
  const [dragFrom, setDragFrom] = useState<number | null>(null);
  const [over, setOver] = useState<number | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const handles = useRef(new Map<string, HTMLElement>());
  const focusAfterMove = useRef<{ id: string; kind: 'handle' | 'up' | 'down' } | null>(null);

  // After a keyboard move React re-inserts the row: put the focus back on the same control.
  useLayoutEffect(() => {
    const pending = focusAfterMove.current;
    if (!pending) return;
    focusAfterMove.current = null;
    const target =
      handles.current.get(`${pending.kind}:${pending.id}`) ?? handles.current.get(`handle:${pending.id}`);
    target?.focus();
  });

  const reset = () => {
    setArmed(null);
    setDragFrom(null);
    setOver(null);
  };

  const move = useCallback(
    (from: number, to: number, focus?: 'handle' | 'up' | 'down') => {
      if (disabled || to < 0 || to >= ids.length || from === to) return;
      const id = ids[from];
      if (focus && id) {
        // at the list's edge the pressed button disables itself: focus the handle instead
        const edge = (focus === 'up' && to === 0) || (focus === 'down' && to === ids.length - 1);
        focusAfterMove.current = { id, kind: edge ? 'handle' : focus };
      }
      onMove(from, to);
      setAnnouncement(
        t('crmSettings.common.moved', { name: nameOf(from), position: to + 1, total: ids.length }),
      );
    },
    [disabled, ids, nameOf, onMove, t],
  );

  const register = (key: string) => (el: HTMLElement | null) => {
    if (el) handles.current.set(key, el);
    else handles.current.delete(key);
  };

  const rowProps = (index: number) => ({
    className: 'kesher-reorder-row',
    draggable: !disabled && armed === index,
    onDragStart: (event: DragEvent) => {
      event.dataTransfer.effectAllowed = 'move';
      event.dataTransfer.setData('text/plain', ids[index] ?? '');
      setDragFrom(index);
    },
    onDragOver: (event: DragEvent) => {
      if (dragFrom === null) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      if (over !== index) setOver(index);
    },
    onDrop: (event: DragEvent) => {
      event.preventDefault();
      if (dragFrom !== null) move(dragFrom, index);
      reset();
    },
    onDragEnd: reset,
    'data-dragging': dragFrom === index ? true : undefined,
    'data-drop-target':
      dragFrom !== null && over === index && dragFrom !== index
        ? dragFrom < index
          ? 'after'
          : 'before'
        : undefined,
  });

  /** The grip, plus up/down buttons: every move works without a mouse. */
  const controls = (index: number, name: string): ReactNode => {
    const id = ids[index] ?? String(index);
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
        event.preventDefault();
        move(index, event.key === 'ArrowUp' ? index - 1 : index + 1, 'handle');
      } else if (event.key === 'Home' || event.key === 'End') {
        event.preventDefault();
        move(index, event.key === 'Home' ? 0 : ids.length - 1, 'handle');
      }
    };
    return (
      <Group gap={2} wrap="nowrap">
        <Tooltip label={t('crmSettings.common.dragHandle', { name })} withArrow openDelay={500}>
          <ActionIcon
            ref={register(`handle:${id}`)}
            className="kesher-drag-handle"
            variant="subtle"
            color="gray"
            size="sm"
            disabled={disabled}
            aria-label={t('crmSettings.common.dragHandle', { name })}
            aria-keyshortcuts="ArrowUp ArrowDown"
            onPointerDown={() => setArmed(index)}
            onPointerUp={() => setArmed(null)}
            onKeyDown={onKeyDown}
          >
            <IconGrip size={16} />
          </ActionIcon>
        </Tooltip>
        <ActionIcon
          ref={register(`up:${id}`)}
          variant="subtle"
          color="gray"
          size="sm"
          disabled={disabled || index === 0}
          aria-label={t('crmSettings.common.moveUp', { name })}
          onClick={() => move(index, index - 1, 'up')}
        >
          <IconArrowUp size={16} />
        </ActionIcon>
        <ActionIcon
          ref={register(`down:${id}`)}
          variant="subtle"
          color="gray"
          size="sm"
          disabled={disabled || index === ids.length - 1}
          aria-label={t('crmSettings.common.moveDown', { name })}
          onClick={() => move(index, index + 1, 'down')}
        >
          <IconArrowDown size={16} />
        </ActionIcon>
      </Group>
    );
  };

  const liveRegion = (
    <VisuallyHidden role="status" aria-live="polite">
      {announcement}
    </VisuallyHidden>
  );

  return { rowProps, controls, liveRegion, move };
}
