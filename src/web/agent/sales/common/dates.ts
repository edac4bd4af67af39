// Native <input type="date|datetime-local"> speak local wall time without a zone; the API speaks ISO.
const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-11-23" for a Date, in the browser's time zone. */
export const toDateInput = (date: Date): string =>
  `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

/** ISO timestamp → "2026-11-23T14:30" for a datetime-local input (empty for null). */
export const toDateTimeInput = (iso: string | null | undefined): string => {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${toDateInput(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

/** "2026-11-23T14:30" (local) → ISO with offset, or null when empty or invalid. */
export const fromDateTimeInput = (value: string): string | null => {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
};

export const addDays = (date: Date, days: number): Date => {
  const next = new Date(date);
  next.setDate(next.getDate() + days);
  return next;
};

/** A date-only value ("2026-01-15") as a local Date at midnight, for Intl date formatting. */
export const parseDateOnly = (value: string): Date => {
  const [y = 1970, m = 1, d = 1] = value.split('-').map(Number);
  return new Date(y, m - 1, d);
};
