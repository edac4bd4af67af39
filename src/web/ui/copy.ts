import { useCallback, useEffect, useRef, useState } from 'react';

// navigator.clipboard exists only in secure contexts; self-hosted Kesher is often served over plain
// http on a LAN, so fall back to a hidden textarea and execCommand.
const copyWithTextarea = (text: string): boolean => {
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
};

export const copyText = async (text: string): Promise<boolean> => {
  if (window.isSecureContext && navigator.clipboard) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // fall through to the textarea path
    }
  }
  return copyWithTextarea(text);
};

/** `copy(text)` and a `status` that reads 'copied' or 'failed' for a couple of seconds. */
export const useCopy = (timeout = 2000) => {
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  const copy = useCallback(
    async (text: string) => {
      const ok = await copyText(text);
      setStatus(ok ? 'copied' : 'failed');
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => setStatus('idle'), timeout);
    },
    [timeout],
  );
  return { copy, status };
};
