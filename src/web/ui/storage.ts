// localStorage can throw (private mode, disabled storage): losing a preference is fine, crashing is not.
export const readStored = (key: string): string | null => {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
};

export const writeStored = (key: string, value: string): void => {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // ignore: see above
  }
};

export const STORAGE_KEYS = {
  locale: 'kesher.locale',
  workspace: 'kesher.workspace',
} as const;
