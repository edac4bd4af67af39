import type { TFunction } from 'i18next';
import { isApiError } from '../../ui/api-client';
import { problemMessage } from '../../ui/problem';

const IMPORT_CODES = [
  'PAYLOAD_TOO_LARGE',
  'IMPORT_UNREADABLE',
  'IMPORT_EMPTY',
  'IMPORT_TOO_MANY_ROWS',
  'IMPORT_STATE_CONFLICT',
  'UNSUPPORTED_MEDIA_TYPE',
] as const;
type ImportCode = (typeof IMPORT_CODES)[number];
const isImportCode = (code: string): code is ImportCode => (IMPORT_CODES as readonly string[]).includes(code);

/**
 * Why an import call failed, in the UI language: the import's own codes (too large, unreadable,
 * empty, too many rows…) get a sentence that says what to do; anything else the usual message.
 */
export const importProblem = (t: TFunction, error: unknown, language: string): string => {
  if (isApiError(error)) {
    // a reverse proxy may answer 413 itself, without Kesher's problem body
    if (error.status === 413) return t('crmSettings.imports.errors.PAYLOAD_TOO_LARGE');
    if (isImportCode(error.code)) return t(`crmSettings.imports.errors.${error.code}`);
  }
  return problemMessage(t, error, language);
};
