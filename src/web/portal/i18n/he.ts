// The customer portal's strings (namespace `portal`). Hebrew is the source of truth: `en.ts` must
// have the same keys (checked by its type). Each screen group keeps its strings in its own folder.
import { accountHe } from '../account/messages.js';
import { authHe } from '../auth/messages.js';
import { datasetsHe } from '../datasets/messages.js';
import { kbHe } from '../kb/messages.js';
import { shellHe } from '../shell/messages.js';
import { ticketsHe } from '../tickets/messages.js';

export const portalHe = {
  datasets: datasetsHe,
  shell: shellHe,
  auth: authHe,
  account: accountHe,
  tickets: ticketsHe,
  kb: kbHe,
  common: {
    loading: 'טוען…',
    retry: 'ניסיון חוזר',
    error: 'משהו השתבש. נסו שוב.',
    notFound: 'לא נמצא.',
    saving: 'שומר…',
  },
};

export type PortalMessages = typeof portalHe;
