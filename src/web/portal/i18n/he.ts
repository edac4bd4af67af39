// The customer portal's strings (namespace `portal`). Hebrew is the source of truth: `en.ts` must
// have the same keys (checked by its type). Each screen group keeps its strings in its own folder.
import { datasetsHe } from '../datasets/messages.js';

export const portalHe = {
  datasets: datasetsHe,
  common: {
    loading: 'טוען…',
    retry: 'ניסיון חוזר',
    error: 'משהו השתבש. נסו שוב.',
  },
};

export type PortalMessages = typeof portalHe;
