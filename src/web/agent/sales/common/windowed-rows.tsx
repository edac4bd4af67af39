import { Table } from '@mantine/core';
import { type RefObject, useEffect, useRef, useState } from 'react';

/** Below this many rows every row is rendered; above it only those near the viewport. */
export const WINDOW_THRESHOLD = 200;
const OVERSCAN = 12;

interface WindowState {
  start: number;
  end: number;
}

/**
 * Windowing for a table inside the page's own scroll (no inner scroll box, so phones scroll
 * naturally): rows have a fixed height and the rows off screen are replaced by two spacer rows.
 */
export function useWindowedRows<T extends HTMLElement>(count: number, rowHeight: number) {
  const ref = useRef<T>(null);
  const enabled = count > WINDOW_THRESHOLD;
  const [range, setRange] = useState<WindowState>({ start: 0, end: Math.min(count, 60) });

  useEffect(() => {
    if (!enabled) return;
    let frame = 0;
    const update = () => {
      frame = 0;
      const body = ref.current;
      if (!body) return;
      const top = body.getBoundingClientRect().top;
      const first = Math.floor(Math.max(0, -top) / rowHeight);
      const visible = Math.ceil(window.innerHeight / rowHeight);
      const start = Math.max(0, first - OVERSCAN);
      const end = Math.min(count, first + visible + OVERSCAN);
      setRange((prev) => (prev.start === start && prev.end === end ? prev : { start, end }));
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(update);
    };
    update();
    // capture: the app shell's main area or any ancestor may be the one that scrolls
    window.addEventListener('scroll', schedule, { passive: true, capture: true });
    window.addEventListener('resize', schedule);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('scroll', schedule, { capture: true });
      window.removeEventListener('resize', schedule);
    };
  }, [enabled, count, rowHeight]);

  const start = enabled ? Math.min(range.start, count) : 0;
  const end = enabled ? Math.min(Math.max(range.end, start), count) : count;
  return {
    ref: ref as RefObject<T>,
    start,
    end,
    before: start * rowHeight,
    after: (count - end) * rowHeight,
  };
}

/** An empty row of the given height that stands in for rows not rendered. */
export function SpacerRow({ height, colSpan }: { height: number; colSpan: number }) {
  if (height <= 0) return null;
  return (
    <Table.Tr aria-hidden="true" style={{ blockSize: height }}>
      <Table.Td colSpan={colSpan} p={0} style={{ border: 0 }} />
    </Table.Tr>
  );
}
