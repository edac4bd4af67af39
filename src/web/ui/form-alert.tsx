import { Alert } from '@mantine/core';
import { IconAlert } from './icons';

/** The form-level error line (field errors go on the fields). */
export function FormAlert({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlert size={18} />} role="alert">
      {message}
    </Alert>
  );
}
