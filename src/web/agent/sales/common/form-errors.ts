import { fieldErrors } from '../../../ui/problem';

/**
 * The problem's field errors for a Mantine form whose list fields (phones, emails) are one input:
 * "phones.1" becomes "phones". `rename` maps other server paths to form fields.
 */
export const formFieldErrors = (
  error: unknown,
  rename: Record<string, string> = {},
): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(fieldErrors(error, { rename }))) {
    const key = path.replace(/\.\d+$/, '');
    out[rename[key] ?? key] ??= message;
  }
  return out;
};
